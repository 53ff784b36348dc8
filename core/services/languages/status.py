"""How complete each kiosk language is, measured from the files themselves: the messages
translated in its catalogue, its lessons, and its texts in the content files. Whether a
native speaker has reviewed it is stated by hand in core.locales (nobody can measure it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel.messages.pofile import read_po

from core import PROJECT_ROOT, content, locales

TRANSLATIONS = PROJECT_ROOT / "translations"
CONTENT = PROJECT_ROOT / "content"


@dataclass(frozen=True)
class LocaleStatus:
    locale: locales.Locale
    messages: int  # translated messages in the catalogue
    messages_total: int
    lessons: int  # lessons with the locale's own file
    lessons_total: int
    content_problems: int  # texts of the content files missing or broken (core.content)

    @property
    def complete(self) -> bool:
        return (self.messages == self.messages_total and self.lessons == self.lessons_total
                and self.content_problems == 0)

    @property
    def percent(self) -> int:
        """Messages and lessons together, as a whole percentage rounded down."""
        done = self.messages + self.lessons
        total = self.messages_total + self.lessons_total
        return 100 * done // total if total else 100


def _messages(code: str) -> tuple[int, int]:
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return 0, 0
    with open(path, "rb") as handle:
        catalogue = read_po(handle, locale=code)
    entries = [m for m in catalogue if m.id]
    done = sum(1 for m in entries if not m.fuzzy and (
        all(m.string) if isinstance(m.string, (tuple, list)) else bool(m.string)))
    return done, len(entries)


def _lessons(code: str) -> tuple[int, int]:
    folders = [p for p in (CONTENT / "lessons").iterdir() if p.is_dir()]
    return sum(1 for folder in folders if (folder / f"{code}.md").is_file()), len(folders)


def _content_problems(code: str) -> int:
    if code in locales.STAFF:
        return 0  # nb and en are written in the content files themselves
    return sum(len(content.problems(path, code)) for path in content.text_files(CONTENT))


@lru_cache(maxsize=1)  # the files do not change while the app runs
def all_statuses() -> tuple[LocaleStatus, ...]:
    found = []
    for locale in locales.KIOSK_LOCALES:
        messages, messages_total = _messages(locale.code)
        lessons, lessons_total = _lessons(locale.code)
        found.append(LocaleStatus(locale, messages, messages_total, lessons, lessons_total,
                                  _content_problems(locale.code)))
    return tuple(found)


def markdown_table(statuses: tuple[LocaleStatus, ...]) -> str:
    """The README's table of the kiosk's languages (tests/admin/test_languages.py keeps
    the README's copy true to the files)."""
    lines = ["| language | code | status | messages | lessons | reviewed by a native speaker "
             "| read-aloud |", "|---|---|---|---|---|---|---|"]
    for s in statuses:
        state = "complete" if s.complete else f"partly complete ({s.percent} %)"
        lines.append(
            f"| {s.locale.name}{_english(s.locale)} | `{s.locale.code}` | {state} "
            f"| {s.messages} / {s.messages_total} | {s.lessons} / {s.lessons_total} "
            f"| {'yes' if s.locale.reviewed_by_native_speaker else 'no'} "
            f"| {'yes' if s.locale.voice else 'no voice'} |")
    return "\n".join(lines)


def _english(locale: locales.Locale) -> str:
    return "" if locale.name == locale.english_name else f" ({locale.english_name})"
