"""What staff record after the person's hand-over to the home Nav office was made (issue 15):
that the home office confirmed receipt (date, person, channel), the appointments outside
the prison after release, and the first appointment's outcome after release (kept, missed,
unknown). Each change is audited; ``follow_up`` reads them for the hand-over page. The
hand-over itself, and who may see it (``inmate_for``), is core.services.release.handover's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO, to_oslo
from core.models import Handover, Inmate, ReleaseAppointment, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.release.handover import appointments_of, inmate_for, record_of

CHANNELS = ("phone", "email", "letter", "nav_systems", "meeting")
OUTCOMES = ("kept", "missed", "unknown")
MAX_NAME = 120
MAX_PLACE = 120
MAX_TEXT = 200


def _clean(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if len(text) > limit:
        raise ServiceError("text_too_long", max=limit)
    return text


def confirm_receipt(db: Session, now: datetime, staff: StaffUser, inmate_id: int,
                    on: date | None, person: str, channel: str) -> None:
    """The home office confirmed receipt: on which day, who, by which channel. Only after
    a hand-over was made, not in the future, not before the first copy was made."""
    inmate = inmate_for(db, staff, inmate_id)
    row = record_of(db, inmate)
    if row is None or row.first_made_at is None:
        raise ServiceError("handover_not_made")
    if on is None:
        raise ServiceError("date_required")
    if on > to_oslo(now).date():
        raise ServiceError("date_in_future")
    if on < to_oslo(row.first_made_at).date():
        raise ServiceError("receipt_before_handover")
    person = _clean(person, MAX_NAME)
    if not person:
        raise ServiceError("receipt_person_required")
    if channel not in CHANNELS:
        raise ServiceError("receipt_channel_unknown")
    row.receipt_on, row.receipt_person, row.receipt_channel = on, person, channel
    row.receipt_recorded_by, row.updated_at = staff.id, now
    audit.record(db, now, Actor("staff", staff.id), "release_handover.receipt",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"on": on.isoformat(), "channel": channel})


def add_appointment(db: Session, now: datetime, staff: StaffUser, inmate_id: int, *,
                    day: date | None, at: time | None, place: str, address: str = "",
                    with_whom: str = "", what: str = "") -> ReleaseAppointment:
    """An appointment outside the prison after release. Its time must be in the future."""
    inmate = inmate_for(db, staff, inmate_id)
    if day is None or at is None:
        raise ServiceError("date_required")
    starts = datetime.combine(day, at, tzinfo=OSLO)
    if starts <= now:
        raise ServiceError("date_in_past")
    place = _clean(place, MAX_PLACE)
    if not place:
        raise ServiceError("appointment_place_required")
    row = ReleaseAppointment(inmate_id=inmate.id, starts_at=starts, place=place,
                             address=_clean(address, MAX_TEXT),
                             with_whom=_clean(with_whom, MAX_NAME), what=_clean(what, MAX_TEXT),
                             created_at=now, created_by=staff.id)
    db.add(row)
    db.flush()
    audit.record(db, now, Actor("staff", staff.id), "release_appointment.add",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"appointment": row.id})
    return row


def _appointment(db: Session, staff: StaffUser, inmate_id: int, appointment_id: int
                 ) -> tuple[Inmate, ReleaseAppointment]:
    inmate = inmate_for(db, staff, inmate_id)
    row = db.get(ReleaseAppointment, appointment_id)
    if row is None or row.inmate_id != inmate.id:
        raise NotFound()
    return inmate, row


def remove_appointment(db: Session, now: datetime, staff: StaffUser, inmate_id: int,
                       appointment_id: int) -> None:
    inmate, row = _appointment(db, staff, inmate_id, appointment_id)
    db.delete(row)
    audit.record(db, now, Actor("staff", staff.id), "release_appointment.remove",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"appointment": appointment_id})


def record_outcome(db: Session, now: datetime, staff: StaffUser, inmate_id: int,
                   appointment_id: int, outcome: str) -> None:
    """Whether the person came to the appointment: kept, missed or unknown; only once its
    time has come."""
    inmate, row = _appointment(db, staff, inmate_id, appointment_id)
    if outcome not in OUTCOMES:
        raise ServiceError("outcome_unknown")
    if row.starts_at > now:
        raise ServiceError("outcome_too_early")
    row.outcome, row.outcome_recorded_by = outcome, staff.id
    audit.record(db, now, Actor("staff", staff.id), "release_appointment.outcome",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"appointment": row.id, "outcome": outcome})


@dataclass(frozen=True)
class FollowUp:
    """For the staff page: the hand-over row and the appointments, whatever the consents."""

    inmate: Inmate
    record: Handover | None
    appointments: list[ReleaseAppointment]
    names: dict[int, str]


def follow_up(db: Session, staff: StaffUser, inmate_id: int) -> FollowUp:
    """Not audited on its own: read on the hand-over page, whose read is audited."""
    inmate = inmate_for(db, staff, inmate_id)
    row = record_of(db, inmate)
    appointments = appointments_of(db, inmate)
    ids = {i for i in [row.receipt_recorded_by if row else None,
                       *[a.outcome_recorded_by for a in appointments]] if i}
    names = dict(db.execute(select(StaffUser.id, StaffUser.name)
                            .where(StaffUser.id.in_(ids))).all()) if ids else {}
    return FollowUp(inmate, row, appointments, names)
