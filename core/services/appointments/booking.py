"""Appointments: a conversation booked into a free slot of someone's office hours.

Staff who book (advisers, social workers, the school) book an inmate in a prison they
serve into a free slot of any staff member's office hours there, usually from a request
they may read. The slot is checked again inside the booking's transaction, after locking
the inmate and the staff member, so two bookings racing for one slot cannot both win.

Confidentiality: an officer sees that an inmate has an appointment, when and where, never
what it is about. The daily list is made of DailyRow, which carries no request, topic or
staff member, so a page cannot show them by mistake.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO, as_utc
from core.models import (OPEN_STATUSES, Appointment, Inmate, InmateStatus, Prison, Request,
                         RequestEvent, StaffUser, Status, Unit)
from core.services.appointments import office_hours
from core.services.requests import filing as requests
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed, in_scope
from core.services.scoping import scoped

BOOKED, CANCELLED = "booked", "cancelled"
# Why the system cancelled an appointment (Appointment.cancel_cause); None when staff did.
TRANSFER, RELEASE = "transfer", "release"
MAX_REASON = 1000


# Booking ------------------------------------------------------------------------------

def _serialise(db: Session, inmate_id: int, staff_id: int) -> None:
    """Lock the inmate and the staff member until the transaction ends, so that a second
    booking for either waits here and then sees the first one in its re-check."""
    if db.get_bind().dialect.name == "sqlite":
        # SQLite has one writer at a time: a write now holds that lock until commit.
        db.execute(update(Inmate.__table__).where(Inmate.id == inmate_id)
                   .values(id=Inmate.__table__.c.id))
        return
    db.execute(select(Inmate.id).where(Inmate.id == inmate_id).with_for_update())
    db.execute(select(StaffUser.id).where(StaffUser.id == staff_id).with_for_update())


def _history(db: Session, now: datetime, request: Request, staff: StaffUser, kind: str,
             appointment: Appointment, cause: str | None = None) -> None:
    """An entry in the request's history, which the inmate sees too."""
    detail = {"appointment": appointment.id} | ({"cause": cause} if cause else {})
    db.add(RequestEvent(request_id=request.id, at=now, actor_type="staff", actor_id=staff.id,
                        kind=kind, detail=json.dumps(detail), visible_to_inmate=True))


def book(db: Session, now: datetime, booker: StaffUser, inmate: Inmate, staff_id: int,
         starts_at: datetime, *, request: Request | None = None, room: str = "") -> Appointment:
    """Books ``inmate`` into the slot of staff member ``staff_id``'s office hours in the
    inmate's prison that starts at ``starts_at``; in the hours' room unless ``room`` says
    otherwise. Linked to ``request`` when given: it must be the inmate's, and readable by
    the booker. NotFound for anything outside the booker's prisons or topics."""
    if not (allowed(booker, Can.BOOK_APPOINTMENTS) and in_scope(booker, inmate.prison_id)):
        raise NotFound()
    if request is not None and (request.inmate_id != inmate.id
                                or not requests.staff_may_work(booker, request)):
        raise NotFound()
    if inmate.status != InmateStatus.PRESENT.value:
        raise ServiceError("inmate_not_present")
    if request is not None and Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_not_open")
    room = office_hours.check_room(room) if room.strip() else ""
    starts_at = as_utc(starts_at)
    if starts_at <= now:
        raise ServiceError("slot_past")
    slot = office_hours.offered_slot(db, inmate.prison_id, staff_id, starts_at)
    if slot is None:
        raise ServiceError("slot_not_offered")
    _serialise(db, inmate.id, staff_id)
    busy = (office_hours.booked(db, now, staff_id=staff_id)
            + office_hours.booked(db, now, inmate_id=inmate.id))
    if office_hours.overlaps(slot.starts_at, slot.ends_at, busy):
        raise ServiceError("slot_taken")
    appointment = Appointment(
        prison_id=inmate.prison_id, inmate_id=inmate.id, staff_id=staff_id,
        request_id=request.id if request else None, starts_at=slot.starts_at,
        ends_at=slot.ends_at, room=room or slot.room, status=BOOKED, created_at=now,
        created_by=booker.id)
    db.add(appointment)
    db.flush()
    if request is not None:
        _history(db, now, request, booker, "appointment", appointment)
    audit.record(db, now, Actor("staff", booker.id), "appointment.book",
                 subject_type="appointment", subject_id=appointment.id,
                 prison_id=appointment.prison_id,
                 detail={"inmate": inmate.id, "staff": staff_id,
                         "request": request.id if request else None})
    return appointment


# Cancelling ---------------------------------------------------------------------------

def _request_of(db: Session, appointment: Appointment) -> Request | None:
    return db.get(Request, appointment.request_id) if appointment.request_id else None


def may_manage(db: Session, staff: StaffUser, appointment: Appointment) -> bool:
    """Who may cancel: a booker in the prison who may read the linked request, or, for an
    appointment without one, the staff member it is with or who booked it."""
    if not (allowed(staff, Can.BOOK_APPOINTMENTS) and in_scope(staff, appointment.prison_id)):
        return False
    request = _request_of(db, appointment)
    if request is not None:
        return requests.staff_may_work(staff, request)
    return staff.id in (appointment.staff_id, appointment.created_by)


def staff_appointment(db: Session, staff: StaffUser, appointment_id: int) -> Appointment:
    appointment = db.get(Appointment, appointment_id)
    if appointment is None or not may_manage(db, staff, appointment):
        raise NotFound()
    return appointment


def cancel(db: Session, now: datetime, staff: StaffUser, appointment: Appointment,
           reason: str) -> None:
    """Cancels a booked appointment that has not started; the reason is for staff."""
    if not may_manage(db, staff, appointment):
        raise NotFound()
    if appointment.status != BOOKED:
        raise ServiceError("appointment_cancelled")
    if appointment.starts_at <= now:
        raise ServiceError("appointment_started")
    reason = reason.strip()
    if not reason:
        raise ServiceError("reason_required")
    if len(reason) > MAX_REASON:
        raise ServiceError("text_too_long", max=MAX_REASON)
    appointment.status = CANCELLED
    appointment.cancelled_at = now
    appointment.cancel_reason = reason
    request = _request_of(db, appointment)
    if request is not None:
        _history(db, now, request, staff, "appointment_cancelled", appointment)
    audit.record(db, now, Actor("staff", staff.id), "appointment.cancel",
                 subject_type="appointment", subject_id=appointment.id,
                 prison_id=appointment.prison_id, detail={"request": appointment.request_id})


def cancel_on_leaving(db: Session, now: datetime, actor: StaffUser, inmate: Inmate,
                      from_prison: int) -> int:
    """The inmate has left prison ``from_prison`` (moved to another prison, transferred
    out of Brobygger or released): its booked appointments that have not ended are
    cancelled, since a slot of someone's office hours in a room there cannot be kept
    elsewhere. The inmate sees why (``cancel_cause``); the slots are free again; a linked
    request's history says so. Call it after the inmate's record is changed. Returns how
    many were cancelled."""
    if inmate.prison_id == from_prison and inmate.status == InmateStatus.PRESENT.value:
        return 0
    cause = RELEASE if inmate.status == InmateStatus.RELEASED.value else TRANSFER
    left = db.scalars(select(Appointment).where(
        Appointment.inmate_id == inmate.id, Appointment.prison_id == from_prison,
        Appointment.status == BOOKED, Appointment.ends_at > now)
        .order_by(Appointment.starts_at, Appointment.id)).all()
    for appointment in left:
        appointment.status = CANCELLED
        appointment.cancelled_at = now
        appointment.cancel_cause = cause
        request = _request_of(db, appointment)
        if request is not None:
            _history(db, now, request, actor, "appointment_cancelled", appointment, cause)
        audit.record(db, now, Actor("staff", actor.id), "appointment.cancel",
                     subject_type="appointment", subject_id=appointment.id,
                     prison_id=appointment.prison_id,
                     detail={"request": appointment.request_id, "cause": cause})
    return len(left)


# Lists --------------------------------------------------------------------------------

def for_request(db: Session, request: Request) -> list[Appointment]:
    """Every appointment of a request, cancelled ones too, by time."""
    return list(db.scalars(select(Appointment).where(Appointment.request_id == request.id)
                           .order_by(Appointment.starts_at, Appointment.id)))


def for_inmate_request(db: Session, inmate: Inmate, request_id: int) -> list[Appointment]:
    """The appointments of one of the inmate's own requests (NotFound for another's)."""
    return for_request(db, requests.inmate_request(db, inmate, request_id))


def upcoming_for_inmate(db: Session, now: datetime, inmate: Inmate, *,
                        with_cancelled: bool = False) -> list[Appointment]:
    """Appointments that have not ended, by time; cancelled ones only when asked."""
    query = select(Appointment).where(Appointment.inmate_id == inmate.id,
                                      Appointment.ends_at > now)
    if not with_cancelled:
        query = query.where(Appointment.status == BOOKED)
    return list(db.scalars(query.order_by(Appointment.starts_at, Appointment.id)))


@dataclass(frozen=True)
class DailyRow:
    """One line of the officers' daily list: when, where and who. Nothing about what."""

    starts_at: datetime
    ends_at: datetime
    room: str
    inmate_name: str
    inmate_number: str
    unit: str | None
    prison: str


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The Oslo day as a UTC interval (23 or 25 hours long on daylight-saving days)."""
    start = datetime.combine(day, time(0), tzinfo=OSLO)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _unit_then(db: Session, appointment: Appointment) -> str | None:
    """The inmate's unit, if it is in the appointment's prison: after a move, a past day's
    list never names a unit of the new prison (the unit then is not kept)."""
    unit_id = appointment.inmate.unit_id
    unit = db.get(Unit, unit_id) if unit_id else None
    return unit.name if unit is not None and unit.prison_id == appointment.prison_id else None


def daily_list(db: Session, now: datetime, staff: StaffUser, day: date,
               unit_id: int | None = None) -> list[DailyRow]:
    """The booked appointments of a day in the prisons the staff member serves, by
    prison, unit and time; for one unit when ``unit_id`` is given. Audited as a read."""
    if not allowed(staff, Can.VIEW_DAILY_LIST):
        raise NotFound()
    unit = db.get(Unit, unit_id) if unit_id else None
    if unit_id and (unit is None or not in_scope(staff, unit.prison_id)):
        raise NotFound()
    start, end = day_bounds(day)
    query = scoped(select(Appointment).where(Appointment.status == BOOKED,
                                             Appointment.starts_at >= start,
                                             Appointment.starts_at < end),
                   Appointment.prison_id, staff)
    if unit is not None:
        query = query.join(Inmate, Inmate.id == Appointment.inmate_id).where(
            Inmate.unit_id == unit.id)
    prisons = dict(db.execute(select(Prison.id, Prison.name)).all())
    rows = [DailyRow(a.starts_at, a.ends_at, a.room, a.inmate.name, a.inmate.inmate_number,
                     _unit_then(db, a), prisons[a.prison_id]) for a in db.scalars(query)]
    rows.sort(key=lambda r: (r.prison, r.unit or "", r.starts_at, r.inmate_name))
    audit.record(db, now, Actor("staff", staff.id), "appointment.daily_list",
                 prison_id=unit.prison_id if unit else None,
                 detail={"day": day.isoformat(), "unit": unit_id, "count": len(rows)})
    return rows
