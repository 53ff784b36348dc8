"""Office hours: when a staff member receives inmates in a prison, and the free slots in them.

NAV advisers are often in a prison only on some weekdays. Each publishes their own weekly
hours per prison, in Oslo wall-clock time; the free slots are generated from them for the
coming working days (Norwegian public holidays excluded), converted to UTC day by day so
that a 09:00 slot stays at 09:00 across the daylight-saving changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO, to_oslo
from core.models import Appointment, OfficeHours, StaffUser
from core.parsing import parse_id
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.workdays import is_working_day

MIN_SLOT, MAX_SLOT = 15, 120
MAX_ROOM = 80
WORKDAYS = range(5)  # Monday to Friday: slots are only offered on working days
DEFAULT_DAYS = 14
BOOKED = "booked"


@dataclass
class HoursData:
    prison_id: int
    weekday: int
    starts: time
    ends: time
    slot_minutes: int
    room: str
    valid_from: date
    valid_until: date | None = None


@dataclass(frozen=True)
class Slot:
    """A bookable stretch of time: one staff member, one prison, a room (all UTC)."""

    staff_id: int
    prison_id: int
    starts_at: datetime
    ends_at: datetime
    room: str

    @property
    def key(self) -> str:
        """How a form names the slot: staff id and start as a Unix time."""
        return f"{self.staff_id}@{int(self.starts_at.timestamp())}"


def parse_key(value: str | None) -> tuple[int, datetime] | None:
    """(staff id, start in UTC) from a slot's key, or None when it is not one."""
    raw_staff_id, _, raw_stamp = (value or "").partition("@")
    staff_id, stamp = parse_id(raw_staff_id), parse_id(raw_stamp, max_value=10**12 - 1)
    if staff_id is None or stamp is None:
        return None
    return staff_id, datetime.fromtimestamp(stamp, timezone.utc)


def check_room(room: str) -> str:
    room = room.strip()
    if not room:
        raise ServiceError("room_required")
    if len(room) > MAX_ROOM:
        raise ServiceError("room_too_long", max=MAX_ROOM)
    return room


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _check(data: HoursData) -> None:
    if data.weekday not in WORKDAYS:
        raise ServiceError("weekday_unknown")
    if not MIN_SLOT <= data.slot_minutes <= MAX_SLOT:
        raise ServiceError("slot_length", min=MIN_SLOT, max=MAX_SLOT)
    if data.starts >= data.ends:
        raise ServiceError("hours_order")
    if _minutes(data.ends) - _minutes(data.starts) < data.slot_minutes:
        raise ServiceError("no_slot_fits")
    if data.valid_until is not None and data.valid_until < data.valid_from:
        raise ServiceError("valid_until_before")


def _overlaps(db: Session, staff: StaffUser, data: HoursData) -> bool:
    """Whether the staff member already has hours on that weekday at that time, in any
    prison, for some of the same dates: one person cannot be in two places at once."""
    for other in db.scalars(select(OfficeHours).where(OfficeHours.staff_id == staff.id,
                                                      OfficeHours.weekday == data.weekday)):
        same_time = other.starts < data.ends and data.starts < other.ends
        same_dates = ((other.valid_until is None or data.valid_from <= other.valid_until)
                      and (data.valid_until is None or other.valid_from <= data.valid_until))
        if same_time and same_dates:
            return True
    return False


def publish(db: Session, now: datetime, staff: StaffUser, data: HoursData) -> OfficeHours:
    """A staff member publishes their own weekly hours in a prison they serve."""
    if not allowed(staff, Can.PUBLISH_OFFICE_HOURS):
        raise NotFound()
    if data.prison_id not in staff.prison_ids:
        raise ServiceError("prison_not_served")
    room = check_room(data.room)
    _check(data)
    if _overlaps(db, staff, data):
        raise ServiceError("hours_overlap")
    hours = OfficeHours(staff_id=staff.id, prison_id=data.prison_id, weekday=data.weekday,
                        starts=data.starts, ends=data.ends, slot_minutes=data.slot_minutes,
                        room=room, valid_from=data.valid_from, valid_until=data.valid_until,
                        created_at=now)
    db.add(hours)
    db.flush()
    audit.record(db, now, Actor("staff", staff.id), "office_hours.publish",
                 subject_type="office_hours", subject_id=hours.id, prison_id=hours.prison_id,
                 detail=_described(hours))
    return hours


def _described(hours: OfficeHours) -> dict:
    return {"weekday": hours.weekday, "starts": hours.starts.strftime("%H:%M"),
            "ends": hours.ends.strftime("%H:%M"), "slot_minutes": hours.slot_minutes,
            "room": hours.room, "valid_from": hours.valid_from.isoformat(),
            "valid_until": hours.valid_until.isoformat() if hours.valid_until else None}


def hours_of(db: Session, now: datetime, staff: StaffUser) -> list[OfficeHours]:
    """The staff member's own hours that have not ended, by prison, weekday and time."""
    today = to_oslo(now).date()
    return list(db.scalars(
        select(OfficeHours)
        .where(OfficeHours.staff_id == staff.id,
               (OfficeHours.valid_until.is_(None)) | (OfficeHours.valid_until >= today))
        .order_by(OfficeHours.prison_id, OfficeHours.weekday, OfficeHours.starts)))


def remove(db: Session, now: datetime, staff: StaffUser, hours_id: int) -> int:
    """Removes the staff member's own hours. Appointments booked in them stay booked:
    returns how many upcoming ones there are, so the page can say so."""
    hours = db.get(OfficeHours, hours_id)
    if hours is None or hours.staff_id != staff.id:
        raise NotFound()
    kept = sum(1 for a in booked(db, now, staff_id=staff.id, prison_id=hours.prison_id)
               if _in_hours(hours, a.starts_at, a.ends_at))
    audit.record(db, now, Actor("staff", staff.id), "office_hours.remove",
                 subject_type="office_hours", subject_id=hours.id, prison_id=hours.prison_id,
                 detail={**_described(hours), "appointments_kept": kept})
    db.delete(hours)
    db.flush()
    return kept


def _in_hours(hours: OfficeHours, starts_at: datetime, ends_at: datetime) -> bool:
    start, end = to_oslo(starts_at), to_oslo(ends_at)
    return (start.weekday() == hours.weekday and hours.valid_from <= start.date()
            and (hours.valid_until is None or start.date() <= hours.valid_until)
            and hours.starts <= start.time() and end.time() <= hours.ends)


# Slots --------------------------------------------------------------------------------

def _utc(wall_clock: datetime) -> datetime:
    """An Oslo wall-clock time as UTC: the offset is that of the day itself."""
    return wall_clock.replace(tzinfo=OSLO).astimezone(timezone.utc)


def slots_in(hours: OfficeHours, day: date) -> list[Slot]:
    """Every slot of ``hours`` on ``day``, free or not; none on a day off."""
    if (day.weekday() != hours.weekday or not is_working_day(day) or day < hours.valid_from
            or (hours.valid_until is not None and day > hours.valid_until)):
        return []
    length = timedelta(minutes=hours.slot_minutes)
    start, end = datetime.combine(day, hours.starts), datetime.combine(day, hours.ends)
    slots = []
    while start + length <= end:
        slots.append(Slot(hours.staff_id, hours.prison_id, _utc(start),
                          _utc(start + length), hours.room))
        start += length
    return slots


def _offering(db: Session, prison_id: int, staff_id: int | None = None) -> list[OfficeHours]:
    """Hours in the prison of active staff who still serve it."""
    query = select(OfficeHours).where(OfficeHours.prison_id == prison_id)
    if staff_id is not None:
        query = query.where(OfficeHours.staff_id == staff_id)
    return [h for h in db.scalars(query.order_by(OfficeHours.starts))
            if h.staff.active and prison_id in h.staff.prison_ids]


def booked(db: Session, now: datetime, *, staff_id: int | None = None,
            inmate_id: int | None = None, prison_id: int | None = None) -> list[Appointment]:
    query = select(Appointment).where(Appointment.status == BOOKED, Appointment.ends_at > now)
    if staff_id is not None:
        query = query.where(Appointment.staff_id == staff_id)
    if inmate_id is not None:
        query = query.where(Appointment.inmate_id == inmate_id)
    if prison_id is not None:
        query = query.where(Appointment.prison_id == prison_id)
    return list(db.scalars(query))


def overlaps(slot_start: datetime, slot_end: datetime, busy: list[Appointment]) -> bool:
    return any(a.starts_at < slot_end and slot_start < a.ends_at for a in busy)


def free_slots(db: Session, now: datetime, prison_id: int, *, staff_id: int | None = None,
               inmate_id: int | None = None, days: int = DEFAULT_DAYS) -> list[Slot]:
    """Free slots in a prison from today (Oslo) and ``days`` days on, never in the past,
    never overlapping a booked appointment of the staff member or of the inmate; by staff
    member only when ``staff_id`` is given. Sorted by time."""
    today = to_oslo(now).date()
    hours = _offering(db, prison_id, staff_id)
    inmate_busy = booked(db, now, inmate_id=inmate_id) if inmate_id is not None else []
    staff_busy: dict[int, list[Appointment]] = {}
    slots = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        for h in hours:
            for slot in slots_in(h, day):
                if slot.starts_at <= now:
                    continue
                if h.staff_id not in staff_busy:
                    staff_busy[h.staff_id] = booked(db, now, staff_id=h.staff_id)
                if not overlaps(slot.starts_at, slot.ends_at,
                                staff_busy[h.staff_id] + inmate_busy):
                    slots.append(slot)
    return sorted(slots, key=lambda s: (s.starts_at, s.staff_id))


def offered_slot(db: Session, prison_id: int, staff_id: int, starts_at: datetime) -> Slot | None:
    """The slot of the staff member's hours in the prison that starts at ``starts_at``,
    free or not; None when no office hours have such a slot."""
    day = to_oslo(starts_at).date()
    for hours in _offering(db, prison_id, staff_id):
        for slot in slots_in(hours, day):
            if slot.starts_at == starts_at:
                return slot
    return None
