"""The staff queue: the requests a staff member may read, the most urgent first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import OPEN_STATUSES, Request, StaffUser
from core.services import sla, topics
from core.services.requests import first_response
from core.services.scoping import scoped


@dataclass
class QueueRow:
    request: Request
    clock: sla.ClockState


def queue(db: Session, now: datetime, staff: StaffUser, *, status: str = "open",
          topic: str = "", assignee_id: int | None = None) -> list[QueueRow]:
    """Requests this staff member may read, the most urgent first."""
    codes = topics.handled_by(staff.roles)
    query = scoped(select(Request), Request.prison_id, staff).where(
        Request.topic.in_(codes or {""}))
    if status == "open":
        query = query.where(Request.status.in_([s.value for s in OPEN_STATUSES]))
    elif status:
        query = query.where(Request.status == status)
    if topic:
        query = query.where(Request.topic == topic)
    if assignee_id is not None:
        query = query.where(Request.assignee_id == assignee_id)
    rows = [QueueRow(r, first_response(db, r, now)) for r in db.scalars(query.limit(1000))]
    far = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda row: (row.request.first_response_at is not None,
                               row.clock.deadline or far, row.request.created_at))
    audit.record(db, now, Actor("staff", staff.id), "request.queue",
                 detail={"status": status, "topic": topic, "count": len(rows)})
    return rows

