"""Read-aloud: a text as speech, made on the server with espeak-ng, encoded as Ogg Opus
and kept on disk.

A terminal has no speech engine of its own and no internet, so the kiosk serves the sound
like any other file of the kiosk's origin. espeak-ng (Debian: ``apt-get install espeak-ng``)
speaks bokmål, English and most of the kiosk's other languages offline (``VOICES``) and
makes a WAV file in a few milliseconds; opusenc
(Debian: ``apt-get install opus-tools``, Xiph's reference encoder) turns it into Ogg Opus
at a speech bitrate (``BITRATE``), about 5 % of the WAV's size, in a third of a second
for a step. Every browser the terminals run plays Ogg Opus in its own ``<audio>``.

Why opusenc and not the ``soundfile`` package: soundfile imports numpy (about 20 MiB more
resident memory in every kiosk worker, against issue 20's 100 MiB a worker), and the
libsndfile it bundles writes Opus only at 8, 12, 16, 24 or 48 kHz, so espeak-ng's 22,050
Hz would need a resampler of our own; opusenc resamples itself and runs as a process of
its own, like espeak-ng, so a worker's memory does not grow with it.

The file is kept in a cache folder under a name made from the language, the voice, the
speed, the encoding and the text, so a step is spoken once and served from disk after
that; a changed lesson text gets a new file. Both programs run without a shell (the text
goes in on stdin) and are stopped after ``TIMEOUT`` seconds. Without either program,
``SpeechUnavailable`` says so plainly. The WAV files of earlier versions are removed from
the cache folder the first time a process makes a sound there (``remove_old_files``).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from core import locales

BINARY = "espeak-ng"
ENCODER = "opusenc"
# espeak-ng's voice for each kiosk language that has one (core.locales: Locale.voice). A
# language without one (nynorsk, Northern Sámi, Somali) has no read-aloud: the lesson page
# shows no player there, and nothing says anything is broken.
VOICES = {locale.code: locale.voice for locale in locales.KIOSK_LOCALES if locale.voice}
SPEED = 150  # words per minute; espeak-ng's own 175 is fast for a slow reader
# kbit/s: Opus's wideband speech, plainly understood; a step of 20 to 45 seconds is
# 40 to 90 KB (the WAV was 1 to 2 MB).
BITRATE = 16
SUFFIX = ".opus"
MIMETYPE = "audio/ogg"  # RFC 7845: Ogg Opus is served as audio/ogg
TIMEOUT = 30  # seconds, for each program
MAX_TEXT = 20_000  # characters: a step is at most 160 words, this is far above it
# What earlier versions kept in the cache: <sha256>.wav (removed by remove_old_files).
OLD_FILE = re.compile(r"[0-9a-f]{64}\.wav")


class SpeechError(RuntimeError):
    """espeak-ng or the encoder could not make the sound; the message says why."""


class SpeechUnavailable(SpeechError):
    """espeak-ng or opusenc is not installed (or not where the settings say)."""


def executable(binary: str = BINARY) -> str | None:
    """The full path of a program (espeak-ng by default), or None when it is not installed."""
    return shutil.which(binary)


def available(binary: str = BINARY, encoder: str = ENCODER) -> bool:
    """True when the server can make sounds: espeak-ng and the encoder are both there."""
    return executable(binary) is not None and executable(encoder) is not None


def has_voice(language: str) -> bool:
    """True when espeak-ng has a voice for ``language`` (a kiosk locale's code)."""
    return language in VOICES


def cache_key(text: str, language: str) -> str:
    voice = VOICES[language]
    return hashlib.sha256(
        f"{language}\n{voice}\n{SPEED}\nopus {BITRATE}\n{text}".encode()).hexdigest()


def _check(text: str, language: str) -> None:
    if language not in VOICES:
        raise ValueError(f"no voice for the language {language!r}")
    if not text.strip() or len(text) > MAX_TEXT:
        raise ValueError("the text is empty or too long to read aloud")


def _program(binary: str, package: str) -> str:
    program = executable(binary)
    if program is None:
        raise SpeechUnavailable(
            f"Read-aloud needs {Path(binary).name}, and {binary!r} was not found. "
            f"Install it on the server: apt-get install {package}")
    return program


def _run(name: str, command: list[str], timeout: float, stdin: bytes | None = None) -> None:
    try:
        feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
        subprocess.run(command, capture_output=True, timeout=timeout, check=True, **feed)
    except subprocess.TimeoutExpired as error:
        raise SpeechError(f"{name} took more than {timeout:g} seconds") from error
    except subprocess.CalledProcessError as error:
        problem = error.stderr.decode("utf-8", "replace").strip() or f"exit {error.returncode}"
        raise SpeechError(f"{name} failed: {problem}") from error


def speak_wav(text: str, language: str, path: Path, binary: str = BINARY,
              timeout: float = TIMEOUT) -> None:
    """Write ``text`` spoken in ``language`` to ``path`` as espeak-ng's WAV (22,050 Hz,
    16-bit mono), uncached: the step before encoding, and what the benchmark compares."""
    _check(text, language)
    program = _program(binary, "espeak-ng")
    _run("espeak-ng", [program, "-v", VOICES[language], "-s", str(SPEED), "-b", "1",
                       "-w", str(path), "--stdin"], timeout, stdin=text.encode("utf-8"))
    with open(path, "rb") as made:
        header = made.read(12)
    if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        raise SpeechError("espeak-ng made no WAV file")


def encode(wav: Path, path: Path, encoder: str = ENCODER, timeout: float = TIMEOUT,
           serial: int = 1) -> None:
    """Encode a WAV file as Ogg Opus at ``BITRATE``, tuned for speech. The stream's serial
    number is given, so one text always makes the same bytes."""
    program = _program(encoder, "opus-tools")
    _run("opusenc", [program, "--quiet", "--speech", "--bitrate", str(BITRATE),
                     "--padding", "0", "--serial", str(serial), str(wav), str(path)], timeout)
    with open(path, "rb") as made:
        if made.read(4) != b"OggS":
            raise SpeechError("opusenc made no Ogg file")


def sound(text: str, language: str, cache_dir: Path, binary: str = BINARY,
          encoder: str = ENCODER, timeout: float = TIMEOUT) -> Path:
    """The Ogg Opus file of ``text`` spoken in ``language`` (one of ``VOICES``): from the
    cache, or made now. Raises SpeechUnavailable without espeak-ng or opusenc, SpeechError if
    either fails."""
    _check(text, language)
    key = cache_key(text, language)
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{key}{SUFFIX}"
    if path.is_file():
        return path
    _program(binary, "espeak-ng")
    _program(encoder, "opus-tools")
    cache_dir.mkdir(parents=True, exist_ok=True)
    remove_old_files(cache_dir)
    # Made under temporary names and renamed when whole: two workers asking for the same
    # step at once both succeed, and a half-written file is never served.
    partials = []
    for suffix in (".wav.part", ".part"):
        handle, partial = tempfile.mkstemp(dir=cache_dir, prefix=".speech-", suffix=suffix)
        os.close(handle)
        partials.append(partial)
    spoken, encoded = partials
    try:
        speak_wav(text, language, Path(spoken), binary, timeout)
        encode(Path(spoken), Path(encoded), encoder, timeout, serial=int(key[:8], 16))
        os.replace(encoded, path)
    finally:
        for partial in partials:
            if os.path.exists(partial):
                os.unlink(partial)
    return path


_swept: set[str] = set()  # the cache folders this process has cleaned of old files
_sweeping = threading.Lock()


def remove_old_files(cache_dir: Path, *, again: bool = False) -> int:
    """Remove the WAV files that earlier versions kept in ``cache_dir`` (nothing else), once
    per process and folder unless ``again``; returns how many were removed."""
    folder = str(Path(cache_dir).resolve())
    with _sweeping:
        if folder in _swept and not again:
            return 0
        _swept.add(folder)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if OLD_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed += 1
            except FileNotFoundError:  # another worker was first
                pass
    return removed
