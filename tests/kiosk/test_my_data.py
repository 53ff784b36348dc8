"""Innsyn on the kiosk, and the staff's complete export."""
from core.models import Inmate
from core.services import requests


def _filed_with_a_note(database, clock, world):
    with database.session() as db:
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              requests.Draft(topic="dagpenger", description="Min egen tekst"))
        requests.add_note(db, clock.now(), world.staff["adviser"], filed, "Intern merknad")
        requests.reply(db, clock.now(), world.staff["adviser"], filed, "Svar til deg")


def test_the_inmate_sees_what_is_stored_but_not_staff_notes(kiosk_user, database, clock,
                                                            world):
    _filed_with_a_note(database, clock, world)
    kiosk_user.sign_in("A100")
    assert "/me/data" in kiosk_user.client.get("/me").get_data(as_text=True)
    html = kiosk_user.client.get("/me/data").get_data(as_text=True)
    assert "Min egen tekst" in html and "Svar til deg" in html
    assert "Intern merknad" not in html and 'data-withheld="1"' in html
    assert 'data-section="request"' in html and 'data-section="consent"' not in html
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200", terminal="a2")
    assert "Min egen tekst" not in kiosk_user.client.get("/me/data").get_data(as_text=True)


def test_staff_print_everything_for_a_subject_access_request(staff_user, database, clock,
                                                             world):
    from sqlalchemy import select

    from core.models import AuditEvent

    _filed_with_a_note(database, clock, world)
    staff_user.sign_in("prison_admin")
    inmate_id = world.inmates["a"].id
    html = staff_user.client.get(f"/inmates/{inmate_id}/innsyn").get_data(as_text=True)
    assert "Intern merknad" in html and "Min egen tekst" in html
    assert 'data-section="audit_event"' in html
    assert staff_user.client.get(f"/inmates/{world.inmates['b'].id}/innsyn").status_code == 404
    with database.session() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "innsyn.export"))
