"""Server-side sessions: creation, idle and absolute limits, rotation and ending.

The cookie holds a random token; the database keeps only its SHA-256 digest. No Flask
here: core.web.sessions adapts this store to Flask's SessionInterface.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.db import after_reading
from core.models import ServerSession
from core.security.hashing import new_token, token_digest


# Activity is written to a session's row at most this often: a click within it of the
# last one written changes nothing that needs the database (on SQLite, the one write
# lock). The idle limit counts from the activity written, and the page says so
# (``seconds_left``), so a session never ends sooner than it said; it may end up to this
# much sooner after the very last click than the idle limit alone would.
ACTIVITY_STEP = timedelta(seconds=15)


@dataclass(frozen=True)
class Limits:
    idle: timedelta
    absolute: timedelta


@dataclass
class Loaded:
    row: ServerSession | None
    expired_reason: str | None = None
    companions: tuple = ()  # what a ``by_token(...)`` statement read beside a live row


def by_token(*companions) -> Select:
    """The statement that reads a session's row by its token's digest, and ``companions``
    (entities or columns the caller joins in) in the same round trip: an app that needs
    them in every request saves a query (issue 20). Parameters: token_hash, app, and the
    caller's own."""
    return select(ServerSession, *companions).where(
        ServerSession.token_hash == bindparam("token_hash"), ServerSession.app == bindparam("app"))


# Read in every request: built once, so SQLAlchemy keeps its cache key with it instead of
# building the statement and its key again each time (issue 20).
_BY_TOKEN = by_token()


def load(db: Session, app: str, token: str | None, now: datetime, limits: Limits,
         statement: Select | None = None, params: dict | None = None) -> Loaded:
    """The live session for ``token``; an expired one is ended and its reason given.
    ``statement``: a ``by_token(...)`` statement (with ``params``) that reads more beside
    the row; what it read is the live session's ``companions``."""
    if not token:
        return Loaded(None)
    found = db.execute(_BY_TOKEN if statement is None else statement,
                       {"token_hash": token_digest(token), "app": app, **(params or {})}).first()
    if found is None:
        return Loaded(None)
    row, companions = found[0], tuple(found[1:])
    if row.ended_at is not None:
        return Loaded(None, row.end_reason if row.signed_in_at else None)
    reason = expiry_reason(row, now, limits)
    if reason:
        after_reading(db, lambda _db: end(row, now, reason))
        return Loaded(None, reason if row.signed_in_at else None)
    return Loaded(row, companions=companions)


def expiry_reason(row: ServerSession, now: datetime, limits: Limits) -> str | None:
    if now - as_utc(row.last_seen_at) >= limits.idle:
        return "idle"
    if now - as_utc(row.created_at) >= limits.absolute:
        return "absolute"
    return None


def activity_due(row: ServerSession, now: datetime) -> bool:
    """True when this moment's activity is to be written (``ACTIVITY_STEP``)."""
    return now - as_utc(row.last_seen_at) >= ACTIVITY_STEP


def seconds_left(row: ServerSession, now: datetime, limits: Limits) -> tuple[int, int]:
    """Seconds until idle expiry and until the absolute limit."""
    idle = limits.idle - (now - as_utc(row.last_seen_at))
    absolute = limits.absolute - (now - as_utc(row.created_at))
    return max(0, int(idle.total_seconds())), max(0, int(absolute.total_seconds()))


def create(db: Session, app: str, now: datetime, data: dict) -> tuple[ServerSession, str]:
    token = new_token()
    row = ServerSession(
        token_hash=token_digest(token),
        app=app,
        data=json.dumps(data),
        created_at=now,
        last_seen_at=now,
    )
    db.add(row)
    db.flush()
    return row, token


def rotate(db: Session, row: ServerSession, now: datetime, data: dict) -> tuple[ServerSession, str]:
    """A fresh token and a fresh clock for a sign-in; the old session ends."""
    end(row, now, "rotated")
    return create(db, row.app, now, data)


def end(row: ServerSession, now: datetime, reason: str) -> None:
    """End a session and forget what it held; who, where and when stay for the record."""
    if row.ended_at is None:
        row.ended_at = now
        row.end_reason = reason
    row.data = "{}"


def end_all(db: Session, now: datetime, reason: str, *, keep: int | None = None,
            **where) -> int:
    """End every live session matching ``where`` (e.g. terminal_id=3, inmate_id=7), but
    the one with id ``keep``."""
    conditions = [getattr(ServerSession, k) == v for k, v in where.items()]
    if keep is not None:
        conditions.append(ServerSession.id != keep)
    result = db.execute(
        update(ServerSession)
        .where(ServerSession.ended_at.is_(None), *conditions)
        .values(ended_at=now, end_reason=reason, data="{}")
    )
    return result.rowcount or 0
