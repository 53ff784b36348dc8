import pytest

from core.models import Role
from core.services import throttle
from core.services.people import staff
from core.services.errors import ServiceError
from core.services.permissions import Can, allowed, grantable_roles, prison_scope


def _data(world, **changes):
    values = dict(username="ny.bruker", name="Ny Bruker", roles={Role.ADVISER},
                  prison_ids={world.prison.id})
    values.update(changes)
    return staff.StaffData(**values)


def test_password_must_be_12_characters(db, clock, world, hasher):
    with pytest.raises(ServiceError, match="password_short"):
        staff.create(db, clock.now(), world.staff["prison_admin"], _data(world), "elevenchars",
                     hasher)
    assert staff.create(db, clock.now(), world.staff["prison_admin"], _data(world),
                        "twelve chars", hasher)


def test_prison_admin_grants_only_within_their_prisons(db, clock, world, hasher):
    actor = world.staff["prison_admin"]
    with pytest.raises(ServiceError, match="prison_not_grantable"):
        staff.create(db, clock.now(), actor, _data(world, prison_ids={world.other_prison.id}),
                     "x" * 12, hasher)
    with pytest.raises(ServiceError, match="role_not_grantable"):
        staff.create(db, clock.now(), actor, _data(world, roles={Role.SYSTEM_ADMIN}), "x" * 12,
                     hasher)


def test_an_account_of_two_prisons_is_changed_by_the_system_admin(db, clock, world, hasher):
    """Issue 12, finding 1: a prison admin no longer edits it (keeping the other prison),
    since that let them take over another prison's access."""
    sysadmin = world.staff["system_admin"]
    both = staff.create(db, clock.now(), sysadmin, _data(
        world, prison_ids={world.prison.id, world.other_prison.id}), "x" * 12, hasher)
    with pytest.raises(ServiceError, match="not_manageable"):
        staff.update(db, clock.now(), world.staff["prison_admin"], both,
                     _data(world, roles={Role.OFFICER}, prison_ids={world.prison.id}))
    staff.update(db, clock.now(), db.merge(sysadmin), both,
                 _data(world, roles={Role.OFFICER}, prison_ids={world.prison.id}))
    assert both.prison_ids == {world.prison.id} and both.roles == {Role.OFFICER}


def test_prison_admin_cannot_touch_a_system_admin(db, world):
    assert not staff.can_manage(world.staff["prison_admin"], world.staff["system_admin"])
    assert not staff.can_manage(world.staff["prison_admin"], world.staff["other_prison_admin"])
    assert staff.can_manage(world.staff["system_admin"], world.staff["other_prison_admin"])


def test_usernames_are_checked(db, clock, world, hasher):
    for bad in ("A", "has space", "æøå"):
        with pytest.raises(ServiceError, match="username_format"):
            staff.create(db, clock.now(), None, _data(world, username=bad), "x" * 12, hasher)
    with pytest.raises(ServiceError, match="username_taken"):
        staff.create(db, clock.now(), None, _data(world, username="officer"), "x" * 12, hasher)


def test_roles_and_scope():
    from core.models import StaffRole, StaffUser

    officer = StaffUser(username="o", name="O", password_hash="")
    officer.role_rows = [StaffRole(role="officer")]
    assert allowed(officer, Can.SUPERVISE_TERMINALS)
    assert not allowed(officer, Can.MANAGE_TERMINALS)
    assert prison_scope(officer) == set()
    assert grantable_roles(officer) == frozenset()


def test_wrong_password_and_unknown_user_look_the_same(db, clock, world, hasher):

    args = dict(limits=throttle.Limits(), ip="1.2.3.4")
    for username in ("officer", "nobody"):
        with pytest.raises(ServiceError) as error:
            staff.check_password_step(db, clock.now(), username, "wrong password", hasher, **args)
        assert error.value.code == "bad_credentials"


def test_inactive_staff_cannot_sign_in(db, clock, world, hasher):

    from tests.support.world import PASSWORD

    world.staff["officer"].active = False
    db.merge(world.staff["officer"])
    db.flush()
    with pytest.raises(ServiceError, match="bad_credentials"):
        staff.check_password_step(db, clock.now(), "officer", PASSWORD, hasher,
                                  throttle.Limits(), None)
