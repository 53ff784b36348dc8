"""The work shop's statement on the kiosk (issue 16): the inmate reads it before it is
sent, gives the consent it needs, and sees the sending as a disclosure."""
from sqlalchemy import select

from core.models import StaffUser, WorkStatement
from core.services.work_shop import statements
from tests.support import work_shop as seed


def test_the_inmate_reads_the_statement_gives_consent_and_sees_it_sent(kiosk_user, database,
                                                                       clock, world):
    with database.session() as db:
        seed.shop(db, clock.now(), world, "a")
        statement_id = seed.statement(db, clock.now(), world, read=False, consent=False).id
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/home").get_data(as_text=True)
    assert 'data-tile="work-shop"' in home
    page = kiosk_user.client.get(f"/work/statements/{statement_id}").get_data(as_text=True)
    assert "Faste oppgaver og en plan for dagen." in page
    assert 'data-work-consent="missing"' in page
    assert kiosk_user.post(f"/work/statements/{statement_id}/read").status_code == 302
    assert kiosk_user.post("/work/consent").status_code == 302
    page = kiosk_user.client.get(f"/work/statements/{statement_id}").get_data(as_text=True)
    assert "data-statement-read" in page and 'data-work-consent="given"' in page
    with database.session() as db:
        made = db.get(WorkStatement, statement_id)
        assert made.status == "read"
        statements.send(db, clock.now(), db.get(StaffUser, world.staff["work_shop"].id), made)
    sent = kiosk_user.client.get("/requests/disclosures").get_data(as_text=True)
    assert 'data-disclosure="statement"' in sent
    assert "Nav-veilederne i fengselet" in sent
    assert "Uttalelsen fra arbeidsdriften om hvordan du mestrer arbeid" in sent


def test_a_draft_and_another_inmates_statement_are_not_shown(kiosk_user, database, clock,
                                                             world):
    from core.models import Inmate

    with database.session() as db:
        seed.shop(db, clock.now(), world, "a", "a2")
        writer = db.get(StaffUser, world.staff["work_shop"].id)
        draft = statements.create(db, clock.now(), writer, db.get(Inmate, world.inmates["a"].id),
                                  seed.DATA)
        other = seed.statement(db, clock.now(), world, key="a2", read=False, consent=False)
        ids = draft.id, other.id
    kiosk_user.sign_in("A100")
    assert 'data-tile="work-shop"' not in kiosk_user.client.get("/home").get_data(as_text=True)
    for statement_id in ids:
        assert kiosk_user.client.get(f"/work/statements/{statement_id}").status_code == 404
        assert kiosk_user.post(f"/work/statements/{statement_id}/read").status_code == 404
    with database.session() as db:
        assert db.scalar(select(WorkStatement.status).where(WorkStatement.id == ids[1])) \
            == "for_inmate"
