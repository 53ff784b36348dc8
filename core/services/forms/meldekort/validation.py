"""The rules of each card type, read from its table (card_types.SPECS). Pure: no Flask, no
database, no texts: every problem is a ``Problem(field, code, params)`` (the same type as
rules.Problem) that the screens turn into a message (core.web.meldekort_texts).

A ``CardContext`` says what the rules need to know about a card besides its answers: its
type and the inmate's benefit, whether it is late, whether question 5 must be answered,
the card it corrects and the reason given, and, for the new tiltakspenger card, the days
inside the decision and the decided number of days.

- ``asked(card, ctx)``: the questions the card asks now, in order (question 5 included
  where the card asks it; a question with ``asked_if`` only once that one is "yes").
- ``fixed(ctx)``: answers the inmate cannot change (question 5 "yes" where NAV hides it;
  a correction keeps the corrected card's answer to it).
- ``shown_rows(card, ctx)``: the day grid's rows the answers bring in; ``needs_grid``.
- ``normalise(card, ctx)``: the card as it is stored: questions not asked emptied, fixed
  answers filled in, rows not shown cleared, locked days marked, typed hours read.
- ``validate_questions``, ``validate_reason``, ``validate_grid``, ``validate_confirmation``
  and ``validate`` (all of them): lists of problems in page order, empty when valid.
- ``notices(card, ctx)``: what the card tells without refusing anything: "no" to question
  5 on the dagpenger card (a warning, no extra confirmation), and a late card's consequence.
- ``can_correct(...)``: corrections per card type.

Field names: each question by its key; "reason"; "confirm"; grid cells "day-N-hours",
"day-N-course", "day-N-ill", "day-N-absence", "day-N-aap_absence", "day-N-status" (N 1-14).
A row's own problem is put on its day 1, a count of days on the first day that can be filled.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from core.services.forms.meldekort.card import (ROW_QUESTION, Activity, Answers, Benefit, Card,
                                                Grid, HoursNotANumber, Question, cell_field,
                                                hours_value, read_hours, whole_or_half)
from core.services.forms.meldekort.card_types import (TILTAKSPENGER_CHOICES, TILTAKSPENGER_COUNTED,
                                                      CardType, CardTypeSpec, Q5, ReasonMode,
                                                      RowKind, spec)
from core.services.forms.meldekort.periods import PERIOD_DAYS, SENT_STATUSES, Status
from core.services.forms.meldekort.rules import CorrectionReason, Problem

MAX_REASON_TEXT = 500  # a free-text correction reason, in characters
ALL_DAYS = frozenset(range(1, PERIOD_DAYS + 1))

CODES = frozenset({
    "answer_required",  # a question asked is unanswered
    "answer_fixed",  # a fixed question has another answer; params: value
    "reason_required",  # a correction needs a reason from NAV's list (ReasonMode.LIST)
    "reason_text_required",  # a correction needs a reason in the inmate's words (FREE_TEXT)
    "reason_too_long",  # params: max
    "row_needs_a_day",  # a "yes" with no day in its row; params: row, question
    "hours_not_a_number",  # params: day, date, text
    "hours_half",  # params: day, date, hours
    "hours_range",  # params: day, date, hours, min, max
    "choice_unknown",  # a day's choice is not one of the row's; params: day, date, row
    "combination_not_allowed",  # params: day, date, first, second, benefit, card_type
    "status_unknown",  # the new tiltakspenger card: not one of its statuses; params: day, date
    "status_locked",  # a day outside the decision has a status; params: day, date
    "days_none",  # no day filled in; params: decided
    "days_too_many",  # params: counted, decided
    "days_too_few",  # params: counted, decided
    "confirm_required",
})
NOTICE_CODES = frozenset({
    "unregister_warning",  # "no" to question 5: you leave the job-seeker register (dagpenger card)
    "late_consequence",  # params: benefit, consequence (late_consequence's code)
})

# Etterregistrering checks the same-day pairs of the card the benefit would have had.
_PAIRS_OF_BENEFIT = {Benefit.DAGPENGER: CardType.DAGPENGER, Benefit.JOB_SEEKER: CardType.DAGPENGER,
                     Benefit.AAP: CardType.AAP_ARENA,
                     Benefit.TILTAKSPENGER: CardType.TILTAKSPENGER_ARENA}


@dataclass(frozen=True)
class CardContext:
    card_type: CardType
    benefit: Benefit
    late: bool = False
    q5_required: bool = True  # deadlines.q5_required at the moment of sending
    correcting: Answers | None = None  # the answers of the sent card being corrected
    reason: str | None = None  # a correction's reason as given
    eligible_days: frozenset[int] = ALL_DAYS  # the new tiltakspenger card: days in the decision
    decided_days: int | None = None  # the new tiltakspenger card: days to fill in

    @property
    def spec(self) -> CardTypeSpec:
        return spec(self.card_type)

    @property
    def is_correction(self) -> bool:
        return self.correcting is not None


def forbidden_pairs(card_type: CardType | str, benefit: Benefit | str
                    ) -> tuple[tuple[Activity, Activity], ...]:
    """The pairs refused on the same day. dp-rapportering refuses work with illness and work
    with absence for everyone on its card, job seekers included (Innsendingkontroll.kt);
    the Arena cards by meldegruppe (meldekort-frontend 2-Utfylling.tsx); the new cards none;
    an etterregistrering those of the card the benefit would have had."""
    card_type = CardType(card_type)
    if card_type is CardType.ETTERREGISTRERING:
        return spec(_PAIRS_OF_BENEFIT[Benefit(benefit)]).forbidden_pairs
    return spec(card_type).forbidden_pairs


def fixed(ctx: CardContext) -> dict[Question, bool]:
    """Answers the inmate cannot change. Question 5 is "yes" where NAV hides it (the Arena
    cards since week 11 of 2025, meldekort-frontend 1-Sporsmal.tsx); on the dagpenger card a
    correction keeps the corrected card's answer (shown disabled, as NAV's cards do). A late
    card fixes nothing: the inmate still answers question 5 (Innsendingkontroll.kt)."""
    q5 = ctx.spec.q5
    if q5 is Q5.HIDDEN_YES:
        return {Question.ARBEIDSSOKER: True}
    if q5 is Q5.ASKED_WITH_WARNING and ctx.correcting is not None \
            and ctx.correcting.arbeidssoker is not None:
        return {Question.ARBEIDSSOKER: ctx.correcting.arbeidssoker}
    return {}


def asked(card: Card, ctx: CardContext) -> list[Question]:
    """The questions shown now, in order; question 5 last where the card asks it."""
    questions = [q.question for q in ctx.spec.questions
                 if q.asked_if is None or card.answers[q.asked_if] is True]
    if ctx.spec.q5 is Q5.ASKED_WITH_WARNING:
        questions.append(Question.ARBEIDSSOKER)
    return questions


def shown_rows(card: Card, ctx: CardContext) -> list[Activity]:
    """The grid's rows whose question is "yes" (and asked), in page order."""
    shown: set[Activity] = set()
    questions = set(asked(card, ctx))
    for question in ctx.spec.questions:
        if question.question in questions and card.answers[question.question] is True:
            shown.update(question.shows)
    return [row.activity for row in ctx.spec.rows if row.activity in shown]


def needs_grid(card: Card, ctx: CardContext) -> bool:
    """Whether the day grid is shown: always on the new tiltakspenger card (a status per
    day), otherwise when a row's question is "yes"."""
    return ctx.spec.per_day_status or bool(shown_rows(card, ctx))


def normalise(card: Card, ctx: CardContext) -> Card:
    """The card as stored: questions not asked emptied, fixed answers filled in, rows not
    shown cleared, days outside a tiltakspenger decision marked "no_right", hours read."""
    questions = set(asked(card, ctx))
    answers = card.answers
    for question in Question:
        if question not in questions:
            answers = answers.with_answer(question, None)
    for question, value in fixed(ctx).items():
        answers = answers.with_answer(question, value)
    card = replace(card, answers=answers)
    grid = Grid(tuple(replace(day, aap_absence=day.aap_absence or None, status=day.status or None)
                      for day in card.grid.days))
    rows = set(shown_rows(card, ctx))
    for activity in Activity:
        if activity is Activity.STATUS and ctx.spec.per_day_status:
            continue
        if activity not in rows:
            grid = grid.cleared(activity)
    if ctx.spec.per_day_status:
        grid = Grid(tuple(replace(day, status=day.status if n in ctx.eligible_days else "no_right")
                          for n, day in enumerate(grid.days, start=1)))
    return read_hours(replace(card, grid=grid))


def validate_reason(ctx: CardContext) -> list[Problem]:
    """A correction's reason: from NAV's list on the Arena cards (meldekort-frontend
    1-Sporsmal.tsx, korriger.begrunnelse.valg); required free text on the dagpenger card
    (dp-rapportering Innsendingkontroll.kt, begrunnelseEndring; dp-rapportering-frontend
    validering.util.ts, begrunnelseEndringValidator); none on the new cards (their
    correction flows have no such step: aap UtfyllingFlyt.kt AAP_KORRIGERING_FLYT)."""
    if not ctx.is_correction:
        return []
    mode, reason = ctx.spec.reason, ctx.reason
    if mode is ReasonMode.LIST and not (isinstance(reason, str)
                                        and reason in {r.value for r in CorrectionReason}):
        return [Problem("reason", "reason_required")]
    if mode is ReasonMode.FREE_TEXT:
        if not isinstance(reason, str) or not reason.strip():
            return [Problem("reason", "reason_text_required")]
        if len(reason) > MAX_REASON_TEXT:
            return [Problem("reason", "reason_too_long", {"max": MAX_REASON_TEXT})]
    return []


def validate_questions(card: Card, ctx: CardContext) -> list[Problem]:
    """Every question asked is answered (question 5 only while ``ctx.q5_required``), and
    fixed answers are kept. "No" to question 5 needs no extra confirmation: see notices."""
    problems: list[Problem] = []
    fixed_answers = fixed(ctx)
    for question in asked(card, ctx):
        value = card.answers[question]
        if question in fixed_answers and value is not None and value is not fixed_answers[question]:
            problems.append(Problem(question.value, "answer_fixed",
                                    {"value": fixed_answers[question]}))
        elif value is None and question not in fixed_answers:
            if question is Question.ARBEIDSSOKER and not ctx.q5_required:
                continue
            problems.append(Problem(question.value, "answer_required"))
    return problems


def _hours_problem(hours: object, field: str, where: dict[str, Any], table: CardTypeSpec
                   ) -> tuple[Problem | None, bool]:
    """The problem with one day's hours, if any, and whether the day counts as worked (hours
    above 0, as NAV's cards count it: meldekort-frontend 2-Utfylling.tsx
    Number(arbeidetTimerSum) > 0; aap UtfyllingSteg.kt timer > 0.0)."""
    try:
        value = hours_value(hours)
    except HoursNotANumber:
        return Problem(field, "hours_not_a_number", {**where, "text": str(hours)[:32]}), False
    if value is None:
        return None, False
    limits = {"min": table.min_worked_hours, "max": table.max_hours}
    if not whole_or_half(value):
        return Problem(field, "hours_half", {**where, "hours": value}), value > 0
    if value < 0 or value > table.max_hours or (value != 0 and value < table.min_worked_hours):
        return Problem(field, "hours_range", {**where, "hours": value, **limits}), value > 0
    return None, value > 0


def _tiltakspenger_days(card: Card, ctx: CardContext) -> list[Problem]:
    """One status per day; days outside the decision locked; the decided number of days
    (tiltakspenger-meldekort-api BrukersMeldekort.kt: antallDagerBesvart ==
    maksAntallDagerForPeriode when every day gives a right; tiltakspenger-meldekort
    utfyllingValidering.ts: never more, and never none)."""
    problems: list[Problem] = []
    counted = 0
    for number, (day_date, day) in enumerate(zip(card.period.days, card.grid.days), start=1):
        field = cell_field(number, Activity.STATUS)
        where = {"day": number, "date": day_date}
        status = day.status
        if number not in ctx.eligible_days:
            if status not in (None, "no_right"):
                problems.append(Problem(field, "status_locked", where))
            continue
        if status in (None, "not_answered"):
            continue
        if status not in TILTAKSPENGER_CHOICES:
            problems.append(Problem(field, "status_unknown", where))
        elif status in TILTAKSPENGER_COUNTED:
            counted += 1
    decided = ctx.decided_days if ctx.decided_days is not None else len(ctx.eligible_days)
    first = min(ctx.eligible_days, default=1)
    field = cell_field(first, Activity.STATUS)
    params = {"counted": counted, "decided": decided}
    if counted == 0:
        problems.append(Problem(field, "days_none", params))
    elif counted > decided:
        problems.append(Problem(field, "days_too_many", params))
    elif counted < decided and ctx.eligible_days >= ALL_DAYS:
        problems.append(Problem(field, "days_too_few", params))
    return problems


def validate_grid(card: Card, ctx: CardContext) -> list[Problem]:
    """The day grid. Only the rows shown count. Each row shown needs a day (work: hours
    above 0); hours are numbers, whole or half, within the card's limits (dagpenger 0.5-24
    on a work day: dp-rapportering Innsendingkontroll.kt validerArbeidedeTimer,
    dp-rapportering-frontend validering.util.ts; the others 0-24); a day's choice is one of
    its row's; and no day has a pair the card refuses."""
    table = ctx.spec
    if table.per_day_status:
        return _tiltakspenger_days(card, ctx)
    rows = shown_rows(card, ctx)
    kinds = {row.activity: row for row in table.rows}
    problems = [Problem(cell_field(1, activity), "row_needs_a_day",
                        {"row": activity, "question": ROW_QUESTION.get(activity, Question.FRAVAER)})
                for activity in rows if not any(day.marked(activity) for day in card.grid.days)]
    pairs = forbidden_pairs(ctx.card_type, ctx.benefit)
    for number, (day_date, day) in enumerate(zip(card.period.days, card.grid.days), start=1):
        where = {"day": number, "date": day_date}
        on_day: dict[Activity, bool] = {}
        for activity in rows:
            row = kinds[activity]
            field = cell_field(number, activity)
            if row.kind is RowKind.HOURS:
                problem, on_day[activity] = _hours_problem(day.hours, field, where, table)
                if problem:
                    problems.append(problem)
            elif row.kind is RowKind.CHOICE:
                value = day.aap_absence
                on_day[activity] = value is not None
                if value is not None and value not in row.choices:
                    problems.append(Problem(field, "choice_unknown", {**where, "row": activity}))
            else:
                on_day[activity] = day.marked(activity)
        for first, second in pairs:
            if on_day.get(first) and on_day.get(second):
                problems.append(Problem(cell_field(number, first), "combination_not_allowed",
                                        {**where, "first": first, "second": second,
                                         "benefit": ctx.benefit, "card_type": ctx.card_type}))
    return problems


def validate_confirmation(confirmed: bool | None) -> list[Problem]:
    return [] if confirmed is True else [Problem("confirm", "confirm_required")]


def validate(card: Card, ctx: CardContext, *, confirmed: bool | None = None) -> list[Problem]:
    """Every step in page order; the confirmation only when ``confirmed`` is not None."""
    problems = validate_reason(ctx) + validate_questions(card, ctx) + validate_grid(card, ctx)
    if confirmed is not None:
        problems += validate_confirmation(confirmed)
    return problems


def late_consequence(benefit: Benefit | str) -> str:
    """The code of what a late card costs: for a benefit, it is not paid from the reporting
    day until the card is sent; a job seeker without a benefit can leave the register."""
    return "job_seeker_deregistered" if Benefit(benefit) is Benefit.JOB_SEEKER else "not_paid_until_sent"


def notices(card: Card, ctx: CardContext) -> list[Problem]:
    """What the card tells, refusing nothing: "no" to question 5 on the dagpenger card is a
    warning about leaving the job-seeker register, with no extra confirmation
    (dp-rapportering-frontend); a late card says what lateness costs."""
    found: list[Problem] = []
    if ctx.spec.q5 is Q5.ASKED_WITH_WARNING and card.answers.arbeidssoker is False \
            and Question.ARBEIDSSOKER not in fixed(ctx):
        found.append(Problem(Question.ARBEIDSSOKER.value, "unregister_warning"))
    if ctx.late:
        found.append(Problem("late", "late_consequence",
                             {"benefit": ctx.benefit, "consequence": late_consequence(ctx.benefit)}))
    return found


def can_correct(card_type: CardType | str, *, is_correction: bool, already_corrected: bool,
                status: Status, periods_back: int) -> bool:
    """A sent card can be corrected once, a correction never, and only within the card
    type's last periods (dp-rapportering RapporteringService.kt: the last 10 periods).
    ``periods_back``: 0 for the newest period that has opened, 1 for the one before, ..."""
    limit = spec(card_type).correctable_periods
    return (status in SENT_STATUSES and not is_correction and not already_corrected
            and (limit is None or 0 <= periods_back < limit))


__all__ = ["ALL_DAYS", "CODES", "MAX_REASON_TEXT", "NOTICE_CODES", "CardContext",
           "asked", "can_correct", "fixed", "forbidden_pairs", "late_consequence", "needs_grid",
           "normalise", "notices", "shown_rows", "validate", "validate_confirmation",
           "validate_grid", "validate_questions", "validate_reason"]
