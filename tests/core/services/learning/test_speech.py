"""Read-aloud with the real espeak-ng and opusenc: Ogg Opus files in bokmål and English, a
tenth of the WAV at most, kept on disk, the old WAV files cleaned away, and a plain error
when a program is missing or fails. These tests need espeak-ng and opus-tools installed
(Debian: apt-get install espeak-ng opus-tools; .ci/run installs them) and fail without."""
import subprocess

import pytest

from core.services.learning import speech
from core.services.learning.lesson_html import plain_text
from core.services.learning.lessons import catalogue

NEEDS_SPEECH = ("Read-aloud needs espeak-ng and opusenc on this machine: apt-get install "
                "espeak-ng opus-tools (.ci/run installs them).")
TEXT = catalogue().modules["terminal"].text
OLD = "0123456789abcdef" * 4 + ".wav"  # a WAV file of an earlier version


def _is_opus(data: bytes) -> bool:
    """An Ogg stream whose first packet is Opus's identification header (RFC 7845)."""
    return data[:4] == b"OggS" and data[28:36] == b"OpusHead" and len(data) > 5_000


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_step_becomes_an_ogg_opus_file_a_tenth_of_the_wav_at_most(tmp_path, language):
    assert speech.available(), NEEDS_SPEECH
    text = plain_text(TEXT(language).steps[0])
    cache = tmp_path / "cache"
    path = speech.sound(text, language, cache)
    assert path.parent == cache and path.suffix == ".opus"
    assert _is_opus(path.read_bytes())
    assert [p.name for p in cache.iterdir()] == [path.name]  # no half-made file left
    wav = tmp_path / "step.wav"
    speech.speak_wav(text, language, wav)
    assert path.stat().st_size <= 0.10 * wav.stat().st_size


def test_the_languages_and_texts_get_their_own_files(tmp_path):
    assert speech.available(), NEEDS_SPEECH
    nb = speech.sound("Hei, dette er Nav. Æ, ø og å.", "nb", tmp_path)
    en = speech.sound("Hei, dette er Nav. Æ, ø og å.", "en", tmp_path)
    other = speech.sound("Noe annet.", "nb", tmp_path)
    assert len({nb, en, other}) == 3
    assert nb.read_bytes() != en.read_bytes()


def test_the_same_text_makes_the_same_bytes(tmp_path):
    assert speech.available(), NEEDS_SPEECH
    first = speech.sound("Les dette høyt.", "nb", tmp_path / "a").read_bytes()
    assert speech.sound("Les dette høyt.", "nb", tmp_path / "b").read_bytes() == first


def test_the_second_time_comes_from_the_cache(tmp_path, monkeypatch):
    assert speech.available(), NEEDS_SPEECH
    first = speech.sound("Les dette høyt.", "nb", tmp_path)
    made = first.read_bytes()

    def no_second_run(*args, **kwargs):
        raise AssertionError("a program ran again for a cached text")

    monkeypatch.setattr(subprocess, "run", no_second_run)
    again = speech.sound("Les dette høyt.", "nb", tmp_path)
    assert again == first and again.read_bytes() == made
    # The cache survives without the programs as well.
    assert speech.sound("Les dette høyt.", "nb", tmp_path, binary="/nonexistent",
                        encoder="/nonexistent") == first


def test_a_missing_program_is_said_plainly(tmp_path):
    assert not speech.available("/nonexistent/espeak-ng")
    assert not speech.available(encoder="/nonexistent/opusenc")
    with pytest.raises(speech.SpeechUnavailable, match="espeak-ng.*apt-get install espeak-ng"):
        speech.sound("Hei", "nb", tmp_path, binary="/nonexistent/espeak-ng")
    with pytest.raises(speech.SpeechUnavailable, match="opusenc.*apt-get install opus-tools"):
        speech.sound("Hei", "nb", tmp_path, encoder="/nonexistent/opusenc")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_or_hanging_program_is_an_error_and_leaves_nothing(tmp_path):
    with pytest.raises(speech.SpeechError, match="espeak-ng failed"):
        speech.sound("Hei", "nb", tmp_path / "a", binary="false")
    assert list((tmp_path / "a").iterdir()) == []
    assert speech.available(), NEEDS_SPEECH
    with pytest.raises(speech.SpeechError, match="opusenc failed"):
        speech.sound("Hei", "nb", tmp_path / "b", encoder="false")
    assert list((tmp_path / "b").iterdir()) == []
    hanging = tmp_path / "hangs"
    hanging.write_text("#!/bin/sh\nexec sleep 30\n")
    hanging.chmod(0o755)
    for kind in ("binary", "encoder"):
        cache = tmp_path / f"cache-{kind}"
        with pytest.raises(speech.SpeechError, match="took more than 0.2 seconds"):
            speech.sound("Hei", "nb", cache, timeout=0.2, **{kind: str(hanging)})
        assert list(cache.iterdir()) == []


def test_the_old_wav_files_are_removed_the_first_time_a_sound_is_made(tmp_path):
    assert speech.available(), NEEDS_SPEECH
    (tmp_path / OLD).write_bytes(b"RIFF....WAVE")
    kept = ["notes.wav", "README", "a" * 64 + ".opus"]  # not ours, or not old
    for name in kept:
        (tmp_path / name).write_bytes(b"x")
    made = speech.sound("Hei", "nb", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, made.name])
    # Once per process and folder: the next sounds do not read the folder again.
    (tmp_path / OLD).write_bytes(b"RIFF....WAVE")
    speech.sound("Hei igjen", "nb", tmp_path)
    assert (tmp_path / OLD).exists()
    assert speech.remove_old_files(tmp_path, again=True) == 1
    assert not (tmp_path / OLD).exists()
    assert speech.remove_old_files(tmp_path / "missing", again=True) == 0


def test_only_known_languages_and_sensible_texts(tmp_path):
    # Somali: espeak-ng has no voice for it (core.locales)
    with pytest.raises(ValueError, match="no voice"):
        speech.sound("Hei", "so", tmp_path)
    for text in ("", "   ", "x" * (speech.MAX_TEXT + 1)):
        with pytest.raises(ValueError):
            speech.sound(text, "nb", tmp_path)


def test_the_cache_key_covers_language_voice_speed_encoding_and_text(monkeypatch):
    key = speech.cache_key("Hei", "nb")
    assert key != speech.cache_key("Hei", "en") != speech.cache_key("Hei!", "nb")
    assert key == speech.cache_key("Hei", "nb") and len(key) == 64
    monkeypatch.setattr(speech, "BITRATE", speech.BITRATE + 8)
    assert speech.cache_key("Hei", "nb") != key


def test_the_cache_folder_is_a_setting():
    from core.config import INSTANCE_DIR, Settings

    env = {"BROBYGGER_ENV": "test", "SECRET_KEY": "x"}
    assert Settings.from_env(env).speech_cache_dir == str(INSTANCE_DIR / "speech")
    assert Settings.from_env({**env, "SPEECH_CACHE_DIR": "/var/lib/brobygger/speech"}
                             ).speech_cache_dir == "/var/lib/brobygger/speech"
