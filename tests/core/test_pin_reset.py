"""Issue 12, finding 4: a PIN given by staff works for one sign-in, which only lets the
inmate choose a PIN of their own; the inmate is told who reset it and when, and the reset
is an event in the log of what was done with their data."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, StaffUser
from core.security import sessions
from core.services import throttle
from core.services.people import inmates
from core.services.errors import ServiceError


def _reset(db, clock, world, pin_hasher, key="officer"):
    inmate = db.get(Inmate, world.inmates["a"].id)
    officer = db.get(StaffUser, world.staff[key].id)
    return inmate, officer, inmates.reset_pin(db, clock.now(), officer, inmate, pin_hasher)


def _sign_in(db, clock, world, pin, pin_hasher):
    return inmates.sign_in(db, clock.now(), db.merge(world.terminals["a"]), "A100", pin,
                           pin_hasher, throttle.Limits())


def test_a_pin_from_staff_works_once_and_only_to_choose_a_new_one(db, clock, world,
                                                                   pin_hasher):
    inmate, officer, pin = _reset(db, clock, world, pin_hasher)
    assert inmates.must_choose_pin(inmate)
    assert inmates.pin_reset_notice(db, inmate) == (officer.name, clock.now())
    assert _sign_in(db, clock, world, pin, pin_hasher).id == inmate.id
    assert inmates.must_choose_pin(inmate)
    with pytest.raises(ServiceError, match="bad_credentials"):  # used up
        _sign_in(db, clock, world, pin, pin_hasher)
    inmates.choose_pin(db, clock.now(), inmate, "802461", "802461", pin_hasher, terminal_id=None)
    assert not inmates.must_choose_pin(inmate)
    assert inmates.pin_reset_notice(db, inmate) is None
    assert _sign_in(db, clock, world, "802461", pin_hasher).id == inmate.id
    chosen = db.scalars(select(AuditEvent).where(AuditEvent.action == "inmate.choose_pin")).one()
    assert (chosen.actor_type, chosen.actor_id) == ("inmate", inmate.id)


def test_the_new_pin_is_checked(db, clock, world, pin_hasher):
    inmate, _officer, _pin = _reset(db, clock, world, pin_hasher)
    for pin, repeat, code in (("12345", "12345", "pin_format"), ("802461", "802462",
                                                                 "pin_mismatch"),
                              ("111111", "111111", "pin_too_simple"),
                              ("123456", "123456", "pin_too_simple")):
        with pytest.raises(ServiceError, match=code):
            inmates.choose_pin(db, clock.now(), inmate, pin, repeat, pin_hasher,
                               terminal_id=None)
    assert inmates.must_choose_pin(inmate)


def test_the_reset_is_in_the_log_the_inmate_sees_and_ends_their_sessions(db, clock, world,
                                                                          pin_hasher):
    row, token = sessions.create(db, "kiosk", clock.now(), {"inmate_id": world.inmates["a"].id})
    row.inmate_id = world.inmates["a"].id
    db.flush()
    inmate, officer, _pin = _reset(db, clock, world, pin_hasher)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "inmate.reset_pin")).one()
    assert (event.actor_type, event.actor_id) == ("staff", officer.id)
    assert (event.subject_type, event.subject_id) == ("inmate", inmate.id)
    assert json.loads(event.detail) == {"one_time": True}
    db.expire_all()
    limits = sessions.Limits(idle=timedelta(minutes=5), absolute=timedelta(hours=1))
    assert sessions.load(db, "kiosk", token, clock.now(), limits).row is None
