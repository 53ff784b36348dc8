"""The periods an inmate sees on the kiosk (and "Meldekort due" lists), each with its
status, its card type, when it opens and its deadline.

- ``periods(db, inmate, now)``: ``PeriodRow``s, newest first: the next period (not yet
  open), the newest opened ones and any etterregistrering the adviser made.
- ``period_row(db, inmate, now, period_id)``: one of them, or NotFound.
- ``periods_back(db, inmate, now, period)``: how many periods before the newest opened one
  a period is (for the card types' correction limits).
- ``STAGE_OF``: the rules' Stage of each status of a sent card.

The plan and the card type of one period are in core.services.forms.meldekort.plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from core.db import rows
from core.models import BenefitPlan, FormDraft, FormSubmission, Inmate, MeldekortEtterregistrering
from core.services.forms import submissions as forms
from core.services.forms.meldekort import deadlines, exemptions, rules as mk
from core.services.forms.meldekort.card_types import CardType
from core.services.errors import NotFound
from core.services.forms.meldekort.periods import PERIOD_DAYS, oslo_date
from core.services.forms.meldekort.plan import FORM, decision_days, plan_of

SHOWN_PERIODS = 6  # the newest opened periods listed on the kiosk, and the next one
STAGE_OF = {forms.AWAITING: mk.Stage.CONFIRMED, forms.SENT: mk.Stage.SENT,
            forms.UNDER_REVIEW: mk.Stage.UNDER_REVIEW, forms.RETURNED: mk.Stage.RETURNED,
            forms.REGISTERED: mk.Stage.REGISTERED}


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
    """The inmate's sent cards by period, oldest first: all of them, for every meldekort
    page, so each row leaves out the inmate (``inmate`` itself) that FormSubmission
    otherwise joins in, with its prison and unit (issue 20)."""
    found: dict[date, list[FormSubmission]] = {}
    for submission in db.scalars(_CARDS, {"inmate_id": inmate.id}):
        found.setdefault(submission.period_start, []).append(submission)
    return found


# Read on every meldekort page: built once, so SQLAlchemy keeps their cache keys (issue 20).
_CARDS = (select(FormSubmission).where(FormSubmission.inmate_id == bindparam("inmate_id"),
                                       FormSubmission.form_key == FORM)
          .order_by(FormSubmission.id).options(lazyload(FormSubmission.inmate)))
_ETTERREGISTRERING_STARTS = select(MeldekortEtterregistrering.period_start).where(
    MeldekortEtterregistrering.inmate_id == bindparam("inmate_id"))


class _TypeOf:
    """plan.card_type_of for many periods at once, from what is already loaded."""

    def __init__(self, db: Session, inmate: Inmate, plan: BenefitPlan,
                 cards: dict[date, list[FormSubmission]]) -> None:
        self.etterregistrering = set(rows(db, _ETTERREGISTRERING_STARTS,
                                          {"inmate_id": inmate.id}).scalars())
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


def periods_back(db: Session, inmate: Inmate, now: datetime, period: mk.Period) -> int:
    """How many periods before the newest opened one ``period`` is (0: the newest)."""
    rows = [row for row in periods(db, inmate, now) if row.status is not mk.Status.NOT_YET_OPEN]
    newest = max((row.period.start for row in rows), default=period.start)
    return (newest - period.start).days // PERIOD_DAYS
