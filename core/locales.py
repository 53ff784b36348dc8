"""The languages Brobygger speaks, in one table: the staff app in bokmål and English, the
kiosk in ten (issue 18). Everything that asks "which languages?" reads it from here.

Imports nothing from the project: any layer may use it.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT = "nb"  # bokmål: the default, and what an untranslated text falls back to
SOURCE = "en"  # the msgids of the message catalogues are English


@dataclass(frozen=True)
class Locale:
    code: str  # BCP 47, as in <html lang> and the message catalogues' directory names
    name: str  # the language's name in itself, as the chooser shows it
    english_name: str
    direction: str = "ltr"  # "rtl" for Arabic
    # espeak-ng's voice for read-aloud, or None where espeak-ng has none (the button is
    # hidden there; nothing is broken)
    voice: str | None = None
    # Translation quality, stated honestly (issue 18): has a native speaker reviewed the
    # translation? How complete it is, is measured (core.services.languages.status).
    reviewed_by_native_speaker: bool = False


# The kiosk's languages, in the order the chooser shows them: Norway's own first. Bokmål
# and English are the originals the team writes; no text has yet been read through by a
# native speaker outside the team, and none is said to have been.
KIOSK_LOCALES: tuple[Locale, ...] = (
    Locale("nb", "Norsk bokmål", "Norwegian Bokmål", voice="nb"),
    Locale("nn", "Nynorsk", "Norwegian Nynorsk"),
    Locale("se", "Davvisámegiella", "Northern Sámi"),
    Locale("en", "English", "English", voice="en-gb"),
    Locale("pl", "Polski", "Polish", voice="pl"),
    Locale("lt", "Lietuvių", "Lithuanian", voice="lt"),
    Locale("ro", "Română", "Romanian", voice="ro"),
    Locale("uk", "Українська", "Ukrainian", voice="uk"),
    Locale("ar", "العربية", "Arabic", direction="rtl", voice="ar"),
    Locale("so", "Soomaali", "Somali"),
)
BY_CODE = {locale.code: locale for locale in KIOSK_LOCALES}

KIOSK = tuple(locale.code for locale in KIOSK_LOCALES)  # every kiosk locale
STAFF = ("nb", "en")  # the staff app's
# The locales added for the kiosk only: their catalogues hold the kiosk's messages, and a
# message the staff app alone uses stays untranslated there (it falls back to bokmål).
KIOSK_ONLY = tuple(code for code in KIOSK if code not in STAFF)


def get(code: str | None) -> Locale:
    """The locale of ``code``, or bokmål's."""
    return BY_CODE.get(code or DEFAULT, BY_CODE[DEFAULT])


def direction(code: str | None) -> str:
    return get(code).direction


def fallbacks(code: str) -> tuple[str, ...]:
    """Where a text missing in ``code`` is looked for next: bokmål, never a message id."""
    return (code,) if code == DEFAULT else (code, DEFAULT)
