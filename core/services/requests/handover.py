"""The hand-over summary of a request: a printable page the adviser sends to the NAV
office in the inmate's home municipality, through NAV's own channels.

It holds who the inmate is, their home municipality and its NAV office from the
directory, what is asked, what has been done, and the inmate's consents. What has been
done is what the inmate has seen and said: the replies and the inmate's messages (the
kiosk's own query, so internal notes are left out by the query itself), the status
history and the assignments, without their reasons. It may be sent only with the
inmate's consent to the home NAV office; without an active one the page says not to.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Consent, Inmate, Request, RequestEvent, RequestMessage, StaffUser
from core.services.requests import consents, filing as requests
from core.services.directory import entries as directory
from core.services.directory.entries import Entry
from core.services.errors import NotFound

HOME_NAV = "home_nav"


@dataclass(frozen=True)
class Assignment:
    at: datetime
    to: str | None  # the assignee's name; None when released
    automatic: bool


@dataclass(frozen=True)
class Summary:
    request: Request
    inmate: Inmate
    home: Entry | None
    messages: list[RequestMessage]
    authors: dict[int, str]  # staff id -> name, for the replies
    statuses: list[RequestEvent]
    assignments: list[Assignment]
    consents: list[Consent]
    assignee: str | None

    @property
    def may_send(self) -> bool:
        return consents_home_nav(self.consents)


def consents_home_nav(given: list[Consent]) -> bool:
    """Whether there is an active (given, not withdrawn) consent to the home NAV office."""
    return any(c.recipient == HOME_NAV and c.withdrawn_at is None for c in given)


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))).all())


def summary(db: Session, now: datetime, staff: StaffUser, request_id: int) -> Summary:
    """NotFound outside the staff member's prisons or teams, exactly like the desk. The
    read is audited as "request.handover"."""
    request = db.get(Request, request_id)
    if request is None or not requests.staff_may_read(staff, request):
        raise NotFound()
    inmate = db.get(Inmate, request.inmate_id)
    messages = requests.inmate_thread(db, inmate, request.id)
    assigns = [e for e in requests.history(db, request, for_inmate=False) if e.kind == "assign"]
    names = _names(db, {m.author_id for m in messages if m.author_type == "staff"}
                   | {e.details.get("to") for e in assigns if e.details.get("to")}
                   | ({request.assignee_id} if request.assignee_id else set()))
    given = consents.consents_of(db, inmate)
    audit.record(db, now, Actor("staff", staff.id), "request.handover", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"consent": consents_home_nav(given)})
    return Summary(
        request=request, inmate=inmate, home=directory.for_inmate(db, now, inmate),
        messages=messages, authors=names,
        statuses=requests.history(db, request, for_inmate=True),
        assignments=[Assignment(e.at, names.get(e.details.get("to")), e.actor_type == "system")
                     for e in assigns],
        consents=sorted(given, key=lambda c: (c.recipient, c.given_at)),
        assignee=names.get(request.assignee_id) if request.assignee_id else None,
    )
