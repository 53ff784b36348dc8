"""The staff queue: the requests a staff member may read, the most urgent first.

Urgency: inmates released within 30 days with release-checklist items still open come
first (core.services.checklist), then requests by the deadline that matters now (the
first response until it is given, then the resolution), then by age.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO, as_utc
from core.models import OPEN_STATUSES, Inmate, Request, RequestEvent, StaffUser, Status
from core.services import checklist, sla
from core.services.permissions import prison_scope
from core.services.request_clocks import Clocks, clocks_of, pauses_of
from core.services.requests import teams_of
from core.services.scoping import scoped

LIMIT = 1000  # the most requests one list shows (working on several at once)
PER_PAGE = 25  # the queue's page
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


@dataclass(frozen=True)
class _Key:
    """What the order needs of one request, from its stored columns and pauses only."""

    id: int
    inmate_id: int
    created_at: datetime
    met: bool
    deadline: datetime | None  # None while paused


def _keys(db: Session, now: datetime, staff: StaffUser, filters: Filters) -> list[_Key]:
    """Every matching request's place in the queue, without loading the requests.

    The clock that matters now (the first response until it is given, then the
    resolution) is worked out as core.services.request_clocks.clocks_of does, from the same
    columns and the same sla functions; a request that never waited for the inmate has
    no pauses, and its deadline depends only on the day it was filed (remembered).
    """
    matching = _filtered(_readable(staff), filters, now)
    columns = matching.with_only_columns(
        Request.id, Request.inmate_id, Request.created_at, Request.first_response_at,
        Request.closed_at, Request.first_response_days, Request.resolution_days)
    found = db.execute(columns).all()
    waited = set(db.scalars(select(RequestEvent.request_id).distinct().where(
        RequestEvent.to_status == Status.WAITING_FOR_INMATE.value,
        RequestEvent.request_id.in_(matching.with_only_columns(Request.id)))))
    spans = pauses_of(db, sorted(waited)) if waited else {}
    keys = []
    for rid, inmate_id, created, first_at, closed_at, first_days, resolution_days in found:
        days, met_at = (first_days, None) if first_at is None else (resolution_days, closed_at)
        pauses = spans.get(rid)
        if pauses:
            clock = sla.state(created, days, pauses, now, met_at=met_at)
            keys.append(_Key(rid, inmate_id, created, clock.met, clock.deadline))
        else:
            keys.append(_Key(rid, inmate_id, created, met_at is not None,
                             sla.unpaused_deadline(created, days)))
    return keys


def _ordered(db: Session, now: datetime, staff: StaffUser, filters: Filters
             ) -> tuple[list[_Key], dict[int, int]]:
    """Every matching request, the most urgent first, and the raised inmates."""
    keys = _keys(db, now, staff, filters)
    if filters.late_only:
        moment = as_utc(now)
        keys = [k for k in keys if not k.met and k.deadline is not None
                and moment > as_utc(k.deadline)]
    raised = checklist.raised_inmates(db, now.astimezone(OSLO).date(), prison_scope(staff))
    far = datetime.max.replace(tzinfo=timezone.utc)
    keys.sort(key=lambda k: (not raised.get(k.inmate_id, 0), k.met,
                             as_utc(k.deadline) if k.deadline else far, as_utc(k.created_at),
                             k.id))
    return keys, raised


def _rows(db: Session, now: datetime, keys: list[_Key], raised: dict[int, int]
          ) -> list[QueueRow]:
    """The requests of ``keys``, in that order, with their clocks."""
    if not keys:
        return []
    loaded = {r.id: r for r in db.scalars(select(Request).where(
        Request.id.in_([k.id for k in keys])))}
    items = [loaded[k.id] for k in keys]
    found = clocks_of(db, items, now)
    return [QueueRow(r, found[r.id], raised.get(r.inmate_id, 0)) for r in items]


@dataclass
class QueuePage:
    """One page of the queue: ``rows`` of the ``total`` matching requests."""

    rows: list[QueueRow]
    total: int
    page: int  # from 1
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position of the page's first row, from 1 (0 for an empty queue)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.per_page + len(self.rows)


def queue_page(db: Session, now: datetime, staff: StaffUser, filters: Filters = Filters(),
               page: int = 1, per_page: int | None = None) -> QueuePage:
    """One page of the requests this staff member may read, the most urgent first; the
    order is over every matching request. A page past the last shows the last page."""
    per_page = per_page or PER_PAGE
    keys, raised = _ordered(db, now, staff, filters)
    pages = max(1, -(-len(keys) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    rows = _rows(db, now, keys[start:start + per_page], raised)
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": filters.active(), "count": len(keys), "page": page})
    return QueuePage(rows, len(keys), page, per_page)


def queue(db: Session, now: datetime, staff: StaffUser,
          filters: Filters = Filters()) -> list[QueueRow]:
    """Requests this staff member may read, the most urgent first (at most LIMIT)."""
    keys, raised = _ordered(db, now, staff, filters)
    rows = _rows(db, now, keys[:LIMIT], raised)
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
