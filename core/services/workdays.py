"""Working days in Norway: weekends and the public holidays (helligdager) are not counted.

Response-time promises are counted in working days, in Europe/Oslo, so that a request
filed on the Thursday before Easter is not "late" on Easter Monday.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from core.clock import OSLO, as_utc


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays (lov om helligdager og helligdagsfred, and 1 and 17 May)."""
    easter = easter_sunday(year)
    moving = {
        easter - timedelta(days=3),   # skjærtorsdag
        easter - timedelta(days=2),   # langfredag
        easter,                       # første påskedag
        easter + timedelta(days=1),   # andre påskedag
        easter + timedelta(days=39),  # Kristi himmelfartsdag
        easter + timedelta(days=49),  # første pinsedag
        easter + timedelta(days=50),  # andre pinsedag
    }
    fixed = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25),
             date(year, 12, 26)}
    return frozenset(moving | fixed)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of the ``days``-th working day after ``start`` (Oslo time), as UTC.

    "Within 2 working days" of a request filed on Friday afternoon means by the end of
    Tuesday; filed on a Saturday, by the end of Tuesday too (Monday is the first day).
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    day = as_utc(start).astimezone(OSLO).date()
    for _ in range(days):
        day = next_working_day(day)
    end_of_day = datetime.combine(day, time(23, 59, 59), tzinfo=OSLO)
    return end_of_day.astimezone(as_utc(start).tzinfo)


def working_days_between(first: date, last: date) -> int:
    """Working days in (first, last]: how many working days have passed since ``first``."""
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
