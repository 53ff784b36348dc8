"""Working time as a promise counts it, for the first-response times of the reports on
requests (core.services.records.reports).

- ``working_time``: the working time from filing to the first reply to the inmate,
  measured the way the promise is measured (core.services.requests.sla): working days are
  whole Oslo calendar days (weekends and Norwegian public holidays are not), counting
  starts with the first working day *after* the day of filing, and time spent waiting for
  the inmate is left out. A request answered on the day it was filed took 0 working days;
  one filed on a Monday and answered on Tuesday at noon took 0.5. A promise of N working
  days is therefore kept exactly when this time is at most N.
- ``median``: with an even number of values the mean of the middle two; no values, no
  median (None).
"""
from __future__ import annotations

import statistics
from datetime import datetime, time, timedelta

from core.clock import OSLO, as_utc
from core.services.workdays import is_working_day

DAY = timedelta(days=1)


def _merged(pauses, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    spans = sorted((max(as_utc(p.start), start), min(as_utc(p.end) if p.end else end, end))
                   for p in pauses)
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in spans:
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def working_time(start: datetime, end: datetime, pauses=()) -> timedelta:
    """The working time from ``start`` to ``end`` that a promise clock counts: the parts
    of the working days after ``start``'s Oslo date, outside the pauses (an open pause
    runs to ``end``). The inverse of sla.deadline: for a promise of N days,
    working_time(start, sla.deadline(start, N, pauses), pauses) is N days."""
    start, end = as_utc(start), as_utc(end)
    if end <= start:
        return timedelta(0)
    paused = _merged(pauses, start, end)
    total = timedelta(0)
    day, last = start.astimezone(OSLO).date(), end.astimezone(OSLO).date()
    while day < last:
        day += DAY
        if not is_working_day(day):
            continue
        lo = max(start, as_utc(datetime.combine(day, time(0), tzinfo=OSLO)))
        hi = min(end, as_utc(datetime.combine(day + DAY, time(0), tzinfo=OSLO)))
        if hi <= lo:
            continue
        total += hi - lo
        for pause_lo, pause_hi in paused:
            total -= max(timedelta(0), min(hi, pause_hi) - max(lo, pause_lo))
    return total


def median(values: list[timedelta]) -> timedelta | None:
    """The middle value; the mean of the middle two for an even count; None if empty."""
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))
