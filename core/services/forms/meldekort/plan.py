"""The meldekort's form key on the form engine (``FORM``) and an inmate's plan, set by
staff: the benefit, the card type and the meldekort schedule; the etterregistrering cards
the adviser makes; and the card type each period's card follows.

- ``plan_of(db, inmate)``: the inmate's BenefitPlan, or None.
- ``set_plan(db, now, actor, inmate, benefit, first_period, active=True, *, card_type=None,
  decision_from=None, decision_to=None, days_per_period=None)``: set it (audited).
- ``create_etterregistrering(db, now, actor, inmate, period, reason)``: a card for a period
  that is over and had no card (audited).
- ``card_type_of(db, inmate, period)``: the card type of the inmate's card for a period.
- ``decision_days(plan, period)``: the new tiltakspenger card's days inside the decision.

Who may set the plan is access.may_manage_plan's rule. A card's draft and its confirmation
are in core.services.forms.meldekort.engine; the periods an inmate sees in period_list.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session, lazyload

from core import audit
from core.audit import Actor
from core.db import read_once, remember, rows
from core.models import BenefitPlan, FormSubmission, Inmate, MeldekortEtterregistrering, StaffUser
from core.services.forms import submissions as forms
from core.services.forms.meldekort import rules as mk, validation
from core.services.forms.meldekort.access import may_manage_plan
from core.services.forms.meldekort.card_types import CARD_TYPES_FOR, CardType, allowed
from core.services.errors import ServiceError
from core.services.forms.meldekort.periods import PERIOD_DAYS, oslo_date

FORM = "meldekort"
PRACTICE_CARD_TYPE = CardType.DAGPENGER  # also the card type of a period without a plan
MAX_ETTERREGISTRERING_REASON = 500


def plan_of(db: Session, inmate: Inmate) -> BenefitPlan | None:
    """Read once per transaction: a page's parts ask for it, and an inmate without a plan
    (which the identity map does not remember) was read again each time."""
    return read_once(db, ("benefit_plan", inmate.id),
                     lambda: db.scalar(_PLAN, {"inmate_id": inmate.id}))


# Read on every meldekort page: built once (a select by key built by db.get for a row not
# yet loaded took 100 µs, this one 63; issue 20).
_PLAN = select(BenefitPlan).where(BenefitPlan.inmate_id == bindparam("inmate_id"))


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
    plan = plan_of(db, inmate)
    if plan is None:
        plan = BenefitPlan(inmate_id=inmate.id)
        db.add(plan)
        remember(db, ("benefit_plan", inmate.id), plan)
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
    found = rows(db, _CARD_TYPE_FACTS, {"inmate_id": inmate.id, "start": period.start}).one()
    if found.etterregistrering:
        return CardType.ETTERREGISTRERING
    if found.sent:
        return CardType(found.sent)
    plan = plan_of(db, inmate)
    return CardType(plan.card_type) if plan is not None else PRACTICE_CARD_TYPE


# What card_type_of asks before the plan, in one statement of two columns (read for every
# meldekort page and autosave: as two queries of whole rows it was a fifth of an autosave's
# time; issue 20): whether the adviser made an etterregistrering for the period, and the
# type of the newest card sent for it that has one.
_CARD_TYPE_FACTS = select(
    exists().where(MeldekortEtterregistrering.inmate_id == bindparam("inmate_id"),
                   MeldekortEtterregistrering.period_start == bindparam("start"))
    .label("etterregistrering"),
    select(FormSubmission.card_type).where(
        FormSubmission.inmate_id == bindparam("inmate_id"), FormSubmission.form_key == FORM,
        FormSubmission.period_start == bindparam("start"), FormSubmission.card_type.is_not(None),
        FormSubmission.card_type != "").order_by(FormSubmission.id.desc()).limit(1)
    .scalar_subquery().label("sent"))


def _period_cards(db: Session, inmate_id: int, start: date) -> list[FormSubmission]:
    """The inmate's cards for the period starting ``start``, oldest first (what
    period_list's ``_cards(...)[start]`` holds, read through ix_form_submission_period
    alone: an inmate with years of cards no longer loads them all for one period; issue 20)."""
    return list(db.scalars(_PERIOD_CARDS, {"inmate_id": inmate_id, "start": start}))


_PERIOD_CARDS = select(FormSubmission).where(
    FormSubmission.inmate_id == bindparam("inmate_id"), FormSubmission.form_key == FORM,
    FormSubmission.period_start == bindparam("start")).order_by(FormSubmission.id).options(
    lazyload(FormSubmission.inmate))  # the inmate asked about: not joined in again


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
