"""Issue 11, fault 4: a request waiting for the inmate reads "Venter på deg" to the inmate
and "Venter på den innsatte" to staff; staff never read "Waiting for you" as meaning them."""
from core.models import Inmate, Status
from core.services.requests import filing as requests


def _waiting_for_the_inmate(database, clock, world) -> int:
    with database.session() as db:
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              requests.Draft(topic="dagpenger", description="Hjelp"))
        requests.set_status(db, clock.now(), world.staff["adviser"], filed,
                            Status.WAITING_FOR_INMATE)
        return filed.id


def test_staff_read_waiting_for_the_inmate_and_the_inmate_reads_waiting_for_you(
        staff_user, kiosk_user, database, clock, world):
    request_id = _waiting_for_the_inmate(database, clock, world)
    staff_user.sign_in("adviser")
    for page in (f"/requests/{request_id}", "/requests/?status=waiting_for_inmate"):
        html = staff_user.client.get(page).get_data(as_text=True)
        assert "Venter på den innsatte" in html, page
        assert "Venter på deg" not in html, page
    kiosk_user.sign_in("A100")
    for page in (f"/requests/{request_id}", "/requests/"):
        html = kiosk_user.client.get(page).get_data(as_text=True)
        assert "Venter på deg" in html and "den innsatte" not in html, page

