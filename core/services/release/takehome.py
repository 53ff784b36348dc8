"""The take-home sheet "Etter løslatelsen" (issue 15): one or two printed pages in the
inmate's language, in plain words and large type, with what the person needs on day one:
the first appointments (time, place, address), the home Nav office (address, phone),
what to bring, what to do in the first three days, how to log in to nav.no, and the
certificates earned. Never a staff note: the sheet is built from facts only (the plan's
items are read as done/not done, never their notes).

Staff print it from the inmate's record (audited as a read, "takehome.view"); the inmate
sees the same sheet on the kiosk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, locales
from core.audit import Actor
from core.models import BenefitPlan, Inmate, ReleaseAppointment, StaffUser
from core.services.data_classes import DataClass, permits
from core.services.directory import entries as directory
from core.services.directory.entries import Entry
from core.services.errors import NotFound
from core.services.learning import certificates
from core.services.permissions import Can, allowed, in_scope
from core.services.release import plan_view

LANGUAGES = locales.KIOSK  # the sheet is in every kiosk language (a missing text: bokmål)
FIRST_APPOINTMENTS = 5


@dataclass(frozen=True)
class Certificate:
    code: str
    issued_at: datetime
    titles: list[str]


@dataclass(frozen=True)
class Sheet:
    inmate: Inmate
    language: str
    appointments: list[ReleaseAppointment]  # the first ones still to come
    home: Entry | None
    meldekort: bool  # the person has a meldekort schedule: send it in the first days
    jobseeker_done: bool  # registered as a job seeker already
    has_bank_id: bool
    certificates: list[Certificate]
    dates: dict


def language_of(inmate: Inmate) -> str:
    return inmate.language if inmate.language in LANGUAGES else "nb"


def first_appointments(db: Session, now: datetime, inmate: Inmate) -> list[ReleaseAppointment]:
    """The inmate's first appointments after release still to come (time, place, address,
    with whom, what: facts the inmate reads; the sheet and the kiosk's "Min plan")."""
    return list(db.scalars(select(ReleaseAppointment).where(
        ReleaseAppointment.inmate_id == inmate.id, ReleaseAppointment.starts_at >= now)
        .order_by(ReleaseAppointment.starts_at).limit(FIRST_APPOINTMENTS)))


def _sheet(db: Session, now: datetime, inmate: Inmate, language: str | None) -> Sheet:
    language = language if language in LANGUAGES else language_of(inmate)
    appointments = first_appointments(db, now, inmate)
    benefit = db.get(BenefitPlan, inmate.id)
    plan = plan_view.facts(db, now, inmate)
    done = {i.code for i in plan.items if i.status == "done"}
    found = [Certificate(certificates.grouped(c.code), c.issued_at,
                         [e.title(language) for e in certificates.entries(c)])
             for c in certificates.of_inmate(db, inmate)]
    return Sheet(inmate=inmate, language=language, appointments=appointments,
                 home=directory.for_inmate(db, now, inmate),
                 meldekort=bool(benefit and benefit.active),
                 jobseeker_done="jobseeker_registration" in done,
                 has_bank_id="bankid" in done, certificates=found,
                 dates=plan_view.dates(db, inmate))


def for_staff(db: Session, now: datetime, staff: StaffUser, inmate_id: int,
              language: str | None = None) -> Sheet:
    """NotFound outside the staff member's prisons or for a role that may not read the
    release plan. Audited."""
    inmate = db.get(Inmate, inmate_id)
    if inmate is None or not in_scope(staff, inmate.prison_id) \
            or not allowed(staff, Can.RELEASE_HANDOVER) \
            or not permits(DataClass.RELEASE_PLAN, staff.roles):
        raise NotFound()
    permits(DataClass.CERTIFICATES, staff.roles)
    sheet = _sheet(db, now, inmate, language)
    audit.record(db, now, Actor("staff", staff.id), "takehome.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"language": sheet.language})
    return sheet


def for_inmate(db: Session, now: datetime, inmate: Inmate, language: str | None = None) -> Sheet:
    """The inmate's own sheet (their own data: not a staff read)."""
    return _sheet(db, now, inmate, language)
