"""The audit log: append-only and hash-chained.

Each event's hash covers its own fields and the previous event's hash, and
``prev_hash`` is unique, so the chain cannot fork. Database triggers (see the first
migration) refuse UPDATE and DELETE; ``verify`` finds any row changed or removed by
someone who got past them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from core.db import after_reading
from core.models import AuditEvent

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    type: str  # staff, inmate, terminal, system
    id: int | None = None

    @classmethod
    def system(cls) -> "Actor":
        return cls("system", None)


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "id": event.id,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_type": event.actor_type,
        "actor_id": event.actor_id,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "prison_id": event.prison_id,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def record(
    session: Session,
    now: datetime,
    actor: Actor,
    action: str,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    prison_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event inside the caller's transaction; in a read-only one (a GET
    request's), in the request's closing write transaction (core.db.after_reading)."""
    after_reading(session, lambda db: _append(db, now, actor, action, subject_type,
                                              subject_id, prison_id, detail))


# The chain's last event, read for every event appended: built once (issue 20).
_LAST = select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)


def _append(session: Session, now: datetime, actor: Actor, action: str,
            subject_type: str | None, subject_id: int | None, prison_id: int | None,
            detail: dict[str, Any] | None) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers so that concurrent requests never race for the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(726173)"))
    last = session.execute(_LAST).first()
    event = AuditEvent(
        id=(last.id + 1) if last else 1,
        at=now,
        actor_type=actor.type,
        actor_id=actor.id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        prison_id=prison_id,
        detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = compute_hash(event)
    session.add(event)
    session.flush()


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    reason: str


def verify(events: Iterable[AuditEvent]) -> ChainProblem | None:
    """The first broken event in id order, or None when the chain is whole."""
    expected_prev = GENESIS
    expected_id = 1
    for event in events:
        if event.id != expected_id:
            return ChainProblem(expected_id, f"event {expected_id} is missing")
        if event.prev_hash != expected_prev:
            return ChainProblem(event.id, "does not follow the previous event")
        if compute_hash(event) != event.hash:
            return ChainProblem(event.id, "its contents were changed")
        expected_prev = event.hash
        expected_id += 1
    return None


def verify_session(session: Session) -> tuple[int, ChainProblem | None]:
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    )
    count = 0

    def counted():
        nonlocal count
        for event in events:
            count += 1
            yield event

    problem = verify(counted())
    return count, problem
