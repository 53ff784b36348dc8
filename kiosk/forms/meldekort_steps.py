"""The steps of a meldekort on the kiosk: which pages a card has, what each page reads
from the posted form into the draft, and which of the rules' problems belong to it.

A card's pages follow its card type (core.services.forms.meldekort.card_types), in NAV's
order:
1. questions: the questions the card type asks (question 5 where the card asks it, with
   its warning on "no"; a fixed answer is shown, not asked). The new tiltakspenger card
   has no questions: it starts with the days.
2. grid: the day grid, when the answers bring in a row (always on the new tiltakspenger
   card: one status per day, the days outside the decision locked);
3. reason: why a sent card is corrected, on a correction of a card type that asks it
   (a choice from NAV's list on the Arena cards, free text on the dagpenger card);
then the check page. The rules are core.services.forms.meldekort.validation's; this module
only maps them onto pages. Everything typed is read as typed and saved, valid or not.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from core.models import FormDraft, FormSubmission, Inmate
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, rules as mk, validation
from core.services.forms.meldekort.card_types import Q5, ReasonMode, RowKind
from core.services.forms.definitions import FormDefinition

STEPS = ("questions", "grid", "reason")
YES_NO = {"yes": True, "no": False}
MAX_TYPED_HOURS = 16  # what is kept of one day's hours as typed
MAX_CHOICE = 32  # what is kept of a day's choice as posted
MAX_REASON = validation.MAX_REASON_TEXT + 100  # kept as typed; longer than allowed is an error


def step_of(field: str) -> str:
    """The page that asks ``field`` (a Problem's field)."""
    if field.startswith("day-"):
        return "grid"
    return {"reason": "reason", "confirm": "check"}.get(field, "questions")


@dataclass(frozen=True)
class CardState:
    """A draft card with what the rules need to know about it. The answers follow each
    save: they are parsed from the draft once for each version of its data (a save writes
    a new one), not at every look (a day-grid page looked nine times; issue 20)."""

    draft: FormDraft
    context: mf.Context
    _parsed: tuple | None = field(default=None, init=False, compare=False, repr=False)

    def _read(self) -> tuple[dict, mk.Card]:
        raw = self.draft.data
        if self._parsed is None or self._parsed[0] is not raw:
            data = forms.answers(self.draft)
            object.__setattr__(self, "_parsed", (raw, data, mk.Card.from_dict(data["card"])))
        return self._parsed[1], self._parsed[2]

    @classmethod
    def of(cls, db: Session, inmate: Inmate, draft: FormDraft, now) -> CardState:
        return cls(draft, mf.context_of(db, draft, now))

    @property
    def rules(self) -> validation.CardContext:
        """The rules' context, with the correction's reason as the draft holds it now:
        a save on the reason page changes it, and nothing else the context read changes
        within a request, so the rules checked after a save need no second reading."""
        card = self.context.card
        reason = self.data.get("reason") if self.context.is_correction else None
        reason = reason if isinstance(reason, str) else None
        return card if card.reason == reason else replace(card, reason=reason)

    @property
    def spec(self):
        return self.rules.spec

    @property
    def card_type(self) -> str:
        return self.rules.card_type.value

    @property
    def benefit(self) -> mk.Benefit:
        return self.rules.benefit

    @property
    def definition(self) -> FormDefinition:
        return forms.definition_of(self.draft)

    @property
    def data(self) -> dict:
        """The draft's data, as saved (read only: a change goes through forms.save)."""
        return self._read()[0]

    @property
    def card(self) -> mk.Card:
        return self._read()[1]

    @property
    def fixed(self) -> dict[mk.Question, bool]:
        return validation.fixed(self.rules)

    def page_questions(self) -> list[mk.Question]:
        """The questions the questions page shows: every question of the card type (one
        asked only after a "yes" is shown too, saying so, so the page works without
        JavaScript), then question 5 where the card asks it."""
        shown = [q.question for q in self.spec.questions]
        if self.spec.q5 is Q5.ASKED_WITH_WARNING:
            shown.append(mk.Question.ARBEIDSSOKER)
        return shown

    def applies(self, step: str) -> bool:
        if step == "questions":
            return bool(self.page_questions())
        if step == "grid":
            return validation.needs_grid(self.card, self.rules)
        if step == "reason":
            return self.context.is_correction and self.spec.reason is not ReasonMode.NONE
        return False

    @property
    def steps(self) -> list[str]:
        return [step for step in STEPS if self.applies(step)]

    @property
    def numbered_steps(self) -> list[str]:
        """The steps counted in "Step N of M": as ``steps``, but the day grid counts while
        a row's question is not answered yet, since most cards have it. So a fresh card
        says "1 of 3", and the count never jumps when the answers bring the grid in."""
        answers = self.card.answers
        grid_may_come = any(answers[q.question] is None for q in self.spec.questions if q.shows)
        return [step for step in STEPS
                if self.applies(step) or (step == "grid" and grid_may_come)]

    def shown_rows(self) -> list[mk.Activity]:
        """The grid's rows the answers bring in: the only rows the page shows."""
        if self.spec.per_day_status:
            return [mk.Activity.STATUS]
        return validation.shown_rows(self.card, self.rules)

    def row_kind(self, activity: mk.Activity) -> RowKind:
        if activity is mk.Activity.STATUS:
            return RowKind.CHOICE
        return next(row.kind for row in self.spec.rows if row.activity is activity)

    def returned(self, db: Session) -> FormSubmission | None:
        """The card staff sent back, when this draft fills it in again."""
        previous = db.get(FormSubmission, self.draft.previous_id) if self.draft.previous_id else None
        return previous if previous is not None and previous.status == forms.RETURNED else None


def problems(state: CardState, step: str | None = None) -> list[mk.Problem]:
    """The card's problems in page order, or only those of ``step``: the rules of its card
    type (as engine.validate), from the context the state read for this request."""
    found = validation.validate(state.card, state.rules)
    return [p for p in found if step is None or step_of(p.field) == step]


# Reading the pages ---------------------------------------------------------------------

def read_questions(state: CardState, form) -> dict:
    """The answers to the questions the page shows; a fixed answer is filled in whatever
    was posted."""
    answers = state.card.answers
    for question in state.page_questions():
        answers = answers.with_answer(question, YES_NO.get(form.get(question.value, "")))
    for question, value in state.fixed.items():
        answers = answers.with_answer(question, value)
    return {"card": replace(state.card, answers=answers).as_dict()}


def read_grid(state: CardState, form) -> dict:
    """The rows the page shows, exactly as typed; an unticked box is a day not marked, an
    empty choice a day with nothing chosen. The rows not shown keep what they had (they
    are cleared when the card is sent); a locked day is never read."""
    card = state.card
    shown = state.shown_rows()
    locked = set(range(1, 15)) - set(state.rules.eligible_days) if state.spec.per_day_status \
        else set()
    days = []
    for number, day in enumerate(card.grid.days, start=1):
        changes: dict = {}
        for activity in shown:
            name = mk.cell_field(number, activity)
            kind = state.row_kind(activity)
            if activity is mk.Activity.STATUS:
                if number not in locked:
                    changes["status"] = form.get(name, "")[:MAX_CHOICE] or None
            elif kind is RowKind.HOURS:
                changes["hours"] = form.get(name, "")[:MAX_TYPED_HOURS]
            elif kind is RowKind.CHOICE:
                changes["aap_absence"] = form.get(name, "")[:MAX_CHOICE] or None
            else:
                changes[activity.value] = form.get(name) == "yes"
        days.append(replace(day, **changes))
    return {"card": mk.read_hours(replace(card, grid=mk.Grid(tuple(days)))).as_dict()}


def read_reason(state: CardState, form) -> dict:
    return {"reason": form.get("reason", "")[:MAX_REASON]}


READERS = {"questions": read_questions, "grid": read_grid, "reason": read_reason}
