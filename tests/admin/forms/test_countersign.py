"""Countersigning from the staff app: who sent which form and when, never the answers."""
from sqlalchemy import select

from core.models import AuditEvent, FormSubmission
from core.services.forms import submissions as forms
from tests.support import forms as seed


def _waiting(database, clock, world, key="a", **kwargs) -> int:
    with database.session() as db:
        return seed.meldekort(db, clock.now(), world, key=key, countersign=False,
                              answers={**seed.NO, "arbeidet": True},
                              days={1: {"hours": "7,5"}}, **kwargs).id


def test_officers_see_who_and_when_never_the_answers(staff_user, database, clock, world):
    card = _waiting(database, clock, world)
    elsewhere = _waiting(database, clock, world, key="b")
    staff_user.sign_in("officer")
    assert 'href="/countersign/"' in staff_user.client.get("/").get_data(as_text=True)
    html = staff_user.client.get("/countersign/").get_data(as_text=True)
    assert f'data-waiting="{card}"' in html and f'data-waiting="{elsewhere}"' not in html
    assert "Innsatt A100" in html and "Terminal A" in html
    # Issue 14: a neutral label, never the form's type (its title tells what the person needs)
    table = html.split("data-countersign-list")[1]
    assert "data-form-label>et skjema<" in table.replace("Et skjema", "et skjema")
    assert "Meldekort" not in table and "meldekort" not in table
    assert "7,5" not in html and "Have you worked" not in html and "arbeidet" not in html
    assert "Har du vært i arbeid" not in html


def test_countersigning_sends_the_form(staff_user, database, clock, world):
    card = _waiting(database, clock, world)
    staff_user.sign_in("prison_admin")
    response = staff_user.post(f"/countersign/{card}")
    assert response.status_code == 302
    with database.session() as db:
        submission = db.get(FormSubmission, card)
        assert (submission.status, submission.countersigned_via) == (forms.SENT, "admin")
        assert submission.countersigned_by == world.staff["prison_admin"].id
        assert submission.received_at == clock.now()
        assert db.scalar(select(AuditEvent.action).where(
            AuditEvent.subject_id == card).order_by(AuditEvent.id.desc())) == "form.countersign"
    again = staff_user.post(f"/countersign/{card}", follow_redirects=True)
    assert again.status_code == 200 and "aksel-alert--info" in again.get_data(as_text=True)


def test_another_prisons_form_is_not_found(staff_user, database, clock, world):
    elsewhere = _waiting(database, clock, world, key="b")
    staff_user.sign_in("officer")
    assert staff_user.post(f"/countersign/{elsewhere}").status_code == 404
    assert staff_user.post("/countersign/999999").status_code == 404
    with database.session() as db:
        assert db.get(FormSubmission, elsewhere).status == forms.AWAITING


def test_only_officers_and_prison_administrators_countersign(staff_user, database, clock, world):
    card = _waiting(database, clock, world)
    for role in ("adviser", "trainer", "system_admin"):
        staff_user.sign_in(role)
        assert staff_user.client.get("/countersign/").status_code == 403
        assert staff_user.post(f"/countersign/{card}").status_code == 403
        staff_user.post("/sign-out")


def test_countersigning_needs_the_csrf_token(staff_user, database, clock, world):
    card = _waiting(database, clock, world)
    staff_user.sign_in("officer")
    assert staff_user.client.post(f"/countersign/{card}").status_code == 400
    with database.session() as db:
        assert db.get(FormSubmission, card).status == forms.AWAITING
