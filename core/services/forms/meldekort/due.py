"""Meldekort due: per prison, the inmates whose card is open or late, so that nobody's
benefit lapses because a card was forgotten.

An inmate is listed for every period of their active plan that has opened (by its card
type's opening day: deadlines.py) and whose card is not confirmed:
"open" until the deadline, "late" after it (core.services.forms.meldekort.periods). A card sent
back by staff is listed too, as "returned": it must be sent again, and the inmate is told
so on the kiosk. A period an exemption covers is not listed (its status is EXEMPT).
Only inmates who are in the prison now are listed. Reading the list is
audited (a count only).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import BenefitPlan, Inmate, InmateStatus, Prison, StaffUser
from core.services.forms.meldekort import period_list, rules as mk
from core.services.scoping import scoped

DUE = (mk.Status.OPEN, mk.Status.LATE, mk.Status.RETURNED)


@dataclass(frozen=True)
class DueCard:
    inmate: Inmate
    benefit: str
    period: mk.Period
    status: mk.Status  # OPEN, LATE or RETURNED
    has_draft: bool
    card_type: str = ""  # the period's card type (card_types.CardType value)

    @property
    def late(self) -> bool:
        return self.status is mk.Status.LATE


@dataclass
class PrisonDue:
    prison: Prison
    cards: list[DueCard]


def due(db: Session, now: datetime, staff: StaffUser) -> list[PrisonDue]:
    """For each prison the staff member serves (in name order), the cards open or late:
    late first, then the oldest period, then by name."""
    query = scoped(select(BenefitPlan, Inmate).join(Inmate, Inmate.id == BenefitPlan.inmate_id),
                   Inmate.prison_id, staff).where(
        BenefitPlan.active.is_(True), Inmate.status == InmateStatus.PRESENT.value)
    by_prison: dict[int, list[DueCard]] = {}
    for plan, inmate in db.execute(query).all():
        for row in period_list.periods(db, inmate, now):
            if row.status in DUE:
                by_prison.setdefault(inmate.prison_id, []).append(
                    DueCard(inmate, plan.benefit, row.period, row.status, row.draft is not None,
                            row.card_type.value))
    prisons = scoped(select(Prison), Prison.id, staff).order_by(Prison.name)
    result = [PrisonDue(p, sorted(by_prison.get(p.id, []),
                                  key=lambda c: (not c.late, c.period.start, c.inmate.name)))
              for p in db.scalars(prisons)]
    audit.record(db, now, Actor("staff", staff.id), "meldekort.due",
                 detail={"count": sum(len(p.cards) for p in result)})
    return result
