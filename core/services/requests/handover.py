"""The hand-over summary of a request: a printable page the adviser sends to the NAV
office in the inmate's home municipality, through NAV's own channels.

It holds who the inmate is, their home municipality and its NAV office from the
directory, what is asked, what has been done, and the consents given on this request.
What has been done is what the inmate has seen and said: the replies and the inmate's
messages (the kiosk's own query, so internal notes are left out by the query itself), the
status history and the assignments, without their reasons. It may be sent only with the
inmate's active consent to the home Nav office for the hand-over, given on THIS request
(core.services.data_classes: request text to home_nav); a consent on another request never
counts. Without one the page says not to. Marking it sent checks the consent again at that
moment (it may have been withdrawn while the page was open) and writes a disclosure the
inmate sees on the kiosk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import (Consent, Inmate, Request, RequestEvent, RequestMessage,
                         StaffUser)
from core.services.records import disclosures
from core.services.requests import consents, filing as requests
from core.services.directory import entries as directory
from core.services.data_classes import Context, DataClass, Outside, Purpose, permits
from core.services.directory.entries import Entry
from core.services.errors import NotFound, ServiceError

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
    consents: list[Consent]  # the consents given on this request
    assignee: str | None
    consent: Consent | None  # the active hand-over consent on this request, if any

    @property
    def may_send(self) -> bool:
        return self.consent is not None


# What a hand-over discloses, as the inmate's list of disclosures names it.
INCLUDED = (DataClass.IDENTITY, DataClass.REQUEST_TEXT, DataClass.CONSENTS)


def handover_consent(db: Session, request: Request) -> Consent | None:
    """The active consent to the home Nav office for the hand-over, given on this very
    request, when the data-class table lets the request text go to the home Nav office."""
    found = db.scalar(select(Consent).where(
        Consent.request_id == request.id, Consent.scope == "request",
        Consent.recipient == HOME_NAV, Consent.purpose == Purpose.HANDOVER.value,
        Consent.withdrawn_at.is_(None)).order_by(Consent.id).limit(1))
    pairs = frozenset({(found.recipient, found.purpose)}) if found else frozenset()
    return found if permits(DataClass.REQUEST_TEXT, Outside.HOME_NAV,
                            Context(consents=pairs)) else None


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))).all())


def summary(db: Session, now: datetime, staff: StaffUser, request_id: int) -> Summary:
    """NotFound outside the staff member's prisons or teams, exactly like the desk. The
    read is audited as "request.handover"."""
    request = db.get(Request, request_id)
    if request is None or not requests.staff_may_work(staff, request):
        raise NotFound()
    inmate = db.get(Inmate, request.inmate_id)
    messages = requests.inmate_thread(db, inmate, request.id)
    assigns = [e for e in requests.history(db, request, for_inmate=False) if e.kind == "assign"]
    names = _names(db, {m.author_id for m in messages if m.author_type == "staff"}
                   | {e.details.get("to") for e in assigns if e.details.get("to")}
                   | ({request.assignee_id} if request.assignee_id else set()))
    given = consents.of_request(db, request)
    active = handover_consent(db, request)
    audit.record(db, now, Actor("staff", staff.id), "request.handover", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"consent": active is not None})
    return Summary(
        request=request, inmate=inmate, home=directory.for_inmate(db, now, inmate),
        messages=messages, authors=names,
        statuses=requests.history(db, request, for_inmate=True),
        assignments=[Assignment(e.at, names.get(e.details.get("to")), e.actor_type == "system")
                     for e in assigns],
        consents=sorted(given, key=lambda c: (c.recipient, c.given_at)),
        assignee=names.get(request.assignee_id) if request.assignee_id else None,
        consent=active,
    )


def mark_sent(db: Session, now: datetime, staff: StaffUser, request_id: int,
              consent_id: int | None) -> None:
    """The adviser has sent the summary to the home Nav office: record the disclosure.
    Refused ("consent_withdrawn") when the consent the page was made with is no longer
    active (withdrawn while the page was open), and nothing is recorded."""
    request = db.get(Request, request_id)
    if request is None or not requests.staff_may_work(staff, request):
        raise NotFound()
    active = handover_consent(db, request)
    if active is None or active.id != consent_id:
        raise ServiceError("consent_withdrawn")
    inmate = db.get(Inmate, request.inmate_id)
    home = directory.for_inmate(db, now, inmate)
    office = home.contact.nav_office if home and home.contact else ""
    disclosures.record(db, now, inmate, kind="handover", recipient=HOME_NAV,
                              recipient_name=office, included=list(INCLUDED),
                              reference=request.reference, staff=staff, consent_id=active.id)
