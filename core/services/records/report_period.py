"""The period a report on requests covers (core.services.records.reports): whole Oslo days,
both ends included, from 00:00 on the first day to 24:00 on the last day.

- ``preset``: last_30_days, this_month, last_month and this_year (PRESETS), reckoned from
  today.
- ``period``: dates chosen by hand, from <= to, at most MAX_YEARS long, within FIRST_DAY
  to LAST_DAY (2000-2099); otherwise a ServiceError (period_range, period_order,
  period_too_long).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.clock import OSLO, as_utc
from core.services.errors import ServiceError

DAY = timedelta(days=1)
PRESETS = ("last_30_days", "this_month", "last_month", "this_year")
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
MAX_YEARS = 3


@dataclass(frozen=True)
class Period:
    """Whole Oslo days, both ends included."""

    start: date
    end: date
    preset: str = ""  # the preset it came from; "" for dates chosen by hand

    @property
    def begins_at(self) -> datetime:
        return as_utc(datetime.combine(self.start, time(0), tzinfo=OSLO))

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (midnight after its last day)."""
        return as_utc(datetime.combine(self.end + DAY, time(0), tzinfo=OSLO))


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def period(start: date, end: date) -> Period:
    """A period chosen by hand: from <= to, at most MAX_YEARS long, within 2000-2099."""
    if not (FIRST_DAY <= start <= LAST_DAY and FIRST_DAY <= end <= LAST_DAY):
        raise ServiceError("period_range", first=FIRST_DAY.year, last=LAST_DAY.year)
    if start > end:
        raise ServiceError("period_order")
    if end >= _years_later(start, MAX_YEARS):
        raise ServiceError("period_too_long", years=MAX_YEARS)
    return Period(start, end)


def preset(name: str, today: date) -> Period:
    """last_30_days (today and the 29 days before), this_month and this_year (up to and
    including today), last_month (the whole previous calendar month)."""
    if name == "last_30_days":
        return Period(today - 29 * DAY, today, name)
    if name == "this_month":
        return Period(today.replace(day=1), today, name)
    if name == "last_month":
        last = today.replace(day=1) - DAY
        return Period(last.replace(day=1), last, name)
    if name == "this_year":
        return Period(date(today.year, 1, 1), today, name)
    raise ServiceError("period_unknown")
