"""Inmates: records, PINs, kiosk sign-in and lockout."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, locales
from core.audit import Actor
from core.clock import to_oslo
from core.db import outside_transaction
from core.models import Inmate, InmateStatus, StaffUser, Terminal
from core.security import sessions
from core.security.hashing import SecretHasher, new_pin
from core.services import throttle
from core.services.errors import ServiceError
from core.services.directory.municipalities import by_number
from core.services.scoping import scoped

INMATE_NUMBER = re.compile(r"^[0-9A-Za-z-]{3,16}$")
PIN = re.compile(r"^[0-9]{6}$")
LANGUAGES = locales.KIOSK  # an inmate's language: one the kiosk speaks


@dataclass
class InmateData:
    inmate_number: str
    name: str
    prison_id: int
    unit_id: int | None
    municipality_number: str | None
    language: str
    expected_release: date | None
    status: str = InmateStatus.PRESENT.value


def _apply(inmate: Inmate, data: InmateData, today: date | None = None) -> None:
    municipality = by_number(data.municipality_number)
    if data.municipality_number and municipality is None:
        raise ServiceError("municipality_unknown")
    if data.language not in LANGUAGES:
        raise ServiceError("language_unknown")
    if data.status not in {s.value for s in InmateStatus} - {InmateStatus.PURGED.value}:
        raise ServiceError("status_unknown")
    inmate.name = data.name.strip()
    inmate.prison_id = data.prison_id
    inmate.unit_id = data.unit_id
    inmate.municipality_number = municipality.number if municipality else None
    inmate.municipality_name = municipality.name if municipality else None
    inmate.language = data.language
    inmate.expected_release = data.expected_release
    if data.status == InmateStatus.RELEASED.value and inmate.status != data.status:
        inmate.released_on = today  # retention counts from here (core.services.records.retention)
    elif data.status != InmateStatus.RELEASED.value:
        inmate.released_on = None
    inmate.status = data.status


def create(db: Session, now: datetime, actor: StaffUser, data: InmateData) -> Inmate:
    number = data.inmate_number.strip().upper()
    if not INMATE_NUMBER.match(number):
        raise ServiceError("inmate_number_format")
    if db.scalar(select(Inmate.id).where(Inmate.inmate_number == number)):
        raise ServiceError("inmate_number_taken")
    inmate = Inmate(inmate_number=number, created_at=now)
    _apply(inmate, data, to_oslo(now).date())
    db.add(inmate)
    db.flush()
    audit.record(db, now, Actor("staff", actor.id), "inmate.create", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return inmate


def update(db: Session, now: datetime, actor: StaffUser, inmate: Inmate, data: InmateData) -> None:
    from core.services.appointments import booking as appointments
    from core.services.requests import filing as requests
    from core.services.work_shop import shops as work_shops

    from core.services.release import plan_lifecycle

    before, before_status, before_expected = inmate.prison_id, inmate.status, \
        inmate.expected_release
    _apply(inmate, data, to_oslo(now).date())
    detail = {}
    if before != inmate.prison_id:
        detail = {"moved_from": before,
                  "requests_moved": requests.move_with_inmate(db, now, actor, inmate, before)}
    cancelled = appointments.cancel_on_leaving(db, now, actor, inmate, before)
    if cancelled:
        detail["appointments_cancelled"] = cancelled
    detail.update(plan_lifecycle.on_inmate_changed(
        db, now, actor, inmate, before_prison=before, before_status=before_status,
        before_expected=before_expected))
    if work_shops.end_on_leaving(db, now, inmate):
        detail["work_shop_ended"] = True
    audit.record(db, now, Actor("staff", actor.id), "inmate.update", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id, detail=detail)


def list_for(db: Session, actor: StaffUser, query: str = "") -> list[Inmate]:
    stmt = scoped(select(Inmate), Inmate.prison_id, actor).where(
        Inmate.status != InmateStatus.PURGED.value).order_by(Inmate.name)
    if query:
        like = f"%{query.strip()}%"
        stmt = stmt.where(Inmate.name.ilike(like) | Inmate.inmate_number.ilike(like))
    return list(db.scalars(stmt.limit(500)))


def reset_pin(db: Session, now: datetime, actor: StaffUser, inmate: Inmate,
              hasher: SecretHasher) -> str:
    """A new PIN, returned once for the slip. It also lifts a lockout.

    The PIN is one-time (issue 12): it works for one sign-in, and that sign-in only lets
    the inmate choose a PIN of their own (``must_choose_pin``, ``choose_pin``), after
    being told who reset it and when (``pin_reset_notice``). So staff who reset a PIN
    cannot read what the inmate wrote without the inmate finding their own PIN refused,
    and the reset is in the inmate's log of what was done with their data
    (``inmate.reset_pin``, by the staff member, about the inmate). The inmate's live
    sessions end."""
    pin = new_pin()
    inmate.pin_hash = hasher.hash(pin)
    inmate.pin_set_at = now
    inmate.pin_one_time = True
    inmate.pin_reset_by = actor.id
    throttle.unlock(db, now, "inmate", inmate.inmate_number)
    sessions.end_all(db, now, "pin_reset", inmate_id=inmate.id)
    audit.record(db, now, Actor("staff", actor.id), "inmate.reset_pin", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id, detail={"one_time": True})
    return pin


def must_choose_pin(inmate: Inmate) -> bool:
    """True while the inmate's PIN is one given by staff: then choosing their own is all
    the kiosk lets them do."""
    return inmate.pin_one_time


def pin_reset_notice(db: Session, inmate: Inmate) -> tuple[str, datetime] | None:
    """Who gave the inmate's current PIN, and when; None when the PIN is their own."""
    if not inmate.pin_one_time:
        return None
    staff = db.get(StaffUser, inmate.pin_reset_by) if inmate.pin_reset_by else None
    return (staff.name if staff else "", inmate.pin_set_at)


def _too_simple(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    return len(steps) == 1 and steps <= {-1, 0, 1}  # 111111, 123456, 654321


def choose_pin(db: Session, now: datetime, inmate: Inmate, pin: str, repeat: str,
               hasher: SecretHasher, *, terminal_id: int | None) -> None:
    """The inmate's own PIN, in place of one given by staff. ServiceError 'pin_format',
    'pin_mismatch' or 'pin_too_simple'."""
    if not PIN.match(pin or ""):
        raise ServiceError("pin_format")
    if pin != repeat:
        raise ServiceError("pin_mismatch")
    if _too_simple(pin):
        raise ServiceError("pin_too_simple")
    inmate.pin_hash = hasher.hash(pin)
    inmate.pin_set_at = now
    inmate.pin_one_time = False
    inmate.pin_reset_by = None
    audit.record(db, now, Actor("inmate", inmate.id), "inmate.choose_pin",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"terminal": terminal_id})


def is_locked(db: Session, inmate: Inmate, threshold: int) -> bool:
    return throttle.is_locked(db, "inmate", inmate.inmate_number, threshold)


def unlock(db: Session, now: datetime, actor: StaffUser, inmate: Inmate) -> None:
    throttle.unlock(db, now, "inmate", inmate.inmate_number)
    audit.record(db, now, Actor("staff", actor.id), "inmate.unlock", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)


def sign_in(db: Session, now: datetime, terminal: Terminal, number: str, pin: str,
            hasher: SecretHasher, limits: throttle.Limits) -> Inmate:
    """The inmate, or ServiceError: 'locked', 'terminal_throttled' or 'bad_credentials'.

    The same answer is given for an unknown number as for a wrong PIN, and unknown
    numbers lock the same way, so nothing tells which numbers exist.
    """
    subject = number.strip().upper()
    failures = throttle.recent_failures(db, now, limits.window, terminal_id=terminal.id)
    if failures >= limits.place_limit:
        raise ServiceError("terminal_throttled")
    if throttle.is_locked(db, "inmate", subject, limits.threshold):
        raise ServiceError("locked")
    inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == subject))
    valid_inmate = (
        inmate is not None
        and inmate.prison_id == terminal.prison_id
        and inmate.status == InmateStatus.PRESENT.value
    )
    stored = inmate.pin_hash if valid_inmate else None

    def check() -> tuple[bool, str | None]:
        """Whether the PIN is right, and its new hash when the stored one is out of date."""
        ok = hasher.verify(stored, pin if PIN.match(pin) else "")
        return ok, (hasher.hash(pin) if ok and hasher.needs_rehash(stored) else None)

    pin_ok, fresh_hash = outside_transaction(db, check)
    if pin_ok and throttle.is_locked(db, "inmate", subject, limits.threshold):
        raise ServiceError("locked")  # locked by others' failures while the PIN was checked
    if not (valid_inmate and pin_ok):
        throttle.record(db, now, "inmate", subject, "failure", terminal_id=terminal.id)
        if throttle.is_locked(db, "inmate", subject, limits.threshold):
            if inmate is not None:
                audit.record(db, now, Actor("terminal", terminal.id), "inmate.locked",
                             subject_type="inmate", subject_id=inmate.id,
                             prison_id=inmate.prison_id)
            raise ServiceError("locked")
        raise ServiceError("bad_credentials")
    if fresh_hash:  # made before the pepper, or at another cost
        inmate.pin_hash = fresh_hash
    one_time = inmate.pin_one_time
    if one_time:  # used up: this session is for choosing their own (must_choose_pin)
        inmate.pin_hash = None
    throttle.record(db, now, "inmate", subject, "success", terminal_id=terminal.id)
    audit.record(db, now, Actor("inmate", inmate.id), "inmate.sign_in", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"terminal": terminal.id, "one_time_pin": True} if one_time
                 else {"terminal": terminal.id})
    return inmate
