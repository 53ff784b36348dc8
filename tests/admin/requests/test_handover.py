"""The hand-over summary page, reached from the request's desk."""
import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, StaffUser
from core.services.requests import consents, filing as requests
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from tests.conftest import csrf_from

NOTE = "Internt: tidligere sak i Arena, ikke del"
ASSIGN_REASON = "Intern grunn for tildeling"


def _filed(database, clock, world, key="a", topic="dagpenger", consent=("home_nav",)):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        return requests.file(db, clock.now(), inmate, requests.Draft(
            topic=topic, description="Jeg vil ha dagpenger etter løslatelsen.",
            release_soon=True, interpreter=True, language="pl"), consents=set(consent)).id


def _worked(database, clock, world, request_id):
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        item = db.get(requests.Request, request_id)
        requests.assign(db, clock.now(), adviser, item, adviser, ASSIGN_REASON)
        requests.add_note(db, clock.now(), adviser, item, NOTE)
        requests.reply(db, clock.now(), adviser, item, "Vi melder fra til Nav-kontoret ditt.")
        requests.inmate_reply(db, clock.now(), db.get(Inmate, item.inmate_id), item.id,
                              "Takk, det er fint.")
        directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
            nav_office="Nav Grünerløkka", contact_name="Per Holm", phone="55551111",
            email="per.holm@nav.no"))


def test_the_summary_has_everything_but_internal_notes(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _worked(database, clock, world, nav)
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert f'href="/requests/{nav}/handover"' in desk and NOTE in desk
    page = staff_user.client.get(f"/requests/{nav}/handover")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Innsatt A100", "A100", "Fengsel A", "Avdeling 1", "Nav Grünerløkka",
                     "Per Holm", "55 55 11 11", "per.holm@nav.no", "Jeg vil ha dagpenger",
                     "Polski", "Vi melder fra til Nav-kontoret ditt.", "Takk, det er fint.",
                     "data-status-history", "data-assignments", 'data-recipient="home_nav"',
                     "data-consent", "bb-handover"):
        assert expected in html, expected
    assert NOTE not in html and ASSIGN_REASON not in html and "staff_only" not in html
    assert "data-no-consent" not in html
    with database.session() as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "request.handover"))
        assert event.actor_id == world.staff["adviser"].id and event.subject_id == nav


def test_a_clear_warning_without_consent_to_the_home_nav_office(staff_user, database, clock,
                                                                 world):
    nav = _filed(database, clock, world, consent=("school",))
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/requests/{nav}/handover").get_data(as_text=True)
    assert "data-no-consent" in html and "aksel-alert--error" in html
    assert 'data-recipient="school"' in html and 'data-recipient="home_nav"' not in html


def test_a_withdrawn_consent_is_listed_and_warned_about(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    clock.advance(days=1)
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        consent = consents.consents_of(db, inmate)[0]
        consents.withdraw_consent(db, clock.now(), inmate, consent.id)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/requests/{nav}/handover").get_data(as_text=True)
    assert "data-no-consent" in html and 'data-recipient="home_nav"' in html


def test_no_home_municipality_and_no_directory_entry(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/requests/{nav}/handover").get_data(as_text=True)
    assert "data-home-missing" in html and 'href="/directory/0301"' in html
    with database.session() as db:
        db.get(Inmate, world.inmates["a"].id).municipality_number = None
    html = staff_user.client.get(f"/requests/{nav}/handover").get_data(as_text=True)
    assert "data-home-missing" in html and "data-nav-office" not in html


def test_another_prisons_request_is_not_found(staff_user, database, clock, world):
    elsewhere = _filed(database, clock, world, key="b")
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/requests/{elsewhere}/handover").status_code == 404
    assert staff_user.client.get("/requests/999999/handover").status_code == 404


def test_a_social_worker_on_a_nav_request_gets_not_found(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    housing = _filed(database, clock, world, topic="housing")
    staff_user.sign_in("social_worker")
    assert staff_user.client.get(f"/requests/{nav}/handover").status_code == 404
    assert staff_user.client.get(f"/requests/{housing}/handover").status_code == 200


@pytest.mark.parametrize("role", ["officer", "trainer", "prison_admin", "system_admin"])
def test_roles_that_read_no_requests_are_refused(staff_user, database, clock, world, role):
    nav = _filed(database, clock, world)
    staff_user.sign_in(role)
    response = staff_user.client.get(f"/requests/{nav}/handover")
    assert response.status_code == 403
    assert "Jeg vil ha dagpenger" not in response.get_data(as_text=True)


def test_it_prints_without_the_menu(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/requests/{nav}/handover").get_data(as_text=True)
    assert '<header class="bb-noprint">' in html and "<script>" not in html
    assert 'style="' not in html


def test_withdrawn_while_the_page_is_open_the_next_action_is_refused(staff_user, database,
                                                                      clock, world):
    """Issue 14: the adviser has the summary open; the inmate withdraws the consent; the
    adviser's "I have sent it" is refused with a clear message and nothing is recorded."""
    from core.models import Disclosure

    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/requests/{nav}/handover")
    html = page.get_data(as_text=True)
    assert "data-mark-sent" in html
    consent_id = int(html.split('name="consent_id" value="')[1].split('"')[0])
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        consents.withdraw_consent(db, clock.now(), inmate, consent_id)
    refused = staff_user.client.post(f"/requests/{nav}/handover/sent", data={
        "consent_id": consent_id, "csrf_token": csrf_from(page)}, follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "trukket tilbake samtykket" in text and "data-no-consent" in text
    with database.session() as db:
        assert db.scalars(select(Disclosure)).all() == []


def test_marking_it_sent_records_what_went_to_whom(staff_user, database, clock, world):
    from core.models import Disclosure

    nav = _filed(database, clock, world)
    _worked(database, clock, world, nav)
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/requests/{nav}/handover")
    consent_id = page.get_data(as_text=True).split('name="consent_id" value="')[1].split('"')[0]
    done = staff_user.client.post(f"/requests/{nav}/handover/sent", data={
        "consent_id": consent_id, "csrf_token": csrf_from(page)})
    assert done.status_code == 302
    with database.session() as db:
        sent = db.scalars(select(Disclosure)).one()
        assert (sent.kind, sent.recipient_name) == ("handover", "Nav Grünerløkka")
