from datetime import date, datetime, timedelta, timezone

from hypothesis import given, strategies as st

from core.clock import OSLO
from core.services.workdays import (add_working_days, easter_sunday, is_working_day,
                                    public_holidays, working_days_between)


def test_easter_dates_known_from_the_almanac():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)


def test_the_twelve_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5),
        date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 17),
        date(2026, 5, 24), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]


def _oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


def test_two_working_days_from_a_friday_end_on_tuesday():
    due = add_working_days(_oslo(2026, 3, 6, 15, 0), 2)
    assert due.astimezone(OSLO).date() == date(2026, 3, 10)
    assert due.astimezone(OSLO).hour == 23


def test_easter_is_skipped():
    # Filed Wednesday 1 April 2026: Thursday to Monday are holidays or weekend.
    due = add_working_days(_oslo(2026, 4, 1, 10, 0), 2)
    assert due.astimezone(OSLO).date() == date(2026, 4, 8)


def test_seventeenth_of_may_and_christmas():
    assert not is_working_day(date(2028, 5, 17))  # a Wednesday
    assert is_working_day(date(2026, 12, 24))  # julaften is not a public holiday
    assert add_working_days(_oslo(2026, 12, 24, 9, 0), 1).astimezone(OSLO).date() == date(
        2026, 12, 28)


def test_working_days_between():
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 10)) == 2
    assert working_days_between(date(2026, 4, 1), date(2026, 4, 8)) == 2
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=1, max_value=30))
def test_deadline_lands_on_a_working_day_exactly_n_working_days_later(day, n):
    start = datetime.combine(day, datetime.min.time(), tzinfo=OSLO) + timedelta(hours=12)
    due = add_working_days(start, n).astimezone(OSLO).date()
    assert is_working_day(due)
    assert working_days_between(day, due) == n


@given(st.integers(min_value=1900, max_value=2199))
def test_easter_is_a_sunday_in_march_or_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6 and date(year, 3, 22) <= easter <= date(year, 4, 25)
