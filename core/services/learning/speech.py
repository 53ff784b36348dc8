"""Read-aloud: a text as speech, made on the server with espeak-ng and kept on disk.

A terminal has no speech engine of its own and no internet, so the kiosk serves the sound
like any other file of the kiosk's origin. espeak-ng (Debian: ``apt-get install espeak-ng``)
speaks bokmål and English offline and makes a WAV file in a few milliseconds.

The file is kept in a cache folder under a name made from the language, the voice, the
speed and the text, so a step is spoken once and served from disk after that; a changed
lesson text gets a new file. espeak-ng runs without a shell, the text goes in on stdin
and it is stopped after ``TIMEOUT`` seconds. Without espeak-ng, ``SpeechUnavailable``
says so plainly.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BINARY = "espeak-ng"
VOICES = {"nb": "nb", "en": "en-gb"}
SPEED = 150  # words per minute; espeak-ng's own 175 is fast for a slow reader
TIMEOUT = 30  # seconds
MAX_TEXT = 20_000  # characters: a step is at most 160 words, this is far above it


class SpeechError(RuntimeError):
    """espeak-ng could not make the sound; the message says why."""


class SpeechUnavailable(SpeechError):
    """espeak-ng is not installed (or not where the settings say)."""


def executable(binary: str = BINARY) -> str | None:
    """The full path of espeak-ng, or None when it is not installed."""
    return shutil.which(binary)


def available(binary: str = BINARY) -> bool:
    return executable(binary) is not None


def cache_key(text: str, language: str) -> str:
    voice = VOICES[language]
    return hashlib.sha256(f"{language}\n{voice}\n{SPEED}\n{text}".encode()).hexdigest()


def wav(text: str, language: str, cache_dir: Path, binary: str = BINARY,
        timeout: float = TIMEOUT) -> Path:
    """The WAV file of ``text`` spoken in ``language`` (nb or en): from the cache, or made
    now. Raises SpeechUnavailable without espeak-ng, SpeechError if it fails."""
    if language not in VOICES:
        raise ValueError(f"no voice for the language {language!r}")
    if not text.strip() or len(text) > MAX_TEXT:
        raise ValueError("the text is empty or too long to read aloud")
    path = Path(cache_dir) / f"{cache_key(text, language)}.wav"
    if path.is_file():
        return path
    program = executable(binary)
    if program is None:
        raise SpeechUnavailable(
            f"Read-aloud needs espeak-ng, and {binary!r} was not found. "
            "Install it on the server: apt-get install espeak-ng")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Made under a temporary name and renamed when whole: two workers asking for the same
    # step at once both succeed, and a half-written file is never served.
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".speech-", suffix=".part")
    os.close(handle)
    try:
        subprocess.run(
            [program, "-v", VOICES[language], "-s", str(SPEED), "-b", "1", "-w", partial,
             "--stdin"],
            input=text.encode("utf-8"), capture_output=True, timeout=timeout, check=True)
        with open(partial, "rb") as made:
            header = made.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise SpeechError("espeak-ng made no WAV file")
        os.replace(partial, path)
    except subprocess.TimeoutExpired as error:
        raise SpeechError(f"espeak-ng took more than {timeout:g} seconds") from error
    except subprocess.CalledProcessError as error:
        problem = error.stderr.decode("utf-8", "replace").strip() or f"exit {error.returncode}"
        raise SpeechError(f"espeak-ng failed: {problem}") from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path
