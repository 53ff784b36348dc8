"""A request's response-time clocks: the first response and the resolution, each a
promise in working days (core.services.requests.sla), paused while the request waits for the
inmate. The pauses come from the request's history of status changes. The clocks count
from the filing, or from the last time the request was forwarded to another team
(Request.clock_start, core.services.requests.ways_in.forward)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.models import Request, RequestEvent, Status
from core.services.requests import sla


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


def pause_spans(changes) -> list[sla.Pause]:
    """The waits for the inmate in a request's status changes: (at, to_status), in order."""
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
    return {rid: pause_spans(rows) for rid, rows in changes.items()}


def pauses(db: Session, request: Request) -> list[sla.Pause]:
    return pauses_of(db, [request.id])[request.id]


def _clocks(request: Request, spans: list[sla.Pause], now: datetime) -> Clocks:
    return Clocks(
        sla.state(request.clock_start, request.first_response_days, spans, now,
                  met_at=request.first_response_at),
        sla.state(request.clock_start, request.resolution_days, spans, now,
                  met_at=request.closed_at))


def clocks(db: Session, request: Request, now: datetime) -> Clocks:
    return _clocks(request, pauses(db, request), now)


def clocks_of(db: Session, items: list[Request], now: datetime) -> dict[int, Clocks]:
    spans = pauses_of(db, [r.id for r in items])
    return {r.id: _clocks(r, spans[r.id], now) for r in items}


def first_response(db: Session, request: Request, now: datetime) -> sla.ClockState:
    return clocks(db, request, now).first_response


# The clock that matters now, kept on the request row ---------------------------------

@dataclass(frozen=True)
class Current:
    """The clock that matters now as the request row keeps it (``clock_*``): the first
    response until it is given, then the resolution. Its deadline does not depend on the
    time of day; only whether it is broken does."""

    deadline: datetime | None  # None while paused
    paused: bool
    met: bool


def current(created_at: datetime, first_response_at: datetime | None,
            closed_at: datetime | None, first_response_days: int, resolution_days: int,
            spans: list[sla.Pause]) -> Current:
    """The clock that matters now, from a request's columns and its pauses (also for
    rows that are not loaded as objects: the migration and the national demo data)."""
    if not spans:  # never waited for the inmate: the deadline depends on the filing day only
        days = first_response_days if first_response_at is None else resolution_days
        return Current(sla.unpaused_deadline(created_at, days), False,
                       first_response_at is not None and closed_at is not None)
    if first_response_at is None:
        state = sla.state(created_at, first_response_days, spans, created_at)
    else:
        state = sla.state(created_at, resolution_days, spans, created_at, met_at=closed_at)
    return Current(state.deadline, state.paused, state.met)


def current_of(request: Request, spans: list[sla.Pause]) -> Current:
    return current(request.clock_start, request.first_response_at, request.closed_at,
                   request.first_response_days, request.resolution_days, spans)


def keep(db: Session, request: Request) -> None:
    """Stores the clock that matters now on the request row. Every change to a request's
    status (which starts and ends the pauses), first response or closing calls this,
    after the change and its history entry (core.services.requests.filing).

    Reading the history flushes the change first: on PostgreSQL that UPDATE waits for any
    other transaction changing the same request, and the history read after it sees what
    that one committed, so two changes at once still store what both leave."""
    found = current_of(request, pauses(db, request))
    request.clock_deadline, request.clock_paused, request.clock_met = \
        found.deadline, found.paused, found.met


def kept(request: Request) -> Current:
    return Current(request.clock_deadline, request.clock_paused, request.clock_met)


def stored_state(request: Request, now: datetime) -> sla.ClockState:
    """The clock that matters now at ``now``, from the columns ``keep`` stored: what
    ``Clocks`` gives for that clock, without reading the history again."""
    if request.clock_met:  # the resolution was met when the request was closed
        return sla.ClockState(request.clock_deadline, False,
                              as_utc(request.closed_at) > as_utc(request.clock_deadline),
                              met=True)
    if request.clock_paused or request.clock_deadline is None:
        return sla.ClockState(None, True, False)
    return sla.ClockState(request.clock_deadline, False,
                          as_utc(now) > as_utc(request.clock_deadline))
