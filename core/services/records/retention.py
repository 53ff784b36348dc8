"""Retention: personal data is deleted when it is no longer needed.

- An inmate released more than RETENTION_MONTHS ago (12 by default, counted from
  Inmate.released_on) loses everything held about them: every row of every table that
  refers to the inmate (requests with their messages and history, consents, drafts,
  appointments, forms, the release plan (its items and history go with it by the
  foreign keys' ON DELETE CASCADE), benefit plan, lesson progress, certificates, class
  attendance, practice, sessions; found from the schema, so a new
  table is covered too), and the sign-in attempts under their number.
- The inmate's own row stays as an empty tombstone (status "purged", no name, number,
  municipality, dates or PIN), so that its id is never given to anyone else.
- The audit log is append-only and hash-chained, so its events stay, but they now carry
  only that id, which no longer leads to a person: a pseudonymous id. Events never hold
  names or typed text about inmates (see the callers of core.audit.record).
- Ended sessions older than 30 days and sign-in attempts older than 90 days go too.

`brobygger purge --dry-run` reports what would go without deleting anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import (Appointment, Base, Consent, FormSubmission, Inmate, InmateStatus,
                         Request, ServerSession, SignInAttempt)

SESSION_DAYS = 30
ATTEMPT_DAYS = 90


@dataclass
class Plan:
    cutoff: date
    inmate_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _count(db: Session, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def plan(db: Session, now: datetime, months: int) -> Plan:
    """What a purge at ``now`` deletes (nothing is changed)."""
    cutoff = months_before(to_oslo(now).date(), months)
    ids = list(db.scalars(select(Inmate.id).where(
        Inmate.status == InmateStatus.RELEASED.value, Inmate.released_on.is_not(None),
        Inmate.released_on <= cutoff).order_by(Inmate.id)))
    numbers = list(db.scalars(select(Inmate.inmate_number).where(Inmate.id.in_(ids or [-1]))))
    result = Plan(cutoff, ids)
    result.counts = {
        "inmates": len(ids),
        "requests": _count(db, Request, Request.inmate_id.in_(ids or [-1])),
        "consents": _count(db, Consent, Consent.inmate_id.in_(ids or [-1])),
        "appointments": _count(db, Appointment, Appointment.inmate_id.in_(ids or [-1])),
        "forms": _count(db, FormSubmission, FormSubmission.inmate_id.in_(ids or [-1])),
        "sessions": _count(db, ServerSession, *_old_sessions(now)),
        "sign_in_attempts": _count(db, SignInAttempt, *_old_attempts(now, numbers)),
    }
    return result


def _old_sessions(now: datetime):
    return (ServerSession.ended_at.is_not(None),
            ServerSession.ended_at < now - timedelta(days=SESSION_DAYS))


def _old_attempts(now: datetime, numbers: list[str]):
    old = SignInAttempt.at < now - timedelta(days=ATTEMPT_DAYS)
    if numbers:
        return ((old | (SignInAttempt.kind == "inmate") & SignInAttempt.subject.in_(numbers)),)
    return (old,)


def _inmate_columns():
    """Every column that refers to an inmate, in an order that deletes children first."""
    for table in reversed(Base.metadata.sorted_tables):
        for column in table.columns:
            if any(fk.column.table.name == "inmate" for fk in column.foreign_keys):
                yield table, column


def purge(db: Session, now: datetime, months: int) -> Plan:
    """Delete what ``plan`` lists, in one transaction, and record how much went."""
    result = plan(db, now, months)
    ids = result.inmate_ids or [-1]
    numbers = list(db.scalars(select(Inmate.inmate_number).where(Inmate.id.in_(ids))))
    for table, column in _inmate_columns():
        db.execute(table.delete().where(column.in_(ids)))
    db.execute(delete(SignInAttempt).where(*_old_attempts(now, numbers)))
    db.execute(delete(ServerSession).where(*_old_sessions(now)))
    for inmate in db.scalars(select(Inmate).where(Inmate.id.in_(ids))):
        inmate.inmate_number = f"-{inmate.id}"  # unique, and no longer anybody's number
        inmate.name, inmate.status = "", InmateStatus.PURGED.value
        inmate.unit_id = inmate.municipality_number = inmate.municipality_name = None
        inmate.expected_release = inmate.released_on = None
        inmate.pin_hash = inmate.pin_set_at = None
    db.flush()
    db.expire_all()
    audit.record(db, now, Actor.system(), "retention.purge",
                 detail={"cutoff": result.cutoff.isoformat(), **result.counts})
    return result
