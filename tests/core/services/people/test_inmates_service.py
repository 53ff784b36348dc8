from datetime import date

import pytest

from core.models import Inmate
from core.services.people import inmates
from core.services.errors import ServiceError
from core.services.directory.municipalities import all_municipalities, by_number


def _data(world, **changes):
    values = dict(inmate_number="a300", name="Per Persen", prison_id=world.prison.id,
                  unit_id=None, municipality_number="3101", language="nb",
                  expected_release=date(2026, 9, 1))
    values.update(changes)
    return inmates.InmateData(**values)


def test_create_normalises_and_fills_the_municipality(db, clock, world):
    inmate = inmates.create(db, clock.now(), world.staff["prison_admin"], _data(world))
    assert inmate.inmate_number == "A300"
    assert (inmate.municipality_number, inmate.municipality_name) == ("3101", "Halden")
    assert inmate.status == "present"


@pytest.mark.parametrize("changes, code", [
    ({"inmate_number": "A100"}, "inmate_number_taken"),
    ({"inmate_number": "a b"}, "inmate_number_format"),
    ({"municipality_number": "9999"}, "municipality_unknown"),
    ({"language": "xx"}, "language_unknown"),
    ({"status": "escaped"}, "status_unknown"),
])
def test_bad_data_is_refused(db, clock, world, changes, code):
    with pytest.raises(ServiceError) as error:
        inmates.create(db, clock.now(), world.staff["prison_admin"], _data(world, **changes))
    assert error.value.code == code


def test_new_pin_is_hashed_returned_once_and_unlocks(db, clock, world, pin_hasher):
    inmate = world.inmates["a"]
    pin = inmates.reset_pin(db, clock.now(), world.staff["officer"], inmate, pin_hasher)
    assert len(pin) == 6 and pin not in inmate.pin_hash
    assert pin_hasher.verify(inmate.pin_hash, pin)


def test_a_pin_hashed_before_the_pepper_is_hashed_anew_at_sign_in(db, clock, world,
                                                                  pin_hasher):
    from core.security.hashing import SecretHasher
    from core.services import throttle
    from tests.support.world import PIN

    inmate = db.get(Inmate, world.inmates["a"].id)
    inmate.pin_hash = SecretHasher(1, 8, 1).hash(PIN)  # no pepper
    limits = throttle.Limits()
    assert inmates.sign_in(db, clock.now(), world.terminals["a"], "A100", PIN, pin_hasher,
                           limits).id == inmate.id
    assert inmate.pin_hash.startswith("pepper1$") and not pin_hasher.needs_rehash(
        inmate.pin_hash)
    assert inmates.sign_in(db, clock.now(), world.terminals["a"], "A100", PIN, pin_hasher,
                           limits).id == inmate.id


def test_list_is_scoped_to_the_callers_prisons(db, world):
    seen = {i.inmate_number for i in inmates.list_for(db, world.staff["adviser"])}
    assert seen == {"A100", "A200"}
    every = {i.inmate_number for i in inmates.list_for(db, world.staff["system_admin"])}
    assert every == {"A100", "A200", "B100"}
    assert [i.inmate_number for i in inmates.list_for(db, world.staff["adviser"], "a2")] == ["A200"]


def test_municipality_list_is_the_2024_structure():
    municipalities = all_municipalities()
    assert len(municipalities) == 357
    assert len({m.county_number for m in municipalities}) == 15
    assert by_number("0301").name == "Oslo – Oslove" and by_number("0000") is None
