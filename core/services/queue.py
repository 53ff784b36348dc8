"""The staff queue: the requests a staff member may read, the most urgent first.

Urgency: inmates released within 30 days with release-checklist items still open come
first (core.services.checklist), then requests by the deadline that matters now (the
first response until it is given, then the resolution), then by age.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO
from core.models import OPEN_STATUSES, Inmate, Request, StaffUser, Status
from core.services import checklist, sla
from core.services.permissions import prison_scope
from core.services.requests import Clocks, clocks_of, teams_of
from core.services.scoping import scoped

LIMIT = 1000
# Whose turn it is, by status ("waiting on whom").
WAITING_ON = {
    "staff": (Status.RECEIVED, Status.IN_PROGRESS),
    "inmate": (Status.WAITING_FOR_INMATE,),
    "others": (Status.WAITING_FOR_OTHERS,),
}
NOBODY = 0  # the assignee filter's value for "not assigned"


@dataclass
class QueueRow:
    request: Request
    clocks: Clocks
    open_checklist_items: int = 0  # > 0: released soon with the checklist unfinished

    @property
    def clock(self) -> sla.ClockState:
        """The clock that matters now: the first response until given, then resolution."""
        first = self.clocks.first_response
        return first if not first.met else self.clocks.resolution

    @property
    def raised(self) -> bool:
        return self.open_checklist_items > 0


@dataclass(frozen=True)
class Filters:
    status: str = "open"  # "open", "" for all, or one status
    topic: str = ""
    assignee_id: int | None = None  # NOBODY for unassigned
    waiting_on: str = ""  # "", or a key of WAITING_ON
    late_only: bool = False
    release_within_days: int | None = None
    language: str = ""

    def active(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in (None, "", False)}


def _readable(staff: StaffUser) -> Select:
    return scoped(select(Request), Request.prison_id, staff).where(
        Request.team.in_(teams_of(staff) or {""}))


def _filtered(query: Select, filters: Filters, now: datetime, skip: str = "") -> Select:
    """``query`` narrowed by every filter except ``skip`` (for the counts of that filter)."""
    if skip != "status":
        if filters.status == "open":
            query = query.where(Request.status.in_([s.value for s in OPEN_STATUSES]))
        elif filters.status:
            query = query.where(Request.status == filters.status)
    if filters.topic and skip != "topic":
        query = query.where(Request.topic == filters.topic)
    if filters.assignee_id is not None and skip != "assignee":
        query = query.where(Request.assignee_id.is_(None) if filters.assignee_id == NOBODY
                            else Request.assignee_id == filters.assignee_id)
    if filters.waiting_on and skip != "waiting_on":
        query = query.where(Request.status.in_([s.value for s in WAITING_ON[filters.waiting_on]]))
    if filters.language and skip != "language":
        query = query.where(Request.language == filters.language)
    if filters.release_within_days is not None and skip != "release":
        today = now.astimezone(OSLO).date()
        query = query.join(Inmate, Inmate.id == Request.inmate_id).where(
            Inmate.expected_release >= today,
            Inmate.expected_release <= today + timedelta(days=filters.release_within_days))
    return query


def queue(db: Session, now: datetime, staff: StaffUser,
          filters: Filters = Filters()) -> list[QueueRow]:
    """Requests this staff member may read, the most urgent first."""
    items = list(db.scalars(_filtered(_readable(staff), filters, now)
                            .order_by(Request.created_at).limit(LIMIT)))
    found = clocks_of(db, items, now)
    raised = checklist.raised_inmates(db, now.astimezone(OSLO).date(), prison_scope(staff))
    rows = [QueueRow(r, found[r.id], raised.get(r.inmate_id, 0)) for r in items]
    if filters.late_only:
        rows = [row for row in rows if row.clock.breached and not row.clock.met]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda row: (not row.raised, row.clock.met, row.clock.deadline or far,
                               row.request.created_at))
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": filters.active(), "count": len(rows)})
    return rows


def _count_by(db: Session, query: Select, column) -> Counter:
    sub = query.subquery()
    return Counter(dict(db.execute(select(sub.c[column], func.count())
                                   .group_by(sub.c[column])).all()))


def counts(db: Session, now: datetime, staff: StaffUser,
           filters: Filters = Filters()) -> dict[str, dict]:
    """How many requests each choice of each filter would show, the other filters kept.

    {"status": {"open": n, "": n, status: n}, "topic": {code: n, "": n},
     "assignee": {staff id or NOBODY: n, "": n}, "waiting_on": {key: n, "": n},
     "language": {code: n, "": n}}
    """
    base = _readable(staff)
    statuses = _count_by(db, _filtered(base, filters, now, skip="status"), "status")
    result = {"status": {**statuses, "open": sum(statuses[s.value] for s in OPEN_STATUSES),
                         "": sum(statuses.values())}}
    for name, column in (("topic", "topic"), ("language", "language")):
        found = _count_by(db, _filtered(base, filters, now, skip=name), column)
        result[name] = {**found, "": sum(found.values())}
    assignees = _count_by(db, _filtered(base, filters, now, skip="assignee"), "assignee_id")
    result["assignee"] = {(NOBODY if k is None else k): v for k, v in assignees.items()}
    result["assignee"][""] = sum(assignees.values())
    waiting = _count_by(db, _filtered(base, filters, now, skip="waiting_on"), "status")
    result["waiting_on"] = {key: sum(waiting[s.value] for s in group)
                            for key, group in WAITING_ON.items()}
    result["waiting_on"][""] = sum(waiting.values())
    return result
