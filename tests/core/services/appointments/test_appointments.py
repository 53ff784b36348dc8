import json
import re
from dataclasses import fields
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from core.db import SQLITE_BUSY_TIMEOUT_MS
from core.models import (Appointment, AuditEvent, Inmate, Request, RequestEvent, StaffUser,
                         Status)
from core.services.appointments import booking as appointments, office_hours
from core.services.requests import filing as requests
from core.services.errors import NotFound, ServiceError
from core.services.appointments.office_hours import HoursData

UTC = timezone.utc
NINE = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # Tuesday 3 March, 09:00 in Oslo
TUESDAY = 1


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _inmate(db, world, key="a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def _hours(db, clock, world, key="adviser", room="Samtalerom 1", prison=None):
    return office_hours.publish(db, clock.now(), _staff(db, world, key), HoursData(
        prison_id=prison or world.prison.id, weekday=TUESDAY, starts=time(9), ends=time(12),
        slot_minutes=30, room=room, valid_from=date(2026, 3, 2)))


def _request(db, clock, world, key="a", topic="dagpenger") -> Request:
    return requests.file(db, clock.now(), _inmate(db, world, key),
                         requests.Draft(topic=topic, description="Hemmelig tekst"))


def _book(db, clock, world, when=NINE, key="a", booker="adviser", staff="adviser", **kwargs):
    return appointments.book(db, clock.now(), _staff(db, world, booker), _inmate(db, world, key),
                             world.staff[staff].id, when, **kwargs)


def test_booking_from_a_request_writes_history_and_audit(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    booked = _book(db, clock, world, request=item)
    assert (booked.starts_at, booked.ends_at) == (NINE, NINE + timedelta(minutes=30))
    assert (booked.room, booked.status, booked.request_id) == ("Samtalerom 1", "booked", item.id)
    assert booked.prison_id == world.prison.id and booked.created_by == world.staff["adviser"].id
    event = db.scalar(select(RequestEvent).where(RequestEvent.kind == "appointment"))
    assert event.request_id == item.id and event.visible_to_inmate
    assert json.loads(event.detail) == {"appointment": booked.id}
    assert event in requests.history(db, item, for_inmate=True)
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "appointment.book"))
    assert audit.subject_id == booked.id and json.loads(audit.detail)["request"] == item.id


def test_another_room_and_another_staff_members_hours(db, clock, world):
    _hours(db, clock, world, key="social_worker", room="Rom 2")
    booked = _book(db, clock, world, staff="social_worker", room="  Besøksrom 3 ")
    assert (booked.staff_id, booked.room) == (world.staff["social_worker"].id, "Besøksrom 3")
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world, when=NINE + timedelta(hours=1), staff="social_worker",
              room="x" * 81)
    assert error.value.code == "room_too_long"


@pytest.mark.parametrize("when, code", [
    (NINE + timedelta(minutes=10), "slot_not_offered"),  # not on a slot boundary
    (NINE + timedelta(hours=3), "slot_not_offered"),     # 12:00: after the hours
    (NINE + timedelta(days=1), "slot_not_offered"),      # a Wednesday
    (datetime(2026, 3, 2, 8, 0, tzinfo=UTC), "slot_past"),
])
def test_only_free_slots_of_the_hours_can_be_booked(db, clock, world, when, code):
    _hours(db, clock, world)
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world, when=when)
    assert error.value.code == code


def test_no_double_booking_of_the_staff_member_or_the_inmate(db, clock, world):
    _hours(db, clock, world)
    _hours(db, clock, world, key="social_worker")
    _book(db, clock, world)
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world, key="a2")  # the adviser is busy
    assert error.value.code == "slot_taken"
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world, staff="social_worker")  # the inmate is busy
    assert error.value.code == "slot_taken"
    _book(db, clock, world, key="a2", staff="social_worker")
    assert db.scalar(select(func.count()).select_from(Appointment)) == 2


def test_a_stale_page_cannot_book_a_slot_taken_meanwhile(database, clock, world):
    with database.session() as db:
        _hours(db, clock, world)
    with database.session() as first, database.session() as second:
        shown = office_hours.free_slots(second, clock.now(), world.prison.id)
        assert NINE in {s.starts_at for s in shown}
        second.commit()  # the page was shown by an earlier request
        _book(first, clock, world)
        first.commit()
        with pytest.raises(ServiceError) as error:
            _book(second, clock, world, key="a2")
        assert error.value.code == "slot_taken"


def _impatient(db) -> None:
    """Give up waiting for a lock after a moment instead of the usual ten seconds."""
    if db.get_bind().dialect.name == "sqlite":
        # A deferred transaction, so that it reads first and waits at its first write.
        db.connection(execution_options={"sqlite_begin": "DEFERRED"})
        db.execute(text("PRAGMA busy_timeout = 200"))
    else:
        db.execute(text("SET LOCAL lock_timeout = '200ms'"))


@pytest.mark.parametrize("second", [{"key": "a", "staff": "social_worker"},  # same inmate
                                    {"key": "a2", "staff": "adviser"}])     # same adviser
def test_a_racing_booking_waits_for_the_first_before_its_recheck(database, clock, world,
                                                                  second):
    """Until the first booking commits, a second one for the same inmate or staff member
    waits at the lock taken before the re-check (here it gives up), so it can never pass
    the re-check on a stale view and book the same time twice."""
    with database.session() as db:
        _hours(db, clock, world)
        _hours(db, clock, world, key="social_worker")
    first, racer = database.sessionmaker(), database.sessionmaker()
    try:
        _book(first, clock, world)  # booked and flushed, not committed
        _impatient(racer)
        with pytest.raises(OperationalError) as error:
            _book(racer, clock, world, **second)
        assert re.search(r"UPDATE inmate|FOR UPDATE", error.value.statement)
    finally:
        racer.rollback()
        first.rollback()
        first.close()
        if racer.get_bind().dialect.name == "sqlite":
            racer.execute(text(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))
        racer.close()


def test_scope_and_the_request_are_checked(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    others = _request(db, clock, world, key="a2")
    elsewhere = _request(db, clock, world, key="b")
    cases = [
        {"key": "b"},                                   # another prison's inmate
        {"request": others},                            # another inmate's request
        {"key": "b", "request": elsewhere},             # another prison's request
        {"booker": "social_worker", "request": item},   # a topic the booker does not read
        {"booker": "officer"},                          # officers do not book
        {"booker": "system_admin"},
    ]
    for case in cases:
        with pytest.raises(NotFound):
            _book(db, clock, world, **case)
    assert db.scalar(select(Appointment.id)) is None


def test_a_closed_request_or_an_absent_inmate_cannot_be_booked(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    requests.set_status(db, clock.now(), _staff(db, world), item, Status.CLOSED)
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world, request=item)
    assert error.value.code == "request_not_open"
    _inmate(db, world).status = "released"
    with pytest.raises(ServiceError) as error:
        _book(db, clock, world)
    assert error.value.code == "inmate_not_present"


def test_cancelling_needs_a_reason_and_frees_the_slot(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    booked = _book(db, clock, world, request=item)
    adviser = _staff(db, world)
    for reason, code in (("  ", "reason_required"), ("x" * 1001, "text_too_long")):
        with pytest.raises(ServiceError) as error:
            appointments.cancel(db, clock.now(), adviser, booked, reason)
        assert error.value.code == code
    appointments.cancel(db, clock.now(), adviser, booked, " Veilederen er syk ")
    assert (booked.status, booked.cancel_reason) == ("cancelled", "Veilederen er syk")
    assert booked.cancelled_at == clock.now()
    event = db.scalar(select(RequestEvent).where(RequestEvent.kind == "appointment_cancelled"))
    assert event.visible_to_inmate and json.loads(event.detail) == {"appointment": booked.id}
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "appointment.cancel"))
    with pytest.raises(ServiceError) as error:
        appointments.cancel(db, clock.now(), adviser, booked, "igjen")
    assert error.value.code == "appointment_cancelled"
    assert _book(db, clock, world).starts_at == NINE  # free again


def test_who_may_cancel(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    linked = _book(db, clock, world, request=item)
    for key in ("social_worker", "officer", "other_prison_admin"):
        with pytest.raises(NotFound):
            appointments.staff_appointment(db, _staff(db, world, key), linked.id)
        with pytest.raises(NotFound):
            appointments.cancel(db, clock.now(), _staff(db, world, key), linked, "Grunn")
    assert appointments.staff_appointment(db, _staff(db, world), linked.id) is linked
    _hours(db, clock, world, key="social_worker")
    unlinked = _book(db, clock, world, key="a2", booker="school", staff="social_worker")
    for key in ("school", "social_worker"):  # who booked it, and whom it is with
        assert appointments.may_manage(db, _staff(db, world, key), unlinked)
    assert not appointments.may_manage(db, _staff(db, world), unlinked)


def test_an_appointment_that_has_started_cannot_be_cancelled(db, clock, world):
    _hours(db, clock, world)
    booked = _book(db, clock, world)
    clock.set(NINE + timedelta(minutes=5))
    with pytest.raises(ServiceError) as error:
        appointments.cancel(db, clock.now(), _staff(db, world), booked, "For sent")
    assert error.value.code == "appointment_started"


def test_the_inmates_lists(db, clock, world):
    _hours(db, clock, world)
    item = _request(db, clock, world)
    first = _book(db, clock, world, request=item)
    second = _book(db, clock, world, when=NINE + timedelta(days=7), request=item)
    appointments.cancel(db, clock.now(), _staff(db, world), second, "Flyttet")
    inmate = _inmate(db, world)
    assert appointments.for_inmate_request(db, inmate, item.id) == [first, second]
    assert appointments.upcoming_for_inmate(db, clock.now(), inmate) == [first]
    assert appointments.upcoming_for_inmate(db, clock.now(), inmate,
                                            with_cancelled=True) == [first, second]
    with pytest.raises(NotFound):
        appointments.for_inmate_request(db, _inmate(db, world, "a2"), item.id)
    clock.set(NINE + timedelta(minutes=30))  # the first one is over
    assert appointments.upcoming_for_inmate(db, clock.now(), inmate) == []


def test_the_daily_list_says_when_and_where_but_not_what(db, clock, world):
    _hours(db, clock, world)
    _book(db, clock, world, request=_request(db, clock, world))
    _book(db, clock, world, when=NINE + timedelta(hours=1), key="a2")
    _book(db, clock, world, when=NINE + timedelta(days=7), key="a2")  # another day
    officer = _staff(db, world, "officer")
    rows = appointments.daily_list(db, clock.now(), officer, date(2026, 3, 3))
    assert [(r.starts_at, r.inmate_number, r.room, r.unit, r.prison) for r in rows] == [
        (NINE, "A100", "Samtalerom 1", "Avdeling 1", "Fengsel A"),
        (NINE + timedelta(hours=1), "A200", "Samtalerom 1", "Avdeling 1", "Fengsel A")]
    assert {f.name for f in fields(appointments.DailyRow)} == {
        "starts_at", "ends_at", "room", "inmate_name", "inmate_number", "unit", "prison"}
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "appointment.daily_list"))
    assert json.loads(audit.detail) == {"day": "2026-03-03", "unit": None, "count": 2}
    other = _staff(db, world, "other_officer")
    assert appointments.daily_list(db, clock.now(), other, date(2026, 3, 3)) == []
    unit = world.prison.units[0].id
    assert len(appointments.daily_list(db, clock.now(), officer, date(2026, 3, 3), unit)) == 2
    with pytest.raises(NotFound):
        appointments.daily_list(db, clock.now(), other, date(2026, 3, 3), unit)
    with pytest.raises(NotFound):
        appointments.daily_list(db, clock.now(), _staff(db, world, "trainer"), date(2026, 3, 3))


def test_a_cancelled_appointment_leaves_the_daily_list(db, clock, world):
    _hours(db, clock, world)
    booked = _book(db, clock, world)
    appointments.cancel(db, clock.now(), _staff(db, world), booked, "Avlyst")
    assert appointments.daily_list(db, clock.now(), _staff(db, world, "officer"),
                                   date(2026, 3, 3)) == []


def test_day_bounds_follow_oslo_days_across_daylight_saving():
    assert appointments.day_bounds(date(2026, 3, 3)) == (
        datetime(2026, 3, 2, 23, 0, tzinfo=UTC), datetime(2026, 3, 3, 23, 0, tzinfo=UTC))
    start, end = appointments.day_bounds(date(2026, 3, 29))
    assert end - start == timedelta(hours=23)
    start, end = appointments.day_bounds(date(2026, 10, 25))
    assert end - start == timedelta(hours=25)
