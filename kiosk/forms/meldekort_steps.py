"""The steps of a meldekort on the kiosk: which pages a card has, what each page reads
from the posted form into the draft, and which of the rules' problems belong to it.

A card's pages, in NAV's order:
1. questions: the five questions (a fixed answer is shown, not asked);
2. grid: the day grid, only when a question 1-4 is "yes";
3. unregister: the extra confirmation of "no" to question 5, only when that answer is
   the inmate's to give (not on a late card, not on a correction);
4. reason: why a sent card is corrected, only on a correction;
then the check page. The rules are core.services.forms.meldekort.rules's; this module only maps them
onto pages. Everything typed is read as typed and saved, valid or not.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from core.models import FormDraft, FormSubmission, Inmate
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, rules as mk
from core.services.forms.definitions import FormDefinition

STEPS = ("questions", "grid", "unregister", "reason")
YES_NO = {"yes": True, "no": False}
MAX_TYPED_HOURS = 16  # what is kept of one day's hours as typed
MAX_REASON = 32


def step_of(field: str) -> str:
    """The page that asks ``field`` (a Problem's field)."""
    if field.startswith("day-"):
        return "grid"
    return {"unregister_confirm": "unregister", "reason": "reason",
            "confirm": "check"}.get(field, "questions")


@dataclass(frozen=True)
class CardState:
    """A draft card with what the rules need to know about it. The answers are read from
    the draft every time, so they follow each save."""

    draft: FormDraft
    context: mf.Context
    benefit: mk.Benefit

    @classmethod
    def of(cls, db: Session, inmate: Inmate, draft: FormDraft, now) -> CardState:
        return cls(draft, mf.context_of(db, draft, now), mf.benefit_for(db, inmate, draft))

    @property
    def definition(self) -> FormDefinition:
        return forms.definition_of(self.draft)

    @property
    def data(self) -> dict:
        return forms.answers(self.draft)

    @property
    def card(self) -> mk.Card:
        return mf.card_of(self.draft)

    @property
    def fixed(self) -> dict[mk.Question, bool]:
        return mk.fixed_answers(late=self.context.late, correcting=self.context.correcting)

    def applies(self, step: str) -> bool:
        answers = self.card.answers
        if step == "grid":
            return mk.needs_grid(answers)
        if step == "unregister":
            return answers.arbeidssoker is False and not self.fixed
        if step == "reason":
            return self.context.is_correction
        return step == "questions"

    @property
    def steps(self) -> list[str]:
        return [step for step in STEPS if self.applies(step)]

    @property
    def numbered_steps(self) -> list[str]:
        """The steps counted in "Step N of M": as ``steps``, but the day grid counts while
        a row's question is not answered yet, since most cards have it. So a fresh card
        says "1 of 3", and the count never jumps when the answers bring the grid in."""
        answers = self.card.answers
        grid_may_come = any(answers[q] is None for q in mk.ROW_QUESTION.values())
        return [step for step in STEPS
                if self.applies(step) or (step == "grid" and grid_may_come)]

    def shown_rows(self) -> list[mk.Activity]:
        """The grid's rows whose question is "yes": the only rows the page shows."""
        answers = self.card.answers
        return [activity for activity, question in mk.ROW_QUESTION.items()
                if answers[question] is True]

    def returned(self, db: Session) -> FormSubmission | None:
        """The card staff sent back, when this draft fills it in again."""
        previous = db.get(FormSubmission, self.draft.previous_id) if self.draft.previous_id else None
        return previous if previous is not None and previous.status == forms.RETURNED else None


def problems(db: Session, state: CardState, now, step: str | None = None) -> list[mk.Problem]:
    """The card's problems in page order, or only those of ``step``."""
    found = mf.validate(db, state.draft, now)
    return [p for p in found if step is None or step_of(p.field) == step]


# Reading the pages ---------------------------------------------------------------------

def read_questions(state: CardState, form) -> dict:
    """The five answers; a fixed answer is filled in whatever was posted. The extra
    confirmation of "no" to question 5 is asked again when that answer changes."""
    answers = state.card.answers
    for question in mk.Question:
        answers = answers.with_answer(question, YES_NO.get(form.get(question.value, "")))
    for question, value in state.fixed.items():
        answers = answers.with_answer(question, value)
    changes: dict = {"card": replace(state.card, answers=answers).as_dict()}
    if answers.arbeidssoker is not False:
        changes["unregister"] = False
    return changes


def read_grid(state: CardState, form) -> dict:
    """The rows the page shows, exactly as typed; an unticked box is a day not marked.
    The rows not shown keep what they had (they are cleared when the card is sent)."""
    card = state.card
    shown = state.shown_rows()
    days = []
    for number, day in enumerate(card.grid.days, start=1):
        changes: dict = {}
        for activity in shown:
            name = mk.cell_field(number, activity)
            if activity is mk.Activity.WORK:
                changes["hours"] = form.get(name, "")[:MAX_TYPED_HOURS]
            else:
                changes[activity.value] = form.get(name) == "yes"
        days.append(replace(day, **changes))
    return {"card": mk.read_hours(replace(card, grid=mk.Grid(tuple(days)))).as_dict()}


def read_unregister(state: CardState, form) -> dict:
    return {"unregister": form.get("unregister_confirm") == "yes"}


def read_reason(state: CardState, form) -> dict:
    return {"reason": form.get("reason", "")[:MAX_REASON]}


READERS = {"questions": read_questions, "grid": read_grid, "unregister": read_unregister,
           "reason": read_reason}
