"""Fixtures of the tests of the terminal's lock: the kiosk on loopback, Chromium under the
policy (tests/deploy/policy_kiosk.py). Playwright, which drives it, is the session's
(tests/conftest.py)."""
from __future__ import annotations

import pytest

from tests.deploy.policy_kiosk import Browser, Kiosk


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory, sqlite_template, hasher):
    made = Kiosk(tmp_path_factory.mktemp("lock-kiosk"), sqlite_template, hasher)
    yield made
    made.stop()


@pytest.fixture
def start_browser(kiosk):
    started = []

    def start(files: dict) -> Browser:
        started.append(Browser(kiosk, files))
        return started[-1]

    yield start
    for browser in started:
        browser.stop()
