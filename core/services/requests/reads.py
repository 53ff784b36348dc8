"""Which of the staff's replies an inmate has read: the new-message markers of "My
requests", and marking a thread read when it is opened. Internal notes never count."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.db import after_reading, rows
from core.models import Inmate, Request, RequestMessage, Visibility
from core.services.requests.filing import inmate_request, inmate_thread


# The staff messages an inmate may see and has not opened (never internal notes), per
# request. Read on the home page and "My requests": built once, so SQLAlchemy keeps its
# cache key with it (issue 20).
_UNREAD = (select(RequestMessage.request_id, func.count())
           .join(Request, Request.id == RequestMessage.request_id)
           .where(Request.inmate_id == bindparam("inmate_id"),
                  RequestMessage.visibility == Visibility.STAFF_AND_INMATE.value,
                  RequestMessage.author_type == "staff",
                  RequestMessage.read_by_inmate_at.is_(None))
           .group_by(RequestMessage.request_id))


def unread_count(db: Session, inmate: Inmate, request_id: int) -> int:
    return unread_counts(db, inmate).get(inmate_request(db, inmate, request_id).id, 0)


def unread_counts(db: Session, inmate: Inmate) -> dict[int, int]:
    """New messages per request of the inmate's, in one query (their requests list)."""
    return dict(rows(db, _UNREAD, {"inmate_id": inmate.id}).all())


def with_unread(db: Session, inmate: Inmate) -> list[tuple[Request, int]]:
    """The inmate's requests with new messages, and how many, newest request first (what
    the kiosk home page announces)."""
    counts = unread_counts(db, inmate)
    if not counts:
        return []
    found = db.scalars(select(Request).where(Request.inmate_id == inmate.id,
                                             Request.id.in_(list(counts)))
                       .order_by(Request.created_at.desc(), Request.id.desc()))
    return [(request, counts[request.id]) for request in found]


def mark_read(db: Session, now: datetime, inmate: Inmate, request_id: int,
              shown: list[RequestMessage] | None = None) -> None:
    """The staff's replies the inmate has been shown are read: written after the page has
    read what it shows (core.db.after_reading), and only when there are any. The kiosk's
    page of a request then reads without SQLite's one write lock, which it held for the
    whole page before, with every writer of both apps waiting (issue 20). ``shown``: the
    thread as ``inmate_thread`` gave it for this inmate and request, when the page has
    read it already (it read it twice)."""
    thread = inmate_thread(db, inmate, request_id) if shown is None else shown
    unread = [m for m in thread if m.author_type == "staff" and m.read_by_inmate_at is None]
    if unread:
        after_reading(db, lambda _db: _mark(unread, now))


def _mark(messages: list, now: datetime) -> None:
    for message in messages:
        message.read_by_inmate_at = now
