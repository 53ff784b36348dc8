"""Read-aloud with the real espeak-ng: WAV files in bokmål and English, kept on disk, and
a plain error when espeak-ng is missing or fails. These tests need espeak-ng installed
(Debian: apt-get install espeak-ng; .ci/run installs it) and fail without it."""
import subprocess

import pytest

from core.services.learning import speech
from core.services.learning.lessons import catalogue, plain_text

NEEDS_ESPEAK = ("Read-aloud needs espeak-ng on this machine: apt-get install espeak-ng "
                "(.ci/run installs it).")
TEXT = catalogue().modules["terminal"].text


def _is_wav(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 10_000


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_step_becomes_a_wav_file(tmp_path, language):
    assert speech.available(), NEEDS_ESPEAK
    text = plain_text(TEXT(language).steps[0])
    path = speech.wav(text, language, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".wav"
    assert _is_wav(path.read_bytes())
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no half-made file left


def test_the_languages_and_texts_get_their_own_files(tmp_path):
    assert speech.available(), NEEDS_ESPEAK
    nb = speech.wav("Hei, dette er Nav. Æ, ø og å.", "nb", tmp_path)
    en = speech.wav("Hei, dette er Nav. Æ, ø og å.", "en", tmp_path)
    other = speech.wav("Noe annet.", "nb", tmp_path)
    assert len({nb, en, other}) == 3
    assert nb.read_bytes() != en.read_bytes()


def test_the_second_time_comes_from_the_cache(tmp_path, monkeypatch):
    assert speech.available(), NEEDS_ESPEAK
    first = speech.wav("Les dette høyt.", "nb", tmp_path)
    made = first.read_bytes()

    def no_second_run(*args, **kwargs):
        raise AssertionError("espeak-ng ran again for a cached text")

    monkeypatch.setattr(subprocess, "run", no_second_run)
    again = speech.wav("Les dette høyt.", "nb", tmp_path)
    assert again == first and again.read_bytes() == made
    # The cache survives without espeak-ng as well.
    assert speech.wav("Les dette høyt.", "nb", tmp_path, binary="/nonexistent") == first


def test_a_missing_espeak_ng_is_said_plainly(tmp_path):
    assert not speech.available("/nonexistent/espeak-ng")
    with pytest.raises(speech.SpeechUnavailable, match="espeak-ng.*apt-get install espeak-ng"):
        speech.wav("Hei", "nb", tmp_path, binary="/nonexistent/espeak-ng")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_or_hanging_program_is_an_error_and_leaves_nothing(tmp_path):
    with pytest.raises(speech.SpeechError, match="espeak-ng failed"):
        speech.wav("Hei", "nb", tmp_path, binary="false")
    hanging = tmp_path / "hangs"
    hanging.write_text("#!/bin/sh\nexec sleep 30\n")
    hanging.chmod(0o755)
    cache = tmp_path / "cache"
    with pytest.raises(speech.SpeechError, match="took more than 0.2 seconds"):
        speech.wav("Hei", "nb", cache, binary=str(hanging), timeout=0.2)
    assert list(cache.iterdir()) == []


def test_only_known_languages_and_sensible_texts(tmp_path):
    with pytest.raises(ValueError, match="no voice"):
        speech.wav("Hei", "pl", tmp_path)
    for text in ("", "   ", "x" * (speech.MAX_TEXT + 1)):
        with pytest.raises(ValueError):
            speech.wav(text, "nb", tmp_path)


def test_the_cache_key_covers_language_voice_speed_and_text():
    key = speech.cache_key("Hei", "nb")
    assert key != speech.cache_key("Hei", "en") != speech.cache_key("Hei!", "nb")
    assert key == speech.cache_key("Hei", "nb") and len(key) == 64


def test_the_cache_folder_is_a_setting():
    from core.config import INSTANCE_DIR, Settings

    env = {"BROBYGGER_ENV": "test", "SECRET_KEY": "x"}
    assert Settings.from_env(env).speech_cache_dir == str(INSTANCE_DIR / "speech")
    assert Settings.from_env({**env, "SPEECH_CACHE_DIR": "/var/lib/brobygger/speech"}
                             ).speech_cache_dir == "/var/lib/brobygger/speech"
