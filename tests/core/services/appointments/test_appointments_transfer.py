"""An inmate moved to another prison: the old prison's appointments that have not ended are
cancelled with a reason the inmate sees, and every list says the same (issue 11, fault 2).

A booked slot is a slot of someone's office hours in the old prison, in one of its rooms;
it cannot be kept in the new prison, so it is cancelled, not moved. The requests move
(core.services.requests.filing.move_with_inmate) and can be booked again there."""
import json
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from core.models import AuditEvent, Inmate, RequestEvent, StaffUser
from core.services.appointments import booking as appointments, office_hours
from core.services.people import inmates
from core.services.requests import filing as requests
from core.services.appointments.office_hours import HoursData

UTC = timezone.utc
NINE = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # Tuesday 3 March, 09:00 in Oslo
NEXT_WEEK = NINE + timedelta(days=7)


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _move(db, clock, world, inmate: Inmate, prison, unit_id=None, status="present"):
    inmates.update(db, clock.now(), _staff(db, world, "system_admin"), inmate,
                   inmates.InmateData(inmate_number=inmate.inmate_number, name=inmate.name,
                                      prison_id=prison.id, unit_id=unit_id,
                                      municipality_number="0301", language="nb",
                                      expected_release=None, status=status))


def _arrange(db, clock, world):
    """A request with a past appointment and one next week, and one next week without a
    request; the clock after the first has ended."""
    adviser = _staff(db, world)
    office_hours.publish(db, clock.now(), adviser, HoursData(
        prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12), slot_minutes=30,
        room="Samtalerom 1", valid_from=date(2026, 3, 2)))
    inmate = db.get(Inmate, world.inmates["a"].id)
    item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
    past = appointments.book(db, clock.now(), adviser, inmate, adviser.id, NINE, request=item)
    linked = appointments.book(db, clock.now(), adviser, inmate, adviser.id, NEXT_WEEK,
                               request=item)
    loose = appointments.book(db, clock.now(), adviser, inmate, adviser.id,
                              NEXT_WEEK + timedelta(minutes=30))
    clock.set(NINE + timedelta(hours=2))
    return inmate, item, past, linked, loose


def test_a_transfer_cancels_the_old_prisons_coming_appointments(db, clock, world):
    inmate, item, past, linked, loose = _arrange(db, clock, world)
    _move(db, clock, world, inmate, world.other_prison, world.other_prison.units[0].id)
    for appointment in (linked, loose):
        assert appointment.status == "cancelled"
        assert appointment.cancel_cause == "transfer"
        assert appointment.cancelled_at == clock.now()
    assert past.status == "booked" and past.cancel_cause is None  # it happened
    # The inmate's list, and the request's history the inmate reads.
    assert appointments.upcoming_for_inmate(db, clock.now(), inmate) == []
    assert appointments.upcoming_for_inmate(db, clock.now(), inmate,
                                            with_cancelled=True) == [linked, loose]
    seen = [e for e in requests.history(db, item, for_inmate=True)
            if e.kind == "appointment_cancelled"]
    assert [json.loads(e.detail) for e in seen] == [
        {"appointment": linked.id, "cause": "transfer"}]
    # Both prisons' officer lists: nothing next week, here or there.
    for officer in ("officer", "other_officer"):
        assert appointments.daily_list(db, clock.now(), _staff(db, world, officer),
                                       NEXT_WEEK.date()) == []
    # The day that has been: in the old prison, never under a unit of the new one.
    rows = appointments.daily_list(db, clock.now(), _staff(db, world, "officer"), NINE.date())
    assert [(r.inmate_number, r.prison, r.unit) for r in rows] == [("A100", "Fengsel A", None)]
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "appointment.cancel")).all()
    assert sorted(a.subject_id for a in audit) == sorted([linked.id, loose.id])
    assert all(json.loads(a.detail)["cause"] == "transfer" for a in audit)
    update = db.scalar(select(AuditEvent).where(AuditEvent.action == "inmate.update"))
    assert json.loads(update.detail)["appointments_cancelled"] == 2


def test_the_freed_slots_can_be_booked_again(db, clock, world):
    inmate, _item, _past, linked, _loose = _arrange(db, clock, world)
    _move(db, clock, world, inmate, world.other_prison)
    other = db.get(Inmate, world.inmates["a2"].id)
    adviser = _staff(db, world)
    again = appointments.book(db, clock.now(), adviser, other, adviser.id, NEXT_WEEK)
    assert again.starts_at == linked.starts_at


def test_no_move_cancels_nothing(db, clock, world):
    inmate, _item, _past, linked, loose = _arrange(db, clock, world)
    _move(db, clock, world, inmate, world.prison, world.prison.units[0].id)
    assert (linked.status, loose.status) == ("booked", "booked")
    assert db.scalar(select(RequestEvent.id).where(
        RequestEvent.kind == "appointment_cancelled")) is None


def test_leaving_the_prison_system_cancels_them_too(db, clock, world):
    """Marked transferred (to a prison outside Brobygger) or released: nobody is there to
    come, so the slots are freed and the officers' list stays true."""
    inmate, _item, _past, linked, loose = _arrange(db, clock, world)
    _move(db, clock, world, inmate, world.prison, world.prison.units[0].id,
          status="transferred")
    assert [(a.status, a.cancel_cause) for a in (linked, loose)] == [("cancelled", "transfer")] * 2
    inmate2 = db.get(Inmate, world.inmates["a2"].id)
    adviser = _staff(db, world)
    booked = appointments.book(db, clock.now(), adviser, inmate2, adviser.id,
                               NEXT_WEEK + timedelta(hours=1))
    _move(db, clock, world, inmate2, world.prison, world.prison.units[0].id, status="released")
    assert (booked.status, booked.cancel_cause) == ("cancelled", "release")
