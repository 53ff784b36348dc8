"""Dates and a few words in every kiosk language, for the web layer and the services
alike (a submission's record is written by a service, in the language the inmate used).

Bokmål and English keep the project's own patterns ("6. desember 2026", "6 December
2026": day, month in words, year, never the US order); the kiosk's other locales use
CLDR's long forms through Babel ("6 grudnia 2026", "2026 m. gruodžio 6 d.").
Imports only core.locales.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_skeleton

from core import locales

_DATE = {"nb": "d. MMMM y", "en": "d MMMM y"}
_LONG_DATE = {"nb": "EEEE d. MMMM y", "en": "EEEE d MMMM y"}
_DATETIME = {"nb": "d. MMMM y 'kl'. HH.mm", "en": "d MMMM y, HH:mm"}
_DAY_MONTH = {"nb": "d. MMMM", "en": "d MMMM"}


DAYS_KEPT = 4096  # formatted days: a kiosk page shows at most a period's 14 in one language


@lru_cache(maxsize=DAYS_KEPT)
def format_day(day: date, pattern: str, lang: str) -> str:
    """Babel's ``format_date`` of a day (not a moment), kept: the meldekort's day grid
    names each of its 14 days on every page, at 15-25 µs each (issue 20)."""
    return format_date(day, pattern, locale=lang)


def language(code: str | None) -> str:
    """``code`` if the kiosk speaks it, else bokmål."""
    return code if code in locales.BY_CODE else locales.DEFAULT


def date_text(day: date, code: str | None) -> str:
    lang = language(code)
    return format_day(day, _DATE.get(lang, "long"), lang)


def long_date(day: date, code: str | None) -> str:
    """With the weekday: "tirsdag 3. mars 2026"."""
    lang = language(code)
    return format_day(day, _LONG_DATE.get(lang, "full"), lang)


def datetime_text(moment: datetime, code: str | None) -> str:
    """A moment already in Oslo time: "6. desember 2026 kl. 11.18"."""
    lang = language(code)
    if lang in _DATETIME:
        return format_datetime(moment, _DATETIME[lang], locale=lang)
    return f"{format_date(moment.date(), 'long', locale=lang)}, {moment:%H:%M}"


def day_month(day: date, code: str | None) -> str:
    """"4. mars", "4 March", "4 marca"."""
    lang = language(code)
    if lang in _DAY_MONTH:
        return format_day(day, _DAY_MONTH[lang], lang)
    return format_skeleton("MMMMd", day, locale=lang)


def weekday_day_month(day: date, code: str | None) -> str:
    """"mandag 4. mars", "poniedziałek 4 marca"."""
    lang = language(code)
    return f"{format_day(day, 'EEEE', lang)} {day_month(day, lang)}"


# Words the services write into a record in the inmate's language (core.services.forms).
YES_NO = {
    "nb": ("Ja", "Nei"), "nn": ("Ja", "Nei"), "se": ("Juo", "Ii"), "en": ("Yes", "No"),
    "pl": ("Tak", "Nie"), "lt": ("Taip", "Ne"), "ro": ("Da", "Nu"), "uk": ("Так", "Ні"),
    "ar": ("نعم", "لا"), "so": ("Haa", "Maya"),
}
NOT_ANSWERED = {
    "nb": "Ikke besvart", "nn": "Ikkje svara", "se": "Ii vástiduvvon", "en": "Not answered",
    "pl": "Brak odpowiedzi", "lt": "Neatsakyta", "ro": "Fără răspuns",
    "uk": "Без відповіді", "ar": "لم تتم الإجابة", "so": "Lama jawaabin",
}
WEEK = {
    "nb": "Uke", "nn": "Veke", "se": "Vahkku", "en": "Week", "pl": "Tydzień",
    "lt": "Savaitė", "ro": "Săptămâna", "uk": "Тиждень", "ar": "الأسبوع", "so": "Toddobaadka",
}
AND = {
    "nb": "og", "nn": "og", "se": "ja", "en": "and", "pl": "i", "lt": "ir", "ro": "și",
    "uk": "і", "ar": "و", "so": "iyo",
}


def yes_no(value: bool, code: str | None) -> str:
    return YES_NO[language(code)][0 if value else 1]
