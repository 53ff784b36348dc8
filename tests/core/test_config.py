import pytest

from core.config import Settings


def test_defaults_are_sensible():
    settings = Settings.from_env({"SECRET_KEY": "x"})
    assert settings.env == "development"
    assert settings.database_url.startswith("sqlite:///") and "instance" in settings.database_url
    assert (settings.kiosk_idle_seconds, settings.kiosk_absolute_seconds) == (300, 3600)
    assert settings.kiosk_idle_warning_seconds >= 20
    assert settings.enrolment_code_minutes == 15
    assert settings.lockout_threshold == 5
    # Paper notes' images (issue 16): outside the web root, 5 MB at most.
    assert settings.attachment_dir.endswith("instance/attachments")
    assert settings.attachment_max_bytes == 5 * 1024 * 1024
    assert Settings.from_env({"SECRET_KEY": "x", "ATTACHMENT_DIR": "/srv/lapper",
                              "ATTACHMENT_MAX_BYTES": "2048"}).attachment_dir == "/srv/lapper"


PEPPER = "p" * 32


def test_production_needs_a_secret_key_a_pin_pepper_and_no_demo():
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings.from_env({"BROBYGGER_ENV": "production", "PIN_PEPPER": PEPPER})
    with pytest.raises(ValueError, match="PIN_PEPPER must be set"):
        Settings.from_env({"BROBYGGER_ENV": "production", "SECRET_KEY": "x"})
    with pytest.raises(ValueError, match="DEMO_MODE"):
        Settings.from_env({"BROBYGGER_ENV": "production", "SECRET_KEY": "x",
                           "PIN_PEPPER": PEPPER, "DEMO_MODE": "1"})
    production = Settings.from_env({"BROBYGGER_ENV": "production", "SECRET_KEY": "x",
                                    "PIN_PEPPER": PEPPER})
    assert production.secure_cookies and production.pin_pepper == PEPPER


def test_development_keeps_its_pin_pepper_in_instance():
    first = Settings.from_env({"SECRET_KEY": "x"}).pin_pepper
    assert len(first) >= 32 and Settings.from_env({"SECRET_KEY": "x"}).pin_pepper == first


@pytest.mark.parametrize("env, message", [
    ({"KIOSK_IDLE_WARNING_SECONDS": "10"}, "at least 20"),
    ({"KIOSK_IDLE_SECONDS": "50", "KIOSK_IDLE_WARNING_SECONDS": "60"}, "shorter"),
    ({"KIOSK_ABSOLUTE_SECONDS": "100"}, "at least KIOSK_IDLE_SECONDS"),
    ({"LOCKOUT_THRESHOLD": "five"}, "whole number"),
    ({"BROBYGGER_ENV": "staging"}, "BROBYGGER_ENV"),
    ({"PIN_PEPPER": "short"}, "at least 32 characters"),
    ({"PIN_ARGON2_MEMORY_KIB": "lots"}, "whole number"),
    ({"ATTACHMENT_MAX_BYTES": "100"}, "ATTACHMENT_MAX_BYTES must be from 1024"),
])
def test_bad_settings_are_refused_with_a_clear_message(env, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env({"SECRET_KEY": "x", **env})


def test_postgres_url_is_taken_as_given():
    url = "postgresql+psycopg://brobygger@/brobygger"
    assert Settings.from_env({"SECRET_KEY": "x", "DATABASE_URL": url}).database_url == url
