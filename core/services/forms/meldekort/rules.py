"""The meldekort's classic rules (NAV's older card, before card types), as plain functions.

Since issue 17 a card is checked by its card type's rules (validation.py, with the tables
of card_types.py); this module keeps the classic card's rules, the data types they share
(Problem, CorrectionReason) and the re-exports below, for the records sent before card
types and for the practice checks.

The rules are those of /work/shared/domain/meldekort.md, checked against NAV's public
implementation (navikt/meldekort-frontend). Pure: no Flask, no database, no texts; the form
engine renders the steps and turns each ``Problem`` into a message in the user's language.
Three modules, one import: this one re-exports the other two (see ``__all__``).

- core.services.forms.meldekort.periods: ``Period``, ``Schedule``, ``opens_on``, ``deadline``,
  ``late_from``, ``status_of`` with ``Stage`` and ``Status``, NAV's status codes.
- core.services.forms.meldekort.card: the data. ``Card(period, answers, grid)``, ``Answers`` by
  ``Question``, ``Grid`` of 14 ``Day``s with rows by ``Activity``, ``Benefit``, and
  ``parse_hours`` for hours as typed ("7,5", " 8 ").
- here, the rules:
  - ``needs_grid(answers)``: the day grid step is skipped unless a question 1-4 is "yes".
  - ``fixed_answers(late=..., correcting=...)``: questions the user cannot change, to show
    filled in and disabled. On a late card (etterregistrering) question 5 is fixed at "yes";
    a correction keeps the corrected card's answer to it, as NAV's card does.
  - ``normalise(card, ...)``: clears each row whose question is "no", fills in the fixed
    answers and reads typed hours. Call it before storing. ``validate`` does not change the
    card: it judges the rows of "yes" questions only, the rows the page shows.
  - ``validate_questions``, ``validate_grid``, ``validate_confirmation``: one step each, and
    ``validate`` all three. Each gives a list of ``Problem(field, code, params)``, empty when
    the step is valid, in page order. ``CODES`` lists every code.
  - ``forbidden_pairs(benefit)``: the same-day combinations a benefit refuses.
  - ``CorrectionReason`` and ``can_correct(...)``: a sent card can be corrected once, with a
    reason from NAV's list; a correction cannot itself be corrected. Corrections, and cards
    a caseworker fills in, have no deadline (meldekort_periods.has_deadline).

Field names are stable, for the error summary's links: each question by its key; "reason"
(a correction's reason); "unregister_confirm" (the extra confirmation of "no" to question
5); "confirm" (the confirmation checkbox); "day-N-hours", "day-N-course", "day-N-ill" and
"day-N-absence" in the grid, N from 1 to 14. A row's own problem is put on its day 1. Grid
problems carry the "day" (1-14) and its "date", so the page can say "Tuesday 4 March: ...".
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field as dataclass_field, replace
from typing import Any

from core.services.forms.meldekort.card import (CLASSIC_QUESTIONS, MAX_HOURS, NAV_MELDEGRUPPE,
                                                ROW_QUESTION, Activity, Answers, Benefit, Card,
                                                Day, Grid, HoursNotANumber, Question, cell_field,
                                                hours_value, parse_hours, read_hours,
                                                whole_or_half)
from core.services.forms.meldekort.periods import (NAV_STATUS_CODES, NAV_STATUS_FOR, SENT_STATUSES,
                                                   NotAMonday, Period, Schedule, Stage, Status,
                                                   deadline, has_deadline, is_late, is_open,
                                                   late_from, opens_at, opens_on, sent_late,
                                                   status_of)

__all__ = [
    # periods
    "NAV_STATUS_CODES", "NAV_STATUS_FOR", "SENT_STATUSES", "NotAMonday", "Period", "Schedule",
    "Stage", "Status", "deadline", "has_deadline", "is_late", "is_open", "late_from", "opens_at",
    "opens_on", "sent_late", "status_of",
    # the card
    "CLASSIC_QUESTIONS", "MAX_HOURS", "NAV_MELDEGRUPPE", "ROW_QUESTION", "Activity", "Answers",
    "Benefit", "Card", "Day", "Grid", "HoursNotANumber", "Question", "cell_field", "parse_hours",
    "read_hours",
    # the rules
    "CODES", "FORBIDDEN", "CorrectionReason", "Problem", "can_correct", "fixed_answers",
    "forbidden_pairs", "needs_grid", "normalise", "validate", "validate_confirmation",
    "validate_grid", "validate_questions",
]

# The same-day combinations each benefit refuses (meldekort.md, "Validation"). NAV's card
# checks them for the meldegrupper DAGP, ATTF and INDIV only: a job seeker with no benefit
# (ARBS) gets no combination check at all, so neither does JOB_SEEKER here.
FORBIDDEN: dict[Benefit, tuple[tuple[Activity, Activity], ...]] = {
    Benefit.DAGPENGER: ((Activity.WORK, Activity.ILL), (Activity.WORK, Activity.ABSENCE)),
    Benefit.AAP: ((Activity.WORK, Activity.ABSENCE), (Activity.ILL, Activity.ABSENCE)),
    Benefit.TILTAKSPENGER: ((Activity.ILL, Activity.ABSENCE),),
    Benefit.JOB_SEEKER: (),
}


class CorrectionReason(str, enum.Enum):
    """Why a sent card is corrected: NAV's list (korriger.begrunnelse.valg), in its order."""

    WRONG_HOURS = "wrong_hours"  # the hours worked were wrong ("Feil i antall arbeidstimer")
    FORGOT_ACTIVITY = "forgot_activity"  # an activity was left out ("Glemt å registrere aktivitet")
    ILLNESS = "illness"  # illness was wrong or left out ("Sykdom")
    ABROAD = "abroad"  # a stay abroad was wrong or left out ("Utenlandsopphold")
    WRONG_ABSENCE = "wrong_absence"  # other absence was wrong ("Feil annet fravær")
    OTHER = "other"  # anything else ("Annet")


CODES = frozenset({
    "answer_required",  # a question is unanswered
    "answer_fixed",  # a fixed question has another answer; params: value
    "unregister_confirm_required",  # "no" to question 5 needs the extra confirmation
    "reason_required",  # a correction needs a reason from CorrectionReason
    "row_needs_a_day",  # a "yes" with no day marked in its row; params: row, question
    "hours_not_a_number",  # params: day, date, text
    "hours_half",  # not whole or half hours; params: day, date, hours
    "hours_range",  # below 0 or above 24; params: day, date, hours
    "combination_not_allowed",  # params: day, date, first, second (Activity), benefit
    "confirm_required",  # the confirmation checkbox is not ticked
})


@dataclass(frozen=True)
class Problem:
    """One thing to put right: ``field`` to link to, a stable ``code``, and its ``params``."""

    field: str
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)


def forbidden_pairs(benefit: Benefit) -> tuple[tuple[Activity, Activity], ...]:
    """The pairs of activities ``benefit`` refuses on the same day."""
    return FORBIDDEN[benefit]


def needs_grid(answers: Answers) -> bool:
    """Whether the day grid step is shown: some question 1-4 was answered "yes"."""
    return any(answers[question] is True for question in ROW_QUESTION.values())


def fixed_answers(*, late: bool = False, correcting: Answers | None = None) -> dict[Question, bool]:
    """The questions the user cannot change, with their fixed answers.

    ``late``: a late card (etterregistrering) has question 5 fixed at "yes"; meldekort.md
    makes a card late once its deadline has passed, so pass ``status is Status.LATE``.
    ``correcting``: the answers of the card being corrected; a correction keeps its answer
    to question 5 (NAV's card shows it disabled).
    """
    if late and correcting is not None:
        raise ValueError("a correction has no deadline, so it is never a late card")
    if late:
        return {Question.ARBEIDSSOKER: True}
    if correcting is not None and correcting.arbeidssoker is not None:
        return {Question.ARBEIDSSOKER: correcting.arbeidssoker}
    return {}


def normalise(card: Card, *, late: bool = False, correcting: Answers | None = None) -> Card:
    """The card as it is to be stored: each row whose question is "no" cleared, the fixed
    answers filled in, and typed hours read (see meldekort_card.read_hours)."""
    answers = card.answers
    for question, value in fixed_answers(late=late, correcting=correcting).items():
        answers = answers.with_answer(question, value)
    grid = card.grid
    for activity, question in ROW_QUESTION.items():
        if answers[question] is False:
            grid = grid.cleared(activity)
    return read_hours(replace(card, answers=answers, grid=grid))


def validate_questions(answers: Answers, *, late: bool = False, unregister_confirmed: bool = False,
                       correcting: Answers | None = None,
                       reason: CorrectionReason | str | None = None) -> list[Problem]:
    """Step 1: every question answered, fixed answers kept, and "no" to question 5 confirmed
    (on an ordinary card only: the answer is fixed on the others).

    A correction (``correcting`` given) needs a ``reason`` from CorrectionReason, asked above
    the questions as NAV does.
    """
    problems: list[Problem] = []
    if correcting is not None and not (isinstance(reason, str)
                                       and reason in {r.value for r in CorrectionReason}):
        problems.append(Problem("reason", "reason_required"))
    fixed = fixed_answers(late=late, correcting=correcting)
    for question in CLASSIC_QUESTIONS:
        value = answers[question]
        if question in fixed and value is not fixed[question]:
            problems.append(Problem(question.value, "answer_fixed", {"value": fixed[question]}))
        elif value is None:
            problems.append(Problem(question.value, "answer_required"))
    if answers.arbeidssoker is False and not fixed and not unregister_confirmed:
        problems.append(Problem("unregister_confirm", "unregister_confirm_required"))
    return problems


def validate_grid(card: Card, benefit: Benefit) -> list[Problem]:
    """Step 2. Only the rows whose question is "yes" count: the page shows no others.

    Each such row needs a day marked (work: hours other than 0); hours are numbers, whole or
    half, from 0 to 24; and no day has two things the benefit refuses together (work counts
    on a day with hours above 0, as in NAV's card).
    """
    shown = [activity for activity, question in ROW_QUESTION.items() if card.answers[question] is True]
    problems = [Problem(cell_field(1, activity), "row_needs_a_day",
                        {"row": activity, "question": ROW_QUESTION[activity]})
                for activity in shown if not any(day.marked(activity) for day in card.grid.days)]
    for number, (date, day) in enumerate(zip(card.period.days, card.grid.days), start=1):
        where = {"day": number, "date": date}
        on_day = {activity: activity in shown and day.marked(activity) for activity in ROW_QUESTION}
        if Activity.WORK in shown:
            problem, on_day[Activity.WORK] = _check_hours(day.hours, cell_field(number, Activity.WORK),
                                                         where)
            if problem:
                problems.append(problem)
        for first, second in FORBIDDEN[benefit]:
            if on_day[first] and on_day[second]:
                problems.append(Problem(cell_field(number, first), "combination_not_allowed",
                                        {**where, "first": first, "second": second,
                                         "benefit": benefit}))
    return problems


def _check_hours(hours: object, field: str, where: dict[str, Any]) -> tuple[Problem | None, bool]:
    """The problem with one day's hours, if any, and whether the day counts as worked."""
    try:
        value = hours_value(hours)
    except HoursNotANumber:
        return Problem(field, "hours_not_a_number", {**where, "text": str(hours)}), False
    if value is None:
        return None, False
    if not whole_or_half(value):  # NAV checks this before the range
        return Problem(field, "hours_half", {**where, "hours": value}), value > 0
    if not 0 <= value <= MAX_HOURS:
        return Problem(field, "hours_range", {**where, "hours": value}), value > 0
    return None, value > 0


def validate_confirmation(confirmed: bool) -> list[Problem]:
    """Step 3: "I confirm that the information is correct" must be ticked."""
    return [] if confirmed is True else [Problem("confirm", "confirm_required")]


def validate(card: Card, benefit: Benefit, *, late: bool = False, unregister_confirmed: bool = False,
             confirmed: bool | None = None, correcting: Answers | None = None,
             reason: CorrectionReason | str | None = None) -> list[Problem]:
    """All the steps: the questions, the grid, then the confirmation unless ``confirmed`` is
    None (a card not yet at that step). Empty when the card may be sent."""
    problems = validate_questions(card.answers, late=late, unregister_confirmed=unregister_confirmed,
                                  correcting=correcting, reason=reason)
    problems += validate_grid(card, benefit)
    if confirmed is not None:
        problems += validate_confirmation(confirmed)
    return problems


def can_correct(*, is_correction: bool, already_corrected: bool, status: Status) -> bool:
    """A sent (countersigned) card can be corrected once; a correction cannot be corrected."""
    return status in SENT_STATUSES and not is_correction and not already_corrected

