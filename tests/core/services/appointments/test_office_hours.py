from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy import select

from core.models import Appointment, AuditEvent, Inmate, OfficeHours, StaffUser
from core.services.appointments import booking as appointments, office_hours
from core.services.errors import NotFound, ServiceError
from core.services.appointments.office_hours import HoursData

MONDAY, TUESDAY, THURSDAY = 0, 1, 3
UTC = timezone.utc


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _data(world, **changes) -> HoursData:
    return HoursData(**{"prison_id": world.prison.id, "weekday": TUESDAY, "starts": time(9),
                        "ends": time(12), "slot_minutes": 30, "room": "Samtalerom 1",
                        "valid_from": date(2026, 3, 2), **changes})


def publish(db, clock, world, key="adviser", **changes) -> OfficeHours:
    return office_hours.publish(db, clock.now(), _staff(db, world, key), _data(world, **changes))


def test_publishing_saves_and_audits(db, clock, world):
    hours = publish(db, clock, world)
    assert (hours.weekday, hours.starts, hours.ends, hours.room) == (TUESDAY, time(9), time(12),
                                                                    "Samtalerom 1")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "office_hours.publish"))
    assert event.subject_id == hours.id and event.prison_id == world.prison.id
    assert '"starts": "09:00"' in event.detail


@pytest.mark.parametrize("changes, code", [
    ({"weekday": 5}, "weekday_unknown"),
    ({"weekday": 7}, "weekday_unknown"),
    ({"slot_minutes": 14}, "slot_length"),
    ({"slot_minutes": 121}, "slot_length"),
    ({"starts": time(12), "ends": time(9)}, "hours_order"),
    ({"starts": time(9), "ends": time(9)}, "hours_order"),
    ({"starts": time(9), "ends": time(9, 20)}, "no_slot_fits"),
    ({"valid_until": date(2026, 3, 1)}, "valid_until_before"),
    ({"room": "   "}, "room_required"),
    ({"room": "x" * 81}, "room_too_long"),
])
def test_bad_hours_are_refused(db, clock, world, changes, code):
    with pytest.raises(ServiceError) as error:
        publish(db, clock, world, **changes)
    assert error.value.code == code
    assert db.scalar(select(OfficeHours.id)) is None


def test_only_in_a_prison_one_serves_and_only_with_the_capability(db, clock, world):
    with pytest.raises(ServiceError) as error:
        publish(db, clock, world, prison_id=world.other_prison.id)
    assert error.value.code == "prison_not_served"
    for key in ("officer", "prison_admin", "system_admin"):
        with pytest.raises(NotFound):
            publish(db, clock, world, key=key)


def test_one_person_cannot_hold_overlapping_hours(db, clock, world):
    publish(db, clock, world, valid_until=date(2026, 3, 31))
    with pytest.raises(ServiceError) as error:
        publish(db, clock, world, starts=time(11, 30), ends=time(13))
    assert error.value.code == "hours_overlap"
    publish(db, clock, world, starts=time(12), ends=time(13))  # right after: fine
    publish(db, clock, world, valid_from=date(2026, 4, 1))  # after the first ends: fine
    publish(db, clock, world, key="social_worker")  # someone else: fine


def test_list_shows_own_hours_that_have_not_ended(db, clock, world):
    mine = publish(db, clock, world)
    publish(db, clock, world, weekday=MONDAY, valid_from=date(2026, 2, 1),
            valid_until=date(2026, 3, 1))  # ended yesterday
    publish(db, clock, world, key="social_worker")
    assert office_hours.hours_of(db, clock.now(), _staff(db, world)) == [mine]


def test_removing_keeps_booked_appointments(db, clock, world):
    hours = publish(db, clock, world)
    inmate = db.get(Inmate, world.inmates["a"].id)
    booked = appointments.book(db, clock.now(), _staff(db, world), inmate, hours.staff_id,
                               datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    with pytest.raises(NotFound):
        office_hours.remove(db, clock.now(), _staff(db, world, "social_worker"), hours.id)
    assert office_hours.remove(db, clock.now(), _staff(db, world), hours.id) == 1
    assert db.get(OfficeHours, hours.id) is None
    assert db.get(Appointment, booked.id).status == "booked"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "office_hours.remove"))
    assert event.subject_id == hours.id and '"appointments_kept": 1' in event.detail
    with pytest.raises(NotFound):
        office_hours.remove(db, clock.now(), _staff(db, world), hours.id)


def test_slots_follow_the_hours_on_working_days(db, clock, world):
    publish(db, clock, world)  # Tuesdays 09:00-12:00 in 30 minutes
    slots = office_hours.free_slots(db, clock.now(), world.prison.id)
    days = sorted({s.starts_at.date() for s in slots})
    assert days == [date(2026, 3, 3), date(2026, 3, 10)]
    first = [s for s in slots if s.starts_at.date() == date(2026, 3, 3)]
    assert len(first) == 6
    assert first[0].starts_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 in Oslo (CET)
    assert first[-1].ends_at == datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
    assert {s.room for s in slots} == {"Samtalerom 1"}


def test_slots_keep_the_wall_clock_across_daylight_saving_and_skip_holidays(db, clock, world):
    publish(db, clock, world, weekday=THURSDAY, ends=time(10))
    clock.set(datetime(2026, 3, 25, 12, 0, tzinfo=UTC))
    starts = [s.starts_at for s in office_hours.free_slots(db, clock.now(), world.prison.id,
                                                           days=23)]
    assert starts == [
        datetime(2026, 3, 26, 8, 0, tzinfo=UTC), datetime(2026, 3, 26, 8, 30, tzinfo=UTC),
        # 2 April is Maundy Thursday (skjærtorsdag): no slots. Summer time from 29 March.
        datetime(2026, 4, 9, 7, 0, tzinfo=UTC), datetime(2026, 4, 9, 7, 30, tzinfo=UTC),
        datetime(2026, 4, 16, 7, 0, tzinfo=UTC), datetime(2026, 4, 16, 7, 30, tzinfo=UTC),
    ]


def test_slots_are_never_in_the_past(db, clock, world):
    publish(db, clock, world)
    clock.set(datetime(2026, 3, 3, 9, 10, tzinfo=UTC))  # Tuesday 10:10 in Oslo
    today = [s for s in office_hours.free_slots(db, clock.now(), world.prison.id)
             if s.starts_at.date() == date(2026, 3, 3)]
    assert [s.starts_at for s in today] == [datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
                                            datetime(2026, 3, 3, 10, 0, tzinfo=UTC),
                                            datetime(2026, 3, 3, 10, 30, tzinfo=UTC)]


def test_booked_appointments_of_the_staff_member_or_the_inmate_are_not_free(db, clock, world):
    adviser_hours = publish(db, clock, world)
    social_hours = publish(db, clock, world, key="social_worker", room="Rom 2")
    inmate = db.get(Inmate, world.inmates["a"].id)
    nine = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    appointments.book(db, clock.now(), _staff(db, world), inmate, adviser_hours.staff_id, nine)
    free = office_hours.free_slots(db, clock.now(), world.prison.id, days=2)
    taken = {(s.staff_id, s.starts_at) for s in free}
    assert (adviser_hours.staff_id, nine) not in taken
    assert (social_hours.staff_id, nine) in taken  # free for another inmate
    for_inmate = office_hours.free_slots(db, clock.now(), world.prison.id, days=2,
                                         inmate_id=inmate.id)
    assert nine not in {s.starts_at for s in for_inmate}  # the inmate is busy then
    mine = office_hours.free_slots(db, clock.now(), world.prison.id, days=2,
                                   staff_id=social_hours.staff_id)
    assert {s.staff_id for s in mine} == {social_hours.staff_id} and len(mine) == 6


def test_hours_of_staff_who_left_the_prison_or_are_inactive_offer_nothing(db, clock, world):
    publish(db, clock, world, valid_until=date(2026, 3, 31))
    publish(db, clock, world, key="social_worker")
    assert office_hours.free_slots(db, clock.now(), world.prison.id, days=10)
    _staff(db, world).prisons = []
    _staff(db, world, "social_worker").active = False
    db.flush()
    assert office_hours.free_slots(db, clock.now(), world.prison.id, days=10) == []


def test_validity_dates_limit_the_slots(db, clock, world):
    publish(db, clock, world, valid_from=date(2026, 3, 10), valid_until=date(2026, 3, 10))
    days = {s.starts_at.date() for s in office_hours.free_slots(db, clock.now(),
                                                                world.prison.id, days=30)}
    assert days == {date(2026, 3, 10)}


def test_slot_keys_round_trip_and_garbage_is_refused(db, clock, world):
    publish(db, clock, world)
    slot = office_hours.free_slots(db, clock.now(), world.prison.id)[0]
    assert office_hours.parse_key(slot.key) == (slot.staff_id, slot.starts_at)
    for bad in (None, "", "x@1", "1@x", "1", "@", "1@-5", "1@" + "9" * 20, "1@1.5"):
        assert office_hours.parse_key(bad) is None
