"""The inmate's side of the timeline: a request's visible history and "My consents"
show what concerns the inmate, and never staff-only events."""
from core.models import Inmate, Request, StaffUser
from core.services.requests import filing as requests


def _filed(database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                              consents={"home_nav"})
        requests.add_note(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                          filed, "Hemmelig notat")
        return filed.id, filed.reference


def test_the_kiosk_shows_what_concerns_the_inmate_and_never_notes(
        kiosk_user, database, clock, world):
    nav, _ref = _filed(database, clock, world)
    with database.session() as db:
        item = db.get(Request, nav)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        requests.assign(db, clock.now(), adviser, item, adviser, "Intern grunn")
        requests.reply(db, clock.now(), adviser, item, "Svar til deg")
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    history = page[page.index("data-history"):]
    assert history.count("<li>") == 2  # sent, answered: no note, no assignment
    assert "Hemmelig notat" not in page and "Intern grunn" not in page
    consents = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    consent_id = consents.split("/requests/consents/")[1].split("/")[0]
    clock.advance(minutes=2)
    kiosk_user.post(f"/requests/consents/{consent_id}/withdraw")
    consents = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    # The date in its own direction (<bdi>: core.web.bidi) in a right-to-left page.
    assert "Trukket tilbake <bdi>2. mars 2026 kl. 10.02</bdi>" in consents
