"""Read-aloud in Chromium: a lesson step's Ogg Opus sound, made by the kiosk server, loads
in the page's own <audio> player from the kiosk's origin (under its CSP), and the player
knows how long it is. Needs espeak-ng and opus-tools, like production."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.config import Settings
from core.services.learning import speech
from core.services.learning.lessons import catalogue
from tests.e2e.pages import LessonStepPage
from tests.e2e.test_requests import sign_in_on_kiosk
from tests.support import world as world_module

pytestmark = pytest.mark.e2e

STEP = catalogue().modules["terminal"].text("nb").steps[0]


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    """As tests/conftest.py, with the spoken steps kept in this test's own folder."""
    return Settings(env="test", database_url=database_url, secret_key="test-secret",
                    speech_cache_dir=str(tmp_path / "speech"), **world_module.PIN_SETTINGS)


def test_a_lesson_step_plays_its_opus_sound_in_the_browser(contexts, kiosk_server, world):
    assert speech.available(), "Read-aloud needs espeak-ng and opusenc: apt-get install " \
                               "espeak-ng opus-tools (.ci/run installs them)."
    page = contexts.new_page(terminal_credential=world.credentials["a"])
    sign_in_on_kiosk(page, kiosk_server.url, world.inmates["a"])
    lesson = LessonStepPage(page, kiosk_server.url, "terminal", STEP.id)
    lesson.open()
    player = lesson.read_aloud
    expect(player).to_have_attribute("preload", "none")  # nothing loads until asked
    assert player.get_attribute("src").startswith(f"{lesson.path}/audio/nb.opus?v=")
    assert player.evaluate("a => a.canPlayType('audio/ogg; codecs=opus')") == "probably"
    # What pressing play does first: the browser fetches the sound and reads its length.
    with page.expect_response(lambda r: "/audio/nb.opus" in r.url) as answered:
        player.evaluate("a => { a.preload = 'auto'; a.load(); }")
    response = answered.value
    # A media element asks for ranges (206), which send_file answers.
    assert response.status in (200, 206) and response.headers["content-type"] == "audio/ogg"
    page.wait_for_function(
        "a => a.error !== null || (a.readyState >= 2 && a.duration > 0)",
        arg=player.element_handle())
    state = player.evaluate("a => ({error: a.error && a.error.code, ready: a.readyState, "
                            "duration: a.duration})")
    assert state["error"] is None, state
    # The first step is read in about 20 seconds or more: the whole sound is there.
    assert 10 < state["duration"] < 120 and state["ready"] >= 2, state
