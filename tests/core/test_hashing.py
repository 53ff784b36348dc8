from hypothesis import given, settings, strategies as st

from core.security.hashing import (CODE_ALPHABET, SecretHasher, new_code, new_pin, normalise_code,
                                   token_digest)


def test_argon2id_with_explicit_parameters(hasher):
    stored = hasher.hash("123456")
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert hasher.verify(stored, "123456")
    assert not hasher.verify(stored, "123457")


def test_production_cost_is_rfc_9106_for_passwords_and_owasp_for_peppered_pins():
    from core.config import Settings

    settings = Settings(pin_pepper=PEPPER)
    stored = SecretHasher.from_settings(settings).hash("x" * 12)
    assert stored.startswith("$argon2id$") and "$m=65536,t=3,p=4$" in stored
    pin = SecretHasher.for_pins(settings).hash("482915")
    assert pin.startswith("pepper1$argon2id$") and "$m=19456,t=2,p=1$" in pin


PEPPER = "pepper-for-this-test-0123456789abcdef"


def test_a_peppered_pin_verifies_only_with_its_pepper():
    hasher = SecretHasher(1, 8, 1, pepper=PEPPER)
    stored = hasher.hash("482915")
    assert hasher.verify(stored, "482915") and not hasher.verify(stored, "482916")
    # The stored hash is of HMAC(pepper, PIN): the PIN alone, or another pepper, fails.
    assert not SecretHasher(1, 8, 1).verify(stored[len("pepper1"):], "482915")
    assert not SecretHasher(1, 8, 1, pepper=PEPPER + "x").verify(stored, "482915")
    assert not SecretHasher(1, 8, 1).verify(stored, "482915")  # no pepper, no check
    assert not hasher.needs_rehash(stored)


def test_a_pin_stored_before_the_pepper_still_verifies_and_asks_to_be_hashed_anew():
    old = SecretHasher(1, 8, 1).hash("482915")
    hasher = SecretHasher(1, 8, 1, pepper=PEPPER)
    assert hasher.verify(old, "482915") and not hasher.verify(old, "000000")
    assert hasher.needs_rehash(old)
    assert SecretHasher(2, 16, 1, pepper=PEPPER).needs_rehash(hasher.hash("482915"))  # cost


def test_no_stored_hash_never_verifies(hasher):
    assert not hasher.verify(None, "")
    assert not hasher.verify(None, "brobygger-timing-equaliser")


def test_garbage_hash_is_a_mismatch_not_a_crash(hasher):
    assert not hasher.verify("not-a-hash", "123456")


def test_cheap_hash_is_flagged_for_rehash_by_production_hasher(hasher):
    production = SecretHasher(time_cost=3, memory_kib=65536, parallelism=4)
    assert production.needs_rehash(hasher.hash("secret"))


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10_000))
def test_pins_are_six_digits_and_not_trivial(_):
    pin = new_pin()
    assert len(pin) == 6 and pin.isdigit()
    assert len(set(pin)) > 2
    assert pin not in "0123456789" and pin not in "9876543210"


def test_codes_avoid_confusable_characters():
    for _ in range(100):
        code = new_code()
        assert len(code) == 8
        assert set(code) <= set(CODE_ALPHABET)
    assert not set("01IOL") & set(CODE_ALPHABET)


@given(st.text(alphabet=CODE_ALPHABET + "-  abc", max_size=20))
def test_normalised_code_is_upper_alnum(raw):
    normal = normalise_code(raw)
    assert normal == normal.upper()
    assert normal.isalnum() or normal == ""


def test_token_digest_is_sha256_hex():
    assert token_digest("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
