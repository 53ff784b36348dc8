"""Staff accounts: creation, roles and prisons, passwords and the TOTP second factor."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import outside_transaction
from core.models import Prison, Role, StaffRole, StaffUser
from core.security import sessions, totp
from core.security.hashing import SecretHasher
from core.services import throttle
from core.services.errors import ServiceError
from core.services.permissions import Can, allowed, grantable_roles, prison_scope

MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ServiceError("password_short", min=MIN_PASSWORD)
    if len(password) > 256:
        raise ServiceError("password_long")


@dataclass
class StaffData:
    username: str
    name: str
    roles: set[Role] | None  # None on update: the roles stay as they are
    prison_ids: set[int]
    active: bool = True


def _check_grant(db: Session, actor: StaffUser | None, data: StaffData) -> list[Prison]:
    if data.roles is None:
        raise ServiceError("roles_required")
    if not data.roles:
        raise ServiceError("roles_required")
    if actor is not None:
        if not data.roles <= grantable_roles(actor):
            raise ServiceError("role_not_grantable")
        scope = prison_scope(actor)
        if scope is not None and not data.prison_ids <= scope:
            raise ServiceError("prison_not_grantable")
    if Role.SYSTEM_ADMIN not in data.roles and not data.prison_ids:
        raise ServiceError("prisons_required")
    prisons = list(db.scalars(select(Prison).where(Prison.id.in_(data.prison_ids or {-1}))))
    if len(prisons) != len(data.prison_ids):
        raise ServiceError("prison_unknown")
    return prisons


def create(db: Session, now: datetime, actor: StaffUser | None, data: StaffData, password: str,
           hasher: SecretHasher) -> StaffUser:
    """``actor`` None means the command line (bootstrap), which may grant anything."""
    username = data.username.strip().lower()
    if not USERNAME.match(username):
        raise ServiceError("username_format")
    if db.scalar(select(StaffUser.id).where(StaffUser.username == username)):
        raise ServiceError("username_taken")
    check_password(password)
    prisons = _check_grant(db, actor, data)
    user = StaffUser(username=username, name=data.name.strip(), password_hash=hasher.hash(password),
                     active=data.active, created_at=now)
    user.role_rows = [StaffRole(role=r.value) for r in sorted(data.roles)]
    user.prisons = prisons
    db.add(user)
    db.flush()
    audit.record(db, now, Actor("staff", actor.id) if actor else Actor.system(), "staff.create",
                 subject_type="staff", subject_id=user.id,
                 detail={"roles": sorted(r.value for r in data.roles),
                         "prisons": sorted(data.prison_ids)})
    return user


def update(db: Session, now: datetime, actor: StaffUser, user: StaffUser, data: StaffData) -> None:
    """Change an account the actor may manage (``can_manage``). Roles of one's own account
    are changed by another administrator (``own_roles``); ``data.roles`` None keeps them.
    Deactivating an account ends its sessions at once."""
    _require_manage(actor, user)
    before = user.roles
    roles = before if data.roles is None else data.roles
    if user.id == actor.id and roles != before:
        raise ServiceError("own_roles")
    if user.id == actor.id and not data.active:
        raise ServiceError("cannot_deactivate_self")
    # Every role and prison of a manageable account is one the actor could grant.
    prisons = _check_grant(db, actor, StaffData(data.username, data.name, roles,
                                                 data.prison_ids))
    deactivated = user.active and not data.active
    user.name = data.name.strip()
    user.active = data.active
    user.role_rows = [StaffRole(role=r.value) for r in sorted(roles)]
    user.prisons = prisons
    audit.record(db, now, Actor("staff", actor.id), "staff.update", subject_type="staff",
                 subject_id=user.id,
                 detail={"roles": sorted(r.role for r in user.role_rows),
                         "prisons": sorted(user.prison_ids), "active": data.active})
    if user.roles != before:
        audit.record(db, now, Actor("staff", actor.id), "staff.roles_changed",
                     subject_type="staff", subject_id=user.id,
                     detail={"before": sorted(r.value for r in before),
                             "after": sorted(r.value for r in user.roles)})
    if deactivated:
        _end_sessions(db, now, user, "deactivated")


def can_view(actor: StaffUser, user: StaffUser) -> bool:
    """Whether the actor may see the account: a system administrator every account, a
    prison administrator those that serve one of their prisons (never a system
    administrator's)."""
    if not allowed(actor, Can.MANAGE_STAFF):
        return False
    scope = prison_scope(actor)
    if scope is None:
        return True
    return Role.SYSTEM_ADMIN not in user.roles and bool(user.prison_ids & scope)


def can_manage(actor: StaffUser, user: StaffUser) -> bool:
    """Whether the actor may change the account (details, roles, prisons, password, TOTP,
    lock, active): a prison administrator only when every prison the account serves is
    theirs. An account that also serves another prison is changed by a system
    administrator, so that no prison's administrator can take over another prison's
    access."""
    if not can_view(actor, user):
        return False
    scope = prison_scope(actor)
    return scope is None or user.prison_ids <= scope


def _require_manage(actor: StaffUser, user: StaffUser) -> None:
    if not can_manage(actor, user):
        raise ServiceError("not_manageable")


def _end_sessions(db: Session, now: datetime, user: StaffUser, reason: str,
                  keep_session_id: int | None = None) -> None:
    """End every session of the account (signed in, or half-way through signing in),
    except ``keep_session_id``: the one that made the change."""
    sessions.end_all(db, now, reason, keep=keep_session_id, staff_id=user.id)


def list_for(db: Session, actor: StaffUser) -> list[StaffUser]:
    users = db.scalars(select(StaffUser).order_by(StaffUser.name)).all()
    return [u for u in users if can_view(actor, u)]


def set_password(db: Session, now: datetime, actor: StaffUser | None, user: StaffUser,
                 password: str, hasher: SecretHasher) -> None:
    """An administrator sets a password (``actor`` None: the command line). Every session
    of the account ends."""
    if actor is not None:
        _require_manage(actor, user)
    check_password(password)
    user.password_hash = hasher.hash(password)
    throttle.unlock(db, now, "staff", user.username)
    _end_sessions(db, now, user, "password")
    audit.record(db, now, Actor("staff", actor.id) if actor else Actor.system(),
                 "staff.set_password", subject_type="staff", subject_id=user.id)


def change_own_password(db: Session, now: datetime, user: StaffUser, current: str, new: str,
                        hasher: SecretHasher, *, threshold: int, ip: str | None,
                        keep_session_id: int | None) -> None:
    """A staff member changes their own password. A wrong current password counts towards
    the lockout like a wrong one at sign-in ('current_password_wrong', then 'locked');
    every other session of the account ends."""
    check_password(new)
    if throttle.is_locked(db, "staff", user.username, threshold):
        raise ServiceError("locked")
    stored = user.password_hash
    if not outside_transaction(db, lambda: hasher.verify(stored, current)):
        throttle.record(db, now, "staff", user.username, "failure", ip=ip)
        if throttle.is_locked(db, "staff", user.username, threshold):
            raise ServiceError("locked")
        raise ServiceError("current_password_wrong")
    if throttle.is_locked(db, "staff", user.username, threshold):
        raise ServiceError("locked")  # locked by others' failures while it was checked
    user.password_hash = hasher.hash(new)
    _end_sessions(db, now, user, "password", keep_session_id)
    audit.record(db, now, Actor("staff", user.id), "staff.set_password", subject_type="staff",
                 subject_id=user.id)


def reset_totp(db: Session, now: datetime, actor: StaffUser, user: StaffUser) -> None:
    _require_manage(actor, user)
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    _end_sessions(db, now, user, "totp_reset")
    audit.record(db, now, Actor("staff", actor.id), "staff.reset_totp", subject_type="staff",
                 subject_id=user.id)


def unlock(db: Session, now: datetime, actor: StaffUser, user: StaffUser) -> None:
    _require_manage(actor, user)
    throttle.unlock(db, now, "staff", user.username)
    audit.record(db, now, Actor("staff", actor.id), "staff.unlock", subject_type="staff",
                 subject_id=user.id)


def is_locked(db: Session, user: StaffUser, threshold: int) -> bool:
    return throttle.is_locked(db, "staff", user.username, threshold)


# Sign-in ----------------------------------------------------------------------------

def check_password_step(db: Session, now: datetime, username: str, password: str,
                        hasher: SecretHasher, limits: throttle.Limits,
                        ip: str | None) -> StaffUser:
    """First factor. ServiceError 'locked', 'throttled' or 'bad_credentials'."""
    subject = username.strip().lower()
    if ip and throttle.recent_failures(db, now, limits.window, ip=ip,
                                       kind="staff") >= limits.place_limit:
        raise ServiceError("throttled")
    if throttle.is_locked(db, "staff", subject, limits.threshold):
        raise ServiceError("locked")
    user = db.scalar(select(StaffUser).where(StaffUser.username == subject))
    stored = user.password_hash if user and user.active else None
    ok = outside_transaction(db, lambda: hasher.verify(stored, password))
    if ok and throttle.is_locked(db, "staff", subject, limits.threshold):
        raise ServiceError("locked")  # locked by others' failures while it was checked
    if not ok:
        throttle.record(db, now, "staff", subject, "failure", ip=ip)
        if throttle.is_locked(db, "staff", subject, limits.threshold):
            raise ServiceError("locked")
        raise ServiceError("bad_credentials")
    if hasher.needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def check_totp_step(db: Session, now: datetime, user: StaffUser, code: str, *,
                    threshold: int, ip: str | None) -> None:
    """Second factor: a code is accepted once. Failures count towards the lockout."""
    if throttle.is_locked(db, "staff", user.username, threshold):
        raise ServiceError("locked")
    step = totp.matching_step(user.totp_secret or "", code, now, user.totp_last_step)
    if user.totp_secret is None or user.totp_confirmed_at is None or step is None:
        throttle.record(db, now, "staff", user.username, "failure", ip=ip)
        if throttle.is_locked(db, "staff", user.username, threshold):
            raise ServiceError("locked")
        raise ServiceError("bad_code")
    user.totp_last_step = step
    throttle.record(db, now, "staff", user.username, "success", ip=ip)
    audit.record(db, now, Actor("staff", user.id), "staff.sign_in", subject_type="staff",
                 subject_id=user.id, detail={"ip": ip})


def begin_totp_enrolment(user: StaffUser) -> str:
    if user.totp_confirmed_at is not None:
        raise ServiceError("totp_already")
    if user.totp_secret is None:
        user.totp_secret = totp.new_secret()
    return user.totp_secret


def confirm_totp_enrolment(db: Session, now: datetime, user: StaffUser, code: str, *,
                           threshold: int, ip: str | None) -> None:
    step = totp.matching_step(user.totp_secret or "", code, now, user.totp_last_step)
    if user.totp_secret is None or step is None:
        throttle.record(db, now, "staff", user.username, "failure", ip=ip)
        if throttle.is_locked(db, "staff", user.username, threshold):
            raise ServiceError("locked")
        raise ServiceError("bad_code")
    user.totp_confirmed_at = now
    user.totp_last_step = step
    throttle.record(db, now, "staff", user.username, "success", ip=ip)
    audit.record(db, now, Actor("staff", user.id), "staff.totp_enrolled", subject_type="staff",
                 subject_id=user.id)
    audit.record(db, now, Actor("staff", user.id), "staff.sign_in", subject_type="staff",
                 subject_id=user.id, detail={"ip": ip})


OFFICER_KIND = "officer"  # sign-in attempts of staff on a terminal (throttle.record kind)


def verify_officer(db: Session, now: datetime, username: str, password: str, code: str,
                   hasher: SecretHasher, limits: throttle.Limits, *, prison_id: int,
                   ip: str | None, terminal_id: int) -> StaffUser:
    """An officer re-authenticating on a terminal (password and TOTP).

    A terminal stands where inmates are, so failures here never lock the staff account
    (anyone could otherwise lock any officer out): they are counted per terminal, which is
    refused after ``limits.threshold`` of them within ``limits.window``
    ('terminal_throttled'), and each is an audit event naming the account when it exists
    (``staff.terminal_sign_in_failed``), for monitoring. A wrong password and a wrong code
    get the same answer ('officer_bad_credentials'), so the terminal does not tell which
    half was right. An account locked by failures in the staff app stays locked here.
    """
    if throttle.recent_failures(db, now, limits.window, terminal_id=terminal_id,
                                kind=OFFICER_KIND) >= limits.threshold:
        raise ServiceError("terminal_throttled")
    subject = throttle.normalise(username)
    if throttle.is_locked(db, "staff", subject, limits.threshold):
        raise ServiceError("locked")
    user = db.scalar(select(StaffUser).where(StaffUser.username == subject))
    stored = user.password_hash if user and user.active else None
    ok = outside_transaction(db, lambda: hasher.verify(stored, password))
    step = None
    if ok and user.totp_secret and user.totp_confirmed_at is not None:
        step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        throttle.record(db, now, OFFICER_KIND, subject, "failure", terminal_id=terminal_id,
                        ip=ip)
        audit.record(db, now, Actor("terminal", terminal_id), "staff.terminal_sign_in_failed",
                     subject_type="staff" if user else None, subject_id=user.id if user else None,
                     prison_id=prison_id, detail={"terminal": terminal_id})
        raise ServiceError("officer_bad_credentials")
    user.totp_last_step = step
    throttle.record(db, now, OFFICER_KIND, subject, "success", terminal_id=terminal_id, ip=ip)
    if not (user.has_role(Role.OFFICER, Role.PRISON_ADMIN) and prison_id in user.prison_ids):
        raise ServiceError("not_officer_here")
    return user
