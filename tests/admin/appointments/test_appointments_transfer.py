"""After a transfer every list says the same about the old prison's appointment: the
inmate's, both prisons' officer lists, the request desk and the inmate record
(issue 11, fault 2; the rules are in tests/core/services/appointments/test_appointments_transfer.py)."""
from datetime import date, datetime, time, timezone

from core.models import Inmate, Prison, Request, StaffUser
from core.services.appointments import booking as appointments, office_hours
from core.services.requests import filing as requests
from core.services.appointments.office_hours import HoursData

UTC = timezone.utc
NINE = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # Tuesday 3 March, 09:00 in Oslo


def _booked_then_moved(staff_user, database, clock, world):
    """A100 with an appointment on a request in prison A, moved to prison B by an
    administrator on the record's form. The adviser serves both prisons."""
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        adviser.prisons.append(db.get(Prison, world.other_prison.id))
        office_hours.publish(db, clock.now(), adviser, HoursData(
            prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12),
            slot_minutes=30, room="Samtalerom 1", valid_from=date(2026, 3, 2)))
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
        booked = appointments.book(db, clock.now(), adviser, inmate, adviser.id, NINE,
                                   request=item)
        ids = item.id, booked.id
    staff_user.sign_in("system_admin")
    response = staff_user.post(f"/inmates/{world.inmates['a'].id}/edit", {
        "inmate_number": "A100", "name": "Innsatt A100", "prison_id": world.other_prison.id,
        "unit_id": world.other_prison.units[0].id, "municipality": "0301", "language": "nb",
        "expected_release": "", "status": "present"})
    assert response.status_code == 302
    staff_user.post("/sign-out")
    return ids


def test_the_inmate_sees_it_cancelled_and_why(staff_user, kiosk_user, database, clock, world):
    item, booked = _booked_then_moved(staff_user, database, clock, world)
    kiosk_user.sign_in("A100", terminal="b")
    html = kiosk_user.client.get("/appointments/").get_data(as_text=True)
    assert f'data-appointment="{booked}" data-appointment-status="cancelled"' in html
    assert "Avlyst fordi du har flyttet til et annet fengsel" in html
    html = kiosk_user.client.get(f"/requests/{item}").get_data(as_text=True)
    assert f'data-appointment="{booked}" data-appointment-status="cancelled"' in html
    assert "En avtale ble avlyst fordi du flyttet til et annet fengsel" in html


def test_no_officer_list_shows_it(staff_user, database, clock, world):
    _booked_then_moved(staff_user, database, clock, world)
    for officer in ("officer", "other_officer"):
        staff_user.sign_in(officer)
        html = staff_user.client.get("/appointments/daily?day=2026-03-03").get_data(
            as_text=True)
        assert "A100" not in html and "Samtalerom 1" not in html and "data-daily-empty" in html
        staff_user.post("/sign-out")


def test_the_desk_and_the_record_agree(staff_user, database, clock, world):
    item, booked = _booked_then_moved(staff_user, database, clock, world)
    with database.session() as db:
        assert db.get(Request, item).prison_id == world.other_prison.id
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{item}").get_data(as_text=True)
    assert f'data-appointment="{booked}" data-appointment-status="cancelled"' in desk
    assert "Avlyst automatisk: den innsatte flyttet til et annet fengsel." in desk
    assert f'href="/appointments/{booked}/cancel"' not in desk
    record = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert "Samtalerom 1" not in record.split("data-record-appointments")[1]
