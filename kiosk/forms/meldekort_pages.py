"""What the meldekort's pages on the kiosk show, for the routes of kiosk/forms/meldekort.py:
the forms page's tile (``due``: the cards due now; ``practice_types``: the card types to
practise), the periods page (``periods_page``, a ``PeriodView`` per period), the practice
draft (``practice_draft``), and a card's pages: what every page shows (``common``, with
``change()``: the page was reached from the check page to change an answer) and the
questions, day grid and reason pages (``page``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import g, request, url_for

from core.models import FormDraft
from core.services.forms import submissions as forms
from core.services.forms.meldekort import deadlines, period_list, record, rules as mk, validation
from core.services.forms.meldekort.card_types import Q5, ReasonMode
from core.services.forms.meldekort.plan import FORM, plan_of
from core.web.form_texts import status_label
from kiosk import ext, render
from kiosk.forms import meldekort_texts as texts
from kiosk.forms.meldekort_grid import weeks
from kiosk.forms.meldekort_steps import CardState

# Whole and half hours from 0 to 24, offered while typing (any text may still be typed).
HOURS = tuple(Decimal(n) / 2 for n in range(0, 49))


def practice_types() -> list[tuple[str, str, str, bool]]:
    """The card types to practise as (value, label, hint, chosen first)."""
    if g.get("inmate") is None:
        return []
    chosen = _practice_card_type(practice_draft())
    return [(value, texts.card_type_label(value), texts.card_type_hint(value), value == chosen)
            for value in texts.PRACTICE_CARD_TYPES]


@dataclass(frozen=True)
class Due:
    """The cards to send: open or late ones, and ones staff sent back to fill in again."""

    to_fill_in: int
    returned: int

    @property
    def total(self) -> int:
        return self.to_fill_in + self.returned


def due() -> Due | None:
    """The cards due now; None without a meldekort plan."""
    if g.get("inmate") is None:
        return None
    rows = period_list.periods(ext().db_session(), g.inmate, ext().now())
    if not rows:
        return None
    return Due(sum(1 for row in rows if row.can_start),
               sum(1 for row in rows if row.status is mk.Status.RETURNED))


# The periods -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodView:
    row: period_list.PeriodRow
    label: str
    follow_up: FormDraft | None  # a draft correcting the card sent, or filling it in again
    can_correct: bool


def periods_page(error: str | None = None, status: int = 200):
    db = ext().db_session()
    rows = period_list.periods(db, g.inmate, ext().now())
    follow_ups = {d.previous_id: d for d in forms.drafts_of(db, g.inmate)
                  if d.form_key == FORM and d.previous_id}
    opened = sorted({row.period.start for row in rows
                     if row.status is not mk.Status.NOT_YET_OPEN}, reverse=True)
    shown = [PeriodView(
        row, record.period_label(row.period, texts.language()),
        follow_ups.get(row.submission.id) if row.submission else None,
        row.submission is not None and validation.can_correct(
            row.card_type, is_correction=False, already_corrected=row.correction is not None,
            status=row.status, periods_back=opened.index(row.period.start)
            if row.period.start in opened else 0)) for row in rows]
    practice = practice_draft()
    return render("meldekort/index.html", rows=shown, practice=practice, error=error,
                  practice_card_type=_practice_card_type(practice), texts=texts,
                  Status=mk.Status, status_text=status_label, oslo=texts.oslo_moment), status


def _practice_card_type(practice: FormDraft | None) -> str:
    """The card to practise, chosen first: the practice begun, else the inmate's own card."""
    if practice is not None and forms.answers(practice).get("card_type") in texts.PRACTICE_CARD_TYPES:
        return forms.answers(practice)["card_type"]
    plan = plan_of(ext().db_session(), g.inmate)
    if plan is not None and plan.card_type in texts.PRACTICE_CARD_TYPES:
        return plan.card_type
    return texts.PRACTICE_CARD_TYPES[0]


def practice_draft() -> FormDraft | None:
    return next((d for d in forms.drafts_of(ext().db_session(), g.inmate, practice=True)
                 if d.form_key == FORM), None)


# A card's pages --------------------------------------------------------------------------

def change() -> int | None:
    return 1 if request.args.get("change") else None


def common(state: CardState, step: str) -> dict:
    steps, numbered = state.steps, state.numbered_steps
    number = numbered.index(step) + 1 if step in numbered else len(numbered) + 1
    if change():
        back = url_for("meldekort.check", card_id=state.draft.id)
    elif steps and step != steps[0]:
        here = steps.index(step) if step in steps else len(steps)
        back = url_for(f"meldekort.{steps[here - 1]}", card_id=state.draft.id)
    else:
        back = url_for("meldekort.index")
    definition = state.definition
    lang = texts.language()
    return {"draft": state.draft, "definition": definition, "lang": lang,
            "context": state.context, "card_type": state.card_type, "number": number,
            "total": len(numbered) + 1,
            "period_label": record.period_label(state.card.period, lang), "back": back,
            "change": change(), "texts": texts,
            "card_type_label": texts.card_type_label(state.card_type),
            "deadline_day": _deadline_day(state),
            "late_consequence": texts.card_text(
                definition, f"late_consequence_{validation.late_consequence(state.benefit)}",
                lang) if state.context.late else "",
            "labels": {q.key: q.label(lang) for q in texts.card_questions(definition, lang)}}


def _deadline_day(state: CardState) -> str:
    day = deadlines.deadline(state.rules.card_type, state.card.period)
    return texts.day_name(day, capital=False) if day else ""


def _errors(found: list[mk.Problem], labels: dict[str, str]) -> tuple[list, dict]:
    """The error summary's (field, message) pairs in page order, naming the question, and
    each field's own messages, shown next to it."""
    pairs = [(p.field, texts.problem_text(p, labels)) for p in found]
    by_field: dict[str, str] = {}
    for problem in found:
        text = texts.problem_text(problem)
        by_field[problem.field] = (f"{by_field[problem.field]} {text}"
                                   if problem.field in by_field else text)
    return pairs, by_field


def page(state: CardState, step: str, found: list[mk.Problem] = (), status: int = 200):
    context = common(state, step)
    context["errors"], context["error_for"] = _errors(list(found), context["labels"])
    data = state.data
    lang = context["lang"]
    if step == "questions":
        answers = state.card.answers
        by_key = {q.key: q for q in texts.card_questions(state.definition, lang)}
        conditional = {q.question.value: q.asked_if.value for q in state.spec.questions
                       if q.asked_if is not None}
        context.update(questions=[by_key[q.value] for q in state.page_questions()],
                       values={q.value: {True: "yes", False: "no"}.get(answers[q])
                               for q in state.page_questions()},
                       fixed={q.value: value for q, value in state.fixed.items()},
                       conditional=conditional,
                       q5_warning=state.spec.q5 is Q5.ASKED_WITH_WARNING,
                       returned=state.returned(ext().db_session()))
    elif step == "grid":
        context.update(weeks=weeks(state, context["error_for"], lang),
                       hours=[texts.hours_text(h) for h in HOURS],
                       rows=[(a.value, texts.card_text(state.definition, f"row_{a.value}", lang))
                             for a in state.shown_rows()],
                       per_day_status=state.spec.per_day_status,
                       decided=state.rules.decided_days,
                       hours_range=(state.spec.min_worked_hours, state.spec.max_hours))
    elif step == "reason":
        context.update(free_text=state.spec.reason is ReasonMode.FREE_TEXT,
                       reasons=list(texts.REASONS.items()), chosen=data.get("reason") or "",
                       max_reason=validation.MAX_REASON_TEXT)
    return render(f"meldekort/{step}.html", **context), status
