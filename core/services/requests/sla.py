"""Response-time promises, counted in Norwegian working days.

A promise of N working days starts counting at the first working day after the request
was filed (Oslo time), and runs only through working days. Time spent waiting for the
inmate is paused and does not count. With no pauses the deadline is the end of the N-th
working day after filing, the same as workdays.add_working_days.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from core.clock import OSLO, as_utc
from core.services.workdays import is_working_day

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None  # None while still waiting for the inmate


@dataclass(frozen=True)
class ClockState:
    deadline: datetime | None  # None while paused
    paused: bool
    breached: bool
    met: bool = False  # the promise was kept or broken: the clock has stopped


def _working_windows(start: datetime):
    """Each working day after ``start``'s Oslo date, as an aware [begin, end) in UTC."""
    day = as_utc(start).astimezone(OSLO).date()
    while True:
        day += DAY
        if is_working_day(day):
            begin = datetime.combine(day, time(0), tzinfo=OSLO)
            end = datetime.combine(day + DAY, time(0), tzinfo=OSLO)
            yield as_utc(begin), as_utc(end)


def deadline(start: datetime, days: int, pauses: list[Pause] | tuple = ()) -> datetime | None:
    """When the promise runs out, or None while a pause is open (the clock is stopped)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    if any(p.end is None for p in pauses):
        return None
    closed = [(as_utc(p.start), as_utc(p.end)) for p in pauses]
    budget = timedelta(days=days)
    for begin, end in _working_windows(start):
        window_start = max(begin, as_utc(start))
        paused = [(s, e) for s, e in closed if s < end and e > window_start]
        cursor = window_start
        for pause_start, pause_end in sorted(paused):
            running = max(timedelta(0), min(end, pause_start) - cursor)
            if running >= budget:
                return cursor + budget
            budget -= running
            cursor = max(cursor, min(end, pause_end))
        running = end - cursor
        if running >= budget:
            return cursor + budget
        budget -= running


@lru_cache(maxsize=8192)
def _unpaused_deadline(filed_on: date, days: int) -> datetime:
    return deadline(datetime.combine(filed_on, time(12), tzinfo=OSLO), days)


def unpaused_deadline(start: datetime, days: int) -> datetime:
    """``deadline(start, days)`` with no pauses, remembered per Oslo filing date: without
    pauses the deadline depends only on the day the request was filed, so sorting a large
    queue computes each (day, promise) once."""
    return _unpaused_deadline(as_utc(start).astimezone(OSLO).date(), days)


def state(start: datetime, days: int, pauses, now: datetime,
          met_at: datetime | None = None) -> ClockState:
    """Where a clock stands at ``now``; ``met_at`` is when the promise was kept, if it was.

    Once met, only the pauses before ``met_at`` count: waiting for the inmate afterwards
    does not reopen a promise already kept (or broken).
    """
    if met_at is not None:
        met_at = as_utc(met_at)
        before = [Pause(p.start, met_at if p.end is None else min(as_utc(p.end), met_at))
                  for p in pauses if as_utc(p.start) < met_at]
        due = deadline(start, days, before)
        return ClockState(due, False, met_at > due, met=True)
    due = deadline(start, days, pauses)
    if due is None:
        return ClockState(None, True, False)
    return ClockState(due, False, as_utc(now) > due)
