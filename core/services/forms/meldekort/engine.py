"""The meldekort on the form engine: an inmate's plan and periods, a card's draft and its
confirmation (the record it keeps, every text shown with the day grid, is made in
core.services.forms.meldekort.record, which callers import from).

The rules live in core.services.forms.meldekort.rules; the texts in content/forms/meldekort/vN.toml,
chosen by the period's first day. A draft keeps {"card": Card.as_dict(), "unregister":
bool, "reason": str} exactly as typed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import (BenefitPlan, FormDraft, FormSubmission, Inmate, MeldekortEtterregistrering,
                         StaffUser, Terminal)
from core.services.forms import submissions as forms
from core.services.forms.meldekort import deadlines, exemptions, rules as mk, validation
from core.services.forms.meldekort.access import may_manage_plan
from core.services.forms.meldekort.card_types import (CARD_TYPES_FOR, CardType, ReasonMode, allowed)
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import FormDefinition, registry
from core.services.forms.meldekort.periods import PERIOD_DAYS, oslo_date
from core.services.forms.meldekort.record import snapshot

FORM = "meldekort"
SHOWN_PERIODS = 6  # the newest opened periods listed on the kiosk, and the next one
STAGE_OF = {forms.AWAITING: mk.Stage.CONFIRMED, forms.SENT: mk.Stage.SENT,
            forms.UNDER_REVIEW: mk.Stage.UNDER_REVIEW, forms.RETURNED: mk.Stage.RETURNED,
            forms.REGISTERED: mk.Stage.REGISTERED}
PRACTICE_BENEFIT = mk.Benefit.DAGPENGER
PRACTICE_CARD_TYPE = CardType.DAGPENGER
PRACTICE_DECIDED_DAYS = 10  # the new tiltakspenger card in practice: five days a week
FREE_TEXT_REASON = "free_text"  # form_submission.correction_reason for a reason in words
MAX_ETTERREGISTRERING_REASON = 500


# The plan, set by staff ---------------------------------------------------------------

def plan_of(db: Session, inmate: Inmate) -> BenefitPlan | None:
    return db.get(BenefitPlan, inmate.id)


def set_plan(db: Session, now: datetime, actor: StaffUser, inmate: Inmate, benefit: str,
             first_period: date, active: bool = True, *, card_type: str | None = None,
             decision_from: date | None = None, decision_to: date | None = None,
             days_per_period: int | None = None) -> BenefitPlan:
    """An inmate's benefit, card type and meldekort schedule (periods of 14 days from a
    Monday). ``card_type`` is one of card_types.CARD_TYPES_FOR[benefit] (default: the
    first). The new tiltakspenger card also takes the decision's dates (days outside are
    locked) and ``days_per_period`` (1-14, NAV's maksAntallDagerForPeriode).

    A card already sent keeps its card type (and so do its correction and a card sent
    back); drafts and periods without a card follow a change.
    Refused: "benefit_needs_consent" (a social worker without the inmate's consent),
    "benefit_unknown", "card_type_not_for_benefit", "decision_days_invalid",
    "decision_dates_invalid"; NotAMonday ("meldekort_start_not_monday")."""
    if not may_manage_plan(db, actor, inmate):
        raise ServiceError("benefit_needs_consent")
    try:
        chosen_benefit = mk.Benefit(benefit)
    except ValueError as error:
        raise ServiceError("benefit_unknown") from error
    chosen = card_type or CARD_TYPES_FOR[chosen_benefit][0].value
    if not allowed(chosen_benefit, chosen):
        raise ServiceError("card_type_not_for_benefit")
    chosen = CardType(chosen).value
    if chosen == CardType.TILTAKSPENGER_NEW.value:
        if not (isinstance(days_per_period, int) and not isinstance(days_per_period, bool)
                and 1 <= days_per_period <= PERIOD_DAYS):
            raise ServiceError("decision_days_invalid")
        if decision_from is not None and decision_to is not None and decision_to < decision_from:
            raise ServiceError("decision_dates_invalid")
    else:
        decision_from = decision_to = days_per_period = None
    mk.Schedule.starting_on(first_period)  # NotAMonday is a ServiceError
    plan = db.get(BenefitPlan, inmate.id)
    if plan is None:
        plan = BenefitPlan(inmate_id=inmate.id)
        db.add(plan)
    plan.benefit, plan.card_type, plan.first_period, plan.active = benefit, chosen, first_period, active
    plan.decision_from, plan.decision_to, plan.days_per_period = decision_from, decision_to, days_per_period
    plan.updated_at, plan.updated_by = now, actor.id
    audit.record(db, now, Actor("staff", actor.id), "meldekort.plan", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"benefit": benefit, "card_type": chosen,
                         "first_period": first_period.isoformat(), "active": active,
                         "decision_from": decision_from.isoformat() if decision_from else None,
                         "decision_to": decision_to.isoformat() if decision_to else None,
                         "days_per_period": days_per_period})
    return plan


def create_etterregistrering(db: Session, now: datetime, actor: StaffUser, inmate: Inmate,
                             period: mk.Period, reason: str) -> MeldekortEtterregistrering:
    """An etterregistrering card for ``period``, a period of the inmate's schedule that is
    over and had no card: its own card type (no question 5, no deadline; dp-rapportering-
    frontend types.ts KortType.ETTERREGISTRERT). Refused: "benefit_needs_consent",
    "no_plan", "period_not_over", "period_has_card", "etterregistrering_exists",
    "etterregistrering_reason_required" / "_too_long"."""
    if not may_manage_plan(db, actor, inmate):
        raise ServiceError("benefit_needs_consent")
    plan = plan_of(db, inmate)
    if plan is None:
        raise ServiceError("no_plan")
    schedule = mk.Schedule.starting_on(plan.first_period)
    if schedule.period_containing(period.start) != period:
        raise ServiceError("period_not_in_schedule")
    if period.end >= oslo_date(now):
        raise ServiceError("period_not_over")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("etterregistrering_reason_required")
    if len(reason) > MAX_ETTERREGISTRERING_REASON:
        raise ServiceError("etterregistrering_reason_too_long", max=MAX_ETTERREGISTRERING_REASON)
    if any(s.kind != "correction" and s.status != forms.RETURNED
           for s in _period_cards(db, inmate.id, period.start)):
        raise ServiceError("period_has_card")
    if _etterregistrering(db, inmate.id, period) is not None:
        raise ServiceError("etterregistrering_exists")
    row = MeldekortEtterregistrering(inmate_id=inmate.id, period_start=period.start, reason=reason,
                                     created_at=now, created_by=actor.id)
    db.add(row)
    db.flush()
    audit.record(db, now, Actor("staff", actor.id), "meldekort.etterregistrering",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"period": period.id})
    return row


def _etterregistrering(db: Session, inmate_id: int, period: mk.Period
                       ) -> MeldekortEtterregistrering | None:
    return db.scalar(_ETTERREGISTRERING, {"inmate_id": inmate_id, "start": period.start})


# Read for every meldekort page and autosave: built once, so SQLAlchemy keeps their cache
# keys with them instead of building them again each time (issue 20).
_ETTERREGISTRERING = select(MeldekortEtterregistrering).where(
    MeldekortEtterregistrering.inmate_id == bindparam("inmate_id"),
    MeldekortEtterregistrering.period_start == bindparam("start"))


def card_type_of(db: Session, inmate: Inmate, period: mk.Period) -> CardType:
    """The card type of ``inmate``'s card for ``period``: etterregistrering when the adviser
    made one; else the type of the card already sent for it (a correction or a card sent
    back is filled in on the same card); else the plan's, which a draft follows when the
    adviser changes it."""
    if _etterregistrering(db, inmate.id, period) is not None:
        return CardType.ETTERREGISTRERING
    for submission in reversed(_period_cards(db, inmate.id, period.start)):
        if submission.card_type:
            return CardType(submission.card_type)
    plan = plan_of(db, inmate)
    return CardType(plan.card_type) if plan is not None else PRACTICE_CARD_TYPE


# Periods on the kiosk --------------------------------------------------------------------

@dataclass
class PeriodRow:
    period: mk.Period
    status: mk.Status
    submission: FormSubmission | None  # the newest original or resubmission for it
    draft: FormDraft | None
    correction: FormSubmission | None = None
    card_type: CardType = CardType.DAGPENGER
    opens_at: datetime | None = None  # the card type's first moment to send (UTC)
    deadline: date | None = None  # the last on-time day (Oslo), None: no deadline

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


def _period_cards(db: Session, inmate_id: int, start: date) -> list[FormSubmission]:
    """The inmate's cards for the period starting ``start``, oldest first (what
    ``_cards(...)[start]`` holds, read through ix_form_submission_period alone: an inmate
    with years of cards no longer loads them all for one period; issue 20)."""
    return list(db.scalars(_PERIOD_CARDS, {"inmate_id": inmate_id, "start": start}))


_PERIOD_CARDS = select(FormSubmission).where(
    FormSubmission.inmate_id == bindparam("inmate_id"), FormSubmission.form_key == FORM,
    FormSubmission.period_start == bindparam("start")).order_by(FormSubmission.id)


class _TypeOf:
    """card_type_of for many periods at once, from what is already loaded."""

    def __init__(self, db: Session, inmate: Inmate, plan: BenefitPlan,
                 cards: dict[date, list[FormSubmission]]) -> None:
        self.etterregistrering = set(db.scalars(select(MeldekortEtterregistrering.period_start).where(
            MeldekortEtterregistrering.inmate_id == inmate.id)))
        self.plan, self.cards = plan, cards

    def __call__(self, period: mk.Period) -> CardType:
        if period.start in self.etterregistrering:
            return CardType.ETTERREGISTRERING
        for submission in reversed(self.cards.get(period.start, [])):
            if submission.card_type:
                return CardType(submission.card_type)
        return CardType(self.plan.card_type)


def periods(db: Session, inmate: Inmate, now: datetime) -> list[PeriodRow]:
    """The periods an inmate sees, newest first: the next one not yet open, the newest
    opened ones with their status (each by its card type's calendar: deadlines), and any
    etterregistrering the adviser made. A period an exemption overlaps is EXEMPT unless a
    card was sent for it. Empty without an active plan."""
    plan = plan_of(db, inmate)
    if plan is None or not plan.active:
        return []
    schedule = mk.Schedule.starting_on(plan.first_period)
    cards = _cards(db, inmate)
    drafts = {d.period_start: d for d in forms.drafts_of(db, inmate)
              if d.form_key == FORM and d.previous_id is None and not d.practice}
    type_of = _TypeOf(db, inmate, plan, cards)
    excused = exemptions.active(db, inmate.id)
    today = oslo_date(now)
    opened: list[mk.Period] = []
    period = schedule.first
    while period.start <= today and deadlines.is_open(type_of(period), period, now):
        opened.append(period)
        period = period.next()
    upcoming = period
    # The new tiltakspenger card: a period with no day inside the decision has no card
    # (tiltakspenger-meldekort-api BrukersMeldekort.kt, tilOppdatertMeldekort).
    opened = [p for p in opened if type_of(p) is not CardType.TILTAKSPENGER_NEW
              or cards.get(p.start) or decision_days(plan, p)[0]]
    shown = opened[-SHOWN_PERIODS:]
    shown += [mk.Period(start) for start in sorted(type_of.etterregistrering)
              if mk.Period(start) not in shown and schedule.period_containing(start) is not None
              and start < upcoming.start]
    rows = [_row(upcoming, now, type_of(upcoming), [], None, excused)]
    for period in sorted(shown, reverse=True):
        rows.append(_row(period, now, type_of(period), cards.get(period.start, []),
                         drafts.get(period.start), excused))
    return rows


def _row(period: mk.Period, now: datetime, card_type: CardType, sent_cards: list[FormSubmission],
         draft: FormDraft | None, excused: list[deadlines.Exemption]) -> PeriodRow:
    sent = [s for s in sent_cards if s.kind != "correction"]
    latest = sent[-1] if sent else None
    stage = STAGE_OF[latest.status] if latest else mk.Stage.DRAFT
    corrections = [s for s in sent_cards if s.kind == "correction"]
    status = deadlines.card_status(card_type, period, now, stage, exemptions=excused)
    return PeriodRow(period, status, latest, draft, corrections[-1] if corrections else None,
                     card_type, deadlines.opens_at(card_type, period),
                     deadlines.deadline(card_type, period))


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


def decision_days(plan: BenefitPlan | None, period: mk.Period) -> tuple[frozenset[int], int | None]:
    """The new tiltakspenger card: the days of ``period`` inside the plan's decision (1-14)
    and the number of days to fill in (the plan's, at most the days inside)."""
    if plan is None:
        return validation.ALL_DAYS, None
    days = frozenset(n for n, day in enumerate(period.days, start=1)
                     if (plan.decision_from is None or day >= plan.decision_from)
                     and (plan.decision_to is None or day <= plan.decision_to))
    decided = min(plan.days_per_period, len(days)) if plan.days_per_period else None
    return days, decided


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


def periods_back(db: Session, inmate: Inmate, now: datetime, period: mk.Period) -> int:
    """How many periods before the newest opened one ``period`` is (0: the newest)."""
    rows = [row for row in periods(db, inmate, now) if row.status is not mk.Status.NOT_YET_OPEN]
    newest = max((row.period.start for row in rows), default=period.start)
    return (newest - period.start).days // PERIOD_DAYS


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
