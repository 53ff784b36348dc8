"""Meldekort periods: 14 days from a Monday, opening on day 13, late after 8 days, in Oslo."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from core.clock import OSLO
from core.services.errors import ServiceError
from core.services.forms.meldekort.periods import (NAV_STATUS_CODES, NAV_STATUS_FOR, NotAMonday,
                                                   Period, Schedule, Stage, Status, deadline,
                                                   has_deadline, is_late, is_open, late_from,
                                                   opens_at, opens_on, sent_late, status_of)


def _oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


mondays = st.dates(min_value=date(2000, 1, 3), max_value=date(2090, 12, 25)).map(
    lambda d: d - timedelta(days=d.weekday()))


# --- a period starts on a Monday -----------------------------------------------------------

def test_a_period_is_fourteen_days_from_a_monday_to_a_sunday():
    period = Period(date(2026, 3, 2))
    assert (period.start, period.end) == (date(2026, 3, 2), date(2026, 3, 15))
    assert len(period.days) == 14 and period.days[0] == period.day(1) == date(2026, 3, 2)
    assert period.day(14) == period.end and period.end.weekday() == 6
    assert period.contains(date(2026, 3, 15)) and not period.contains(date(2026, 3, 16))
    assert not period.contains(date(2026, 3, 1))


@pytest.mark.parametrize("day", [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5),
                                 date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)])
def test_a_period_that_does_not_start_on_a_monday_is_refused(day):
    with pytest.raises(NotAMonday) as refused:
        Period(day)
    assert refused.value.code == "meldekort_start_not_monday"
    assert isinstance(refused.value, ServiceError) and isinstance(refused.value, ValueError)
    assert refused.value.params == {"day": day}


def test_a_period_starts_on_a_date_not_a_moment():
    with pytest.raises(TypeError):
        Period(datetime(2026, 3, 2, 0, 0))


@pytest.mark.parametrize("number", [0, 15, -1])
def test_a_period_has_days_one_to_fourteen(number):
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2)).day(number)


# --- the id: the ISO week of the first Monday ------------------------------------------------

@pytest.mark.parametrize("start, period_id, weeks", [
    (date(2026, 3, 2), "2026-W10", (10, 11)),
    (date(2026, 1, 5), "2026-W02", (2, 3)),
    (date(2025, 12, 29), "2026-W01", (1, 2)),  # the ISO year, not the calendar year
    (date(2025, 12, 22), "2025-W52", (52, 1)),  # spans New Year
    (date(2026, 12, 21), "2026-W52", (52, 53)),  # 2026 has 53 ISO weeks
    (date(2026, 12, 28), "2026-W53", (53, 1)),
    (date(2020, 12, 28), "2020-W53", (53, 1)),  # and so had 2020
    (date(2021, 1, 4), "2021-W01", (1, 2)),
])
def test_the_id_is_the_iso_week_of_the_first_monday(start, period_id, weeks):
    period = Period(start)
    assert (period.id, str(period), period.weeks) == (period_id, period_id, weeks)
    assert Period.from_id(period_id) == period


@pytest.mark.parametrize("text", ["2025-W53", "2026-W00", "2026-W54", "2026-10", "2026-W1",
                                  "26-W10", "2026-w10", "", "2026-W10 "])
def test_an_id_that_names_no_period_is_refused(text):
    with pytest.raises(ValueError):
        Period.from_id(text)


@pytest.mark.parametrize("start, following", [
    (date(2026, 3, 2), date(2026, 3, 16)),
    (date(2026, 1, 26), date(2026, 2, 9)),  # across a month
    (date(2025, 12, 22), date(2026, 1, 5)),  # across New Year
    (date(2026, 12, 21), date(2027, 1, 4)),  # across week 53
    (date(2028, 2, 21), date(2028, 3, 6)),  # across a leap day
])
def test_next_and_previous_step_fourteen_days(start, following):
    assert Period(start).next() == Period(following)
    assert Period(following).previous() == Period(start)


# --- opening and deadline ------------------------------------------------------------------

@pytest.mark.parametrize("start, opens, last_day", [
    (date(2026, 3, 2), date(2026, 3, 14), date(2026, 3, 23)),
    (date(2026, 1, 19), date(2026, 1, 31), date(2026, 2, 9)),  # ends in February
    (date(2026, 2, 23), date(2026, 3, 7), date(2026, 3, 16)),  # February to March
    (date(2025, 12, 22), date(2026, 1, 3), date(2026, 1, 12)),  # spans New Year
    (date(2025, 12, 15), date(2025, 12, 27), date(2026, 1, 5)),  # deadline in the new year
    (date(2026, 12, 28), date(2027, 1, 9), date(2027, 1, 18)),  # starts in ISO week 53
    (date(2026, 12, 21), date(2027, 1, 2), date(2027, 1, 11)),  # weeks 52 and 53
    (date(2020, 12, 28), date(2021, 1, 9), date(2021, 1, 18)),  # 2020-W53
    (date(2028, 2, 21), date(2028, 3, 4), date(2028, 3, 13)),  # over 29 February
    (date(2026, 3, 16), date(2026, 3, 28), date(2026, 4, 6)),  # deadline on Easter Monday
])
def test_the_card_opens_on_day_13_and_is_on_time_until_8_days_after_the_period(
        start, opens, last_day):
    period = Period(start)
    assert opens_on(period) == opens and opens.weekday() == 5  # Saturday of week two
    assert deadline(period) == last_day and last_day.weekday() == 0  # Monday of week four
    assert (opens - start).days == 12 and (last_day - period.end).days == 8


def test_the_whole_deadline_day_counts_in_oslo_time():
    period = Period(date(2026, 3, 2))  # deadline Monday 23 March, winter time (UTC+1)
    assert opens_at(period) == _utc(2026, 3, 13, 23, 0)
    assert late_from(period) == _utc(2026, 3, 23, 23, 0)
    assert not is_late(period, _oslo(2026, 3, 23, 23, 59, 59))
    assert is_late(period, _oslo(2026, 3, 24, 0, 0))


# Summer time starts on Sunday 29 March 2026 (02:00 becomes 03:00) and ends on Sunday
# 25 October 2026 (03:00 becomes 02:00). The UTC offsets on either side differ by an hour.
@pytest.mark.parametrize("start, opens_utc, late_utc", [
    # the period ends on the day summer time starts: opens in winter time, late in summer time
    (date(2026, 3, 16), _utc(2026, 3, 27, 23, 0), _utc(2026, 4, 6, 22, 0)),
    # the period before: its deadline week has the change in it
    (date(2026, 3, 2), _utc(2026, 3, 13, 23, 0), _utc(2026, 3, 23, 23, 0)),
    # the change falls inside the period
    (date(2026, 3, 23), _utc(2026, 4, 3, 22, 0), _utc(2026, 4, 13, 22, 0)),
    # the period ends on the day summer time ends: opens in summer time, late in winter time
    (date(2026, 10, 12), _utc(2026, 10, 23, 22, 0), _utc(2026, 11, 2, 23, 0)),
    (date(2026, 10, 19), _utc(2026, 10, 30, 23, 0), _utc(2026, 11, 9, 23, 0)),
    # 2025: summer time ended on 26 October
    (date(2025, 10, 13), _utc(2025, 10, 24, 22, 0), _utc(2025, 11, 3, 23, 0)),
])
def test_opening_and_lateness_are_oslo_midnights_across_summer_time(start, opens_utc, late_utc):
    period = Period(start)
    assert opens_at(period) == opens_utc
    assert late_from(period) == late_utc
    assert opens_at(period).astimezone(OSLO).time() == late_from(period).astimezone(OSLO).time()
    assert opens_at(period).astimezone(OSLO).hour == 0
    assert not is_open(period, opens_utc - timedelta(seconds=1)) and is_open(period, opens_utc)
    assert not is_late(period, late_utc - timedelta(seconds=1)) and is_late(period, late_utc)


@pytest.mark.parametrize("moment, status", [
    (_oslo(2026, 3, 2, 9, 0), Status.NOT_YET_OPEN),  # the first day
    (_oslo(2026, 3, 13, 23, 59, 59), Status.NOT_YET_OPEN),  # Friday of week two
    (_oslo(2026, 3, 14, 0, 0), Status.OPEN),  # Saturday: day 13
    (_oslo(2026, 3, 16, 9, 0), Status.OPEN),  # the Monday after
    (_oslo(2026, 3, 23, 23, 59, 59), Status.OPEN),  # the last second of the deadline day
    (_oslo(2026, 3, 24, 0, 0), Status.LATE),
    (_oslo(2027, 1, 1, 12, 0), Status.LATE),  # late is shown, never refused
])
def test_before_the_inmate_confirms_the_calendar_gives_the_status(moment, status):
    period = Period(date(2026, 3, 2))
    assert status_of(period, moment) is status
    assert status_of(period, moment, Stage.DRAFT) is status


@pytest.mark.parametrize("moment, status", [
    (_oslo(2026, 3, 13, 12, 0), Status.NOT_YET_OPEN),
    (_oslo(2026, 3, 24, 0, 0), Status.OPEN),
    (_oslo(2027, 3, 24, 0, 0), Status.OPEN),
])
def test_a_card_without_a_deadline_is_never_late(moment, status):
    period = Period(date(2026, 3, 2))
    assert status_of(period, moment, deadline_applies=False) is status
    assert not is_late(period, moment, deadline_applies=False)


@pytest.mark.parametrize("stage, status", [
    (Stage.CONFIRMED, Status.AWAITING_COUNTERSIGNATURE),
    (Stage.SENT, Status.SENT),
    (Stage.UNDER_REVIEW, Status.UNDER_REVIEW),
    (Stage.RETURNED, Status.RETURNED),
    (Stage.REGISTERED, Status.REGISTERED),
])
def test_after_the_inmate_confirms_the_stage_gives_the_status(stage, status):
    period = Period(date(2026, 3, 2))
    for moment in (_oslo(2026, 3, 14, 12, 0), _oslo(2026, 4, 30, 12, 0)):  # on time, and late
        assert status_of(period, moment, stage) is status


def test_a_naive_moment_is_read_as_utc_as_sqlite_gives_it_back():
    period = Period(date(2026, 3, 2))
    assert status_of(period, datetime(2026, 3, 13, 22, 59)) is Status.NOT_YET_OPEN
    assert status_of(period, datetime(2026, 3, 13, 23, 0)) is Status.OPEN


@pytest.mark.parametrize("sent_at, late, deadline_applies", [
    (_oslo(2026, 3, 14, 10, 0), False, True),
    (_oslo(2026, 3, 23, 23, 59), False, True),
    (_oslo(2026, 3, 24, 0, 1), True, True),
    (_oslo(2026, 3, 24, 0, 1), False, False),
])
def test_a_card_sent_after_the_deadline_was_sent_late(sent_at, late, deadline_applies):
    period = Period(date(2026, 3, 2))
    assert sent_late(period, sent_at, deadline_applies=deadline_applies) is late


@pytest.mark.parametrize("is_correction, by_caseworker, applies", [
    (False, False, True), (True, False, False), (False, True, False), (True, True, False)])
def test_corrections_and_cards_a_caseworker_fills_in_have_no_deadline(
        is_correction, by_caseworker, applies):
    assert has_deadline(is_correction=is_correction, filled_by_caseworker=by_caseworker) is applies


# --- the schedule ----------------------------------------------------------------------------

def test_a_schedule_must_start_on_a_monday():
    with pytest.raises(NotAMonday) as refused:
        Schedule.starting_on(date(2026, 3, 4))
    assert refused.value.code == "meldekort_start_not_monday"
    assert Schedule.starting_on(date(2026, 3, 2)).first == Period(date(2026, 3, 2))


@pytest.mark.parametrize("first, day, start", [
    (date(2026, 3, 2), date(2026, 3, 1), None),  # before the schedule
    (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 2)),
    (date(2026, 3, 2), date(2026, 3, 15), date(2026, 3, 2)),
    (date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 16)),
    (date(2026, 3, 2), date(2027, 1, 3), date(2026, 12, 21)),  # weeks 52 and 53
    (date(2026, 3, 2), date(2027, 1, 4), date(2027, 1, 4)),
    (date(2026, 3, 9), date(2026, 12, 31), date(2026, 12, 28)),  # weeks 53 and 1
    (date(2026, 3, 9), date(2027, 1, 10), date(2026, 12, 28)),
    (date(2026, 3, 9), date(2027, 1, 11), date(2027, 1, 11)),
    (date(2020, 1, 13), date(2021, 1, 1), date(2020, 12, 28)),  # 2020-W53
])
def test_the_period_containing_a_day_follows_the_schedule(first, day, start):
    period = Schedule.starting_on(first).period_containing(day)
    assert period == (Period(start) if start else None)


def test_two_schedules_a_week_apart_place_a_day_in_different_periods():
    even, odd = Schedule.starting_on(date(2026, 3, 2)), Schedule.starting_on(date(2026, 3, 9))
    assert even.period_containing(date(2026, 3, 12)) == Period(date(2026, 3, 2))
    assert odd.period_containing(date(2026, 3, 12)) == Period(date(2026, 3, 9))


def test_the_current_period_is_the_one_running_on_the_oslo_date():
    schedule = Schedule.starting_on(date(2026, 3, 2))
    # 23:30 UTC on Sunday 15 March is already Monday 16 March in Oslo
    assert schedule.current(_utc(2026, 3, 15, 23, 30)) == Period(date(2026, 3, 16))
    assert schedule.current(_utc(2026, 3, 15, 22, 30)) == Period(date(2026, 3, 2))
    assert schedule.current(_utc(2026, 2, 28, 12, 0)) is None


def test_the_periods_opened_so_far_oldest_first():
    schedule = Schedule.starting_on(date(2026, 3, 2))
    assert schedule.opened_by(_oslo(2026, 3, 13, 12, 0)) == []
    assert schedule.opened_by(_oslo(2026, 3, 14, 0, 0)) == [Period(date(2026, 3, 2))]
    assert schedule.opened_by(_oslo(2026, 3, 27, 23, 59)) == [Period(date(2026, 3, 2))]
    assert schedule.opened_by(_oslo(2026, 3, 28, 0, 0)) == [
        Period(date(2026, 3, 2)), Period(date(2026, 3, 16))]
    assert schedule.opened_by(_oslo(2026, 4, 11, 0, 0)) == [
        Period(date(2026, 3, 2)), Period(date(2026, 3, 16)), Period(date(2026, 3, 30))]


# --- NAV's codes -----------------------------------------------------------------------------

def test_every_status_has_a_nav_code_or_none_and_every_code_of_the_domain_note_is_described():
    assert set(NAV_STATUS_CODES) == {"OPPRE", "SENDT", "KLAR", "REGIS", "NYKTR", "UBEHA", "FERDI",
                                     "FEIL", "VENTE"}
    assert set(NAV_STATUS_FOR) == set(Status)
    assert {code for code in NAV_STATUS_FOR.values() if code} <= set(NAV_STATUS_CODES)
    # SENDT is NAV's "sent out to the person": never our "sent"
    assert NAV_STATUS_FOR[Status.SENT] != "SENDT"
    assert NAV_STATUS_FOR[Status.REGISTERED] == "REGIS"


# --- properties ------------------------------------------------------------------------------

@given(mondays)
def test_every_period_opens_on_its_saturday_and_is_due_on_the_monday_after_next(start):
    period = Period(start)
    assert period.contains(opens_on(period)) and opens_on(period).weekday() == 5
    assert opens_on(period) == period.end - timedelta(days=1)
    assert deadline(period) - period.end == timedelta(days=8) and deadline(period).weekday() == 0
    assert opens_at(period).astimezone(OSLO).time().hour == 0
    assert late_from(period).astimezone(OSLO).date() == deadline(period) + timedelta(days=1)
    assert late_from(period).astimezone(OSLO).hour == 0
    assert Period.from_id(period.id) == period
    assert period.next().previous() == period and period.next().start - period.end == timedelta(1)


@given(mondays, st.dates(min_value=date(2000, 1, 1), max_value=date(2095, 12, 31)))
def test_a_schedule_places_every_day_after_its_start_in_exactly_one_period(first, day):
    schedule = Schedule.starting_on(first)
    period = schedule.period_containing(day)
    if day < first:
        assert period is None
    else:
        assert period is not None and period.contains(day)
        assert (period.start - first).days % 14 == 0


@given(mondays, st.integers(min_value=0, max_value=60 * 24 * 40))
def test_the_status_moves_forward_only(start, minutes):
    period = Period(start)
    moment = _oslo(start.year, start.month, start.day) + timedelta(minutes=minutes)
    order = [Status.NOT_YET_OPEN, Status.OPEN, Status.LATE]
    now, later = status_of(period, moment), status_of(period, moment + timedelta(hours=1))
    assert order.index(now) <= order.index(later)
