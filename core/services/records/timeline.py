"""Timelines: everything that happened concerning an inmate or a request, newest first.

An inmate's timeline is the audit log alone: the events about the inmate (subject
"inmate": consents, the release plan, sign-ins, changes and reads of the record),
about their requests (subject "request") and about their appointments (subject
"appointment"). A request's timeline adds the request's history rows (RequestEvent) to
the audit log's events about it, every staff view included; the audit actions that only
mirror a history row are left out there, so that each thing shows once.

Confidentiality: an event about a request the viewer may not read
(requests.staff_may_read) carries the request's reference only, never its topic or any
detail. Reading a timeline is itself audited.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import as_utc
from core.models import (Appointment, AuditEvent, FormSubmission, Inmate, Request, RequestEvent,
                         StaffUser)
from core.services.requests import filing as requests
from core.services.errors import NotFound
from core.services.permissions import in_scope

PAGE_SIZE = 100
# Audit actions a request's history already shows (requests._event writes both).
MIRRORED = frozenset({"request.file", "request.reply", "request.note", "request.status",
                      "request.assign", "request.cancel", "request.log", "request.forward"})
HISTORY = "history."  # the action of a history row is "history.<kind>"


@dataclass(frozen=True)
class RequestRef:
    id: int
    reference: str
    topic: str | None  # None: the viewer may not read the request

    @property
    def readable(self) -> bool:
        return self.topic is not None


@dataclass(frozen=True)
class Item:
    at: datetime
    actor_type: str  # staff, inmate, system, terminal
    actor_id: int | None
    action: str  # an audit action, or "history.<kind>" for a request's history row
    detail: dict = field(default_factory=dict)
    request: RequestRef | None = None


@dataclass(frozen=True)
class Timeline:
    items: list[Item]
    page: int
    pages: int
    total: int
    names: dict[int, str]  # staff id -> name: who acted, and who was assigned

    @property
    def has_newer(self) -> bool:
        return self.page > 1

    @property
    def has_older(self) -> bool:
        return self.page < self.pages


def _pages(total: int, page: int) -> int:
    pages = max(1, -(-total // PAGE_SIZE))
    if page < 1 or page > pages:
        raise NotFound()
    return pages


def _detail(raw: str) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _refs(db: Session, staff: StaffUser, request_ids: set[int]) -> dict[int, RequestRef]:
    if not request_ids:
        return {}
    found = db.scalars(select(Request).where(Request.id.in_(request_ids)))
    return {r.id: RequestRef(r.id, r.reference,
                             r.topic if requests.staff_may_read(staff, r) else None)
            for r in found}


def _names(db: Session, items: list[Item]) -> dict[int, str]:
    ids = {i.actor_id for i in items if i.actor_type == "staff" and i.actor_id}
    ids |= {v for i in items for k, v in i.detail.items()
            if k in ("to", "from") and isinstance(v, int)}
    if not ids:
        return {}
    return dict(db.execute(select(StaffUser.id, StaffUser.name)
                           .where(StaffUser.id.in_(ids))).all())


def _from_audit(event: AuditEvent, refs: dict[int, RequestRef]) -> Item:
    ref = refs.get(event.subject_id) if event.subject_type == "request" else None
    detail = _detail(event.detail)
    if event.subject_type == "request" and (ref is None or not ref.readable):
        detail = {}  # nothing about a request the viewer may not read
    return Item(as_utc(event.at), event.actor_type, event.actor_id, event.action, detail, ref)


def _concerning(inmate_id: int):
    """The audit events about an inmate, their requests, appointments and forms."""
    return or_(
        and_(AuditEvent.subject_type == "inmate", AuditEvent.subject_id == inmate_id),
        and_(AuditEvent.subject_type == "request", AuditEvent.subject_id.in_(
            select(Request.id).where(Request.inmate_id == inmate_id))),
        and_(AuditEvent.subject_type == "appointment", AuditEvent.subject_id.in_(
            select(Appointment.id).where(Appointment.inmate_id == inmate_id))),
        and_(AuditEvent.subject_type == "form_submission", AuditEvent.subject_id.in_(
            select(FormSubmission.id).where(FormSubmission.inmate_id == inmate_id))),
    )


concerning = _concerning  # also the access log of an inmate's innsyn (subject_access_groups)


def for_inmate(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
               page: int = 1) -> Timeline:
    """One page of an inmate's timeline, newest first; NotFound outside the staff member's
    prisons or past the last page. The read is audited."""
    if not in_scope(staff, inmate.prison_id):
        raise NotFound()
    where = _concerning(inmate.id)
    total = db.scalar(select(func.count()).select_from(AuditEvent).where(where))
    pages = _pages(total, page)
    events = list(db.scalars(select(AuditEvent).where(where)
                             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                             .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    refs = _refs(db, staff, {e.subject_id for e in events if e.subject_type == "request"})
    items = [_from_audit(e, refs) for e in events]
    audit.record(db, now, Actor("staff", staff.id), "inmate.timeline", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id, detail={"page": page})
    return Timeline(items, page, pages, total, _names(db, items))


def readable_request(db: Session, staff: StaffUser, request_id: int) -> Request:
    request = db.get(Request, request_id)
    if request is None or not requests.staff_may_read(staff, request):
        raise NotFound()
    return request


def _history_detail(event: RequestEvent) -> dict:
    detail = {k: v for k, v in event.details.items()
              if k in ("from", "to", "reason", "rule")}
    if event.to_status:
        detail["status"] = event.to_status
    return detail


def for_request(db: Session, now: datetime, staff: StaffUser, request: Request,
                page: int = 1) -> Timeline:
    """One page of a request's timeline, newest first: its history rows and the audit
    log's other events about it (every staff view among them). The read is audited."""
    if not requests.staff_may_read(staff, request):
        raise NotFound()
    ref = RequestRef(request.id, request.reference, request.topic)
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "request", AuditEvent.subject_id == request.id,
        AuditEvent.action.not_in(MIRRORED)))
    merged = [(item.at, 0, event.id, item) for event in events
              for item in [_from_audit(event, {request.id: ref})]]
    for row in requests.history(db, request, for_inmate=False):
        merged.append((as_utc(row.at), 1, row.id, Item(
            as_utc(row.at), row.actor_type, row.actor_id, HISTORY + row.kind,
            _history_detail(row), ref)))
    merged.sort(key=lambda entry: entry[:3], reverse=True)
    pages = _pages(len(merged), page)
    items = [entry[3] for entry in merged[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]]
    audit.record(db, now, Actor("staff", staff.id), "request.timeline",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"page": page})
    return Timeline(items, page, pages, len(merged), _names(db, items))
