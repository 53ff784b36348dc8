"""The staff side of forms: the inbox of received submissions, a submission's record, and
the two things staff do with it (register it with NAV, or return it for correction).

Who reads what:
- advisers, social workers and the school (Can.RECEIVE_FORMS) read the submissions in the
  prisons they serve, of the forms whose definition names one of their teams (the
  meldekort goes to advisers and social workers, the job-seeker registration to advisers,
  the application for financial help to social workers); anything else is "not found";
- only received submissions (sent, under review, returned, registered): one waiting for
  an officer's countersignature is not sent yet, and practice never makes a submission.

Whose answers they see (core.services.data_classes): a form's answers are the team's;
a meldekort's answers reach a social worker only when the inmate has consented to
meldekort help from social work (for the whole stay or that card), or when no Nav
adviser serves the prison (the card went to social work because nobody else could take
it). Otherwise the record, the exports and the prints say that a card was sent, not what
it says.

Transitions (core.services.forms.submissions has the whole lifecycle):
- opening the record of a "sent" submission makes it "under_review";
- "sent" or "under_review" -> "registered", with NAV's reference;
- "sent" or "under_review" -> "returned", with a message the inmate reads on the kiosk.
Every read and change is audited; the inbox's read records the filters and a count only.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO, as_utc
from core.models import (FormSubmission, Inmate, Prison, Role, StaffRole, StaffUser, Terminal,
                         staff_prison)
from core.services.records import disclosures
from core.services.requests import consents
from core.services.forms import submissions as forms
from core.services.data_classes import Context, DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import TEAMS, registry
from core.services.forms.meldekort.periods import Period
from core.services.permissions import in_scope
from core.services.scoping import scoped

RECEIVED = forms.RECEIVED
ORDERS = ("newest", "oldest")
LIMIT = 1000
MAX_REFERENCE = 64
MAX_MESSAGE = 1000
REGISTRABLE = (forms.SENT, forms.UNDER_REVIEW)
RETURNABLE = (forms.SENT, forms.UNDER_REVIEW)


# Who reads which forms ---------------------------------------------------------------

def teams_of(staff: StaffUser) -> set[str]:
    """The staff member's teams that receive forms (officers and administrators have none)."""
    return {r.value for r in staff.roles if r.value in TEAMS}


def readable_forms(staff: StaffUser) -> dict[str, tuple[int, ...]]:
    """Form key -> the versions whose definition sends them to one of the staff's teams
    (the data-class table: a form's type is the team's)."""
    teams = teams_of(staff)
    if not permits(DataClass.FORM_TYPE, staff.roles, Context(team=bool(teams))):
        return {}
    found: dict[str, tuple[int, ...]] = {}
    for key in registry().keys():
        newest = registry().current(key, date.max)
        versions = tuple(v for v in range(1, newest.version + 1 if newest else 1)
                         if (d := registry().get(key, v)) is not None
                         and teams & set(d.teams))
        if versions:
            found[key] = versions
    return found


def _readable(staff: StaffUser) -> Select:
    query = scoped(select(FormSubmission), FormSubmission.prison_id, staff).where(
        FormSubmission.status.in_(RECEIVED))
    allowed = readable_forms(staff)
    if not allowed:
        return query.where(false())
    return query.where(or_(*[and_(FormSubmission.form_key == key,
                                  FormSubmission.form_version.in_(versions))
                             for key, versions in allowed.items()]))


def may_read(staff: StaffUser, submission: FormSubmission) -> bool:
    return (submission.status in RECEIVED and in_scope(staff, submission.prison_id)
            and submission.form_version in readable_forms(staff).get(submission.form_key, ()))


def readable(db: Session, staff: StaffUser, submission_id: int) -> FormSubmission:
    """A submission the staff member may read (not audited: the caller reads or changes
    it and records that); NotFound otherwise."""
    submission = db.get(FormSubmission, submission_id)
    if submission is None or not may_read(staff, submission):
        raise NotFound()
    return submission


def no_adviser(db: Session, prison_id: int) -> bool:
    """Whether no active Nav adviser serves the prison."""
    return db.scalar(select(StaffUser.id).join(StaffRole, StaffRole.staff_id == StaffUser.id)
                     .join(staff_prison, staff_prison.c.staff_id == StaffUser.id).where(
        StaffUser.active.is_(True), StaffRole.role == Role.ADVISER.value,
        staff_prison.c.prison_id == prison_id).limit(1)) is None


def answers_shown(db: Session, staff: StaffUser, submission: FormSubmission) -> bool:
    """Whether the staff member, who may read the submission, may see its answers."""
    if not may_read(staff, submission):
        return False
    if not permits(DataClass.FORM_ANSWERS, staff.roles, Context(team=True)):
        return False
    if submission.form_key != "meldekort":
        return True
    context = Context(team=True, consents=consents.active_pairs(
        db, submission.inmate_id, submission_id=submission.id),
        no_adviser=no_adviser(db, submission.prison_id))
    return permits(DataClass.MELDEKORT_ANSWERS, staff.roles, context)


# The inbox -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    form: str = ""  # a form key, or "" for every form
    status: str = ""  # one of RECEIVED, or "" for all of them
    period: str = ""  # a meldekort period ("2026-W10"), a month received ("2026-03"), or ""
    order: str = "newest"  # newest or oldest received first

    def active(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in ("",) and f.name != "order"}


def month_bounds(text: str) -> tuple[datetime, datetime]:
    """The first moment of the month "YYYY-MM" in Oslo and of the next, as UTC."""
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except ValueError as error:
        raise ServiceError("period_unknown") from error
    following = date(year + month // 12, month % 12 + 1, 1)
    return (as_utc(datetime(first.year, first.month, 1, tzinfo=OSLO)),
            as_utc(datetime(following.year, following.month, 1, tzinfo=OSLO)))


def _period_clause(text: str):
    if "-W" in text:
        try:
            return FormSubmission.period_start == Period.from_id(text).start
        except ValueError as error:  # NotAMonday is a ValueError too
            raise ServiceError("period_unknown") from error
    if len(text) != 7:
        raise ServiceError("period_unknown")
    start, end = month_bounds(text)
    return and_(FormSubmission.received_at >= start, FormSubmission.received_at < end)


def _filtered(query: Select, filters: Filters, skip: str = "") -> Select:
    if filters.form and skip != "form":
        query = query.where(FormSubmission.form_key == filters.form)
    if filters.status and skip != "status":
        if filters.status not in RECEIVED:
            raise ServiceError("status_unknown")
        query = query.where(FormSubmission.status == filters.status)
    if filters.period and skip != "period":
        query = query.where(_period_clause(filters.period))
    return query


def inbox(db: Session, now: datetime, staff: StaffUser, filters: Filters = Filters()
          ) -> list[FormSubmission]:
    """The received submissions the staff member may read, newest (or oldest) first."""
    if filters.order not in ORDERS:
        raise ServiceError("order_unknown")
    newest = filters.order == "newest"
    order = (FormSubmission.received_at.desc(), FormSubmission.id.desc()) if newest else (
        FormSubmission.received_at, FormSubmission.id)
    found = list(db.scalars(_filtered(_readable(staff), filters).order_by(*order).limit(LIMIT)))
    audit.record(db, now, Actor("staff", staff.id), "form.inbox",
                 detail={"filters": filters.active(), "count": len(found)})
    return found


def counts(db: Session, staff: StaffUser, filters: Filters = Filters()) -> dict[str, int]:
    """How many submissions each status would show, the other filters kept ("" = all)."""
    sub = _filtered(_readable(staff), filters, skip="status").subquery()
    found = Counter(dict(db.execute(select(sub.c.status, func.count())
                                    .group_by(sub.c.status)).all()))
    return {**{status: found[status] for status in RECEIVED}, "": sum(found.values())}


def meldekort_periods(db: Session, staff: StaffUser) -> list[Period]:
    """The meldekort periods of the received cards the staff member may read, newest first."""
    sub = _readable(staff).where(FormSubmission.period_start.is_not(None)).subquery()
    starts = db.scalars(select(sub.c.period_start).distinct())
    return sorted((Period(s) for s in starts), reverse=True)


# A record --------------------------------------------------------------------------------

@dataclass
class Record:
    """A submission with everything its record shows."""

    submission: FormSubmission
    inmate: Inmate
    prison: Prison  # where it was sent from (the inmate may have moved since)
    terminal: Terminal | None
    supervisor: StaffUser | None
    countersigner: StaffUser | None
    registered_by: StaffUser | None
    returned_by: StaffUser | None
    previous: FormSubmission | None  # the one this corrects or replaces
    following: FormSubmission | None  # the correction or new version that followed it
    answers_shown: bool = False  # the data-class table lets the reader see the answers

    @property
    def snapshot(self) -> dict:
        return forms.snapshot_of(self.submission) if self.answers_shown else {}

    @property
    def rekey(self):
        """A meldekort's answers in the shape NAV's system takes them, for its card type
        (core.services.forms.meldekort.rekey); None for other forms or hidden answers."""
        from core.services.forms.meldekort.rekey import rekey

        return rekey(self.snapshot) if self.answers_shown else None


def record_of(db: Session, submission: FormSubmission, reader: StaffUser) -> Record:
    def person(staff_id):
        return db.get(StaffUser, staff_id) if staff_id else None

    return Record(
        submission, db.get(Inmate, submission.inmate_id), db.get(Prison, submission.prison_id),
        db.get(Terminal, submission.terminal_id) if submission.terminal_id else None,
        person(submission.supervisor_id), person(submission.countersigned_by),
        person(submission.registered_by), person(submission.returned_by),
        db.get(FormSubmission, submission.previous_id) if submission.previous_id else None,
        forms.successor(db, submission), answers_shown(db, reader, submission))


def open_record(db: Session, now: datetime, staff: StaffUser, submission_id: int
                ) -> FormSubmission:
    """A submission for its record, audited as a read. The first opening of a "sent" one
    makes it "under_review"."""
    submission = readable(db, staff, submission_id)
    actor = Actor("staff", staff.id)
    audit.record(db, now, actor, "form.view", subject_type="form_submission",
                 subject_id=submission.id, prison_id=submission.prison_id)
    if submission.status == forms.SENT:
        submission.status = forms.UNDER_REVIEW
        audit.record(db, now, actor, "form.review", subject_type="form_submission",
                     subject_id=submission.id, prison_id=submission.prison_id)
    return submission


def _disclose(db: Session, now: datetime, staff: StaffUser, submission: FormSubmission,
              how: str) -> None:
    """An export or print leaves the system: the inmate sees it as a disclosure."""
    included = [DataClass.IDENTITY, DataClass.FORM_TYPE]
    if answers_shown(db, staff, submission):
        included.append(DataClass.MELDEKORT_ANSWERS if submission.form_key == "meldekort"
                        else DataClass.FORM_ANSWERS)
    disclosures.record(db, now, db.get(Inmate, submission.inmate_id),
                       kind="print" if how == "print" else "export", recipient="staff_export",
                       recipient_name=staff.name, included=included,
                       reference=submission.reference, staff=staff)


def read_for_export(db: Session, now: datetime, staff: StaffUser, submission_id: int,
                    how: str) -> FormSubmission:
    """A submission to export (``how``: csv or print), audited and disclosed."""
    submission = readable(db, staff, submission_id)
    audit.record(db, now, Actor("staff", staff.id), "form.export",
                 subject_type="form_submission", subject_id=submission.id,
                 prison_id=submission.prison_id, detail={"format": how, "count": 1})
    _disclose(db, now, staff, submission, how)
    return submission


def export_set(db: Session, now: datetime, staff: StaffUser, filters: Filters, how: str
               ) -> list[FormSubmission]:
    """The inbox's submissions under ``filters``, to export (``how``: csv or print); one
    disclosure per submission."""
    found = inbox(db, now, staff, filters)
    audit.record(db, now, Actor("staff", staff.id), "form.export",
                 detail={"format": how, "filters": filters.active(), "count": len(found)})
    for submission in found:
        _disclose(db, now, staff, submission, how)
    return found


# Registering and returning -----------------------------------------------------------------

def _clean(text: str | None, *, maximum: int, required: str, too_long: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ServiceError(required)
    if len(text) > maximum:
        raise ServiceError(too_long, max=maximum)
    return text


def register(db: Session, now: datetime, staff: StaffUser, submission: FormSubmission,
             nav_reference: str) -> None:
    """Mark a received submission "registered with NAV", with NAV's reference."""
    if not may_read(staff, submission):
        raise NotFound()
    reference = _clean(nav_reference, maximum=MAX_REFERENCE, required="nav_reference_required",
                       too_long="nav_reference_too_long")
    if submission.status not in REGISTRABLE:
        raise ServiceError("form_not_registrable", status=submission.status)
    submission.status = forms.REGISTERED
    submission.registered_at, submission.registered_by = now, staff.id
    submission.nav_reference = reference
    audit.record(db, now, Actor("staff", staff.id), "form.register",
                 subject_type="form_submission", subject_id=submission.id,
                 prison_id=submission.prison_id, detail={"nav_reference": reference})


def return_for_correction(db: Session, now: datetime, staff: StaffUser,
                          submission: FormSubmission, message: str) -> None:
    """Send a received submission back to the inmate, with a message shown on the kiosk.
    The inmate then sends a new version (a resubmission)."""
    if not may_read(staff, submission):
        raise NotFound()
    text = _clean(message, maximum=MAX_MESSAGE, required="return_message_required",
                  too_long="return_message_too_long")
    if submission.status not in RETURNABLE:
        raise ServiceError("form_not_returnable", status=submission.status)
    submission.status = forms.RETURNED
    submission.returned_at, submission.returned_by = now, staff.id
    submission.return_message = text
    audit.record(db, now, Actor("staff", staff.id), "form.return",
                 subject_type="form_submission", subject_id=submission.id,
                 prison_id=submission.prison_id, detail={"length": len(text)})
