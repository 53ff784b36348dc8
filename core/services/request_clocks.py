"""A request's response-time clocks: the first response and the resolution, each a
promise in working days (core.services.sla), paused while the request waits for the
inmate. The pauses come from the request's history of status changes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Request, RequestEvent, Status
from core.services import sla


@dataclass(frozen=True)
class Clocks:
    """Where a request's two promises stand: the first response and the resolution."""

    first_response: sla.ClockState
    resolution: sla.ClockState

    @property
    def breached(self) -> bool:
        return self.first_response.breached or self.resolution.breached

    @property
    def next_deadline(self) -> datetime | None:
        """The deadline that matters now: the first response until it is given."""
        return self.first_response.deadline if not self.first_response.met \
            else self.resolution.deadline


def _spans(changes) -> list[sla.Pause]:
    spans, opened = [], None
    for at, to_status in changes:
        if to_status == Status.WAITING_FOR_INMATE.value and opened is None:
            opened = at
        elif to_status != Status.WAITING_FOR_INMATE.value and opened is not None:
            spans.append(sla.Pause(opened, at))
            opened = None
    if opened is not None:
        spans.append(sla.Pause(opened, None))
    return spans


def pauses_of(db: Session, request_ids: list[int]) -> dict[int, list[sla.Pause]]:
    """Spans spent waiting for the inmate, from the history, for many requests at once."""
    changes: dict[int, list] = {rid: [] for rid in request_ids}
    for start in range(0, len(request_ids), 500):
        chunk = request_ids[start:start + 500]
        rows = db.execute(select(RequestEvent.request_id, RequestEvent.at, RequestEvent.to_status)
                          .where(RequestEvent.request_id.in_(chunk),
                                 RequestEvent.to_status.is_not(None))
                          .order_by(RequestEvent.request_id, RequestEvent.at, RequestEvent.id))
        for request_id, at, to_status in rows:
            changes[request_id].append((at, to_status))
    return {rid: _spans(rows) for rid, rows in changes.items()}


def pauses(db: Session, request: Request) -> list[sla.Pause]:
    return pauses_of(db, [request.id])[request.id]


def _clocks(request: Request, spans: list[sla.Pause], now: datetime) -> Clocks:
    return Clocks(
        sla.state(request.created_at, request.first_response_days, spans, now,
                  met_at=request.first_response_at),
        sla.state(request.created_at, request.resolution_days, spans, now,
                  met_at=request.closed_at))


def clocks(db: Session, request: Request, now: datetime) -> Clocks:
    return _clocks(request, pauses(db, request), now)


def clocks_of(db: Session, items: list[Request], now: datetime) -> dict[int, Clocks]:
    spans = pauses_of(db, [r.id for r in items])
    return {r.id: _clocks(r, spans[r.id], now) for r in items}


def first_response(db: Session, request: Request, now: datetime) -> sla.ClockState:
    return clocks(db, request, now).first_response
