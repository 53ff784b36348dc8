"""Sign-in throttling and lockout, stored in the database.

Per person: after ``threshold`` failures in a row the subject is locked until staff
unlock it. It works on the identifier as typed, so an unknown inmate number locks just
like a real one and the answer never reveals which numbers exist.
Per terminal (or IP for staff): too many failures in a window refuse further attempts
from there for a while.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import SignInAttempt


@dataclass(frozen=True)
class Limits:
    """The sign-in limits, read once from Settings."""

    threshold: int = 5  # failures in a row that lock a person until staff unlock them
    place_limit: int = 20  # failures from one terminal (kiosk) or address (staff) ...
    window: timedelta = timedelta(minutes=15)  # ... within this window

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(settings.lockout_threshold, settings.terminal_failure_limit,
                   timedelta(minutes=settings.terminal_failure_window_minutes))


def normalise(subject: str) -> str:
    return subject.strip().lower()[:64]


def record(
    db: Session,
    now: datetime,
    kind: str,
    subject: str,
    outcome: str,
    *,
    terminal_id: int | None = None,
    ip: str | None = None,
) -> None:
    db.add(
        SignInAttempt(
            kind=kind,
            subject=normalise(subject),
            outcome=outcome,
            terminal_id=terminal_id,
            ip=ip,
            at=now,
        )
    )
    db.flush()


def failures_in_a_row(db: Session, kind: str, subject: str, limit: int) -> int:
    outcomes = db.scalars(
        select(SignInAttempt.outcome)
        .where(SignInAttempt.kind == kind, SignInAttempt.subject == normalise(subject))
        .order_by(SignInAttempt.id.desc())
        .limit(limit)
    ).all()
    count = 0
    for outcome in outcomes:
        if outcome != "failure":
            break
        count += 1
    return count


def is_locked(db: Session, kind: str, subject: str, threshold: int) -> bool:
    return failures_in_a_row(db, kind, subject, threshold) >= threshold


def unlock(db: Session, now: datetime, kind: str, subject: str) -> None:
    record(db, now, kind, subject, "unlock")


def recent_failures(
    db: Session, now: datetime, window: timedelta, *, terminal_id: int | None = None,
    ip: str | None = None, kind: str | None = None, subject: str | None = None,
) -> int:
    query = select(func.count()).select_from(SignInAttempt).where(
        SignInAttempt.outcome == "failure", SignInAttempt.at > now - window
    )
    if terminal_id is not None:
        query = query.where(SignInAttempt.terminal_id == terminal_id)
    if ip is not None:
        query = query.where(SignInAttempt.ip == ip)
    if kind is not None:
        query = query.where(SignInAttempt.kind == kind)
    if subject is not None:
        query = query.where(SignInAttempt.subject == normalise(subject))
    return db.scalar(query) or 0
