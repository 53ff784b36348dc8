"""The release plan (issue 15): one plan per inmate stay, from arrival to release.

The plan is the part of the prison's framtidsplan that the inmate, Nav, the municipality
and the school share (seeds 002, lines 1862-1876); what it must hold before release is
what Nav's adviser must make sure of (seeds 001, lines 418-426); and it exists so that a
release is handed over as a case, not as "a plastic bag in the hand and a train ticket"
(seeds 002, lines 1704-1716). The pathways and their items are data
(core.services.release.pathways).

This module holds the plan record, its history rows and its items as the readers see them.
The rest of the plan is in:

- core.services.release.plan_dates: the dates and their checks (Dates, check_dates);
- core.services.release.plan_changes: what staff change (set_dates, set_item);
- core.services.release.plan_reads: what staff read (read -> PlanView, history);
- core.services.release.plan_inmate: the kiosk's "Min plan" (for_inmate, ask_for_help);
- core.services.release.plan_lists: the arrival list, upcoming releases, the queue's
  raised inmates;
- core.services.release.plan_lifecycle: release and transfer (freeze, reopen,
  on_inmate_changed).

API for other services and views (no Flask here; every staff read is audited):

- ``get_or_start_plan(db, now, inmate)`` -> ReleasePlan: the plan, started (arrival =
  the inmate record's creation day, expected date = Inmate.expected_release) if none; in a
  writing transaction only. ``find_plan(db, inmate)`` -> ReleasePlan | None and
  ``plan_for_reading(db, now, inmate)`` (an unsaved plan as it would start) never start
  one: GET requests are read-only transactions.
- ``items_for(db, plan, roles=None)`` -> list[Item] in the pathways' order (roles None:
  every pathway with notes, for services acting for the inmate, e.g. the hand-over, which
  apply their own consent rules); ``pathways_for(items)`` groups them;
  ``summarize(items, on)`` -> Summary (total, done, open, overdue, next_due);
  ``state(db, inmate, roles, on)`` -> Summary | None.
- ``overview(db, now, inmate)`` -> Overview (plan, dates, every item, left_open): for the
  hand-over, the take-home sheet and statistics. Not audited and not filtered: the caller
  audits, checks consent (core.services.data_classes: RELEASE_PLAN, RELEASE_NOTES and
  RELEASE_DATES are NEVER for home_nav until the hand-over adds its consent rule) and
  leaves notes out of anything the inmate or an outside party reads.
- ``frozen_open(plan)``: what was left open at release (``plan.frozen_at``: when).

For the release package's own modules: ``event`` writes a history row, ``items_on`` the
items of a plan for given dates, ``unsaved_plan`` a plan as it would start,
``staff_plan`` a staff member's plan (NotFound outside their prisons), ``json_text`` the
JSON kept in the history and in ``plan.frozen_open``.

Codes: statuses and owners in pathways.STATUSES / OWNERS, items in pathways.ITEMS; their
words in core.web.release_labels (PATHWAYS, PLAN_ITEMS, PLAN_ITEMS_FOR_INMATE, PLAN_STATUSES,
PLAN_STATUSES_FOR_INMATE, PLAN_OWNERS, PLAN_HELP). Key items for statistics: housing
"housing_office_contacted"/"temporary_housing", income "income_applied", appointment
"appointment_booked", ID "id_document".
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import Actor
from core.models import Inmate, InmateStatus, ReleasePlan, ReleasePlanEvent, StaffUser
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound
from core.services.permissions import in_scope
from core.services.release import pathways as pw
from core.services.release.plan_dates import Dates, arrival_due, dates_of, today


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# The plan ----------------------------------------------------------------------------

def find_plan(db: Session, inmate: Inmate) -> ReleasePlan | None:
    return db.scalar(select(ReleasePlan).where(ReleasePlan.inmate_id == inmate.id))


def event(db: Session, now: datetime, plan: ReleasePlan, kind: str, actor: Actor, *,
          code: str | None = None, detail: dict | None = None) -> None:
    db.add(ReleasePlanEvent(plan_id=plan.id, at=now, kind=kind, code=code,
                            pathway=pw.pathway_of(code) if code else None,
                            actor_type=actor.type,
                            staff_id=actor.id if actor.type == "staff" else None,
                            detail=json_text(detail or {})))


def get_or_start_plan(db: Session, now: datetime, inmate: Inmate,
                      arrived_on: date | None = None) -> ReleasePlan:
    """The inmate's plan; started if there is none (arrival: ``arrived_on``, else the day
    the inmate record was made; expected date: Inmate.expected_release). Starting is
    recorded in the plan's history, not as a read."""
    plan = find_plan(db, inmate)
    if plan is not None:
        return plan
    arrived = arrived_on or today(inmate.created_at or now)
    expected = inmate.expected_release
    plan = ReleasePlan(inmate_id=inmate.id, arrived_on=arrived,
                       expected_on=expected if expected and expected >= arrived else None,
                       started_at=now, updated_at=now, frozen_open="")
    db.add(plan)
    db.flush()
    event(db, now, plan, "started", Actor("system", None))
    return plan


def plan_for_reading(db: Session, now: datetime, inmate: Inmate) -> ReleasePlan:
    """The inmate's plan, or an unsaved one as it would start (for reading: a GET is a
    read-only transaction, so reading never starts a plan; the first change does)."""
    plan = find_plan(db, inmate)
    return plan if plan is not None else unsaved_plan(now, inmate)


def unsaved_plan(now: datetime, inmate: Inmate) -> ReleasePlan:
    """The plan of an inmate who has none, as it would start."""
    dates = unsaved_dates(now, inmate)
    return ReleasePlan(inmate_id=inmate.id, arrived_on=dates.arrived_on,
                       expected_on=dates.expected_on, started_at=now, updated_at=now,
                       frozen_open="", items=[])


def unsaved_dates(now: datetime, inmate: Inmate) -> Dates:
    """The dates of ``unsaved_plan``, without making the plan."""
    arrived = today(inmate.created_at or now)
    expected = inmate.expected_release
    return Dates(arrived, None, expected if expected and expected >= arrived else None, None)


def staff_plan(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
               reading: bool = False) -> ReleasePlan:
    if not in_scope(staff, inmate.prison_id) or inmate.status == InmateStatus.PURGED.value:
        raise NotFound()
    return plan_for_reading(db, now, inmate) if reading else get_or_start_plan(db, now, inmate)


def frozen_open(plan: ReleasePlan) -> list[str]:
    """What was left open when the plan was frozen at release (item codes)."""
    return json.loads(plan.frozen_open) if plan.frozen_open else []


# Items as the readers see them ---------------------------------------------------------

@dataclass(frozen=True)
class Item:
    pathway: str
    code: str
    status: str
    owner: str
    due_on: date | None  # None while no date it counts from is known
    due_chosen: bool  # staff chose the due date (it moves with the dates)
    arrival: bool  # on the arrival list
    days_before: int | None
    note: str  # the staff note: never for the kiosk ("" when the reader may not see it)
    visible_to_inmate: bool
    updated_by: int | None
    updated_at: datetime | None
    request_id: int | None  # the last request the inmate filed about it from "Min plan"

    @property
    def open(self) -> bool:
        return self.status in pw.OPEN

    def overdue(self, on: date) -> bool:
        return self.open and self.due_on is not None and self.due_on < on


def items_on(plan: ReleasePlan, visible: frozenset[str] | None, dates: Dates) -> list[Item]:
    rows = {r.code: r for r in plan.items}
    result = []
    for pathway in pw.PATHWAYS:
        if visible is not None and pathway.code not in visible:
            continue
        for defn in pathway.items:
            row = rows.get(defn.code)
            if row is not None and row.due_on is not None:
                due = row.due_on
            elif defn.arrival:
                due = arrival_due(dates.arrived_on)
            elif dates.anchor and defn.days_before is not None:
                due = dates.anchor - timedelta(days=defn.days_before)
            else:
                due = None
            result.append(Item(
                pathway.code, defn.code, row.status if row else "not_started",
                row.owner if row else defn.owner, due, bool(row and row.due_on), defn.arrival,
                defn.days_before, row.note if row else "",
                row.visible_to_inmate if row else True,
                row.updated_by if row else None, row.updated_at if row else None,
                row.request_id if row else None))
    return result


def items_for(db: Session, plan: ReleasePlan, roles=None, on: date | None = None) -> list[Item]:
    """The plan's items in the pathways these staff roles see (None: every pathway), in
    the pathways' order. Notes are included only for roles that may read them
    (DataClass.RELEASE_NOTES; roles None: included, the caller decides). ``on`` is
    unused and kept for symmetry with summarize. Not audited: callers that show items to
    staff go through ``read`` or audit themselves."""
    visible = None if roles is None else pw.visible_pathways(roles)
    found = items_on(plan, visible, dates_of(plan))
    if roles is not None and not permits(DataClass.RELEASE_NOTES, set(roles)):
        found = [replace(i, note="") for i in found]
    return found


@dataclass(frozen=True)
class Summary:
    total: int
    done: int  # done, not needed or declined: nothing left to do
    open: int
    overdue: int
    next_due: Item | None  # the open item due first

    @property
    def closed(self) -> int:
        return self.done


def summarize(items: list[Item], on: date) -> Summary:
    pending = [i for i in items if i.open]
    dated = sorted((i for i in pending if i.due_on is not None), key=lambda i: i.due_on)
    return Summary(total=len(items), done=len(items) - len(pending), open=len(pending),
                   overdue=sum(1 for i in pending if i.overdue(on)),
                   next_due=dated[0] if dated else None)


@dataclass(frozen=True)
class PathwayView:
    code: str
    items: list[Item]

    def summary(self, on: date) -> Summary:
        return summarize(self.items, on)


def pathways_for(items: list[Item]) -> list[PathwayView]:
    by: dict[str, list[Item]] = {}
    for item in items:
        by.setdefault(item.pathway, []).append(item)
    return [PathwayView(p.code, by[p.code]) for p in pw.PATHWAYS if p.code in by]


def state(db: Session, inmate: Inmate, roles, on: date) -> Summary | None:
    """Where the inmate's plan stands for a reader with these roles (None: no pathway the
    roles see; an untouched plan counts as it would start). For the lists and the record."""
    plan = plan_for_reading(db, inmate.created_at, inmate)
    if not pw.visible_pathways(roles):
        return None
    return summarize(items_for(db, plan, roles), on)


# For the other services ----------------------------------------------------------------

@dataclass(frozen=True)
class Overview:
    """Plain facts of one plan for services acting on the inmate's behalf (the hand-over,
    the take-home sheet, statistics): every pathway, notes included; the caller applies
    its own rules (consent, what the inmate may see)."""

    plan: ReleasePlan
    dates: Dates
    items: list[Item] = field(default_factory=list)
    left_open: list[str] = field(default_factory=list)

    @property
    def short_stay(self) -> bool:
        return self.dates.short_stay


def overview(db: Session, now: datetime, inmate: Inmate) -> Overview:
    """The whole plan (an unsaved one as it would start if none: reading starts nothing).
    Not audited: the caller audits its own use."""
    plan = plan_for_reading(db, now, inmate)
    return Overview(plan, dates_of(plan), items_for(db, plan, None), frozen_open(plan))


__all__ = [
    "Item", "Overview", "PathwayView", "Summary", "find_plan", "frozen_open",
    "get_or_start_plan", "items_for", "overview", "pathways_for", "plan_for_reading", "state",
    "summarize",
]
