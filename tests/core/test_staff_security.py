"""Issue 12: who may change a staff account, what ends its sessions, and what counts
towards its lockout (findings 1, 5, 6 and 7)."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Role, ServerSession, StaffUser
from core.security import sessions, totp
from core.services import throttle
from core.services.people import staff
from core.services.errors import ServiceError
from tests.support.world import PASSWORD

LIMITS = sessions.Limits(idle=timedelta(minutes=30), absolute=timedelta(hours=10))


def _get(db, world, key) -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _shared(db, clock, world, hasher) -> StaffUser:
    """An adviser serving both prisons (made by the system administrator)."""
    return staff.create(db, clock.now(), _get(db, world, "system_admin"), staff.StaffData(
        "delt", "Delt Veileder", {Role.ADVISER}, {world.prison.id, world.other_prison.id}),
        PASSWORD, hasher)


def _session(db, clock, user: StaffUser, **data) -> tuple[ServerSession, str]:
    row, token = sessions.create(db, "admin", clock.now(), {"staff_id": user.id, **data})
    row.staff_id = user.id
    db.flush()
    return row, token


def _live(db, clock, token) -> bool:
    return sessions.load(db, "admin", token, clock.now(), LIMITS).row is not None


# --- finding 1: a prison administrator and an account that also serves another prison --

def test_a_prison_admin_sees_but_cannot_manage_an_account_of_another_prison_too(
        db, clock, world, hasher):
    shared = _shared(db, clock, world, hasher)
    for key in ("prison_admin", "other_prison_admin"):
        admin = _get(db, world, key)
        assert staff.can_view(admin, shared) and not staff.can_manage(admin, shared)
    assert staff.can_manage(_get(db, world, "system_admin"), shared)
    assert staff.can_manage(_get(db, world, "prison_admin"), _get(db, world, "adviser"))


def test_every_change_to_a_shared_account_is_refused_to_a_prison_admin(
        db, clock, world, hasher):
    shared = _shared(db, clock, world, hasher)
    secret, hash_before = shared.totp_secret, shared.password_hash
    admin = _get(db, world, "prison_admin")
    attempts = [
        lambda: staff.set_password(db, clock.now(), admin, shared, "taken over now", hasher),
        lambda: staff.reset_totp(db, clock.now(), admin, shared),
        lambda: staff.unlock(db, clock.now(), admin, shared),
        lambda: staff.update(db, clock.now(), admin, shared, staff.StaffData(
            "delt", "Delt Veileder", {Role.ADVISER}, {world.prison.id}, active=False)),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError, match="not_manageable"):
            attempt()
    assert (shared.password_hash, shared.totp_secret, shared.active) == (
        hash_before, secret, True)
    assert shared.prison_ids == {world.prison.id, world.other_prison.id}


def test_only_administrators_manage_staff_even_within_their_prisons(db, world):
    adviser, officer = _get(db, world, "adviser"), _get(db, world, "officer")
    assert not staff.can_manage(adviser, officer) and not staff.can_view(adviser, officer)


# --- finding 5: a password or TOTP change and deactivation end the other sessions --------

@pytest.mark.parametrize("change", ["password", "reset_totp", "deactivate"])
def test_a_change_by_an_administrator_ends_every_session_of_the_account(
        db, clock, world, hasher, change):
    officer = _get(db, world, "officer")
    _row, signed_in = _session(db, clock, officer)
    pending, pending_token = sessions.create(db, "admin", clock.now(),
                                             {"pending_staff_id": officer.id})
    pending.staff_id = officer.id  # what core.web.sessions stores for a pending sign-in
    _other, someone_else = _session(db, clock, _get(db, world, "adviser"))
    admin = _get(db, world, "prison_admin")
    if change == "password":
        staff.set_password(db, clock.now(), admin, officer, "a brand new password", hasher)
    elif change == "reset_totp":
        staff.reset_totp(db, clock.now(), admin, officer)
    else:
        staff.update(db, clock.now(), admin, officer, staff.StaffData(
            "officer", officer.name, {Role.OFFICER}, {world.prison.id}, active=False))
    db.expire_all()
    assert not _live(db, clock, signed_in) and not _live(db, clock, pending_token)
    assert _live(db, clock, someone_else)


def test_changing_ones_own_password_ends_the_other_sessions_but_not_this_one(
        db, clock, world, hasher):
    adviser = _get(db, world, "adviser")
    this, this_token = _session(db, clock, adviser)
    _stolen, stolen_token = _session(db, clock, adviser)
    staff.change_own_password(db, clock.now(), adviser, PASSWORD, "my new passphrase", hasher,
                              threshold=5, ip=None, keep_session_id=this.id)
    db.expire_all()
    assert _live(db, clock, this_token) and not _live(db, clock, stolen_token)


# --- finding 6: the current password counts; terminal failures do not lock -------------

def test_wrong_current_passwords_count_towards_the_lockout(db, clock, world, hasher):
    adviser = _get(db, world, "adviser")
    for _ in range(4):
        with pytest.raises(ServiceError, match="current_password_wrong"):
            staff.change_own_password(db, clock.now(), adviser, "guess", "my new passphrase",
                                      hasher, threshold=5, ip="10.0.0.9", keep_session_id=None)
    with pytest.raises(ServiceError, match="locked"):
        staff.change_own_password(db, clock.now(), adviser, "guess", "my new passphrase",
                                  hasher, threshold=5, ip="10.0.0.9", keep_session_id=None)
    assert staff.is_locked(db, adviser, 5)
    with pytest.raises(ServiceError, match="locked"):  # even the right one, now
        staff.change_own_password(db, clock.now(), adviser, PASSWORD, "my new passphrase",
                                  hasher, threshold=5, ip="10.0.0.9", keep_session_id=None)


def _at_terminal(db, clock, world, hasher, username, password, code="000000",
                 terminal="a_supervised", limits=throttle.Limits()):
    clock.advance(seconds=30)
    terminal_row = db.merge(world.terminals[terminal])
    return staff.verify_officer(db, clock.now(), username, password, code, hasher, limits,
                                prison_id=terminal_row.prison_id, ip="10.1.1.1",
                                terminal_id=terminal_row.id)


def test_wrong_passwords_on_a_terminal_do_not_lock_the_staff_account(db, clock, world, hasher):
    for terminal in ("a_supervised", "a") * 4:  # more than the 5 that lock at sign-in
        with pytest.raises(ServiceError, match="officer_bad_credentials"):
            _at_terminal(db, clock, world, hasher, "officer", "wrong password",
                         terminal=terminal)
    officer = _get(db, world, "officer")
    assert not staff.is_locked(db, officer, 5)
    staff.check_password_step(db, clock.now(), "officer", PASSWORD, hasher, throttle.Limits(),
                              "10.2.2.2")  # still signs in to the staff app
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "staff.terminal_sign_in_failed")).all()
    assert len(events) == 8 and {e.subject_id for e in events} == {officer.id}
    assert json.loads(events[0].detail)["terminal"] == world.terminals["a_supervised"].id


def test_the_terminal_is_throttled_instead(db, clock, world, hasher):
    limits = throttle.Limits(threshold=5, place_limit=20)
    for n in range(limits.threshold):
        with pytest.raises(ServiceError, match="officer_bad_credentials"):
            _at_terminal(db, clock, world, hasher, f"guess{n}", "wrong password", limits=limits)
    officer = _get(db, world, "officer")
    with pytest.raises(ServiceError, match="terminal_throttled"):
        _at_terminal(db, clock, world, hasher, "officer", PASSWORD,
                     totp.code_at(officer.totp_secret, clock.now()), limits=limits)
    # Another terminal is not throttled: there the answer is about the credentials.
    with pytest.raises(ServiceError, match="officer_bad_credentials"):
        _at_terminal(db, clock, world, hasher, "officer", "wrong", terminal="a", limits=limits)


def test_a_right_password_with_a_wrong_code_says_the_same_as_a_wrong_password(
        db, clock, world, hasher):
    with pytest.raises(ServiceError) as wrong_password:
        _at_terminal(db, clock, world, hasher, "officer", "wrong password")
    with pytest.raises(ServiceError) as wrong_code:
        _at_terminal(db, clock, world, hasher, "officer", PASSWORD, "000000")
    assert wrong_password.value.code == wrong_code.value.code == "officer_bad_credentials"


# --- finding 7: one's own roles are changed by another administrator -------------------

def test_an_administrator_cannot_change_their_own_roles(db, clock, world):
    admin = _get(db, world, "prison_admin")
    with pytest.raises(ServiceError, match="own_roles"):
        staff.update(db, clock.now(), admin, admin, staff.StaffData(
            "prison-admin", admin.name, {Role.PRISON_ADMIN, Role.ADVISER}, {world.prison.id}))
    assert admin.roles == {Role.PRISON_ADMIN}
    # Keeping the roles as they are (None) changes the rest.
    staff.update(db, clock.now(), admin, admin, staff.StaffData(
        "prison-admin", "Nytt Navn", None, {world.prison.id}))
    assert admin.name == "Nytt Navn" and admin.roles == {Role.PRISON_ADMIN}


def test_another_administrator_changes_them_and_it_is_audited(db, clock, world, hasher):
    second = staff.create(db, clock.now(), _get(db, world, "system_admin"), staff.StaffData(
        "admin2", "Admin To", {Role.PRISON_ADMIN}, {world.prison.id}), PASSWORD, hasher)
    admin = _get(db, world, "prison_admin")
    staff.update(db, clock.now(), second, admin, staff.StaffData(
        "prison-admin", admin.name, {Role.PRISON_ADMIN, Role.ADVISER}, {world.prison.id}))
    assert admin.roles == {Role.PRISON_ADMIN, Role.ADVISER}
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "staff.roles_changed")).one()
    assert (event.actor_id, event.subject_id) == (second.id, admin.id)
    assert json.loads(event.detail) == {"before": ["prison_admin"],
                                        "after": ["adviser", "prison_admin"]}
