"""Office hours, booking from the request desk, cancelling and the officers' daily list."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select

from core.models import (Appointment, AuditEvent, Inmate, OfficeHours, Request, RequestEvent,
                         StaffUser)
from core.services.appointments import booking as appointments, office_hours
from core.services.requests import filing as requests
from core.services.appointments.office_hours import HoursData

UTC = timezone.utc
NINE = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # Tuesday 3 March, 09:00 in Oslo
DESCRIPTION = "Jeg lurer på dagpenger etter soning"
HOURS = {"weekday": "1", "starts": "09:00", "ends": "12:00", "slot_minutes": "30",
         "room": "Samtalerom 1", "valid_from": "2026-03-02", "valid_until": ""}


def _filed(database, clock, world, key="a", topic="dagpenger") -> int:
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        return requests.file(db, clock.now(), inmate,
                             requests.Draft(topic=topic, description=DESCRIPTION)).id


def _hours(database, clock, world, key="adviser", prison=None, room="Samtalerom 1") -> int:
    with database.session() as db:
        return office_hours.publish(db, clock.now(), db.get(StaffUser, world.staff[key].id),
                                    HoursData(prison_id=prison or world.prison.id, weekday=1,
                                              starts=time(9), ends=time(12), slot_minutes=30,
                                              room=room, valid_from=date(2026, 3, 2))).id


def _booked(database, clock, world, request_id, when=NINE, key="a") -> int:
    with database.session() as db:
        return appointments.book(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                                 db.get(Inmate, world.inmates[key].id),
                                 world.staff["adviser"].id, when,
                                 request=db.get(Request, request_id) if request_id else None).id


def _key(world, when=NINE, staff="adviser") -> str:
    return f"{world.staff[staff].id}@{int(when.timestamp())}"


def _as(staff_user, key):
    """Sign out whoever is signed in, and sign in as ``key``."""
    staff_user.post("/sign-out")
    return staff_user.sign_in(key)


def _count(database, model) -> int:
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(model))


# My office hours ---------------------------------------------------------------------

def test_publish_list_and_remove_office_hours(staff_user, database, world):
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/appointments/hours")
    assert page.status_code == 200 and 'href="/appointments/hours"' in page.get_data(as_text=True)
    response = staff_user.post("/appointments/hours", {**HOURS, "prison_id": world.prison.id})
    assert response.status_code == 302
    html = staff_user.client.get("/appointments/hours").get_data(as_text=True)
    assert "Samtalerom 1" in html and "09:00–12:00" in html
    with database.session() as db:
        hours = db.scalar(select(OfficeHours))
        assert (hours.staff_id, hours.weekday, hours.starts) == (world.staff["adviser"].id, 1,
                                                                 time(9))
        assert db.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "office_hours.publish"))
    assert staff_user.post(f"/appointments/hours/{hours.id}/remove").status_code == 302
    assert _count(database, OfficeHours) == 0


@pytest.mark.parametrize("changes, field", [
    ({"starts": "", "ends": "", "room": "", "slot_minutes": "", "valid_from": ""}, "starts"),
    ({"room": "x" * 81}, "room"),
    ({"slot_minutes": "abc"}, "slot_minutes"),
    ({"slot_minutes": "10"}, "slot_minutes"),
    ({"starts": "25:99"}, "starts"),
    ({"starts": "12:00", "ends": "09:00"}, "ends"),
    ({"starts": "09:00", "ends": "09:10"}, "slot_minutes"),
    ({"weekday": "6"}, "weekday"),
    ({"weekday": "x"}, "weekday"),
    ({"valid_until": "2026-03-01"}, "valid_until"),
    ({"valid_from": "2. mars"}, "valid_from"),
    ({"prison_id": "other"}, "prison_id"),
])
def test_bad_office_hours_are_explained_and_the_input_kept(staff_user, database, world,
                                                           changes, field):
    staff_user.sign_in("adviser")
    data = {**HOURS, "prison_id": world.prison.id, **changes}
    if data["prison_id"] == "other":
        data["prison_id"] = world.other_prison.id  # a prison the adviser does not serve
    response = staff_user.post("/appointments/hours", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'href="#{field}"' in html
    if changes.get("room"):
        assert changes["room"] in html
    assert _count(database, OfficeHours) == 0


def test_overlapping_hours_are_refused(staff_user, database, clock, world):
    _hours(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.post("/appointments/hours", {**HOURS, "prison_id": world.prison.id,
                                                       "starts": "11:00", "ends": "13:00"})
    assert response.status_code == 400 and 'href="#starts"' in response.get_data(as_text=True)


def test_only_ones_own_hours_can_be_removed(staff_user, database, clock, world):
    hours = _hours(database, clock, world, key="social_worker")
    staff_user.sign_in("adviser")
    assert staff_user.post(f"/appointments/hours/{hours}/remove").status_code == 404
    assert _count(database, OfficeHours) == 1


def test_removing_hours_says_booked_appointments_are_kept(staff_user, database, clock, world):
    hours = _hours(database, clock, world)
    _booked(database, clock, world, _filed(database, clock, world))
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/appointments/hours/{hours}/remove", follow_redirects=True)
    assert "aksel-alert--success" in response.get_data(as_text=True)
    with database.session() as db:
        assert db.scalar(select(Appointment.status)) == "booked"


def test_office_hours_are_for_those_who_receive_inmates(staff_user, world):
    staff_user.sign_in("officer")
    assert staff_user.client.get("/appointments/hours").status_code == 403
    html = staff_user.client.get("/").get_data(as_text=True)
    assert 'href="/appointments/daily"' in html and 'href="/appointments/hours"' not in html


# Booking from the request desk -------------------------------------------------------

def test_book_from_the_desk(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    _hours(database, clock, world, key="social_worker", room="Rom 2")
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert f'href="/requests/{nav}/appointments/new"' in desk
    page = staff_user.client.get(f"/requests/{nav}/appointments/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'value="{_key(world)}"' in html
    assert f'value="{_key(world, staff="social_worker")}"' in html
    assert html.index("Adviser") < html.index("Social Worker")  # the booker first
    response = staff_user.post(f"/requests/{nav}/appointments/new",
                               {"slot": _key(world), "room": ""})
    assert response.status_code == 302 and response.headers["Location"] == f"/requests/{nav}"
    with database.session() as db:
        booked = db.scalar(select(Appointment))
        assert (booked.starts_at, booked.room, booked.request_id) == (NINE, "Samtalerom 1", nav)
        assert db.scalar(select(RequestEvent.kind).where(RequestEvent.kind == "appointment"))
    desk = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert f'data-appointment="{booked.id}"' in desk and "Samtalerom 1" in desk
    assert f'href="/appointments/{booked.id}/cancel"' in desk
    again = staff_user.client.get(f"/requests/{nav}/appointments/new").get_data(as_text=True)
    assert f'value="{_key(world)}"' not in again  # taken now


def test_another_room_can_be_typed(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{nav}/appointments/new",
                               {"slot": _key(world), "room": "Besøksrommet"})
    assert response.status_code == 302
    with database.session() as db:
        assert db.scalar(select(Appointment.room)) == "Besøksrommet"


@pytest.mark.parametrize("data, field", [
    ({"slot": ""}, "slot"),
    ({"slot": "not-a-slot"}, "slot"),
    ({"slot": "1@x"}, "slot"),
    ({"slot": "SLOT+10"}, "slot"),       # between two slots: outside the hours
    ({"slot": "SLOT+1440"}, "slot"),     # Wednesday: no hours
    ({"slot": "SLOT", "room": "x" * 81}, "room"),
])
def test_bad_bookings_are_explained(staff_user, database, clock, world, data, field):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    staff_user.sign_in("adviser")
    slot = data["slot"]
    if slot.startswith("SLOT"):
        minutes = int(slot[5:] or 0)
        data = {**data, "slot": _key(world, NINE + timedelta(minutes=minutes))}
    response = staff_user.post(f"/requests/{nav}/appointments/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'href="#{field}"' in html
    if data.get("room"):
        assert data["room"] in html
    assert _count(database, Appointment) == 0


def test_a_taken_slot_is_refused_with_a_clear_error(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    other = _filed(database, clock, world, key="a2")
    _hours(database, clock, world)
    _booked(database, clock, world, other, key="a2")
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{nav}/appointments/new", {"slot": _key(world)})
    assert response.status_code == 400 and 'href="#slot"' in response.get_data(as_text=True)
    assert _count(database, Appointment) == 1


def test_booking_is_scoped_like_the_desk(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    elsewhere = _filed(database, clock, world, key="b")
    housing = _filed(database, clock, world, topic="housing")
    _hours(database, clock, world)
    staff_user.sign_in("adviser")
    for request_id in (elsewhere, housing, 999999):
        assert staff_user.client.get(
            f"/requests/{request_id}/appointments/new").status_code == 404
        assert staff_user.post(f"/requests/{request_id}/appointments/new",
                               {"slot": _key(world)}).status_code == 404
    _as(staff_user, "social_worker")
    assert staff_user.client.get(f"/requests/{nav}/appointments/new").status_code == 404
    _as(staff_user, "officer")
    assert staff_user.post(f"/requests/{nav}/appointments/new",
                           {"slot": _key(world)}).status_code == 403
    assert _count(database, Appointment) == 0


def test_booking_needs_a_csrf_token(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.client.post(f"/requests/{nav}/appointments/new",
                                      data={"slot": _key(world)})
    assert response.status_code == 400 and _count(database, Appointment) == 0
    response = staff_user.client.post("/appointments/hours", data={
        **HOURS, "prison_id": world.prison.id, "csrf_token": "forged"})
    assert response.status_code == 400 and _count(database, OfficeHours) == 1  # only ours


def test_without_hours_the_booking_page_says_so(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/requests/{nav}/appointments/new").get_data(as_text=True)
    assert 'name="slot"' not in html and 'href="/appointments/hours"' in html


# Cancelling ----------------------------------------------------------------------------

def test_cancel_with_a_reason(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    booked = _booked(database, clock, world, nav)
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/appointments/{booked}/cancel").status_code == 200
    response = staff_user.post(f"/appointments/{booked}/cancel", {"reason": ""})
    assert response.status_code == 400 and 'href="#reason"' in response.get_data(as_text=True)
    long = "y" * 1001
    response = staff_user.post(f"/appointments/{booked}/cancel", {"reason": long})
    assert response.status_code == 400 and long in response.get_data(as_text=True)
    response = staff_user.post(f"/appointments/{booked}/cancel", {"reason": "Syk"})
    assert response.status_code == 302 and response.headers["Location"] == f"/requests/{nav}"
    with database.session() as db:
        appointment = db.get(Appointment, booked)
        assert (appointment.status, appointment.cancel_reason) == ("cancelled", "Syk")
        assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "appointment.cancel"))
        assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "appointment.view"))
    desk = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert 'data-appointment-status="cancelled"' in desk
    assert f'href="/appointments/{booked}/cancel"' not in desk
    response = staff_user.post(f"/appointments/{booked}/cancel", {"reason": "Igjen"})
    assert response.status_code == 400


def test_cancelling_is_scoped(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    booked = _booked(database, clock, world, nav)
    staff_user.sign_in("social_worker")  # does not read NAV requests
    assert staff_user.client.get(f"/appointments/{booked}/cancel").status_code == 404
    assert staff_user.post(f"/appointments/{booked}/cancel", {"reason": "x"}).status_code == 404
    _as(staff_user, "officer")
    assert staff_user.post(f"/appointments/{booked}/cancel", {"reason": "x"}).status_code == 403
    assert staff_user.client.get("/appointments/999999/cancel").status_code == 403
    _as(staff_user, "adviser")
    assert staff_user.client.get("/appointments/999999/cancel").status_code == 404
    assert staff_user.client.post(f"/appointments/{booked}/cancel",
                                  data={"reason": "x"}).status_code == 400  # no CSRF token
    with database.session() as db:
        assert db.get(Appointment, booked).status == "booked"


# The officers' daily list ------------------------------------------------------------

def test_the_daily_list_shows_when_and_where_but_never_what(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    _hours(database, clock, world)
    booked = _booked(database, clock, world, nav)
    with database.session() as db:
        reference = db.get(Request, nav).reference
        requests.add_note(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                          db.get(Request, nav), "INTERNT-NOTAT")
    staff_user.sign_in("officer")
    response = staff_user.client.get("/appointments/daily?day=2026-03-03")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in ("09:00", "09:30", "Samtalerom 1", "Innsatt A100", "A100", "Avdeling 1"):
        assert shown in html
    for secret in (DESCRIPTION, "Dagpenger", "dagpenger", reference, "INTERNT-NOTAT",
                   world.staff["adviser"].name, f"/requests/{nav}", f"/appointments/{booked}"):
        assert secret not in html
    assert "data-bb-print" in html
    with database.session() as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "appointment.daily_list"))
        assert event.actor_id == world.staff["officer"].id and '"count": 1' in event.detail


def test_the_daily_list_defaults_to_today_and_filters_by_unit(staff_user, database, clock,
                                                               world):
    _hours(database, clock, world)
    _booked(database, clock, world, None)
    clock.set(datetime(2026, 3, 3, 6, 0, tzinfo=UTC))  # 07:00 in Oslo, the same day
    staff_user.sign_in("officer")
    html = staff_user.client.get("/appointments/daily").get_data(as_text=True)
    assert "Samtalerom 1" in html and 'value="2026-03-03"' in html
    unit = world.prison.units[0].id
    html = staff_user.client.get(f"/appointments/daily?day=2026-03-03&unit={unit}").get_data(as_text=True)
    assert "Samtalerom 1" in html
    empty = staff_user.client.get("/appointments/daily?day=2026-03-04").get_data(as_text=True)
    assert "Samtalerom 1" not in empty and "data-daily-empty" in empty


@pytest.mark.parametrize("query, field", [
    ("day=", "day"), ("day=03.03.2026", "day"), ("day=2026-03-03&unit=abc", "unit"),
    ("day=2026-03-03&unit=OTHER", "unit"),
])
def test_bad_daily_list_filters_are_explained(staff_user, database, clock, world, query, field):
    staff_user.sign_in("officer")
    query = query.replace("OTHER", str(world.other_prison.units[0].id))
    response = staff_user.client.get(f"/appointments/daily?{query}")
    assert response.status_code == 400 and f'href="#{field}"' in response.get_data(as_text=True)


def test_other_prisons_see_nothing_and_trainers_nothing_at_all(staff_user, database, clock,
                                                               world):
    _hours(database, clock, world)
    _booked(database, clock, world, None)
    staff_user.sign_in("other_officer")
    html = staff_user.client.get("/appointments/daily?day=2026-03-03").get_data(as_text=True)
    assert "Samtalerom 1" not in html and "A100" not in html
    _as(staff_user, "trainer")
    assert staff_user.client.get("/appointments/daily").status_code == 403


# The inmate record ---------------------------------------------------------------------

def test_the_record_shows_with_whom_only_to_those_who_read_requests(staff_user, database,
                                                                    clock, world):
    _hours(database, clock, world)
    _booked(database, clock, world, _filed(database, clock, world))
    record = f"/inmates/{world.inmates['a'].id}"
    adviser_name = world.staff["adviser"].name
    staff_user.sign_in("officer")
    html = staff_user.client.get(record).get_data(as_text=True)
    assert "data-record-appointments" in html and "Samtalerom 1" in html
    assert adviser_name not in html.split("data-record-appointments")[1]
    _as(staff_user, "social_worker")
    html = staff_user.client.get(record).get_data(as_text=True)
    assert adviser_name in html.split("data-record-appointments")[1]
