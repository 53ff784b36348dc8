"""The person's hand-over to the home Nav office (issue 15): one per person, not per
request (the per-request summary stays in core.services.requests.handover).

What it holds, in sections, each gated by the data-class table (core.services.data_classes)
for the outside recipient "home_nav" and the inmate's consents to it:

| section | data classes | consent (recipient home_nav) |
|---|---|---|
| about (who, release dates, contact) | identity, release_dates | "handover" (stay, or a request) |
| plan: the release plan with its state | release_plan | "plan" for the whole stay |
| appointments after release | appointment_time, appointment_purpose | "plan" |
| claims: the applications and forms sent | form_type | "claims" for the whole stay |
| requests | request_text, consents | "handover" given on that very request |

Nothing goes without the "about" section: a hand-over names whom it is about. What the
inmate did not agree to share is left out, and the hand-over says which sections were
left out (never what is in them). The maker sees and sends only what the data-class table
lets them read themselves (a request or form routed to another team is counted as left out
for that reason).

Each copy made (page printed, PDF, CSV, JSON) is a disclosure the inmate sees on the kiosk,
with the data classes that went, and updates the person's ``Handover`` row (first and last
made). The CSV's and JSON's facts are core.services.release.handover_export's; what staff
record afterwards (the office's receipt, the appointments after release and the first
one's outcome) is core.services.release.handover_follow_up's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import after_reading
from core.models import (FormSubmission, Handover, Inmate, ReleaseAppointment, Request,
                         RequestMessage, StaffUser)
from core.services.data_classes import Context, DataClass, Outside, Purpose, permits
from core.services.directory import entries as directory
from core.services.directory.entries import Entry
from core.services.errors import NotFound, ServiceError
from core.services.forms import inbox as form_inbox
from core.services.forms.definitions import registry
from core.services.forms.submissions import RECEIVED
from core.services.permissions import Can, allowed, in_scope
from core.services.records import disclosures
from core.services.release import plan_view
from core.services.requests import filing as requests, handover as request_handover

HOME_NAV = Outside.HOME_NAV
SECTIONS = ("about", "plan", "appointments", "claims", "requests")
CLASSES: dict[str, tuple[DataClass, ...]] = {
    "about": (DataClass.IDENTITY, DataClass.RELEASE_DATES),
    "plan": (DataClass.RELEASE_PLAN,),
    "appointments": (DataClass.APPOINTMENT_TIME, DataClass.APPOINTMENT_PURPOSE),
    "claims": (DataClass.FORM_TYPE,),
    "requests": (DataClass.REQUEST_TEXT, DataClass.CONSENTS),
}
FORMATS = ("print", "pdf", "csv", "json")


@dataclass(frozen=True)
class Claim:
    reference: str
    form_key: str
    title: str
    sent_at: datetime
    status: str
    nav_reference: str | None


@dataclass(frozen=True)
class SharedRequest:
    request: Request
    messages: list[RequestMessage]  # the thread the inmate sees: never internal notes


@dataclass(frozen=True)
class Contact:
    """The contact person in the prison: the staff member who makes the hand-over."""

    name: str
    prison: str


@dataclass
class PersonHandover:
    inmate: Inmate
    home: Entry | None
    made_at: datetime
    contact: Contact
    included: dict[str, bool]
    plan: plan_view.PlanFacts | None
    appointments: list[ReleaseAppointment]
    claims: list[Claim]
    requests: list[SharedRequest]
    left_out_requests: int  # with the consent, but routed to a team the maker is not in
    left_out_claims: int
    record: Handover | None
    dates: dict[str, date | None] = field(default_factory=dict)
    language: str = "nb"
    withheld: list[str] = field(default_factory=list)  # sections left out for want of consent

    @property
    def may_send(self) -> bool:
        return self.included["about"]

    @property
    def classes(self) -> list[DataClass]:
        return sorted({c for section, on in self.included.items() if on
                       for c in CLASSES[section]}, key=lambda c: c.value)

    @property
    def office(self) -> str:
        return self.home.contact.nav_office if self.home and self.home.contact else ""

    @property
    def first_appointment(self) -> ReleaseAppointment | None:
        return self.appointments[0] if self.appointments else None


# Consent gating ----------------------------------------------------------------------

def _consented_requests(db: Session, inmate: Inmate) -> list[Request]:
    return [r for r in db.scalars(select(Request).where(Request.inmate_id == inmate.id)
                                  .order_by(Request.created_at, Request.id))
            if request_handover.handover_consent(db, r) is not None]


def gating(db: Session, inmate: Inmate) -> tuple[dict[str, bool], list[Request]]:
    """Which sections may go to the home Nav office, and the requests with their own
    hand-over consent. Read from the consent rows at this moment: a consent withdrawn a
    second ago is not there."""
    from core.services.requests import consents

    shared = _consented_requests(db, inmate)
    pairs = set(consents.active_pairs(db, inmate.id))  # for the whole stay
    if shared:
        pairs.add((HOME_NAV.value, Purpose.HANDOVER.value))
    context = Context(consents=frozenset(pairs))
    about = all(permits(c, HOME_NAV, context) for c in CLASSES["about"])
    included = {
        "about": about,
        "plan": about and permits(DataClass.RELEASE_PLAN, HOME_NAV, context),
        "appointments": about and all(permits(c, HOME_NAV, context)
                                      for c in CLASSES["appointments"]),
        "claims": about and permits(DataClass.FORM_TYPE, HOME_NAV, context),
        "requests": about and bool(shared) and permits(DataClass.REQUEST_TEXT, HOME_NAV, Context(
            consents=frozenset({(HOME_NAV.value, Purpose.HANDOVER.value)}))),
    }
    return included, shared


# Reading -----------------------------------------------------------------------------

def inmate_for(db: Session, staff: StaffUser, inmate_id: int) -> Inmate:
    inmate = db.get(Inmate, inmate_id)
    if inmate is None or not in_scope(staff, inmate.prison_id) \
            or not allowed(staff, Can.RELEASE_HANDOVER) \
            or not permits(DataClass.RELEASE_PLAN, staff.roles):
        raise NotFound()
    return inmate


def appointments_of(db: Session, inmate: Inmate) -> list[ReleaseAppointment]:
    return list(db.scalars(select(ReleaseAppointment)
                           .where(ReleaseAppointment.inmate_id == inmate.id)
                           .order_by(ReleaseAppointment.starts_at, ReleaseAppointment.id)))


def record_of(db: Session, inmate: Inmate) -> Handover | None:
    return db.scalar(select(Handover).where(Handover.inmate_id == inmate.id))


def _claims(db: Session, staff: StaffUser, inmate: Inmate, language: str
            ) -> tuple[list[Claim], int]:
    found, left_out = [], 0
    for s in db.scalars(select(FormSubmission).where(
            FormSubmission.inmate_id == inmate.id, FormSubmission.form_key != "meldekort",
            FormSubmission.status.in_(RECEIVED)).order_by(FormSubmission.confirmed_at)):
        if not (form_inbox.may_read(staff, s)
                and permits(DataClass.FORM_TYPE, staff.roles, Context(team=True))):
            left_out += 1
            continue
        definition = registry().get(s.form_key, s.form_version)
        found.append(Claim(s.reference, s.form_key,
                           definition.title(language) if definition else s.form_key,
                           s.confirmed_at, s.status, s.nav_reference))
    return found, left_out


def build(db: Session, now: datetime, staff: StaffUser, inmate_id: int,
          language: str = "nb") -> PersonHandover:
    """The hand-over as it would go now. NotFound outside the staff member's prisons or
    for a role that may not read the release plan. Audited as a read
    ("release_handover.view")."""
    inmate = inmate_for(db, staff, inmate_id)
    included, shared = gating(db, inmate)
    readable = [r for r in shared if requests.staff_may_read(staff, r)]
    claims, left_out_claims = _claims(db, staff, inmate, language) if included["claims"] \
        else ([], 0)
    result = PersonHandover(
        inmate=inmate, home=directory.for_inmate(db, now, inmate), made_at=now,
        contact=Contact(staff.name, inmate.prison.name), included=included,
        plan=plan_view.facts(db, now, inmate, staff.roles) if included["plan"] else None,
        appointments=appointments_of(db, inmate) if included["appointments"] else [],
        claims=claims,
        requests=[SharedRequest(r, requests.inmate_thread(db, inmate, r.id))
                  for r in readable] if included["requests"] else [],
        left_out_requests=len(shared) - len(readable) if included["requests"] else 0,
        left_out_claims=left_out_claims, record=record_of(db, inmate),
        dates=plan_view.dates(db, inmate), language=language,
        withheld=[s for s in SECTIONS if not included[s]])
    audit.record(db, now, Actor("staff", staff.id), "release_handover.view",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"sections": [s for s in SECTIONS if included[s]]})
    return result


# Making a copy: a disclosure ----------------------------------------------------------

def made(db: Session, now: datetime, staff: StaffUser, handover: PersonHandover,
         fmt: str) -> None:
    """A copy was made for the home Nav office (page printed, PDF, CSV or JSON): record the
    disclosure and the person's hand-over row. Refused ("handover_no_consent") when the
    inmate has not agreed to anything going, and nothing is recorded. Works in a GET
    (a download): the rows are written after the page is made (core.db.after_reading)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if not handover.may_send:
        raise ServiceError("handover_no_consent")
    inmate = handover.inmate
    refs = ", ".join(s.request.reference for s in handover.requests)
    disclosures.record(db, now, inmate, kind="release_handover", recipient="home_nav",
                       recipient_name=handover.office, included=handover.classes,
                       reference=refs, staff=staff)
    inmate_id, prison_id, sections = inmate.id, inmate.prison_id, \
        [s for s in SECTIONS if handover.included[s]]

    def write(session: Session) -> None:
        row = session.scalar(select(Handover).where(Handover.inmate_id == inmate_id))
        if row is None:
            row = Handover(inmate_id=inmate_id, made_count=0, receipt_person="",
                           receipt_channel="", updated_at=now)
            session.add(row)
        row.first_made_at = row.first_made_at or now
        row.last_made_at = now
        row.made_count = (row.made_count or 0) + 1
        row.prison_id = prison_id
        row.updated_at = now
        session.flush()
        audit.record(session, now, Actor("staff", staff.id), "release_handover.made",
                     subject_type="inmate", subject_id=inmate_id, prison_id=prison_id,
                     detail={"format": fmt, "sections": sections})

    after_reading(db, write)
