from datetime import timedelta

import pytest

from core.services import throttle
from core.services.people import inmates
from core.services.errors import ServiceError
from tests.support.world import PIN

LIMITS = throttle.Limits(threshold=5, place_limit=20, window=timedelta(minutes=15))


def _try(db, clock, world, number, pin, pin_hasher, terminal="a"):
    return inmates.sign_in(db, clock.now(), world.terminals[terminal], number, pin, pin_hasher,
                           LIMITS)


def test_five_failures_in_a_row_lock_the_inmate(db, clock, world, pin_hasher):
    for attempt in range(4):
        with pytest.raises(ServiceError) as error:
            _try(db, clock, world, "A100", "000000", pin_hasher)
        assert error.value.code == "bad_credentials", attempt
    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "A100", "000000", pin_hasher)
    assert error.value.code == "locked"
    # Even the right PIN is refused now, and time does not unlock it.
    clock.advance(days=2)
    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "A100", PIN, pin_hasher)
    assert error.value.code == "locked"


def test_a_success_resets_the_count(db, clock, world, pin_hasher):
    for _ in range(4):
        with pytest.raises(ServiceError):
            _try(db, clock, world, "A100", "000000", pin_hasher)
    assert _try(db, clock, world, "A100", PIN, pin_hasher).inmate_number == "A100"
    for _ in range(4):
        with pytest.raises(ServiceError) as error:
            _try(db, clock, world, "A100", "000000", pin_hasher)
        assert error.value.code == "bad_credentials"


def test_staff_unlock_lifts_the_lock(db, clock, world, pin_hasher):
    for _ in range(5):
        with pytest.raises(ServiceError):
            _try(db, clock, world, "A100", "000000", pin_hasher)
    inmate = world.inmates["a"]
    assert inmates.is_locked(db, inmate, 5)
    inmates.unlock(db, clock.now(), world.staff["officer"], inmate)
    assert not inmates.is_locked(db, inmate, 5)
    assert _try(db, clock, world, "A100", PIN, pin_hasher).id == inmate.id


def test_unknown_numbers_answer_and_lock_exactly_like_known_ones(db, clock, world, pin_hasher):
    codes = []
    for _ in range(6):
        with pytest.raises(ServiceError) as error:
            _try(db, clock, world, "NOSUCH", "000000", pin_hasher)
        codes.append(error.value.code)
    assert codes == ["bad_credentials"] * 4 + ["locked"] * 2


def test_inmate_of_another_prison_cannot_sign_in_here(db, clock, world, pin_hasher):
    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "B100", PIN, pin_hasher, terminal="a")
    assert error.value.code == "bad_credentials"


def test_released_inmate_cannot_sign_in(db, clock, world, pin_hasher):
    world.inmates["a"].status = "released"
    db.merge(world.inmates["a"])
    db.flush()
    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "A100", PIN, pin_hasher)
    assert error.value.code == "bad_credentials"


def test_terminal_is_throttled_across_many_numbers(db, clock, world, pin_hasher):
    for i in range(20):
        with pytest.raises(ServiceError):
            _try(db, clock, world, f"X{i:03d}", "000000", pin_hasher)
    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "A100", PIN, pin_hasher)
    assert error.value.code == "terminal_throttled"
    # Another terminal is not affected, and the window passes.
    assert _try(db, clock, world, "A100", PIN, pin_hasher, terminal="a2")
    clock.advance(minutes=16)
    assert _try(db, clock, world, "A100", PIN, pin_hasher)


def test_lockout_is_counted_per_kind(db, clock):
    for _ in range(5):
        throttle.record(db, clock.now(), "staff", "vera", "failure")
    assert throttle.is_locked(db, "staff", "VERA ", 5)
    assert not throttle.is_locked(db, "inmate", "vera", 5)


class _Watching:
    """A hasher that notes whether the session was inside a transaction while it worked,
    and can run something else (another terminal's attempts) at that moment."""

    def __init__(self, hasher, db, meanwhile=None):
        self.hasher, self.db, self.meanwhile, self.in_transaction = hasher, db, meanwhile, []

    def verify(self, stored, secret):
        self.in_transaction.append(self.db.in_transaction())
        if self.meanwhile:
            self.meanwhile()
        return self.hasher.verify(stored, secret)

    def needs_rehash(self, stored):
        return self.hasher.needs_rehash(stored)


def test_the_pin_is_checked_outside_any_transaction(db, clock, world, pin_hasher):
    """On SQLite a transaction holds the one write lock; a 0.3 s argon2id check inside
    one would make every other request wait."""
    watching = _Watching(pin_hasher, db)
    assert _try(db, clock, world, "A100", PIN, watching).inmate_number == "A100"
    with pytest.raises(ServiceError):
        _try(db, clock, world, "A100", "000000", watching)
    assert watching.in_transaction == [False, False]


def test_the_staff_password_is_checked_outside_any_transaction(db, clock, world, hasher):
    from core.services.people import staff
    from tests.support.world import PASSWORD

    watching = _Watching(hasher, db)
    user = staff.check_password_step(db, clock.now(), world.staff["adviser"].username,
                                     PASSWORD, watching, LIMITS, "10.0.0.1")
    assert user.id == world.staff["adviser"].id and watching.in_transaction == [False]


def test_a_lock_made_while_the_pin_was_checked_still_holds(db, clock, world, pin_hasher, database):
    def others_fail():
        with database.session() as other:
            for _ in range(5):
                throttle.record(other, clock.now(), "inmate", "A100", "failure")

    with pytest.raises(ServiceError) as error:
        _try(db, clock, world, "A100", PIN, _Watching(pin_hasher, db, others_fail))
    assert error.value.code == "locked"
