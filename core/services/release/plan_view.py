"""The release plan as the hand-over, the take-home sheet and the statistics read it:
plain facts (pathway, item, status, owner, due date) and the release dates, never the
staff notes. The plan itself is core.services.release.plan's (issue 15)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from core.clock import to_oslo
from core.models import Inmate, ReleasePlan
from core.services.release import pathways, plan as release_plan


@dataclass(frozen=True)
class ItemFact:
    pathway: str
    code: str
    status: str
    owner: str
    due_on: date | None


@dataclass(frozen=True)
class PlanFacts:
    frozen: bool
    items: list[ItemFact]

    def by_pathway(self) -> list[tuple[str, list[ItemFact]]]:
        return [(p, [i for i in self.items if i.pathway == p]) for p in pathways.PATHWAY_CODES
                if any(i.pathway == p for i in self.items)]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == "done")

    @property
    def open(self) -> int:
        return sum(1 for i in self.items if i.status in pathways.OPEN)


def _plan(db: Session, inmate: Inmate) -> ReleasePlan:
    """The inmate's plan, or (none started yet) an unsaved one with the record's dates, so
    that a read never writes."""
    found = release_plan.find_plan(db, inmate)
    if found is not None:
        return found
    return ReleasePlan(inmate_id=inmate.id, arrived_on=to_oslo(inmate.created_at).date(),
                       expected_on=inmate.expected_release, items=[])


def facts(db: Session, now: datetime, inmate: Inmate, roles=None) -> PlanFacts:
    """Every item (roles None) or the pathways these roles see, without notes."""
    plan = _plan(db, inmate)
    items = release_plan.items_for(db, plan, roles)
    return PlanFacts(bool(plan.frozen_at),
                     [ItemFact(i.pathway, i.code, i.status, i.owner, i.due_on) for i in items])


def dates(db: Session, inmate: Inmate) -> dict[str, date | None]:
    """The release dates: arrival, the earliest, the expected and the latest."""
    found = _plan(db, inmate)
    return {"arrived_on": found.arrived_on, "earliest_on": found.earliest_on,
            "expected_on": inmate.expected_release, "latest_on": found.latest_on}
