"""The staff queue: the requests a staff member may read, the most urgent first.

Urgency: inmates released within 30 days, or on a short stay, with release-plan items still
open come first (core.services.release.plan_lists.raised_inmates), then requests by the
deadline that matters now (the first response until it is given, then the resolution), then
by age.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, joinedload

from core import audit
from core.audit import Actor
from core.clock import OSLO
from core.models import OPEN_STATUSES, Inmate, Request, StaffUser, Status
from core.services.release import plan_lists
from core.services.requests import clocks as request_clocks, sla
from core.services.permissions import prison_scope
from core.services.requests.filing import teams_of
from core.services.scoping import scoped

LIMIT = 1000  # the most requests one list shows
PER_PAGE = 10  # the queue's page: its refresh every minute fits in 5 KB (admin/requests/queue.py)
SEVERAL_PER_PAGE = 50  # "work on several": the open requests to choose from, a page at a time
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
    clock: sla.ClockState  # the clock that matters now: the first response until given
    # Released within 30 days or a short stay, with release-plan items open (counts only).
    plan: plan_lists.Raised | None = None

    @property
    def raised(self) -> bool:
        return self.plan is not None


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


def _filtered(query: Select, filters: Filters, now: datetime) -> Select:
    """``query`` narrowed by every filter (``_passes`` is the same, for the counts)."""
    if filters.status == "open":
        query = query.where(Request.status.in_([s.value for s in OPEN_STATUSES]))
    elif filters.status:
        query = query.where(Request.status == filters.status)
    if filters.topic:
        query = query.where(Request.topic == filters.topic)
    if filters.assignee_id is not None:
        query = query.where(Request.assignee_id.is_(None) if filters.assignee_id == NOBODY
                            else Request.assignee_id == filters.assignee_id)
    if filters.waiting_on:
        query = query.where(Request.status.in_([s.value for s in WAITING_ON[filters.waiting_on]]))
    if filters.language:
        query = query.where(Request.language == filters.language)
    return _narrowed(query, filters, now)


def _narrowed(query: Select, filters: Filters, now: datetime) -> Select:
    """The filters that have no counts of their own: release within N days, and late (the
    clock that matters now is running and past its deadline)."""
    if filters.release_within_days is not None:
        today = now.astimezone(OSLO).date()
        query = query.where(Request.inmate_id.in_(select(Inmate.id).where(
            Inmate.expected_release >= today,
            Inmate.expected_release <= today + timedelta(days=filters.release_within_days))))
    if filters.late_only:
        query = query.where(Request.clock_met.is_(False), Request.clock_paused.is_(False),
                            Request.clock_deadline < now)
    return query


def _order(raised: dict[int, plan_lists.Raised]) -> list:
    """The queue's order, in SQL: raised inmates first (core.services.release.plan_lists),
    then the clock that matters now: running before paused before met, and by its deadline;
    then the oldest first. The columns are kept by core.services.requests.clocks.keep; the order
    is the one the full clocks give (tests/core/services/requests/test_queue_pages.py)."""
    order = [] if not raised else [case((Request.inmate_id.in_(sorted(raised)), 0), else_=1)]
    return order + [Request.clock_met, Request.clock_paused, Request.clock_deadline,
                    Request.created_at, Request.id]


def _raised(db: Session, now: datetime, staff: StaffUser) -> dict[int, plan_lists.Raised]:
    return plan_lists.raised_inmates(db, now.astimezone(OSLO).date(), prison_scope(staff))


def _rows(db: Session, now: datetime, matching: Select, raised: dict[int, plan_lists.Raised], limit: int,
          offset: int = 0) -> list[QueueRow]:
    """One stretch of the matching requests in the queue's order, with their clocks.

    The order and the page are found in the index alone (ids only); then just those
    requests are loaded, with their inmates."""
    ids = list(db.scalars(matching.with_only_columns(Request.id).order_by(*_order(raised))
                          .limit(limit).offset(offset)))
    if not ids:
        return []
    # The rows show the inmate's name and number: their prison and unit are not joined.
    inmate = joinedload(Request.inmate)
    loaded = {r.id: r for r in db.scalars(select(Request).where(Request.id.in_(ids)).options(
        inmate.lazyload(Inmate.prison), inmate.lazyload(Inmate.unit)))}
    return [QueueRow(loaded[i], request_clocks.stored_state(loaded[i], now),
                     raised.get(loaded[i].inmate_id)) for i in ids]


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
    matching = _filtered(_readable(staff), filters, now)
    total = db.scalar(matching.with_only_columns(func.count()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = _rows(db, now, matching, _raised(db, now, staff), per_page, (page - 1) * per_page)
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": filters.active(), "count": total, "page": page})
    return QueuePage(rows, total, page, per_page)


def queue(db: Session, now: datetime, staff: StaffUser,
          filters: Filters = Filters()) -> list[QueueRow]:
    """Requests this staff member may read, the most urgent first (at most LIMIT)."""
    rows = _rows(db, now, _filtered(_readable(staff), filters, now), _raised(db, now, staff),
                 LIMIT)
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": filters.active(), "count": len(rows)})
    return rows


def chosen(db: Session, now: datetime, staff: StaffUser, ids) -> list[QueueRow]:
    """The open requests among ``ids`` that this staff member may read, in the queue's
    order: what "work on several" asks to confirm. At most LIMIT of them."""
    wanted = sorted({int(i) for i in ids})[:LIMIT]
    rows = _rows(db, now, _filtered(_readable(staff), Filters(), now)
                 .where(Request.id.in_(wanted or [0])), _raised(db, now, staff), LIMIT)
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": {}, "count": len(rows), "chosen": len(wanted)})
    return rows


def _passes(filters: Filters):
    """For the counts: which of the counted filters one group of requests (status, topic,
    assignee, language) passes, as _filtered has them."""
    open_ = {s.value for s in OPEN_STATUSES}
    waiting = {s.value for s in WAITING_ON[filters.waiting_on]} if filters.waiting_on else None
    wanted = filters.assignee_id

    def passes(status: str, topic: str, assignee_id: int | None, language: str):
        return {
            "status": (status in open_ if filters.status == "open"
                       else not filters.status or status == filters.status),
            "topic": not filters.topic or topic == filters.topic,
            "assignee": wanted is None or (assignee_id is None if wanted == NOBODY
                                           else assignee_id == wanted),
            "waiting_on": waiting is None or status in waiting,
            "language": not filters.language or language == filters.language,
        }
    return passes


def counts(db: Session, now: datetime, staff: StaffUser,
           filters: Filters = Filters()) -> dict[str, dict]:
    """How many requests each choice of each filter would show, the other filters kept.

    {"status": {"open": n, "": n, status: n}, "topic": {code: n, "": n},
     "assignee": {staff id or NOBODY: n, "": n}, "waiting_on": {key: n, "": n},
     "language": {code: n, "": n}}

    One query counts the readable requests per status, topic, assignee and language (in
    the index's order, so without sorting); each filter's counts are then the groups that
    pass every other filter.
    """
    columns = (Request.prison_id, Request.team, Request.status, Request.topic,
               Request.language, Request.assignee_id)
    grouped = db.execute(_narrowed(_readable(staff), filters, now)
                         .with_only_columns(*columns[2:], func.count())
                         .group_by(*columns)).all()
    found = {name: Counter() for name in ("status", "topic", "assignee", "language",
                                          "waiting_on")}
    passes = _passes(filters)
    for status, topic, language, assignee_id, number in grouped:
        ok = passes(status, topic, assignee_id, language)
        failed = [name for name, passed in ok.items() if not passed]
        if len(failed) > 1:
            continue  # shown under no choice of any one filter
        for name, key in (("status", status), ("topic", topic), ("language", language),
                          ("assignee", NOBODY if assignee_id is None else assignee_id),
                          ("waiting_on", status)):
            if not failed or failed == [name]:  # passes every filter but this one's
                found[name][key] += number
    statuses = found["status"]
    result = {"status": {**statuses, "open": sum(statuses[s.value] for s in OPEN_STATUSES),
                         "": sum(statuses.values())}}
    for name in ("topic", "language", "assignee"):
        result[name] = {**found[name], "": sum(found[name].values())}
    waiting = found["waiting_on"]
    result["waiting_on"] = {key: sum(waiting[s.value] for s in group)
                            for key, group in WAITING_ON.items()}
    result["waiting_on"][""] = sum(waiting.values())
    return result
