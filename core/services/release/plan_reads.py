"""What staff read of the release plan (issue 15): the plan as one staff member may see it
(PlanView) and its history. The plan itself is core.services.release.plan's.

API for other services and views (no Flask here; every staff read is audited):

- ``read(db, now, staff, inmate)`` -> PlanView: what the staff member may see (dates,
  pathways, notes, history), per the data classes and the pathway table. Audited.
- ``history(db, plan, roles=None)`` -> list[HistoryEntry], newest first. Not audited.
- ``may_read(staff)``: whether their roles see any part of a plan;
  ``roles_seeing(pathway)``: the roles that see a pathway.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Inmate, ReleasePlan, ReleasePlanEvent, Role, StaffUser
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound
from core.services.permissions import Can, allowed
from core.services.release import pathways as pw
from core.services.release.plan import (Item, PathwayView, Summary, frozen_open, items_for,
                                        pathways_for, staff_plan, summarize)
from core.services.release.plan_dates import Dates, dates_of, today


# History ---------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str  # started, dates, item, frozen, reopened, transferred, help_asked
    code: str | None
    pathway: str | None
    actor_type: str
    staff_name: str | None
    detail: dict


def history(db: Session, plan: ReleasePlan, roles=None) -> list[HistoryEntry]:
    """The plan's history, newest first; with roles, only the plan's own events and the
    items of the pathways they see."""
    if plan.id is None:
        return []
    visible = None if roles is None else pw.visible_pathways(roles)
    rows = db.execute(select(ReleasePlanEvent, StaffUser.name)
                      .outerjoin(StaffUser, StaffUser.id == ReleasePlanEvent.staff_id)
                      .where(ReleasePlanEvent.plan_id == plan.id)
                      .order_by(ReleasePlanEvent.at.desc(), ReleasePlanEvent.id.desc())).all()
    return [HistoryEntry(e.at, e.kind, e.code, e.pathway, e.actor_type, name,
                         json.loads(e.detail or "{}"))
            for e, name in rows if visible is None or e.pathway is None or e.pathway in visible]


# Staff reading -----------------------------------------------------------------------

@dataclass(frozen=True)
class PlanView:
    inmate: Inmate
    plan: ReleasePlan
    dates: Dates | None  # None: the reader may not see the dates
    pathways: list[PathwayView]
    history: list[HistoryEntry]
    names: dict[int, str]  # staff id -> name, for "updated by"
    today: date
    may_set_dates: bool
    notes: bool  # whether the reader sees the staff notes

    @property
    def items(self) -> list[Item]:
        return [i for p in self.pathways for i in p.items]

    @property
    def summary(self) -> Summary:
        return summarize(self.items, self.today)

    @property
    def frozen(self) -> bool:
        return self.plan.frozen_at is not None

    @property
    def left_open(self) -> list[str]:
        """The item codes left open at release (those the reader sees)."""
        seen = {i.code for i in self.items}
        return [c for c in frozen_open(self.plan) if c in seen]


def may_read(staff: StaffUser) -> bool:
    """Whether the staff member's roles see any part of a plan."""
    return bool(pw.visible_pathways(staff.roles)) or permits(DataClass.RELEASE_DATES,
                                                              staff.roles)


def read(db: Session, now: datetime, staff: StaffUser, inmate: Inmate) -> PlanView:
    """The plan for a staff member: the dates (DataClass.RELEASE_DATES), the pathways
    their roles see (pathways.VISIBLE, DataClass.RELEASE_PLAN), the notes
    (DataClass.RELEASE_NOTES) and the history of what they see. NotFound outside their
    prisons or for a role that sees nothing. Audited as a read (release_plan.view)."""
    if not may_read(staff):
        raise NotFound()
    plan = staff_plan(db, now, staff, inmate, reading=True)
    roles = staff.roles
    dates = dates_of(plan) if permits(DataClass.RELEASE_DATES, roles) else None
    items = items_for(db, plan, roles) if permits(DataClass.RELEASE_PLAN, roles) else []
    events = history(db, plan, roles) if items else [
        e for e in history(db, plan, roles) if e.pathway is None]
    ids = {i.updated_by for i in items if i.updated_by}
    names = dict(db.execute(select(StaffUser.id, StaffUser.name)
                            .where(StaffUser.id.in_(ids))).all()) if ids else {}
    audit.record(db, now, Actor("staff", staff.id), "release_plan.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return PlanView(inmate, plan, dates, pathways_for(items), events, names, today(now),
                    may_set_dates=allowed(staff, Can.SET_RELEASE_DATES) and plan.frozen_at is None,
                    notes=permits(DataClass.RELEASE_NOTES, roles))


def roles_seeing(pathway: str) -> set[Role]:
    """The staff roles that see a pathway (for tests and the documentation)."""
    return {role for role, seen in pw.VISIBLE.items() if pathway in seen}


__all__ = ["HistoryEntry", "PlanView", "history", "may_read", "read", "roles_seeing"]
