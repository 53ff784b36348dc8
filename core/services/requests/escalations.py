"""Broken response-time promises: found by `brobygger sla tick` (run from a timer), marked
on the request and escalated to the prison's lead.

The tick looks at every open request: a promise broken by a request that was closed
late between two ticks is not escalated (there is nothing left to act on), and reports
count it from the clocks. Each broken promise is marked once
(Request.first_response_breached_at or .resolution_breached_at), gets one history row
and one audit event, and one Escalation row for the lead, so running the tick again
changes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import OPEN_STATUSES, Escalation, PrisonLead, Request, RequestEvent, StaffUser
from core.services.requests.clocks import clocks_of
from core.services.requests.filing import staff_may_read
from core.services.scoping import scoped

BATCH = 500
CLOCKS = ("first_response", "resolution")


@dataclass
class TickResult:
    checked: int = 0
    first_response: int = 0
    resolution: int = 0

    @property
    def escalated(self) -> int:
        return self.first_response + self.resolution


def _candidates(db: Session):
    query = select(Request).where(
        Request.status.in_([s.value for s in OPEN_STATUSES]),
        or_(Request.first_response_breached_at.is_(None),
            Request.resolution_breached_at.is_(None))).order_by(Request.id)
    return list(db.scalars(query))


def tick(db: Session, now: datetime) -> TickResult:
    result = TickResult()
    leads = {row.prison_id: row.staff_id for row in db.scalars(select(PrisonLead))}
    batch: list[Request] = []

    def flush() -> None:
        found = clocks_of(db, batch, now)
        for request in batch:
            _mark(db, now, request, found[request.id], leads.get(request.prison_id), result)
        batch.clear()

    for request in _candidates(db):
        result.checked += 1
        batch.append(request)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    audit.record(db, now, Actor.system(), "sla.tick",
                 detail={"checked": result.checked, "first_response": result.first_response,
                         "resolution": result.resolution})
    return result


def _mark(db: Session, now: datetime, request: Request, clocks, lead_id: int | None,
          result: TickResult) -> None:
    for clock in CLOCKS:
        state = getattr(clocks, clock)
        column = f"{clock}_breached_at"
        if not state.breached or getattr(request, column) is not None:
            continue
        setattr(request, column, now)
        db.add(Escalation(request_id=request.id, prison_id=request.prison_id, clock=clock,
                          lead_id=lead_id, due_at=state.deadline, at=now))
        db.add(RequestEvent(request_id=request.id, at=now, actor_type="system", actor_id=None,
                            kind="breach", detail=json.dumps({"clock": clock}),
                            visible_to_inmate=False))
        audit.record(db, now, Actor.system(), "request.breach", subject_type="request",
                     subject_id=request.id, prison_id=request.prison_id,
                     detail={"clock": clock, "lead": lead_id})
        setattr(result, clock, getattr(result, clock) + 1)


@dataclass
class Raised:
    escalation: Escalation
    request: Request
    readable: bool  # the lead may open the request itself


def for_lead(db: Session, staff: StaffUser, limit: int = 50) -> list[Raised]:
    """Escalations raised to this staff member whose requests are still open, newest
    first. Content stays behind the request's own access rule."""
    rows = db.execute(
        scoped(select(Escalation, Request).join(Request, Request.id == Escalation.request_id),
               Escalation.prison_id, staff)
        .where(Escalation.lead_id == staff.id,
               Request.status.in_([s.value for s in OPEN_STATUSES]))
        .order_by(Escalation.at.desc(), Escalation.id.desc()).limit(limit)).all()
    return [Raised(e, r, staff_may_read(staff, r)) for e, r in rows]
