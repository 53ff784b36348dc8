"""The meldekort on the form engine: an inmate's plan and periods, a card's draft, its
snapshot (every text shown, with the day grid) and its confirmation.

The rules live in core.services.forms.meldekort.rules; the texts in content/forms/meldekort/vN.toml,
chosen by the period's first day. A draft keeps {"card": Card.as_dict(), "unregister":
bool, "reason": str} exactly as typed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import BenefitPlan, FormDraft, FormSubmission, Inmate, StaffUser, Terminal
from core.services.forms import submissions as forms
from core.services.forms.meldekort import rules as mk
from core.services.errors import NotFound, ServiceError
from core.services.forms.answers import YES_NO
from core.services.forms.definitions import FormDefinition, registry
from core.services.forms.meldekort.periods import oslo_date

FORM = "meldekort"
SHOWN_PERIODS = 6  # the newest opened periods listed on the kiosk, and the next one
ROWS = (("work", mk.Activity.WORK), ("course", mk.Activity.COURSE), ("ill", mk.Activity.ILL),
        ("absence", mk.Activity.ABSENCE))
WEEK = {"nb": "Uke", "en": "Week"}
DAY_MONTH = {"nb": "d. MMMM", "en": "d MMMM"}  # "4. mars", "4 March"
STAGE_OF = {forms.AWAITING: mk.Stage.CONFIRMED, forms.SENT: mk.Stage.SENT,
            forms.UNDER_REVIEW: mk.Stage.UNDER_REVIEW, forms.RETURNED: mk.Stage.RETURNED,
            forms.REGISTERED: mk.Stage.REGISTERED}
PRACTICE_BENEFIT = mk.Benefit.DAGPENGER


# The plan, set by staff ---------------------------------------------------------------

def plan_of(db: Session, inmate: Inmate) -> BenefitPlan | None:
    return db.get(BenefitPlan, inmate.id)


def may_manage_plan(db: Session, staff: StaffUser, inmate: Inmate) -> bool:
    """The data-class table's rule for the benefit and schedule: Nav advisers always; a
    prison social worker only with the inmate's consent to meldekort help from social
    work, or when no Nav adviser serves the prison."""
    from core.services.requests import consents
    from core.services.forms import inbox as form_inbox
    from core.services.data_classes import Context, DataClass, permits

    return permits(DataClass.BENEFIT, staff.roles, Context(
        team=True, consents=consents.active_pairs(db, inmate.id),
        no_adviser=form_inbox.no_adviser(db, inmate.prison_id)))


def set_plan(db: Session, now: datetime, actor: StaffUser, inmate: Inmate, benefit: str,
             first_period: date, active: bool = True) -> BenefitPlan:
    """An inmate's benefit type and meldekort schedule (periods of 14 days from a Monday).
    Refused ("benefit_needs_consent") for a social worker without the inmate's consent."""
    if not may_manage_plan(db, actor, inmate):
        raise ServiceError("benefit_needs_consent")
    try:
        mk.Benefit(benefit)
    except ValueError as error:
        raise ServiceError("benefit_unknown") from error
    mk.Schedule.starting_on(first_period)  # NotAMonday is a ServiceError
    plan = db.get(BenefitPlan, inmate.id)
    if plan is None:
        plan = BenefitPlan(inmate_id=inmate.id)
        db.add(plan)
    plan.benefit, plan.first_period, plan.active = benefit, first_period, active
    plan.updated_at, plan.updated_by = now, actor.id
    audit.record(db, now, Actor("staff", actor.id), "meldekort.plan", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"benefit": benefit, "first_period": first_period.isoformat(),
                         "active": active})
    return plan


# Periods on the kiosk --------------------------------------------------------------------

@dataclass
class PeriodRow:
    period: mk.Period
    status: mk.Status
    submission: FormSubmission | None  # the newest original or resubmission for it
    draft: FormDraft | None
    correction: FormSubmission | None = None

    @property
    def can_start(self) -> bool:
        return self.status in (mk.Status.OPEN, mk.Status.LATE)


def _cards(db: Session, inmate: Inmate) -> dict[date, list[FormSubmission]]:
    found: dict[date, list[FormSubmission]] = {}
    for submission in db.scalars(select(FormSubmission).where(
            FormSubmission.inmate_id == inmate.id, FormSubmission.form_key == FORM)
            .order_by(FormSubmission.id)):
        found.setdefault(submission.period_start, []).append(submission)
    return found


def periods(db: Session, inmate: Inmate, now: datetime) -> list[PeriodRow]:
    """The periods an inmate sees, newest first: the next one not yet open, and the newest
    opened ones with their status. Empty without an active plan."""
    plan = plan_of(db, inmate)
    if plan is None or not plan.active:
        return []
    schedule = mk.Schedule.starting_on(plan.first_period)
    opened = schedule.opened_by(now)
    upcoming = opened[-1].next() if opened else schedule.first
    cards = _cards(db, inmate)
    drafts = {d.period_start: d for d in forms.drafts_of(db, inmate)
              if d.form_key == FORM and d.previous_id is None}
    rows = [PeriodRow(upcoming, mk.Status.NOT_YET_OPEN, None, None)]
    for period in reversed(opened[-SHOWN_PERIODS:]):
        sent = [s for s in cards.get(period.start, []) if s.kind != "correction"]
        latest = sent[-1] if sent else None
        stage = STAGE_OF[latest.status] if latest else mk.Stage.DRAFT
        corrections = [s for s in cards.get(period.start, []) if s.kind == "correction"]
        rows.append(PeriodRow(period, mk.status_of(period, now, stage), latest,
                              drafts.get(period.start), corrections[-1] if corrections else None))
    return rows


def period_row(db: Session, inmate: Inmate, now: datetime, period_id: str) -> PeriodRow:
    for row in periods(db, inmate, now):
        if row.period.id == period_id:
            return row
    raise NotFound()


# Drafts ----------------------------------------------------------------------------------

def definition_for(period: mk.Period) -> FormDefinition:
    definition = registry().current(FORM, period.start)
    if definition is None:
        raise NotFound()
    return definition


def start(db: Session, now: datetime, inmate: Inmate, terminal: Terminal | None,
          period: mk.Period, *, practice: bool = False,
          previous: FormSubmission | None = None) -> FormDraft:
    data = {"card": mk.Card(period).as_dict(), "unregister": False, "reason": ""}
    if previous is not None:
        data["card"] = forms.answers_of(previous)["card"]
    return forms.start(db, now, inmate, definition_for(period), terminal=terminal,
                       practice=practice, period_start=period.start, previous=previous,
                       data=data)


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
        return PRACTICE_BENEFIT
    return mk.Benefit(plan.benefit)


@dataclass(frozen=True)
class Context:
    """What the rules need to know about a draft."""

    late: bool
    correcting: mk.Answers | None  # the answers of the card being corrected
    is_correction: bool


def context_of(db: Session, draft: FormDraft, now: datetime) -> Context:
    previous = db.get(FormSubmission, draft.previous_id) if draft.previous_id else None
    correcting = None
    if previous is not None and previous.status != forms.RETURNED:
        correcting = mk.Card.from_dict(forms.answers_of(previous)["card"]).answers
    is_correction = correcting is not None
    period = mk.Period(draft.period_start)
    # Corrections and cards sent back by staff have no deadline.
    late = not draft.practice and mk.is_late(
        period, now, deadline_applies=draft.previous_id is None)
    return Context(late, correcting, is_correction)


def validate(db: Session, draft: FormDraft, now: datetime, *, confirmed: bool | None = None
             ) -> list[mk.Problem]:
    data = forms.answers(draft)
    context = context_of(db, draft, now)
    inmate = db.get(Inmate, draft.inmate_id)
    return mk.validate(card_of(draft), benefit_for(db, inmate, draft), late=context.late,
                       unregister_confirmed=bool(data.get("unregister")), confirmed=confirmed,
                       correcting=context.correcting,
                       reason=data.get("reason") or None if context.is_correction else None)


# The record ------------------------------------------------------------------------------

def _yes_no(value: bool | None, language: str) -> str:
    lang = language if language in YES_NO else "nb"
    if value is None:
        return ""
    return YES_NO[lang]["yes" if value else "no"]


def snapshot(definition: FormDefinition, card: mk.Card, language: str, *, benefit: mk.Benefit,
             late: bool, unregister: bool, reason: str | None = None) -> dict:
    """Every text shown, as rendered in ``language``, with the answers and both weeks."""
    lang = language if language in WEEK else "nb"
    step = definition.steps[0]
    items = [{"key": q.key, "label": q.label(lang), "hint": q.hint(lang) if q.hint else "",
              "answer": card.answers[mk.Question(q.key)],
              "shown": _yes_no(card.answers[mk.Question(q.key)], lang)} for q in step.questions]
    texts = definition.texts
    shown_rows = [name for name, activity in ROWS
                  if card.answers[mk.ROW_QUESTION[activity]]]
    weeks = []
    for week_number, first in zip(card.period.weeks, (1, 8)):
        days = []
        for number in range(first, first + 7):
            day = card.grid.day(number)
            moment = card.period.day(number)
            days.append({"date": moment.isoformat(),
                         "label": format_date(moment, f"EEEE {DAY_MONTH[lang]}", locale=lang),
                         "hours": None if day.hours is None else str(day.hours),
                         "course": day.course, "ill": day.ill, "absence": day.absence})
        weeks.append({"label": f"{WEEK[lang]} {week_number}", "days": days})
    result = {
        "form": definition.key, "version": definition.version, "language": lang,
        "title": definition.title(lang), "intro": definition.intro(lang),
        "period": {"id": card.period.id, "start": card.period.start.isoformat(),
                   "end": card.period.end.isoformat(),
                   "label": period_label(card.period, lang)},
        "benefit": benefit.value, "late": late,
        "steps": [{"key": step.key, "title": step.title(lang), "guidance": "", "items": items}],
        "grid": {"title": texts["grid_title"](lang), "guidance": texts["grid_guidance"](lang),
                 "rows": {name: texts[f"row_{name}"](lang) for name, _a in ROWS},
                 "shown_rows": shown_rows, "weeks": weeks} if shown_rows else None,
        "confirm": definition.confirm(lang), "receipt": definition.receipt(lang),
    }
    if late:
        result["late_notice"] = texts["late_notice"](lang)
    if card.answers.arbeidssoker is False:
        result["unregister"] = {"title": texts["unregister_title"](lang),
                                "text": texts["unregister_confirm"](lang),
                                "confirmed": unregister}
    if reason:
        result["correction_reason"] = reason
    return result


def period_label(period: mk.Period, language: str) -> str:
    lang = language if language in WEEK else "nb"
    first, second = period.weeks
    start = format_date(period.start, DAY_MONTH[lang], locale=lang)
    end = format_date(period.end, f"{DAY_MONTH[lang]} y", locale=lang)
    return f"{start} – {end} ({WEEK[lang].lower()} {first} {'og' if lang == 'nb' else 'and'} {second})"


def confirm(db: Session, now: datetime, inmate: Inmate, draft: FormDraft, *, language: str,
            terminal: Terminal | None, supervisor_id: int | None, submit_key: str | None
            ) -> FormSubmission | forms.PracticeReceipt:
    """Check the whole card once more and confirm it (or finish the practice)."""
    if draft.inmate_id != inmate.id or draft.form_key != FORM:
        raise NotFound()
    context = context_of(db, draft, now)
    problems = validate(db, draft, now, confirmed=True)
    if problems:
        raise ServiceError("form_incomplete", field=problems[0].field)
    data = forms.answers(draft)
    benefit = benefit_for(db, inmate, draft)
    card = mk.normalise(card_of(draft), late=context.late, correcting=context.correcting)
    reason = data.get("reason") or None if context.is_correction else None
    shot = snapshot(forms.definition_of(draft), card, language, benefit=benefit,
                    late=context.late, unregister=bool(data.get("unregister")), reason=reason)
    kind = "correction" if context.is_correction else (
        "resubmission" if draft.previous_id else "original")
    return forms.confirm(db, now, inmate, draft, language=language, snapshot=shot,
                         answers_={"card": card.as_dict(),
                                   "unregister": bool(data.get("unregister"))},
                         terminal=terminal, supervisor_id=supervisor_id, submit_key=submit_key,
                         late=context.late, benefit=benefit.value, kind=kind,
                         correction_reason=reason)


def start_correction(db: Session, now: datetime, inmate: Inmate, submission: FormSubmission,
                     terminal: Terminal | None) -> FormDraft:
    """A sent card can be corrected once; a correction cannot be corrected."""
    if submission.inmate_id != inmate.id or submission.form_key != FORM:
        raise NotFound()
    already = db.scalar(select(FormSubmission.id).where(
        FormSubmission.previous_id == submission.id, FormSubmission.kind == "correction"))
    status = mk.status_of(mk.Period(submission.period_start), now, STAGE_OF[submission.status])
    if not mk.can_correct(is_correction=submission.kind == "correction",
                          already_corrected=already is not None, status=status):
        raise ServiceError("cannot_correct")
    return start(db, now, inmate, terminal, mk.Period(submission.period_start),
                 previous=submission)


def start_again(db: Session, now: datetime, inmate: Inmate, submission: FormSubmission,
                terminal: Terminal | None) -> FormDraft:
    """A card returned for correction is filled in again from what was sent."""
    if submission.inmate_id != inmate.id or submission.status != forms.RETURNED:
        raise NotFound()
    return start(db, now, inmate, terminal, mk.Period(submission.period_start),
                 previous=submission)
