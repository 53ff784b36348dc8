"""The staff queue: the requests a staff member may read, the most urgent first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO
from core.models import OPEN_STATUSES, Inmate, Request, StaffUser
from core.services import sla, topics
from core.services.requests import first_response
from core.services.scoping import scoped


@dataclass
class QueueRow:
    request: Request
    clock: sla.ClockState


@dataclass(frozen=True)
class Filters:
    status: str = "open"  # "open", "" for all, or one status
    topic: str = ""
    assignee_id: int | None = None
    late_only: bool = False
    release_within_days: int | None = None
    language: str = ""


def _readable(staff: StaffUser) -> Select:
    codes = topics.handled_by(staff.roles)
    return scoped(select(Request), Request.prison_id, staff).where(
        Request.topic.in_(codes or {""}))


def queue(db: Session, now: datetime, staff: StaffUser,
          filters: Filters = Filters()) -> list[QueueRow]:
    """Requests this staff member may read, the most urgent first."""
    query = _readable(staff)
    if filters.status == "open":
        query = query.where(Request.status.in_([s.value for s in OPEN_STATUSES]))
    elif filters.status:
        query = query.where(Request.status == filters.status)
    if filters.topic:
        query = query.where(Request.topic == filters.topic)
    if filters.assignee_id is not None:
        query = query.where(Request.assignee_id == filters.assignee_id)
    if filters.language:
        query = query.where(Request.language == filters.language)
    if filters.release_within_days is not None:
        today = now.astimezone(OSLO).date()
        query = query.join(Inmate, Inmate.id == Request.inmate_id).where(
            Inmate.expected_release >= today,
            Inmate.expected_release <= today + timedelta(days=filters.release_within_days))
    rows = [QueueRow(r, first_response(db, r, now)) for r in db.scalars(query.limit(1000))]
    if filters.late_only:
        rows = [row for row in rows if row.clock.breached and not row.request.first_response_at]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda row: (row.request.first_response_at is not None,
                               row.clock.deadline or far, row.request.created_at))
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"filters": {k: v for k, v in vars(filters).items() if v},
                         "count": len(rows)})
    return rows


def status_counts(db: Session, staff: StaffUser) -> dict[str, int]:
    """How many readable requests stand in each status (for the filter's labels)."""
    sub = _readable(staff).subquery()
    rows = db.execute(select(sub.c.status, func.count()).group_by(sub.c.status)).all()
    counts = {status: count for status, count in rows}
    counts["open"] = sum(counts.get(s.value, 0) for s in OPEN_STATUSES)
    counts[""] = sum(v for k, v in counts.items() if k != "open")
    return counts
