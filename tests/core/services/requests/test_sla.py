from datetime import date, datetime, timedelta, timezone

from hypothesis import given, strategies as st

from core.clock import OSLO
from core.services.requests import sla
from core.services.workdays import add_working_days


def _oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


def _day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def test_no_pause_ends_at_midnight_after_the_nth_working_day():
    due = sla.deadline(_oslo(2026, 3, 6, 15, 0), 2)  # Friday
    assert due == _oslo(2026, 3, 11, 0, 0)  # end of Tuesday


def test_filing_on_a_holiday_starts_on_the_next_working_day():
    due = sla.deadline(_oslo(2026, 4, 3, 10, 0), 1)  # Good Friday
    assert due == _oslo(2026, 4, 8, 0, 0)  # end of Tuesday 7 April


def test_a_pause_over_a_working_day_moves_the_deadline_a_working_day():
    start = _oslo(2026, 3, 2, 9, 0)  # Monday
    pause = sla.Pause(_oslo(2026, 3, 3, 0, 0), _oslo(2026, 3, 4, 0, 0))  # all of Tuesday
    assert sla.deadline(start, 2) == _oslo(2026, 3, 5, 0, 0)
    assert sla.deadline(start, 2, [pause]) == _oslo(2026, 3, 6, 0, 0)


def test_a_pause_over_a_weekend_costs_nothing():
    start = _oslo(2026, 3, 5, 9, 0)  # Thursday
    pause = sla.Pause(_oslo(2026, 3, 7, 8, 0), _oslo(2026, 3, 8, 20, 0))
    assert sla.deadline(start, 2, [pause]) == sla.deadline(start, 2)


def test_half_a_day_paused_is_half_a_day_later():
    start = _oslo(2026, 3, 2, 9, 0)
    pause = sla.Pause(_oslo(2026, 3, 3, 6, 0), _oslo(2026, 3, 3, 18, 0))
    assert sla.deadline(start, 2, [pause]) == _oslo(2026, 3, 5, 12, 0)


def test_open_pause_stops_the_clock():
    start = _oslo(2026, 3, 2, 9, 0)
    state = sla.state(start, 2, [sla.Pause(_oslo(2026, 3, 3, 9, 0), None)],
                      now=_oslo(2026, 3, 20, 9, 0))
    assert state.paused and state.deadline is None and not state.breached


def test_breach_and_kept_promises():
    start = _oslo(2026, 3, 2, 9, 0)
    late = sla.state(start, 2, [], now=_oslo(2026, 3, 5, 0, 1))
    assert late.breached
    kept = sla.state(start, 2, [], now=_oslo(2026, 3, 9), met_at=_oslo(2026, 3, 4, 23, 0))
    assert not kept.breached


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2060, 1, 1),
                    timezones=st.just(timezone.utc)),
       st.integers(min_value=1, max_value=20))
def test_without_pauses_it_agrees_with_add_working_days(start, days):
    due = sla.deadline(start, days)
    expected = add_working_days(start, days) + timedelta(seconds=1)
    assert abs(due - expected) <= timedelta(seconds=1)


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1),
                    timezones=st.just(timezone.utc)),
       st.integers(min_value=1, max_value=10),
       st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
       st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5)))
def test_a_pause_never_brings_the_deadline_forward(start, days, offset, length):
    pause = sla.Pause(start + offset, start + offset + length)
    assert sla.deadline(start, days, [pause]) >= sla.deadline(start, days)
