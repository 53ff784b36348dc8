"""The meldekort as data: answers by NAV's keys, the 14-day grid, and hours as typed."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from core.services.forms.meldekort.card import (Activity, Answers, Card, Day, Grid, HoursNotANumber,
                                                Question, cell_field, hours_value, parse_hours,
                                                read_hours, whole_or_half)
from core.services.forms.meldekort.periods import Period

PERIOD = Period(date(2026, 3, 2))


@pytest.mark.parametrize("text, hours", [
    ("7,5", Decimal("7.5")),
    ("7.5", Decimal("7.5")),
    (" 8 ", Decimal("8")),
    ("\t8\n", Decimal("8")),
    ("0", Decimal("0")),
    (",5", Decimal("0.5")),
    (".5", Decimal("0.5")),
    ("8,", Decimal("8")),
    ("24", Decimal("24")),
    ("007", Decimal("7")),
    ("-1", Decimal("-1")),  # a number: refused later for its range
    ("7.25", Decimal("7.25")),  # a number: refused later for not being whole or half
    ("", None),
    ("   ", None),
    (None, None),
])
def test_hours_are_read_as_typed_with_a_comma_or_a_point(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text", ["abc", "7.5t", "7,5 timer", "1e3", "NaN", "nan", "inf",
                                  "Infinity", "7 ½", "½", "٣", "７", "1,5,5", "7.5.1", "1 000",
                                  "+", "-", ".", ",", "0x10", "7-", "--1"])
def test_text_that_is_not_a_number_is_refused_with_its_code(text):
    with pytest.raises(HoursNotANumber) as refused:
        parse_hours(text)
    assert refused.value.code == "hours_not_a_number"


@pytest.mark.parametrize("hours", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"),
                                   Decimal("-Infinity"), 7.5, True, b"8", ["8"], object()])
def test_a_value_that_is_not_a_finite_number_is_refused(hours):
    with pytest.raises(HoursNotANumber):
        hours_value(hours)


def test_a_whole_number_reads_as_hours():
    assert hours_value(8) == Decimal(8) and hours_value(None) is None and hours_value(" ") is None


@pytest.mark.parametrize("hours, whole_or_half_hours", [
    (Decimal("0"), True), (Decimal("0.5"), True), (Decimal("7.50"), True), (Decimal("24"), True),
    (Decimal("-3.5"), True), (Decimal("1E+3"), True), (Decimal("1E+999999"), True),
    (Decimal("0.000"), True),
    (Decimal("7.25"), False), (Decimal("0.1"), False), (Decimal("7.05"), False),
    (Decimal("0.50000000000000000000000000001"), False),  # would round to 1.0 at 28 digits
    (Decimal("5E-999999"), False),
])
def test_whole_or_half_hours_are_exact(hours, whole_or_half_hours):
    assert whole_or_half(hours) is whole_or_half_hours


@pytest.mark.parametrize("typed, stored", [
    ("7,50", Decimal("7.5")),
    ("8.0", Decimal("8")),
    ("-0", Decimal("0")),
    ("24", Decimal("24")),
    ("", None),
    (None, None),
    (8, Decimal("8")),
    ("abc", "abc"),  # kept exactly as typed, to show again with its error
    ("30", "30"),
    ("7,25", "7,25"),
    (Decimal("7.25"), Decimal("7.25")),
])
def test_reading_hours_stores_good_hours_as_numbers_and_keeps_the_rest_as_typed(typed, stored):
    card = read_hours(Card(PERIOD, grid=Grid().with_day(3, Day(hours=typed, ill=True))))
    assert card.grid.day(3) == Day(hours=stored, ill=True)
    assert str(card.grid.day(3).hours) == str(stored)


def test_answers_are_named_by_navs_keys():
    answers = Answers(arbeidet=True, kurs=False, annet_fravaer=True)
    assert answers.as_dict() == {"arbeidet": True, "kurs": False, "syk": None, "annetFravaer": True,
                                 "arbeidssoker": None}
    assert answers[Question.ANNET_FRAVAER] is True and answers["annetFravaer"] is True
    assert answers.with_answer(Question.SYK, False).syk is False and answers.syk is None
    assert Answers.from_dict(answers.as_dict()) == answers
    assert Answers.from_dict({}) == Answers()


def test_a_grid_has_fourteen_days():
    assert len(Grid().days) == 14
    for days in ((), (Day(),) * 13, (Day(),) * 15):
        with pytest.raises(ValueError):
            Grid(days)
    for number in (0, 15):
        with pytest.raises(ValueError):
            Grid().day(number)
    grid = Grid().with_day(14, Day(ill=True))
    assert grid.day(14).ill and not grid.day(13).ill and len(grid.days) == 14


@pytest.mark.parametrize("day, marked", [
    (Day(), set()),
    (Day(hours=Decimal("0")), set()),  # zero hours is no work
    (Day(hours="0,0"), set()),
    (Day(hours=" "), set()),
    (Day(hours=Decimal("0.5")), {Activity.WORK}),
    (Day(hours="abc"), {Activity.WORK}),  # something typed: it has its own problem
    (Day(hours=Decimal("-1")), {Activity.WORK}),
    (Day(course=True, ill=True), {Activity.COURSE, Activity.ILL}),
    (Day(absence=True), {Activity.ABSENCE}),
])
def test_what_counts_as_marked_on_a_day(day, marked):
    assert {activity for activity in Activity if day.marked(activity)} == marked


def test_clearing_a_row_clears_only_that_row():
    grid = Grid((Day(hours=Decimal(7), course=True, ill=True, absence=True),) * 14)
    assert grid.cleared(Activity.WORK).day(1) == Day(course=True, ill=True, absence=True)
    assert grid.cleared(Activity.ILL).day(14) == Day(hours=Decimal(7), course=True, absence=True)


@pytest.mark.parametrize("number, activity, name", [
    (1, Activity.WORK, "day-1-hours"), (3, Activity.WORK, "day-3-hours"),
    (14, Activity.COURSE, "day-14-course"), (7, Activity.ILL, "day-7-ill"),
    (8, Activity.ABSENCE, "day-8-absence")])
def test_cell_field_names(number, activity, name):
    assert cell_field(number, activity) == name


def test_a_card_survives_a_round_trip_through_json_with_its_text_as_typed():
    card = Card(Period(date(2026, 12, 28)), Answers(True, True, False, None, True),
                Grid().with_day(1, Day(hours=Decimal("7.5"), course=True))
                      .with_day(2, Day(hours="7,25")).with_day(14, Day(hours="abc", ill=True)))
    data = card.as_dict()
    assert data["period"] == "2026-W53"
    assert data["answers"]["annetFravaer"] is None
    assert [d["hours"] for d in data["days"][:2]] == ["7.5", "7,25"] and data["days"][13]["ill"]
    assert Card.from_dict(data) == card


hours_text = st.one_of(st.none(), st.text(max_size=8),
                       st.sampled_from(["7,5", " 8 ", "0", "-0", "24", "24,0", "-1", "7.25", "30",
                                        "", ",5", "8.", "7,50", "abc"]))


@given(st.lists(st.tuples(hours_text, st.booleans(), st.booleans(), st.booleans()),
                min_size=14, max_size=14),
       st.lists(st.one_of(st.none(), st.booleans()), min_size=5, max_size=5))
def test_any_typed_card_survives_the_round_trip_once_read(days, answers):
    card = read_hours(Card(PERIOD, Answers(*answers),
                           Grid(tuple(Day(h, c, i, a) for h, c, i, a in days))))
    assert Card.from_dict(card.as_dict()) == card
    assert read_hours(card) == card
