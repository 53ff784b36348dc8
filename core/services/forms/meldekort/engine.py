"""The meldekort on the form engine: a card's draft and its confirmation (the record it
keeps, every text shown with the day grid, is made in core.services.forms.meldekort.record,
which callers import from). The inmate's plan and the card type of a period are in
core.services.forms.meldekort.plan; the periods the inmate sees in period_list.

The rules live in core.services.forms.meldekort.rules; the texts in content/forms/meldekort/vN.toml,
chosen by the period's first day. A draft keeps {"card": Card.as_dict(), "unregister":
bool, "reason": str} exactly as typed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import FormDraft, FormSubmission, Inmate, Terminal
from core.services.forms import submissions as forms
from core.services.forms.meldekort import deadlines, exemptions, rules as mk, validation
from core.services.forms.meldekort.card_types import CARD_TYPES_FOR, CardType, ReasonMode
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import FormDefinition, registry
from core.services.forms.meldekort.period_list import STAGE_OF, periods_back
from core.services.forms.meldekort.periods import oslo_date
from core.services.forms.meldekort.plan import (FORM, PRACTICE_CARD_TYPE, card_type_of,
                                               decision_days, plan_of)
from core.services.forms.meldekort.record import snapshot

PRACTICE_BENEFIT = mk.Benefit.DAGPENGER
PRACTICE_DECIDED_DAYS = 10  # the new tiltakspenger card in practice: five days a week
FREE_TEXT_REASON = "free_text"  # form_submission.correction_reason for a reason in words


def definition_for(period: mk.Period) -> FormDefinition:
    definition = registry().current(FORM, period.start)
    if definition is None:
        raise NotFound()
    return definition


def start(db: Session, now: datetime, inmate: Inmate, terminal: Terminal | None,
          period: mk.Period, *, practice: bool = False,
          previous: FormSubmission | None = None, card_type: CardType | str | None = None
          ) -> FormDraft:
    """The draft of ``period``'s card (made if there is none). A practice draft keeps its
    card type (data["card_type"]: ``card_type``, default the plan's, else the dagpenger
    card; a practice draft of another type is started afresh); a real card's type is
    card_type_of's, read again at every step (card_type_of_draft)."""
    data = {"card": mk.Card(period).as_dict(), "reason": ""}
    if practice:
        plan = plan_of(db, inmate)
        chosen = CardType(card_type or (plan.card_type if plan else PRACTICE_CARD_TYPE))
        data["card_type"] = chosen.value
    if previous is not None:
        data["card"] = forms.answers_of(previous)["card"]
    draft = forms.start(db, now, inmate, definition_for(period), terminal=terminal,
                        practice=practice, period_start=period.start, previous=previous,
                        data=data)
    if practice and forms.answers(draft).get("card_type") != data["card_type"]:
        forms.discard(db, draft)
        draft = forms.start(db, now, inmate, definition_for(period), terminal=terminal,
                            practice=practice, period_start=period.start, data=data)
    return draft


def practice_period(now: datetime) -> mk.Period:
    """Practice uses the last period that has ended: every day is in the past."""
    today = oslo_date(now)
    monday = date.fromordinal(today.toordinal() - today.weekday())
    return mk.Period(monday).previous()


def card_of(draft: FormDraft) -> mk.Card:
    return mk.Card.from_dict(forms.answers(draft)["card"])


def benefit_for(db: Session, inmate: Inmate, draft: FormDraft) -> mk.Benefit:
    plan = plan_of(db, inmate)
    if draft.practice or plan is None:
        card_type = forms.answers(draft).get("card_type")
        for benefit, types in CARD_TYPES_FOR.items():
            if card_type in {t.value for t in types}:
                return benefit
        return PRACTICE_BENEFIT
    return mk.Benefit(plan.benefit)


@dataclass(frozen=True)
class Context:
    """What the rules need to know about a draft."""

    late: bool
    correcting: mk.Answers | None  # the answers of the card being corrected
    is_correction: bool
    card: validation.CardContext  # the card type's context for validation


def card_type_of_draft(db: Session, draft: FormDraft) -> CardType:
    """A practice draft's own type; a correction's or a card sent back's, the sent card's;
    otherwise card_type_of the period."""
    if draft.practice:
        given = forms.answers(draft).get("card_type")
        return CardType(given) if given in CardType._value2member_map_ else PRACTICE_CARD_TYPE
    previous = db.get(FormSubmission, draft.previous_id) if draft.previous_id else None
    if previous is not None and previous.card_type:
        return CardType(previous.card_type)
    return card_type_of(db, db.get(Inmate, draft.inmate_id), mk.Period(draft.period_start))


def context_of(db: Session, draft: FormDraft, now: datetime) -> Context:
    previous = db.get(FormSubmission, draft.previous_id) if draft.previous_id else None
    correcting = None
    if previous is not None and previous.status != forms.RETURNED:
        correcting = mk.Card.from_dict(forms.answers_of(previous)["card"]).answers
    is_correction = correcting is not None
    period = mk.Period(draft.period_start)
    inmate = db.get(Inmate, draft.inmate_id)
    # The card type, the plan and the benefit all ask for the plan: plan_of reads it once
    # per transaction.
    card_type = card_type_of_draft(db, draft)
    plan = None if draft.practice else plan_of(db, inmate)
    # Corrections and cards sent back by staff have no deadline.
    late = not draft.practice and deadlines.is_late(
        card_type, period, now, deadline_applies=draft.previous_id is None,
        exemptions=exemptions.active(db, inmate.id))
    if draft.practice:
        eligible, decided = validation.ALL_DAYS, PRACTICE_DECIDED_DAYS
    else:
        eligible, decided = decision_days(plan, period)
    data = forms.answers(draft)
    reason = data.get("reason") if is_correction else None
    card = validation.CardContext(
        card_type=card_type, benefit=benefit_for(db, inmate, draft), late=late,
        q5_required=draft.practice or deadlines.q5_required(card_type, period, now),
        correcting=correcting, reason=reason if isinstance(reason, str) else None,
        eligible_days=eligible, decided_days=decided)
    return Context(late, correcting, is_correction, card)


def validate(db: Session, draft: FormDraft, now: datetime, *, confirmed: bool | None = None
             ) -> list[mk.Problem]:
    """The card's problems by its card type's rules (validation.validate), in page order."""
    return validation.validate(card_of(draft), context_of(db, draft, now).card, confirmed=confirmed)


def notices(db: Session, draft: FormDraft, now: datetime) -> list[mk.Problem]:
    """What the card tells without refusing: "unregister_warning", "late_consequence"."""
    return validation.notices(card_of(draft), context_of(db, draft, now).card)


def confirm(db: Session, now: datetime, inmate: Inmate, draft: FormDraft, *, language: str,
            terminal: Terminal | None, supervisor_id: int | None, submit_key: str | None
            ) -> FormSubmission | forms.PracticeReceipt:
    """Check the whole card once more, by its card type's rules, and confirm it (or finish
    the practice). The submission keeps the card type; a late card is marked late."""
    if draft.inmate_id != inmate.id or draft.form_key != FORM:
        raise NotFound()
    context = context_of(db, draft, now)
    problems = validation.validate(card_of(draft), context.card, confirmed=True)
    if problems:
        raise ServiceError("form_incomplete", field=problems[0].field)
    card = validation.normalise(card_of(draft), context.card)
    reason = context.card.reason.strip() if context.is_correction and context.card.reason else None
    if context.card.spec.reason is ReasonMode.NONE:
        reason = None
    shot = snapshot(forms.definition_of(draft), card, language, benefit=context.card.benefit,
                    late=context.late, reason=reason, context=context.card)
    kind = "correction" if context.is_correction else (
        "resubmission" if draft.previous_id else "original")
    answers_ = {"card": card.as_dict(), "card_type": context.card.card_type.value}
    column_reason = reason
    if reason and context.card.spec.reason is ReasonMode.FREE_TEXT:
        answers_["reason"], column_reason = reason, FREE_TEXT_REASON
    return forms.confirm(db, now, inmate, draft, language=language, snapshot=shot,
                         answers_=answers_, terminal=terminal, supervisor_id=supervisor_id,
                         submit_key=submit_key, late=context.late,
                         benefit=context.card.benefit.value, kind=kind,
                         correction_reason=column_reason, card_type=context.card.card_type.value)


def start_correction(db: Session, now: datetime, inmate: Inmate, submission: FormSubmission,
                     terminal: Terminal | None) -> FormDraft:
    """A sent card can be corrected once, a correction never, and only within its card
    type's last periods (validation.can_correct). Refused: "cannot_correct",
    "correction_too_old"."""
    if submission.inmate_id != inmate.id or submission.form_key != FORM:
        raise NotFound()
    already = db.scalar(select(FormSubmission.id).where(
        FormSubmission.previous_id == submission.id, FormSubmission.kind == "correction"))
    period = mk.Period(submission.period_start)
    status = mk.status_of(period, now, STAGE_OF[submission.status])
    card_type = CardType(submission.card_type) if submission.card_type else \
        card_type_of(db, inmate, period)
    if not validation.can_correct(card_type, is_correction=submission.kind == "correction",
                                  already_corrected=already is not None, status=status,
                                  periods_back=0):
        raise ServiceError("cannot_correct")
    if not validation.can_correct(card_type, is_correction=False, already_corrected=False,
                                  status=status, periods_back=periods_back(db, inmate, now, period)):
        raise ServiceError("correction_too_old")
    return start(db, now, inmate, terminal, period, previous=submission)


def start_again(db: Session, now: datetime, inmate: Inmate, submission: FormSubmission,
                terminal: Terminal | None) -> FormDraft:
    """A card returned for correction is filled in again from what was sent."""
    if submission.inmate_id != inmate.id or submission.status != forms.RETURNED:
        raise NotFound()
    return start(db, now, inmate, terminal, mk.Period(submission.period_start),
                 previous=submission)
