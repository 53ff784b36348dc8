"""The release plan as the hand-over, the take-home sheet and the statistics read it:
plain facts (pathway, item, status, owner, due date) and the release dates, without the
staff notes. The plan itself is core.services.release.plan's (issue 15)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, ReleasePlan
from core.services.release import pathways


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


def plan_of(db: Session, inmate: Inmate) -> ReleasePlan | None:
    return db.scalar(select(ReleasePlan).where(ReleasePlan.inmate_id == inmate.id))


def facts(db: Session, now: datetime, inmate: Inmate) -> PlanFacts:
    plan = plan_of(db, inmate)
    touched = {i.code: i for i in plan.items} if plan else {}
    items = []
    for code, (pathway, definition) in pathways.ITEMS.items():
        row = touched.get(code)
        items.append(ItemFact(pathway, code, row.status if row else "not_started",
                              row.owner if row else definition.owner,
                              row.due_on if row else None))
    return PlanFacts(bool(plan and plan.frozen_at), items)


def dates(db: Session, inmate: Inmate) -> dict[str, date | None]:
    """The release dates: arrival, the earliest, the expected and the latest."""
    found = plan_of(db, inmate)
    return {"arrived_on": found.arrived_on if found else None,
            "earliest_on": found.earliest_on if found else None,
            "expected_on": inmate.expected_release,
            "latest_on": found.latest_on if found else None}
