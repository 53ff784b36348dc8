"""The inmate's appointments on the kiosk: on the request's page and under My appointments."""
from datetime import date, datetime, time, timezone

from core.models import Inmate, Request, StaffUser
from core.services.appointments import booking as appointments, office_hours
from core.services.requests import filing as requests
from core.services.appointments.office_hours import HoursData

UTC = timezone.utc
NINE = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # Tuesday 3 March, 09:00 in Oslo


def _request_with_appointments(database, clock, world, key="a"):
    """A request with one booked and one cancelled appointment: (request id, booked id,
    cancelled id)."""
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        inmate = db.get(Inmate, world.inmates[key].id)
        office_hours.publish(db, clock.now(), adviser, HoursData(
            prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12),
            slot_minutes=30, room="Samtalerom 1", valid_from=date(2026, 3, 2)))
        item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
        booked = appointments.book(db, clock.now(), adviser, inmate, adviser.id, NINE,
                                   request=item)
        moved = appointments.book(db, clock.now(), adviser, inmate, adviser.id,
                                  NINE.replace(hour=9), request=item)
        appointments.cancel(db, clock.now(), adviser, moved, "INTERN-GRUNN")
        return item.id, booked.id, moved.id


def test_the_request_page_shows_its_appointments(kiosk_user, database, clock, world):
    item, booked, cancelled = _request_with_appointments(database, clock, world)
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get(f"/requests/{item}").get_data(as_text=True)
    assert "data-request-appointments" in html
    assert f'data-appointment="{booked}" data-appointment-status="booked"' in html
    assert f'data-appointment="{cancelled}" data-appointment-status="cancelled"' in html
    assert "09:00" in html and "09:30" in html and "Samtalerom 1" in html
    assert world.staff["adviser"].name in html
    assert "INTERN-GRUNN" not in html  # the reason is for staff


def test_my_appointments_lists_upcoming_ones_and_says_which_are_cancelled(
        kiosk_user, database, clock, world):
    _item, booked, cancelled = _request_with_appointments(database, clock, world)
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/home").get_data(as_text=True)
    assert 'href="/appointments/"' in home
    response = kiosk_user.client.get("/appointments/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-appointment="{booked}" data-appointment-status="booked"' in html
    assert f'data-appointment="{cancelled}" data-appointment-status="cancelled"' in html
    assert "Samtalerom 1" in html and world.staff["adviser"].name in html
    assert "INTERN-GRUNN" not in html


def test_appointments_that_are_over_leave_the_list(kiosk_user, database, clock, world):
    _request_with_appointments(database, clock, world)
    clock.set(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/appointments/").get_data(as_text=True)
    assert "data-appointment=" not in html


def test_an_inmate_sees_only_their_own_appointments(kiosk_user, database, clock, world):
    item, booked, _cancelled = _request_with_appointments(database, clock, world)
    kiosk_user.sign_in("A200", terminal="a")
    assert f'data-appointment="{booked}"' not in kiosk_user.client.get(
        "/appointments/").get_data(as_text=True)
    assert kiosk_user.client.get(f"/requests/{item}").status_code == 404
    with database.session() as db:
        assert db.get(Request, item).inmate_id == world.inmates["a"].id


def test_my_appointments_needs_a_signed_in_inmate(kiosk_user, world):
    kiosk_user.use_terminal("a")
    response = kiosk_user.client.get("/appointments/")
    assert response.status_code == 302 and "/appointments" not in response.headers["Location"]
