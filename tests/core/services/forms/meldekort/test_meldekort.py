"""Every meldekort rule of shared/domain/meldekort.md: a passing case, a failing case, the error."""
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from core.services.forms.meldekort import rules as mk
from core.services.forms.meldekort.rules import (CODES, Activity, Answers, Benefit, Card,
                                                 CorrectionReason, Day, Grid, Period, Problem,
                                                 Question, Status)

PERIOD = Period(date(2026, 3, 2))  # Monday 2 March to Sunday 15 March 2026
NOTHING = Answers(False, False, False, False, True)  # "no" to 1-4, and stays registered


def _card(answers=NOTHING, days=None, period=PERIOD) -> Card:
    grid = Grid()
    for number, day in (days or {}).items():
        grid = grid.with_day(number, day)
    return Card(period, answers, grid)


def _codes(problems) -> list[tuple[str, str]]:
    return [(problem.field, problem.code) for problem in problems]


# --- step 1: the questions -------------------------------------------------------------------

def test_a_card_with_every_question_answered_passes():
    assert mk.validate_questions(NOTHING) == []
    assert mk.validate_questions(Answers(True, True, True, True, True)) == []


@pytest.mark.parametrize("question", list(mk.CLASSIC_QUESTIONS))
def test_every_question_must_be_answered(question):
    answers = NOTHING.with_answer(question, None)
    assert _codes(mk.validate_questions(answers)) == [(question.value, "answer_required")]


def test_an_empty_card_names_all_five_questions_in_order():
    assert _codes(mk.validate_questions(Answers())) == [
        ("arbeidet", "answer_required"), ("kurs", "answer_required"), ("syk", "answer_required"),
        ("annetFravaer", "answer_required"), ("arbeidssoker", "answer_required")]


@pytest.mark.parametrize("confirmed, problems", [
    (True, []),
    (False, [("unregister_confirm", "unregister_confirm_required")]),
])
def test_no_to_question_5_needs_the_extra_confirmation(confirmed, problems):
    answers = NOTHING.with_answer(Question.ARBEIDSSOKER, False)
    assert _codes(mk.validate_questions(answers, unregister_confirmed=confirmed)) == problems


@pytest.mark.parametrize("answer, problems", [
    (True, []),
    (False, [("arbeidssoker", "answer_fixed")]),
    (None, [("arbeidssoker", "answer_fixed")]),
])
def test_on_a_late_card_question_5_is_fixed_at_yes(answer, problems):
    answers = NOTHING.with_answer(Question.ARBEIDSSOKER, answer)
    found = mk.validate_questions(answers, late=True, unregister_confirmed=False)
    assert _codes(found) == problems
    assert all(problem.params == {"value": True} for problem in found)


@pytest.mark.parametrize("late, correcting, fixed", [
    (False, None, {}),
    (True, None, {Question.ARBEIDSSOKER: True}),
    (False, Answers(True, False, False, False, True), {Question.ARBEIDSSOKER: True}),
    (False, Answers(True, False, False, False, False), {Question.ARBEIDSSOKER: False}),
])
def test_which_questions_are_fixed(late, correcting, fixed):
    assert mk.fixed_answers(late=late, correcting=correcting) == fixed


def test_a_correction_is_never_a_late_card():
    with pytest.raises(ValueError):
        mk.fixed_answers(late=True, correcting=NOTHING)


@pytest.mark.parametrize("reason, problems", [
    (CorrectionReason.WRONG_HOURS, []),
    ("other", []),
    (None, [("reason", "reason_required")]),
    ("", [("reason", "reason_required")]),
    ("because", [("reason", "reason_required")]),
])
def test_a_correction_needs_a_reason_from_the_list(reason, problems):
    assert _codes(mk.validate_questions(NOTHING, correcting=NOTHING, reason=reason)) == problems


def test_a_correction_keeps_question_5_and_asks_no_extra_confirmation():
    original = NOTHING.with_answer(Question.ARBEIDSSOKER, False)
    kept = mk.validate_questions(original, correcting=original, reason="other")
    changed = mk.validate_questions(NOTHING, correcting=original, reason="other")
    assert kept == []
    assert changed == [Problem("arbeidssoker", "answer_fixed", {"value": False})]


def test_the_correction_reasons_are_navs_list_with_stable_codes():
    assert [reason.value for reason in CorrectionReason] == [
        "wrong_hours", "forgot_activity", "illness", "abroad", "wrong_absence", "other"]


# --- step 2: the day grid --------------------------------------------------------------------

@pytest.mark.parametrize("answers, needed", [
    (NOTHING, False),
    (NOTHING.with_answer(Question.ARBEIDSSOKER, False), False),
    (NOTHING.with_answer(Question.ARBEIDET, True), True),
    (NOTHING.with_answer(Question.KURS, True), True),
    (NOTHING.with_answer(Question.SYK, True), True),
    (NOTHING.with_answer(Question.ANNET_FRAVAER, True), True),
    (Answers(), False),
])
def test_the_grid_is_skipped_when_every_answer_to_questions_1_to_4_is_no(answers, needed):
    assert mk.needs_grid(answers) is needed


ROWS = [
    (Question.ARBEIDET, Activity.WORK, Day(hours=Decimal("7.5")), "day-1-hours"),
    (Question.KURS, Activity.COURSE, Day(course=True), "day-1-course"),
    (Question.SYK, Activity.ILL, Day(ill=True), "day-1-ill"),
    (Question.ANNET_FRAVAER, Activity.ABSENCE, Day(absence=True), "day-1-absence"),
]


@pytest.mark.parametrize("question, activity, marked, field", ROWS)
def test_each_yes_needs_a_day_marked_in_its_row(question, activity, marked, field):
    answers = NOTHING.with_answer(question, True)
    assert mk.validate_grid(_card(answers, {9: marked}), Benefit.DAGPENGER) == []
    assert mk.validate_grid(_card(answers), Benefit.DAGPENGER) == [
        Problem(field, "row_needs_a_day", {"row": activity, "question": question})]


def test_zero_hours_on_every_day_is_no_work():
    answers = NOTHING.with_answer(Question.ARBEIDET, True)
    card = _card(answers, {n: Day(hours=Decimal(0)) for n in range(1, 15)})
    assert _codes(mk.validate_grid(card, Benefit.AAP)) == [("day-1-hours", "row_needs_a_day")]


@pytest.mark.parametrize("question, activity, marked, field", ROWS)
def test_a_no_clears_its_row(question, activity, marked, field):
    card = _card(NOTHING.with_answer(question, True), {3: marked})
    answered_no = _card(NOTHING.with_answer(question, False), {3: marked})
    assert mk.normalise(answered_no).grid == Grid()
    assert mk.normalise(card).grid.day(3) == marked
    assert mk.normalise(answered_no).answers == answered_no.answers


def test_a_row_answered_no_is_not_judged_even_before_it_is_cleared():
    # work "no", with bad hours and work on an ill day left over from before: all ignored
    answers = NOTHING.with_answer(Question.SYK, True)
    card = _card(answers, {3: Day(hours="7,25", ill=True), 4: Day(hours="abc")})
    assert mk.validate(card, Benefit.DAGPENGER) == []


def test_a_row_not_yet_answered_is_kept_by_normalise():
    card = _card(Answers(kurs=False), {2: Day(hours="8", course=True)})
    assert mk.normalise(card).grid.day(2) == Day(hours=Decimal(8))


@pytest.mark.parametrize("typed, code", [
    ("7,5", None), ("7.5", None), (" 8 ", None), ("0", None), ("24", None), (Decimal("0.5"), None),
    ("", None), (12, None),
    ("7.25", "hours_half"), ("7,1", "hours_half"), (Decimal("0.75"), "hours_half"),
    ("24.25", "hours_half"),  # NAV checks whole or half before the range
    ("24,5", "hours_range"), ("25", "hours_range"), ("-1", "hours_range"), ("-0,5", "hours_range"),
    (Decimal("1E+9"), "hours_range"),
    ("abc", "hours_not_a_number"), ("7.5t", "hours_not_a_number"), ("NaN", "hours_not_a_number"),
    (Decimal("NaN"), "hours_not_a_number"), (Decimal("sNaN"), "hours_not_a_number"),
    (Decimal("Infinity"), "hours_not_a_number"), (7.5, "hours_not_a_number"),
])
def test_hours_are_whole_or_half_from_0_to_24(typed, code):
    answers = NOTHING.with_answer(Question.ARBEIDET, True)
    card = _card(answers, {1: Day(hours=Decimal(8)), 3: Day(hours=typed)})
    problems = mk.validate_grid(card, Benefit.DAGPENGER)
    assert _codes(problems) == ([("day-3-hours", code)] if code else [])
    for problem in problems:
        assert problem.params["day"] == 3 and problem.params["date"] == date(2026, 3, 4)


def test_the_error_names_the_day_so_the_page_can_say_tuesday_4_march():
    period = Period(date(2025, 3, 3))
    card = _card(NOTHING.with_answer(Question.ARBEIDET, True), {2: Day(hours="7,25")}, period)
    [problem] = mk.validate_grid(card, Benefit.AAP)
    assert problem == Problem("day-2-hours", "hours_half",
                              {"day": 2, "date": date(2025, 3, 4), "hours": Decimal("7.25")})
    assert problem.params["date"].weekday() == 1  # a Tuesday


def test_text_that_is_not_a_number_is_given_back_as_typed():
    card = _card(NOTHING.with_answer(Question.ARBEIDET, True), {5: Day(hours=" sju ")})
    assert mk.validate_grid(card, Benefit.DAGPENGER) == [Problem(
        "day-5-hours", "hours_not_a_number", {"day": 5, "date": date(2026, 3, 6), "text": " sju "})]


# The same-day combinations, per benefit, as meldekort.md lists them; everything else is allowed.
REFUSED = {
    Benefit.DAGPENGER: {(Activity.WORK, Activity.ILL), (Activity.WORK, Activity.ABSENCE)},
    Benefit.AAP: {(Activity.WORK, Activity.ABSENCE), (Activity.ILL, Activity.ABSENCE)},
    Benefit.TILTAKSPENGER: {(Activity.ILL, Activity.ABSENCE)},
    Benefit.JOB_SEEKER: set(),  # NAV's card checks no combination for a job seeker only (ARBS)
}
PAIRS = [(Activity.WORK, Activity.COURSE), (Activity.WORK, Activity.ILL),
         (Activity.WORK, Activity.ABSENCE), (Activity.COURSE, Activity.ILL),
         (Activity.COURSE, Activity.ABSENCE), (Activity.ILL, Activity.ABSENCE)]
_ON = {Activity.WORK: {"hours": Decimal("3.5")}, Activity.COURSE: {"course": True},
       Activity.ILL: {"ill": True}, Activity.ABSENCE: {"absence": True}}
_FIELD = {Activity.WORK: "hours", Activity.COURSE: "course", Activity.ILL: "ill",
          Activity.ABSENCE: "absence"}


@pytest.mark.parametrize("benefit", list(Benefit))
@pytest.mark.parametrize("first, second", PAIRS)
def test_same_day_combinations_per_benefit(benefit, first, second):
    answers = Answers(True, True, True, True, True)
    others = {8 + n: Day(**_ON[a]) for n, a in enumerate(mk.ROW_QUESTION) if a not in (first, second)}
    apart = _card(answers, {4: Day(**_ON[first]), 5: Day(**_ON[second])} | others)
    same_day = _card(answers, {4: Day(**_ON[first], **_ON[second])} | others)
    assert mk.validate_grid(apart, benefit) == []
    problems = mk.validate_grid(same_day, benefit)
    if (first, second) in REFUSED[benefit]:
        assert problems == [Problem(f"day-4-{_FIELD[first]}", "combination_not_allowed",
                                    {"day": 4, "date": date(2026, 3, 5), "first": first,
                                     "second": second, "benefit": benefit})]
    else:
        assert problems == []


@pytest.mark.parametrize("benefit", list(Benefit))
def test_the_refused_pairs_are_those_of_the_domain_note(benefit):
    assert set(mk.forbidden_pairs(benefit)) == REFUSED[benefit]


def test_zero_hours_on_an_ill_day_is_no_work():
    answers = Answers(True, False, True, False, True)
    card = _card(answers, {1: Day(hours=Decimal(0), ill=True), 2: Day(hours=Decimal(4))})
    assert mk.validate_grid(card, Benefit.DAGPENGER) == []


def test_out_of_range_hours_on_an_ill_day_give_both_problems():
    answers = Answers(True, False, True, False, True)
    card = _card(answers, {1: Day(hours="30", ill=True)})
    assert _codes(mk.validate_grid(card, Benefit.DAGPENGER)) == [
        ("day-1-hours", "hours_range"), ("day-1-hours", "combination_not_allowed")]


def test_every_combination_is_named_on_every_day():
    answers = Answers(True, True, True, True, True)
    everything = Day(hours=Decimal(2), course=True, ill=True, absence=True)
    card = _card(answers, {1: everything, 14: everything})
    problems = mk.validate_grid(card, Benefit.DAGPENGER)
    assert _codes(problems) == [("day-1-hours", "combination_not_allowed")] * 2 + [
        ("day-14-hours", "combination_not_allowed")] * 2
    assert [p.params["second"] for p in problems] == [Activity.ILL, Activity.ABSENCE] * 2
    assert problems[-1].params["date"] == date(2026, 3, 15)


# --- step 3: the confirmation ----------------------------------------------------------------

@pytest.mark.parametrize("confirmed, problems", [
    (True, []), (False, [("confirm", "confirm_required")])])
def test_the_confirmation_checkbox_is_required(confirmed, problems):
    assert _codes(mk.validate_confirmation(confirmed)) == problems


@pytest.mark.parametrize("confirmed, problems", [
    (None, []), (True, []), (False, [("confirm", "confirm_required")])])
def test_validate_checks_the_confirmation_only_once_it_is_asked(confirmed, problems):
    assert _codes(mk.validate(_card(), Benefit.AAP, confirmed=confirmed)) == problems


def test_validate_gives_the_problems_of_all_three_steps_in_page_order():
    answers = Answers(True, None, True, False, False)
    card = _card(answers, {3: Day(hours="7,25", ill=True), 4: Day(hours="x")})
    assert _codes(mk.validate(card, Benefit.DAGPENGER, confirmed=False)) == [
        ("kurs", "answer_required"), ("unregister_confirm", "unregister_confirm_required"),
        ("day-3-hours", "hours_half"), ("day-3-hours", "combination_not_allowed"),
        ("day-4-hours", "hours_not_a_number"), ("confirm", "confirm_required")]


def test_a_good_card_passes_every_step():
    answers = Answers(True, True, True, False, True)
    card = _card(answers, {1: Day(hours="7,5", course=True), 2: Day(ill=True),
                           9: Day(hours=Decimal(24))})
    assert mk.validate(card, Benefit.DAGPENGER, confirmed=True) == []
    assert mk.validate(mk.normalise(card), Benefit.DAGPENGER, confirmed=True) == []


def test_normalise_fills_in_the_fixed_answers_and_reads_the_hours():
    card = _card(Answers(True, False, False, False, None), {1: Day(hours="7,50", course=True)})
    stored = mk.normalise(card, late=True)
    assert stored.answers.arbeidssoker is True
    assert stored.grid.day(1) == Day(hours=Decimal("7.5"))
    assert mk.validate(stored, Benefit.AAP, late=True, confirmed=True) == []


# --- corrections -----------------------------------------------------------------------------

@pytest.mark.parametrize("is_correction, already_corrected, status, allowed", [
    (False, False, Status.SENT, True),
    (False, False, Status.UNDER_REVIEW, True),
    (False, False, Status.REGISTERED, True),
    (False, True, Status.SENT, False),  # corrected once already
    (True, False, Status.SENT, False),  # a correction cannot be corrected
    (True, False, Status.REGISTERED, False),
    (False, False, Status.AWAITING_COUNTERSIGNATURE, False),  # not sent yet
    (False, False, Status.OPEN, False),
    (False, False, Status.LATE, False),
    (False, False, Status.NOT_YET_OPEN, False),
    (False, False, Status.RETURNED, False),  # returned cards are fixed and sent again instead
])
def test_a_sent_card_can_be_corrected_once(is_correction, already_corrected, status, allowed):
    assert mk.can_correct(is_correction=is_correction, already_corrected=already_corrected,
                          status=status) is allowed


# --- properties ------------------------------------------------------------------------------

FIELD = re.compile(r"^(arbeidet|kurs|syk|annetFravaer|arbeidssoker|reason|unregister_confirm|confirm"
                   r"|day-([1-9]|1[0-4])-(hours|course|ill|absence))$")
hours = st.one_of(
    st.none(), st.text(max_size=6), st.integers(-30, 30),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-1, max_value=25, places=2),
    st.sampled_from(["7,5", " 8 ", "0", "24", "-1", "7.25", "30", "", "abc", "NaN", "1e3", ",5"]),
    st.floats(), st.booleans())
days = st.builds(Day, hours=hours, course=st.booleans(), ill=st.booleans(), absence=st.booleans())
answers = st.builds(Answers, *[st.one_of(st.none(), st.booleans())] * 5)
# Cards that are often valid, so that the verdict "valid" is tested as often as "invalid".
seldom = st.sampled_from([False, False, False, True])
likely_hours = st.sampled_from([None] * 8 + ["", "0", "7,5", " 8 ", "24", "4", "7.25", "x"])
likely_days = st.builds(Day, hours=likely_hours,
                        course=seldom, ill=seldom, absence=seldom)
cards = st.one_of(
    st.builds(Card, st.just(PERIOD), answers,
              st.lists(days, min_size=14, max_size=14).map(lambda d: Grid(tuple(d)))),
    st.builds(Card, st.just(PERIOD), st.builds(Answers, *[st.booleans()] * 5),
              st.lists(likely_days, min_size=14, max_size=14).map(lambda d: Grid(tuple(d)))))


def _valid_hours(value) -> Decimal | None:
    """A second, simpler reading of a day's hours: 0 when empty, None when not valid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0)
    if isinstance(value, (bool, float)):
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)", text):
            return None
        value = Decimal(text)
    number = Decimal(value)
    if not number.is_finite() or not 0 <= number <= 24 or (Fraction(number) * 2).denominator != 1:
        return None
    return number


def _obviously_valid(card: Card, benefit: Benefit, late: bool, confirmed_unregister: bool) -> bool:
    a = card.answers
    if any(a[q] is None for q in mk.CLASSIC_QUESTIONS) or (late and a.arbeidssoker is not True):
        return False
    if a.arbeidssoker is False and not late and not confirmed_unregister:
        return False
    worked = []
    for day in card.grid.days:
        value = _valid_hours(day.hours) if a.arbeidet else Decimal(0)
        if value is None:
            return False
        worked.append(value > 0)
    rows = {Activity.WORK: worked, Activity.COURSE: [d.course for d in card.grid.days],
            Activity.ILL: [d.ill for d in card.grid.days],
            Activity.ABSENCE: [d.absence for d in card.grid.days]}
    shown = {activity: a[mk.ROW_QUESTION[activity]] for activity in mk.ROW_QUESTION}
    if any(shown[activity] and not any(rows[activity]) for activity in mk.ROW_QUESTION):
        return False
    return not any(shown[x] and shown[y] and rows[x][n] and rows[y][n]
                   for x, y in REFUSED[benefit] for n in range(14))


@given(cards, st.sampled_from(list(Benefit)), st.booleans(), st.booleans(),
       st.one_of(st.none(), st.booleans()))
def test_any_card_gives_either_a_valid_card_or_named_problems(card, benefit, late, unregister,
                                                             confirmed):
    problems = mk.validate(card, benefit, late=late, unregister_confirmed=unregister,
                           confirmed=confirmed)
    for problem in problems:
        assert problem.code in CODES and FIELD.match(problem.field), problem
        if problem.field.startswith("day-") and "day" in problem.params:
            assert problem.params["date"] == PERIOD.day(problem.params["day"])
    valid = _obviously_valid(card, benefit, late, unregister) and confirmed is not False
    assert (problems == []) is valid


@given(cards, st.sampled_from(list(Benefit)), st.booleans(), st.one_of(st.none(), answers),
       st.one_of(st.none(), st.text(max_size=12), st.sampled_from(list(CorrectionReason))))
def test_the_validator_never_crashes_and_normalising_changes_no_verdict(card, benefit, late, correcting,
                                                                       reason):
    if late and correcting is not None:
        late = False
    kwargs = {"late": late, "correcting": correcting, "reason": reason}
    problems = mk.validate(card, benefit, confirmed=True, **kwargs)
    assert all(problem.code in CODES and FIELD.match(problem.field) for problem in problems)
    stored = mk.normalise(card, late=late, correcting=correcting)
    assert mk.normalise(stored, late=late, correcting=correcting) == stored
    # normalising settles the fixed answers, and changes nothing else the validator sees
    after = mk.validate(stored, benefit, confirmed=True, **kwargs)
    assert after == [problem for problem in problems if problem.code != "answer_fixed"]
