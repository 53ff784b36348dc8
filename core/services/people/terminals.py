"""Terminals: registration, one-time enrolment, the long-lived credential, revocation and
supervision windows."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from core import audit
from core.audit import Actor
from core.clock import as_utc
from core.db import after_reading
from core.models import (Inmate, InmateSetting, ServerSession, StaffUser, SupervisionWindow,
                         Terminal)
from core.parsing import parse_id
from core.security import sessions
from core.security.hashing import digests_equal, new_code, new_token, normalise_code, token_digest
from core.services import throttle
from core.services.errors import ServiceError

ENROLMENT_FAILURE_LIMIT = 10
ENROLMENT_WINDOW = timedelta(minutes=15)


def register(
    db: Session, now: datetime, actor: StaffUser, *, prison_id: int, name: str,
    unit_id: int | None = None, supervised: bool = True, pinned_ip: str | None = None,
    code_minutes: int = 15,
) -> tuple[Terminal, str]:
    terminal = Terminal(
        prison_id=prison_id, unit_id=unit_id, name=name.strip(), supervised=supervised,
        pinned_ip=(pinned_ip or None), created_at=now,
    )
    db.add(terminal)
    db.flush()
    code = issue_enrolment_code(db, now, actor, terminal, code_minutes, audit_it=False)
    audit.record(db, now, Actor("staff", actor.id), "terminal.register",
                 subject_type="terminal", subject_id=terminal.id, prison_id=prison_id,
                 detail={"name": terminal.name, "supervised": supervised})
    return terminal, code


def issue_enrolment_code(
    db: Session, now: datetime, actor: StaffUser, terminal: Terminal, minutes: int,
    audit_it: bool = True,
) -> str:
    """A new one-time code. Any earlier code and any enrolled credential stop working."""
    code = new_code()
    terminal.enrolment_code_hash = token_digest(code)
    terminal.enrolment_expires_at = now + timedelta(minutes=minutes)
    terminal.credential_hash = None
    terminal.enrolled_at = None
    terminal.revoked_at = None
    sessions.end_all(db, now, "revoked", terminal_id=terminal.id)
    if audit_it:
        audit.record(db, now, Actor("staff", actor.id), "terminal.new_code",
                     subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id)
    return code


def enrol(db: Session, now: datetime, raw_code: str, ip: str | None) -> tuple[Terminal, str]:
    """Exchange a valid one-time code for the terminal's long-lived credential."""
    if throttle.recent_failures(db, now, ENROLMENT_WINDOW, ip=ip, kind="enrolment") >= (
        ENROLMENT_FAILURE_LIMIT
    ):
        raise ServiceError("enrolment_throttled")
    code = normalise_code(raw_code)
    terminal = None
    if code:
        terminal = db.scalar(
            select(Terminal).where(Terminal.enrolment_code_hash == token_digest(code))
        )
    if (
        terminal is None
        or terminal.revoked_at is not None
        or terminal.enrolment_expires_at is None
        or as_utc(terminal.enrolment_expires_at) <= now
    ):
        throttle.record(db, now, "enrolment", ip or "-", "failure", ip=ip)
        raise ServiceError("enrolment_invalid")
    credential = _install_credential(terminal, now)
    throttle.record(db, now, "enrolment", ip or "-", "success", terminal_id=terminal.id, ip=ip)
    audit.record(db, now, Actor("terminal", terminal.id), "terminal.enrol",
                 subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id,
                 detail={"ip": ip})
    return terminal, credential


def _install_credential(terminal: Terminal, now: datetime) -> str:
    secret = new_token(32)
    terminal.credential_hash = token_digest(secret)
    terminal.enrolment_code_hash = None
    terminal.enrolment_expires_at = None
    terminal.enrolled_at = now
    return f"{terminal.id}.{secret}"


def demo_credential(db: Session, now: datetime, terminal_id: int) -> str:
    """Demo mode only: a fresh credential for a demo terminal, for one-click enrolment."""
    terminal = db.get(Terminal, terminal_id)
    if terminal is None or not terminal.is_demo or terminal.revoked_at is not None:
        raise ServiceError("enrolment_invalid")
    credential = _install_credential(terminal, now)
    audit.record(db, now, Actor("terminal", terminal.id), "terminal.enrol_demo",
                 subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id)
    return credential


def authenticate(db: Session, credential: str | None, ip: str | None) -> Terminal | None:
    """The enrolled, unrevoked terminal this credential belongs to (and IP, if pinned)."""
    parts = _credential_parts(credential)
    if parts is None:
        return None
    terminal = db.get(Terminal, parts[0])
    return terminal if _accepts(terminal, parts[1], ip) else None


# Read in every kiosk request: built once, so SQLAlchemy keeps its cache key with it.
# The prisons and units that Terminal and Inmate otherwise join eagerly are loaded only
# when a page asks for them (a few do, by name): joined, they were four more entities
# for the ORM to build on every request (issue 20).
_WITH_INMATE = (
    select(Terminal, Inmate, InmateSetting.large_text)
    .join_from(Terminal, Inmate, Inmate.id == bindparam("inmate_id"), isouter=True)
    .join_from(Inmate, InmateSetting, InmateSetting.inmate_id == Inmate.id, isouter=True)
    .where(Terminal.id == bindparam("terminal_id"))
    .options(lazyload(Terminal.prison), lazyload(Terminal.unit), lazyload(Inmate.prison),
             lazyload(Inmate.unit))
)
_TERMINAL_ALONE = (lazyload(Terminal.prison), lazyload(Terminal.unit))

# The same, read with the kiosk session's row (core.security.sessions.by_token), so a
# signed-in request reads its session, terminal, inmate and setting in one round trip
# (issue 20). The inmate is the session row's (server_session.inmate_id, written with
# the session's data); the terminal is the cookie's, checked by authenticate_with_inmate.
WITH_SESSION = (
    sessions.by_token(Terminal, Inmate, InmateSetting.large_text)
    .join_from(ServerSession, Terminal, Terminal.id == bindparam("terminal_id"), isouter=True)
    .join_from(ServerSession, Inmate, Inmate.id == ServerSession.inmate_id, isouter=True)
    .join_from(Inmate, InmateSetting, InmateSetting.inmate_id == Inmate.id, isouter=True)
    .options(lazyload(Terminal.prison), lazyload(Terminal.unit), lazyload(Inmate.prison),
             lazyload(Inmate.unit))
)


def session_companions(credential: str | None) -> tuple | None:
    """``WITH_SESSION`` and its parameter for the terminal ``credential`` names; None
    when it names none (the session is then read alone)."""
    parts = _credential_parts(credential)
    return None if parts is None else (WITH_SESSION, {"terminal_id": parts[0]})


def authenticate_with_inmate(db: Session, credential: str | None, ip: str | None,
                             inmate_id: int | None, read: tuple = ()
                             ) -> tuple[Terminal | None, Inmate | None, bool]:
    """``authenticate``, and in the same query the inmate ``inmate_id`` (a session's) and
    their larger-text setting: what every kiosk request checks, in one round trip instead
    of three (issue 20). The inmate and the setting are None and False when the terminal
    is refused or there is no such inmate; the caller still checks the inmate's status
    and prison. ``read``: what ``WITH_SESSION`` read with the session's row (terminal,
    inmate, setting), used when it is this credential's terminal and this inmate; the
    credential is checked against it all the same."""
    parts = _credential_parts(credential)
    if parts is None:
        return None, None, False
    terminal_id, secret = parts
    if read and read[0] is not None and read[0].id == terminal_id and (
            inmate_id is None if read[1] is None else read[1].id == inmate_id):
        if not _accepts(read[0], secret, ip):
            return None, None, False
        return read[0], read[1], bool(read[2])
    if not isinstance(inmate_id, int) or isinstance(inmate_id, bool):
        terminal = db.get(Terminal, terminal_id, options=_TERMINAL_ALONE)
        return (terminal if _accepts(terminal, secret, ip) else None), None, False
    row = db.execute(_WITH_INMATE, {"terminal_id": terminal_id, "inmate_id": inmate_id}).first()
    if row is None or not _accepts(row[0], secret, ip):
        return None, None, False
    return row[0], row[1], bool(row[2])


def _credential_parts(credential: str | None) -> tuple[int, str] | None:
    if not credential or "." not in credential:
        return None
    raw_id, secret = credential.split(".", 1)
    terminal_id = parse_id(raw_id)
    if terminal_id is None:
        return None
    return terminal_id, secret


def _accepts(terminal: Terminal | None, secret: str, ip: str | None) -> bool:
    if terminal is None or terminal.credential_hash is None or terminal.revoked_at is not None:
        return False
    if not digests_equal(terminal.credential_hash, token_digest(secret)):
        return False
    if terminal.pinned_ip and terminal.pinned_ip != ip:
        return False
    return True


def revoke(db: Session, now: datetime, actor: StaffUser, terminal: Terminal) -> None:
    terminal.revoked_at = now
    terminal.credential_hash = None
    terminal.enrolment_code_hash = None
    terminal.enrolment_expires_at = None
    close_windows(db, now, terminal)
    sessions.end_all(db, now, "revoked", terminal_id=terminal.id)
    audit.record(db, now, Actor("staff", actor.id), "terminal.revoke",
                 subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id)


def update(db: Session, now: datetime, actor: StaffUser, terminal: Terminal, *, name: str,
           unit_id: int | None, supervised: bool, pinned_ip: str | None) -> None:
    terminal.name = name.strip()
    terminal.unit_id = unit_id
    terminal.supervised = supervised
    terminal.pinned_ip = pinned_ip or None
    audit.record(db, now, Actor("staff", actor.id), "terminal.update",
                 subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id,
                 detail={"supervised": supervised, "pinned_ip": terminal.pinned_ip})


# Supervision windows ---------------------------------------------------------------

def current_window(db: Session, now: datetime, terminal_id: int) -> SupervisionWindow | None:
    return db.scalar(
        select(SupervisionWindow)
        .where(
            SupervisionWindow.terminal_id == terminal_id,
            SupervisionWindow.closed_at.is_(None),
            SupervisionWindow.opened_at <= now,
            SupervisionWindow.expires_at > now,
        )
        .order_by(SupervisionWindow.expires_at.desc())
        .limit(1)
    )


def open_window(db: Session, now: datetime, officer: StaffUser, terminal: Terminal,
                minutes: int, opened_from: str) -> SupervisionWindow:
    if not 5 <= minutes <= 8 * 60:
        raise ServiceError("window_minutes")
    close_windows(db, now, terminal, end_sessions=False)
    window = SupervisionWindow(
        terminal_id=terminal.id, officer_id=officer.id, opened_at=now,
        expires_at=now + timedelta(minutes=minutes), opened_from=opened_from,
    )
    db.add(window)
    db.flush()
    audit.record(db, now, Actor("staff", officer.id), "terminal.open_window",
                 subject_type="terminal", subject_id=terminal.id, prison_id=terminal.prison_id,
                 detail={"minutes": minutes, "from": opened_from})
    return window


def close_windows(db: Session, now: datetime, terminal: Terminal, end_sessions: bool = True,
                  actor: StaffUser | None = None) -> None:
    windows = db.scalars(
        select(SupervisionWindow).where(
            SupervisionWindow.terminal_id == terminal.id, SupervisionWindow.closed_at.is_(None),
            SupervisionWindow.expires_at > now,
        )
    ).all()
    for window in windows:
        window.closed_at = now
    if end_sessions:
        sessions.end_all(db, now, "supervision", terminal_id=terminal.id)
    if actor is not None:
        audit.record(db, now, Actor("staff", actor.id), "terminal.close_window",
                     subject_type="terminal", subject_id=terminal.id,
                     prison_id=terminal.prison_id)


def touch(db: Session, terminal: Terminal, now: datetime) -> None:
    """Remember that the terminal was in use (to the minute), after what the request reads."""
    last = terminal.last_seen_at
    if last is None or now - as_utc(last) > timedelta(minutes=1):
        after_reading(db, lambda _db: setattr(terminal, "last_seen_at", now))
