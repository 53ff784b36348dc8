"""The read-aloud files' sizes: every step of every lesson in every language, as the WAV
that espeak-ng makes and as the Ogg Opus the kiosk serves (core.services.learning.speech).

    python -m benchmarks speech          # about a third of a second per step, one core

The steps are spoken with their options in the file's order (each inmate hears their own
order, which changes the length by a few words at most). Nothing is kept: the files are
made in a temporary folder and measured.
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.services.learning import speech
from core.services.learning.lesson_html import Catalogue, plain_text
from core.services.learning.lessons import catalogue


@dataclass
class Sizes:
    steps: int = 0
    wav: int = 0  # bytes
    opus: int = 0
    largest_share: float = 0.0  # the largest Opus / WAV of one step

    @property
    def share(self) -> float:
        return self.opus / self.wav if self.wav else 0.0


def texts(lessons: Catalogue | None = None) -> list[tuple[str, str]]:
    """(text, language) of every step of every lesson in every language it has that is
    read aloud (espeak-ng has a voice for it: core.services.learning.speech.VOICES)."""
    lessons = lessons or catalogue()
    return [(plain_text(step), language) for module in lessons.ordered()
            for language, text in sorted(module.texts.items()) if language in speech.VOICES
            for step in text.steps]


def measure(spoken: list[tuple[str, str]]) -> dict[str, Sizes]:
    """Each language's steps made both ways; the key "all" adds them up."""
    found: dict[str, Sizes] = {}
    with tempfile.TemporaryDirectory() as folder:
        for number, (text, language) in enumerate(spoken):
            wav = Path(folder) / f"{number}.wav"
            speech.speak_wav(text, language, wav)
            opus = speech.sound(text, language, Path(folder) / "opus")
            wav_size, opus_size = wav.stat().st_size, opus.stat().st_size
            wav.unlink()
            for key in (language, "all"):
                sizes = found.setdefault(key, Sizes())
                sizes.steps += 1
                sizes.wav += wav_size
                sizes.opus += opus_size
                sizes.largest_share = max(sizes.largest_share, opus_size / wav_size)
    return found


def lines(found: dict[str, Sizes]) -> list[str]:
    out = [f"Read-aloud at {speech.BITRATE} kbit/s Ogg Opus against espeak-ng's WAV:",
           f"{'language':<10} {'steps':>6} {'WAV':>11} {'Opus':>11} {'share':>7} "
           f"{'largest':>8}"]
    for key, sizes in sorted(found.items(), key=lambda item: (item[0] == "all", item[0])):
        out.append(f"{key:<10} {sizes.steps:>6} {sizes.wav / 1e6:>8.1f} MB "
                   f"{sizes.opus / 1e6:>8.2f} MB {sizes.share:>7.1%} "
                   f"{sizes.largest_share:>8.1%}")
    return out


def main() -> int:
    if not speech.available():
        print("Needs espeak-ng and opusenc: apt-get install espeak-ng opus-tools",
              file=sys.stderr)
        return 1
    print("\n".join(lines(measure(texts()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
