"""Requests: filing, the thread, replies and internal notes, status and cancelling.

Confidentiality is enforced in the queries: the kiosk's thread query selects only
messages with Visibility.STAFF_AND_INMATE, and staff see a request only in a prison they
serve and when their role is the team the request is routed to (core.services.requests.routing).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from core import audit
from core.audit import Actor
from core.models import (OPEN_STATUSES, Inmate, Request, RequestEvent, RequestMessage,
                         StaffUser, Status, Visibility)
from core.security.hashing import new_code
from core.services.requests import consents as consent_service
from core.services.requests import clocks as request_clocks, routing, topics
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.requests import access as request_access
from core.services.requests.access import staff_may_read, staff_may_work, teams_of  # noqa: F401

MAX_TEXT = 1000
KINDS = ("conversation", "question")
RECIPIENTS = ("home_nav", "social_work", "school", "work_shop")

# Which status changes staff may make. Inmates only cancel, and reply (see below).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.IN_PROGRESS, Status.WAITING_FOR_INMATE,
                                Status.WAITING_FOR_OTHERS, Status.ANSWERED, Status.CLOSED,
                                Status.DECLINED}),
    Status.IN_PROGRESS: frozenset({Status.WAITING_FOR_INMATE, Status.WAITING_FOR_OTHERS,
                                   Status.ANSWERED, Status.CLOSED, Status.DECLINED}),
    Status.WAITING_FOR_INMATE: frozenset({Status.IN_PROGRESS, Status.WAITING_FOR_OTHERS,
                                          Status.ANSWERED, Status.CLOSED, Status.DECLINED}),
    Status.WAITING_FOR_OTHERS: frozenset({Status.IN_PROGRESS, Status.WAITING_FOR_INMATE,
                                          Status.ANSWERED, Status.CLOSED, Status.DECLINED}),
    Status.ANSWERED: frozenset({Status.IN_PROGRESS, Status.WAITING_FOR_INMATE,
                                Status.WAITING_FOR_OTHERS, Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.CANCELLED: frozenset(),
}


@dataclass
class Draft:
    topic: str
    kind: str = "conversation"
    description: str = ""
    release_soon: bool = False
    deadline_on: date | None = None
    letter_received: bool = False
    language: str = "nb"
    interpreter: bool = False


def check_draft(draft: Draft) -> None:
    if topics.get(draft.topic) is None:
        raise ServiceError("topic_unknown")
    if draft.kind not in KINDS:
        raise ServiceError("kind_unknown")
    if len(draft.description) > MAX_TEXT:
        raise ServiceError("text_too_long", max=MAX_TEXT)
    if draft.language not in topics.LANGUAGES:
        raise ServiceError("language_unknown")


def _event(db: Session, now: datetime, request: Request, actor: Actor, kind: str, *,
           to_status: Status | None = None, detail: dict | None = None,
           visible_to_inmate: bool = False) -> None:
    db.add(RequestEvent(
        request_id=request.id, at=now, actor_type=actor.type, actor_id=actor.id, kind=kind,
        from_status=request.status if to_status else None,
        to_status=to_status.value if to_status else None,
        detail=json.dumps(detail or {}, ensure_ascii=False), visible_to_inmate=visible_to_inmate,
    ))
    if to_status is not None:
        request.status = to_status.value


def _reference(db: Session) -> str:
    while True:
        reference = new_code(6)
        if not db.scalar(select(Request.id).where(Request.reference == reference)):
            return reference


def file(db: Session, now: datetime, inmate: Inmate, draft: Draft,
         consents: set[str] = frozenset(), *, logged_by: StaffUser | None = None,
         channel: str | None = None) -> Request:
    """An inmate files a request. Consents are recorded per recipient, with the request.

    ``logged_by``: a staff member registers it for the inmate, from a paper note, a
    conversation, a call or a referral (``channel``; core.services.requests.ways_in): it is
    routed, promised and shown to the inmate exactly like their own, marked as registered
    by staff."""
    check_draft(draft)
    if not set(consents) <= set(RECIPIENTS):
        raise ServiceError("recipient_unknown")
    if (logged_by is None) != (channel is None):
        raise ServiceError("channel_unknown")
    route = routing.route_for(db, inmate.prison_id, draft.topic)
    request = Request(channel=channel, logged_by_id=logged_by.id if logged_by else None,
        reference=_reference(db), inmate_id=inmate.id, prison_id=inmate.prison_id,
        topic=draft.topic, team=route.team.value, kind=draft.kind,
        description=draft.description.strip(),
        release_soon=draft.release_soon, deadline_on=draft.deadline_on,
        letter_received=draft.letter_received, language=draft.language,
        interpreter=draft.interpreter, status=Status.RECEIVED.value, created_at=now,
        first_response_days=route.first_response_days, resolution_days=route.resolution_days,
    )
    db.add(request)
    db.flush()
    actor = Actor("staff", logged_by.id) if logged_by else Actor("inmate", inmate.id)
    _event(db, now, request, actor, "logged" if logged_by else "filed", visible_to_inmate=True,
           detail={"channel": channel} if channel else None)
    request_clocks.keep(db, request)
    _auto_assign(db, now, request, inmate, route.assign_by)
    for recipient in sorted(consents):
        consent_service.give(db, now, inmate, recipient, consent_service.step_purpose(recipient),
                             "request", request=request)
    audit.record(db, now, actor, "request.log" if logged_by else "request.file",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"topic": request.topic, **({"channel": channel} if channel else {})})
    db.flush()
    return request


# The inmate's side ------------------------------------------------------------------

# The inmate's own requests: each row's inmate is the one already loaded (the kiosk's
# g.inmate), so it is not joined in again, with its prison and unit, for every row of
# "My requests" and every request's page (issue 20).
_OWN = (lazyload(Request.inmate),)


# Read on "My requests" and a request's page: built once (SQLAlchemy keeps their keys).
_FOR_INMATE = (select(Request).where(Request.inmate_id == bindparam("inmate_id"))
               .order_by(Request.created_at.desc()).options(*_OWN))
_INMATE_THREAD = (select(RequestMessage)
                  .where(RequestMessage.request_id == bindparam("request_id"),
                         RequestMessage.visibility == Visibility.STAFF_AND_INMATE.value)
                  .order_by(RequestMessage.created_at, RequestMessage.id))


def for_inmate(db: Session, inmate: Inmate) -> list[Request]:
    return list(db.scalars(_FOR_INMATE, {"inmate_id": inmate.id}))


def inmate_request(db: Session, inmate: Inmate, request_id: int) -> Request:
    request = db.get(Request, request_id, options=_OWN)  # a page asks several times
    if request is None or request.inmate_id != inmate.id:
        raise NotFound()
    return request


def inmate_thread(db: Session, inmate: Inmate, request_id: int) -> list[RequestMessage]:
    """The messages an inmate may see: replies and their own, never internal notes."""
    request = inmate_request(db, inmate, request_id)
    return list(db.scalars(_INMATE_THREAD, {"request_id": request.id}))


def inmate_reply(db: Session, now: datetime, inmate: Inmate, request_id: int,
                 body: str) -> RequestMessage:
    request = inmate_request(db, inmate, request_id)
    if Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_closed")
    message = _message(db, now, request, Actor("inmate", inmate.id), body,
                       Visibility.STAFF_AND_INMATE)
    back = Status.IN_PROGRESS if request.status in (Status.WAITING_FOR_INMATE.value,
                                                   Status.ANSWERED.value) else None
    _event(db, now, request, Actor("inmate", inmate.id), "inmate_reply", to_status=back,
           visible_to_inmate=True)
    request_clocks.keep(db, request)
    return message


def cancel(db: Session, now: datetime, inmate: Inmate, request_id: int) -> None:
    request = inmate_request(db, inmate, request_id)
    if Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_closed")
    request.closed_at = now
    _event(db, now, request, Actor("inmate", inmate.id), "cancelled",
           to_status=Status.CANCELLED, visible_to_inmate=True)
    request_clocks.keep(db, request)
    audit.record(db, now, Actor("inmate", inmate.id), "request.cancel", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id)


# The staff side ---------------------------------------------------------------------

def staff_request(db: Session, now: datetime, staff: StaffUser, request_id: int) -> Request:
    """A request for staff, audited as a read; NotFound outside their prisons or topics."""
    request = db.get(Request, request_id)
    if request is None or not staff_may_read(staff, request):
        raise NotFound()
    shared = not staff_may_work(staff, request)
    audit.record(db, now, Actor("staff", staff.id), "request.view", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"shared": True} if shared else None)
    return request


def staff_thread(db: Session, request: Request, staff: StaffUser | None = None
                 ) -> list[RequestMessage]:
    """The whole thread; for ``staff``, internal notes only as the data-class table says
    (the team the request is routed to, or a second team in a shared case meeting)."""
    query = select(RequestMessage).where(RequestMessage.request_id == request.id)
    if staff is not None and not permits(DataClass.INTERNAL_NOTES, staff.roles,
                                         request_access.context(staff, request)):
        query = query.where(RequestMessage.visibility == Visibility.STAFF_AND_INMATE.value)
    return list(db.scalars(query.order_by(RequestMessage.created_at, RequestMessage.id)))


def _message(db, now, request, actor: Actor, body: str, visibility: Visibility):
    body = body.strip()
    if not body:
        raise ServiceError("text_required")
    if len(body) > MAX_TEXT:
        raise ServiceError("text_too_long", max=MAX_TEXT)
    message = RequestMessage(request_id=request.id, author_type=actor.type, author_id=actor.id,
                             visibility=visibility.value, body=body, created_at=now)
    db.add(message)
    db.flush()
    return message


def reply(db: Session, now: datetime, staff: StaffUser, request: Request, body: str,
          status: Status = Status.ANSWERED) -> RequestMessage:
    if not staff_may_work(staff, request):
        raise NotFound()
    message = _message(db, now, request, Actor("staff", staff.id), body,
                       Visibility.STAFF_AND_INMATE)
    if request.first_response_at is None:
        request.first_response_at = now
    _event(db, now, request, Actor("staff", staff.id), "reply",
           to_status=status if status.value != request.status else None, visible_to_inmate=True)
    request_clocks.keep(db, request)
    audit.record(db, now, Actor("staff", staff.id), "request.reply", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id)
    return message


def add_note(db: Session, now: datetime, staff: StaffUser, request: Request,
             body: str) -> RequestMessage:
    """An internal note: staff only, never on the kiosk. The routed team, or a second
    team's staff member in a shared case meeting on it."""
    if not (staff_may_work(staff, request) or request_access.in_meeting(staff, request)):
        raise NotFound()
    message = _message(db, now, request, Actor("staff", staff.id), body, Visibility.STAFF_ONLY)
    _event(db, now, request, Actor("staff", staff.id), "note")
    audit.record(db, now, Actor("staff", staff.id), "request.note", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id)
    return message


def set_status(db: Session, now: datetime, staff: StaffUser, request: Request, status: Status,
               reason: str = "") -> None:
    if not staff_may_work(staff, request):
        raise NotFound()
    if status not in TRANSITIONS[Status(request.status)]:
        raise ServiceError("status_not_allowed")
    if status == Status.DECLINED and not reason.strip():
        raise ServiceError("reason_required")
    if status == Status.DECLINED:
        request.decline_reason = reason.strip()
    if status in (Status.CLOSED, Status.DECLINED):
        request.closed_at = now
    _event(db, now, request, Actor("staff", staff.id), "status", to_status=status,
           detail={"reason": reason.strip()} if reason.strip() else None, visible_to_inmate=True)
    request_clocks.keep(db, request)
    audit.record(db, now, Actor("staff", staff.id), "request.status", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"status": status.value})


# Assignment and transfer ------------------------------------------------------------

def eligible_assignees(db: Session, request: Request) -> list[StaffUser]:
    """Active staff of the request's team who serve its prison."""
    return routing.team_members(db, request.prison_id, routing.Role(request.team))


def _auto_assign(db: Session, now: datetime, request: Request, inmate: Inmate,
                 assign_by: str) -> None:
    assignee = routing.choose_assignee(db, now, request, inmate, assign_by)
    if assignee is None:
        return
    request.assignee_id = assignee.id
    _event(db, now, request, Actor.system(), "assign",
           detail={"from": None, "to": assignee.id, "rule": assign_by})
    audit.record(db, now, Actor.system(), "request.assign", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"from": None, "to": assignee.id, "rule": assign_by})


def assign(db: Session, now: datetime, actor: StaffUser, request: Request,
           assignee: StaffUser | None, reason: str) -> None:
    """Take, assign or reassign (or release, with ``assignee`` None); a reason is required."""
    if not staff_may_work(actor, request):
        raise NotFound()
    if not reason.strip():
        raise ServiceError("reason_required")
    if len(reason) > MAX_TEXT:
        raise ServiceError("text_too_long", max=MAX_TEXT)
    if assignee is not None and not (assignee.active and staff_may_work(assignee, request)):
        raise ServiceError("assignee_not_eligible")
    before = request.assignee_id
    request.assignee_id = assignee.id if assignee else None
    _event(db, now, request, Actor("staff", actor.id), "assign",
           detail={"from": before, "to": request.assignee_id, "reason": reason.strip()})
    audit.record(db, now, Actor("staff", actor.id), "request.assign", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"from": before, "to": request.assignee_id})


def move_with_inmate(db: Session, now: datetime, actor: StaffUser, inmate: Inmate,
                     from_prison: int) -> int:
    """An inmate moved prison: their open requests follow to the new prison's queue,
    routed by its rules (the promise made at filing stands), each with a history entry the
    inmate sees too. Returns how many moved."""
    moved = db.scalars(select(Request).where(
        Request.inmate_id == inmate.id, Request.prison_id == from_prison,
        Request.status.in_([s.value for s in OPEN_STATUSES]))).all()
    for request in moved:
        route = routing.route_for(db, inmate.prison_id, request.topic)
        request.prison_id = inmate.prison_id
        request.team = route.team.value
        request.assignee_id = None
        _event(db, now, request, Actor("staff", actor.id), "transferred",
               detail={"from_prison": from_prison, "to_prison": inmate.prison_id},
               visible_to_inmate=True)
        _auto_assign(db, now, request, inmate, route.assign_by)
    return len(moved)


def history(db: Session, request: Request, *, for_inmate: bool) -> list[RequestEvent]:
    query = select(RequestEvent).where(RequestEvent.request_id == request.id)
    if for_inmate:
        query = query.where(RequestEvent.visible_to_inmate.is_(True))
    return list(db.scalars(query.order_by(RequestEvent.at, RequestEvent.id)))


def open_for_inmate(db: Session, inmate: Inmate) -> list[Request]:
    """Open requests, e.g. to hand over at release: nothing is closed silently."""
    return list(db.scalars(select(Request).where(
        Request.inmate_id == inmate.id,
        Request.status.in_([s.value for s in OPEN_STATUSES])).order_by(Request.created_at)))
