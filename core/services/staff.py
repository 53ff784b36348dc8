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
from core.security import totp
from core.security.hashing import SecretHasher
from core.services import throttle
from core.services.errors import ServiceError
from core.services.permissions import grantable_roles, prison_scope

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
    roles: set[Role]
    prison_ids: set[int]
    active: bool = True


def _check_grant(db: Session, actor: StaffUser | None, data: StaffData) -> list[Prison]:
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
    if not can_manage(actor, user):
        raise ServiceError("not_found")
    # A prison admin keeps the roles and prisons they could not have granted.
    kept_roles = user.roles - grantable_roles(actor)
    scope = prison_scope(actor)
    kept_prisons = set() if scope is None else user.prison_ids - scope
    prisons = _check_grant(db, actor, StaffData(data.username, data.name, data.roles,
                                                 data.prison_ids))
    if user.id == actor.id and not data.active:
        raise ServiceError("cannot_deactivate_self")
    user.name = data.name.strip()
    user.active = data.active
    user.role_rows = [StaffRole(role=r.value) for r in sorted(data.roles | kept_roles)]
    extra = list(db.scalars(select(Prison).where(Prison.id.in_(kept_prisons or {-1}))))
    user.prisons = prisons + extra
    audit.record(db, now, Actor("staff", actor.id), "staff.update", subject_type="staff",
                 subject_id=user.id,
                 detail={"roles": sorted(r.role for r in user.role_rows),
                         "prisons": sorted(user.prison_ids), "active": data.active})


def can_manage(actor: StaffUser, user: StaffUser) -> bool:
    scope = prison_scope(actor)
    if scope is None:
        return True
    if Role.SYSTEM_ADMIN in user.roles:
        return False
    return bool(user.prison_ids & scope) or not user.prison_ids


def list_for(db: Session, actor: StaffUser) -> list[StaffUser]:
    users = db.scalars(select(StaffUser).order_by(StaffUser.name)).all()
    return [u for u in users if can_manage(actor, u)]


def set_password(db: Session, now: datetime, actor: StaffUser | None, user: StaffUser,
                 password: str, hasher: SecretHasher) -> None:
    check_password(password)
    user.password_hash = hasher.hash(password)
    throttle.unlock(db, now, "staff", user.username)
    audit.record(db, now, Actor("staff", actor.id) if actor else Actor.system(),
                 "staff.set_password", subject_type="staff", subject_id=user.id)


def reset_totp(db: Session, now: datetime, actor: StaffUser, user: StaffUser) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    audit.record(db, now, Actor("staff", actor.id), "staff.reset_totp", subject_type="staff",
                 subject_id=user.id)


def unlock(db: Session, now: datetime, actor: StaffUser, user: StaffUser) -> None:
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


def verify_officer(db: Session, now: datetime, username: str, password: str, code: str,
                   hasher: SecretHasher, limits: throttle.Limits, *, prison_id: int,
                   ip: str | None) -> StaffUser:
    """An officer re-authenticating on a terminal (password and TOTP)."""
    user = check_password_step(db, now, username, password, hasher, limits, ip)
    check_totp_step(db, now, user, code, threshold=limits.threshold, ip=ip)
    if not (user.has_role(Role.OFFICER, Role.PRISON_ADMIN) and prison_id in user.prison_ids):
        raise ServiceError("not_officer_here")
    return user


