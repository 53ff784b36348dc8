"""Dates and times as both apps write them: day, month in words, year, never the US order.

"6. desember 2026 kl. 11.18" in bokmål, "6 December 2026, 11:18" in English. Times are in
Europe/Oslo. A deadline that runs out at midnight is said as the day it ends ("innen
8. desember 2026", not "09.12.2026, 00:00"), so staff and the inmate read the same day.
The apps register these as Jinja filters (core.web.app): date, oslo_datetime, deadline.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta


from core import locale_formats
from core.clock import to_oslo
from core.web.translations import locale_code

# A deadline at or after this time of day is the end of that day.
END_OF_DAY = time(23, 59)


def _language() -> str:
    return locale_formats.language(locale_code())


def _day(value: date | datetime) -> date:
    return to_oslo(value).date() if isinstance(value, datetime) else value


def date_text(value: date | datetime | None) -> str:
    """"6. desember 2026"; for a moment, its day in Oslo."""
    if value is None:
        return ""
    return locale_formats.date_text(_day(value), _language())


def long_date(value: date | datetime | None) -> str:
    """With the weekday, for appointments: "tirsdag 3. mars 2026"."""
    if value is None:
        return ""
    return locale_formats.long_date(_day(value), _language())


def datetime_text(value: datetime | None) -> str:
    """"6. desember 2026 kl. 11.18" (Oslo time)."""
    if value is None:
        return ""
    return locale_formats.datetime_text(to_oslo(value), _language())


def deadline_text(value: datetime | None) -> str:
    """A deadline: the day it ends when it runs out at midnight (00:00 belongs to the day
    before) or at the end of a day (23:59:59), else the day and the time."""
    if value is None:
        return ""
    moment = to_oslo(value)
    if moment.time() == time(0):
        return date_text(moment.date() - timedelta(days=1))
    if moment.time() >= END_OF_DAY:
        return date_text(moment.date())
    return datetime_text(moment)
