from datetime import datetime, timedelta, timezone

from core.security import totp

T0 = datetime(2026, 3, 2, 9, 0, 15, tzinfo=timezone.utc)


def test_current_code_matches_and_names_its_step():
    secret = totp.new_secret()
    step = totp.matching_step(secret, totp.code_at(secret, T0), T0, None)
    assert step == int(T0.timestamp()) // 30


def test_a_used_code_is_refused():
    secret = totp.new_secret()
    code = totp.code_at(secret, T0)
    step = totp.matching_step(secret, code, T0, None)
    assert totp.matching_step(secret, code, T0, step) is None


def test_one_step_of_drift_is_accepted_two_are_not():
    secret = totp.new_secret()
    assert totp.matching_step(secret, totp.code_at(secret, T0 - timedelta(seconds=30)), T0, None)
    assert totp.matching_step(secret, totp.code_at(secret, T0 - timedelta(seconds=90)), T0,
                              None) is None


def test_malformed_codes_are_refused():
    secret = totp.new_secret()
    for code in ("", "12345", "1234567", "abcdef"):
        assert totp.matching_step(secret, code, T0, None) is None


def test_spaces_in_a_code_are_ignored():
    secret = totp.new_secret()
    code = totp.code_at(secret, T0)
    assert totp.matching_step(secret, f"{code[:3]} {code[3:]}", T0, None)


def test_qr_code_is_inline_svg_made_offline():
    svg = totp.qr_svg(totp.provisioning_uri(totp.new_secret(), "vera"), "QR")
    assert svg.startswith("<svg") and "http" not in svg.split("xmlns")[0]
    assert "<image" not in svg
