"""Forms on the kiosk: drafts saved as the inmate goes, confirmation into a submission,
and the officer's countersignature that makes it "sent".

Lifecycle of a submission (status):
- awaiting_countersign: the inmate confirmed; an officer must countersign it (on the
  terminal with password and TOTP, or from the staff app in the same prison);
- sent: countersigned (or a form that needs no countersignature); it is now received
  and in the inbox of the form's teams;
- under_review: a staff member has opened it;
- returned: staff sent it back for correction, with a message the inmate sees; the
  inmate sends a new version (kind "resubmission");
- registered: staff took it into NAV's systems and noted NAV's reference.
A correction (kind "correction") is a new submission that refers to the one it corrects.

Practice never creates a submission: confirming a practice draft gives a receipt marked
as practice and deletes the draft.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from core import audit
from core.audit import Actor
from core.db import forget, read_once
from core.models import FormDraft, FormSubmission, Inmate, Role, StaffUser, Terminal
from core.security.hashing import new_code
from core.services.forms import answers as form_answers
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import FormDefinition, registry
from core.services.permissions import in_scope

AWAITING = "awaiting_countersign"
SENT = "sent"
UNDER_REVIEW = "under_review"
RETURNED = "returned"
REGISTERED = "registered"
STATUSES = (AWAITING, SENT, UNDER_REVIEW, RETURNED, REGISTERED)
RECEIVED = (SENT, UNDER_REVIEW, RETURNED, REGISTERED)  # what staff inboxes show
PRACTICE_PREFIX = "practice:"
MAX_SUBMIT_KEY = 64


def new_submit_key() -> str:
    """A fresh key for a confirm button: the same key twice means the same submit."""
    return secrets.token_urlsafe(24)


def slot_for(form_key: str, *, practice: bool = False, period_start: date | None = None,
             previous_id: int | None = None) -> str:
    """What a draft is a draft of; an inmate has one draft per slot."""
    slot = form_key
    if period_start is not None:
        slot += f":{period_start.isoformat()}"
    if previous_id is not None:
        slot += f":after-{previous_id}"
    return (PRACTICE_PREFIX if practice else "") + slot


def definition_of(draft: FormDraft | FormSubmission) -> FormDefinition:
    found = registry().get(draft.form_key, draft.form_version)
    if found is None:
        raise NotFound()
    return found


# Drafts --------------------------------------------------------------------------------

def start(db: Session, now: datetime, inmate: Inmate, definition: FormDefinition, *,
          terminal: Terminal | None, practice: bool = False, period_start: date | None = None,
          previous: FormSubmission | None = None, data: dict | None = None) -> FormDraft:
    """The draft for this form (and period), made if there is none: the inmate resumes
    where they stopped, on any terminal. A new draft starts from ``data``, else from what
    the inmate's record already says (known_answers)."""
    slot = slot_for(definition.key, practice=practice, period_start=period_start,
                    previous_id=previous.id if previous else None)
    draft = db.scalar(select(FormDraft).where(FormDraft.inmate_id == inmate.id,
                                              FormDraft.slot == slot))
    if draft is not None:
        return draft
    draft = FormDraft(inmate_id=inmate.id, slot=slot, form_key=definition.key,
                      form_version=definition.version, practice=practice,
                      period_start=period_start, previous_id=previous.id if previous else None,
                      data=json.dumps(data if data is not None else
                                      known_answers(definition, inmate), ensure_ascii=False),
                      step="",
                      started_at=now, updated_at=now,
                      terminal_id=terminal.id if terminal else None)
    db.add(draft)
    db.flush()
    _drafts_changed(db, inmate.id)
    if not practice:
        audit.record(db, now, Actor("inmate", inmate.id), "form.start", subject_type="inmate",
                     subject_id=inmate.id, prison_id=inmate.prison_id,
                     detail={"form": definition.key, "draft": draft.id})
    return draft


def known_answers(definition: FormDefinition, inmate: Inmate) -> dict:
    """The answers the inmate's record already gives, filled in for them to check: the
    home municipality for a municipality question."""
    if not inmate.municipality_number:
        return {}
    return {q.key: inmate.municipality_number for q in definition.questions.values()
            if q.type == "municipality"}


def own_draft(db: Session, inmate: Inmate, draft_id: int) -> FormDraft:
    # Once per form page, before anything has loaded it: db.get builds its statement
    # anew each time (100 µs against 63 µs for this one; issue 20).
    draft = db.scalar(_DRAFT, {"draft_id": draft_id})
    if draft is None or draft.inmate_id != inmate.id:
        raise NotFound()
    return draft


def drafts_of(db: Session, inmate: Inmate, *, practice: bool = False) -> list[FormDraft]:
    """The inmate's drafts (or practice drafts), newest first, as the transaction began
    with them: read once per transaction (the meldekort periods page read each list twice;
    issue 20). ``start`` and ``discard``, which add and delete drafts, read them again."""
    return read_once(db, _drafts_key(inmate.id, practice), lambda: list(
        db.scalars(_DRAFTS_OF[bool(practice)], {"inmate_id": inmate.id})))


def _drafts_key(inmate_id: int, practice: bool) -> tuple:
    return ("form_drafts", inmate_id, bool(practice))


def _drafts_changed(db: Session, inmate_id: int) -> None:
    for practice in (False, True):
        forget(db, _drafts_key(inmate_id, practice))


# Read on the forms and meldekort pages: built once (SQLAlchemy keeps their cache keys).
_DRAFT = select(FormDraft).where(FormDraft.id == bindparam("draft_id"))
_DRAFTS_OF = {practice: select(FormDraft).where(
    FormDraft.inmate_id == bindparam("inmate_id"), FormDraft.practice.is_(practice))
    .order_by(FormDraft.updated_at.desc()) for practice in (False, True)}


def answers(draft: FormDraft) -> dict:
    return json.loads(draft.data or "{}")


def save(db: Session, now: datetime, draft: FormDraft, changes: dict, *, step: str = "",
         terminal: Terminal | None = None) -> None:
    """Merge answers into the draft, as typed: nothing is lost, valid or not."""
    data = answers(draft)
    data.update(changes)
    draft.data = json.dumps(data, ensure_ascii=False)
    if step:
        draft.step = step
    draft.updated_at = now
    if terminal is not None:
        draft.terminal_id = terminal.id


def discard(db: Session, draft: FormDraft) -> None:
    db.delete(draft)
    db.flush()
    _drafts_changed(db, draft.inmate_id)


# Confirming ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PracticeReceipt:
    """What confirming a practice draft gives: nothing is stored, nothing is sent."""

    form_key: str
    snapshot: dict


def _reference(db: Session) -> str:
    while True:
        reference = new_code(6)
        if not db.scalar(select(FormSubmission.id).where(FormSubmission.reference == reference)):
            return reference


def submitted_with(db: Session, inmate: Inmate, submit_key: str) -> FormSubmission | None:
    """The submission a submit key already made; NotFound if another inmate's."""
    earlier = db.scalar(select(FormSubmission)
                        .where(FormSubmission.submit_key == submit_key[:MAX_SUBMIT_KEY]))
    if earlier is not None and earlier.inmate_id != inmate.id:
        raise NotFound()
    return earlier


def confirm(db: Session, now: datetime, inmate: Inmate, draft: FormDraft, *, language: str,
            snapshot: dict, answers_: dict, terminal: Terminal | None, supervisor_id: int | None,
            submit_key: str | None, late: bool = False, benefit: str | None = None,
            kind: str = "original", correction_reason: str | None = None,
            card_type: str | None = None) -> FormSubmission | PracticeReceipt:
    """Turn a checked draft into a submission (or a practice receipt). The caller has
    checked the answers. A submit key seen before returns the submission it made."""
    if submit_key:
        submit_key = submit_key[:MAX_SUBMIT_KEY]
        if (earlier := submitted_with(db, inmate, submit_key)) is not None:
            return earlier
    if draft.inmate_id != inmate.id:
        raise NotFound()
    definition = definition_of(draft)
    if draft.practice:
        receipt = PracticeReceipt(definition.key, snapshot)
        discard(db, draft)
        return receipt
    status = AWAITING if definition.countersign else SENT
    submission = FormSubmission(
        reference=_reference(db), submit_key=submit_key or None, form_key=definition.key,
        form_version=definition.version, language=language, inmate_id=inmate.id,
        prison_id=inmate.prison_id, team=definition.teams[0], status=status, kind=kind,
        previous_id=draft.previous_id, correction_reason=correction_reason,
        period_start=draft.period_start, benefit=benefit, card_type=card_type, late=late,
        snapshot=json.dumps(snapshot, ensure_ascii=False),
        answers=json.dumps(answers_, ensure_ascii=False),
        started_at=draft.started_at, confirmed_at=now,
        received_at=None if definition.countersign else now,
        terminal_id=terminal.id if terminal else draft.terminal_id,
        supervisor_id=supervisor_id)
    db.add(submission)
    db.flush()
    discard(db, draft)
    audit.record(db, now, Actor("inmate", inmate.id), "form.confirm",
                 subject_type="form_submission", subject_id=submission.id,
                 prison_id=submission.prison_id,
                 detail={"form": definition.key, "kind": kind, "late": late,
                         "terminal": submission.terminal_id})
    return submission


def confirm_generic(db: Session, now: datetime, inmate: Inmate, draft: FormDraft, *,
                    language: str, terminal: Terminal | None, supervisor_id: int | None,
                    submit_key: str | None) -> FormSubmission | PracticeReceipt:
    """Confirm a generic form: every answer is checked again first."""
    definition = definition_of(draft)
    given = form_answers.clean(definition, answers(draft))
    problems = form_answers.check_all(definition, given)
    if problems:
        raise ServiceError("form_incomplete", step=_step_of(definition, problems[0].field))
    return confirm(db, now, inmate, draft, language=language,
                   snapshot=form_answers.snapshot(definition, given, language), answers_=given,
                   terminal=terminal, supervisor_id=supervisor_id, submit_key=submit_key,
                   kind="resubmission" if draft.previous_id else "original")


def _step_of(definition: FormDefinition, question_key: str) -> str:
    return next(s.key for s in definition.steps if any(q.key == question_key
                                                       for q in s.questions))


# The inmate's submissions --------------------------------------------------------------

def submissions_of(db: Session, inmate: Inmate, form_key: str | None = None
                   ) -> list[FormSubmission]:
    query = select(FormSubmission).where(FormSubmission.inmate_id == inmate.id)
    if form_key:
        query = query.where(FormSubmission.form_key == form_key)
    return list(db.scalars(query.order_by(FormSubmission.confirmed_at.desc(),
                                          FormSubmission.id.desc())))


def returned_to_inmate(db: Session, inmate: Inmate) -> list[FormSubmission]:
    """The inmate's submissions that staff sent back and that no new version has followed
    yet: what they must fill in again, oldest first."""
    return list(db.scalars(_RETURNED_TO_INMATE, {"inmate_id": inmate.id}))


# Read on every kiosk home page: built once (SQLAlchemy keeps its cache key with it), and
# without the inmate, their prison and unit that FormSubmission otherwise joins eagerly:
# the asker is the inmate already loaded (issue 20).
_RETURNED_TO_INMATE = (
    select(FormSubmission)
    .where(FormSubmission.inmate_id == bindparam("inmate_id"), FormSubmission.status == RETURNED,
           FormSubmission.id.not_in(select(FormSubmission.previous_id).where(
               FormSubmission.inmate_id == bindparam("inmate_id"),
               FormSubmission.previous_id.is_not(None))))
    .order_by(FormSubmission.returned_at, FormSubmission.id)
    .options(lazyload(FormSubmission.inmate))
)


def own_submission(db: Session, inmate: Inmate, submission_id: int) -> FormSubmission:
    submission = db.get(FormSubmission, submission_id)
    if submission is None or submission.inmate_id != inmate.id:
        raise NotFound()
    return submission


def snapshot_of(submission: FormSubmission) -> dict:
    return json.loads(submission.snapshot)


def answers_of(submission: FormSubmission) -> dict:
    return json.loads(submission.answers)


def successor(db: Session, submission: FormSubmission) -> FormSubmission | None:
    """The correction or resubmission that followed this submission, if any."""
    return db.scalar(select(FormSubmission).where(FormSubmission.previous_id == submission.id)
                     .order_by(FormSubmission.id.desc()))


# Countersigning ------------------------------------------------------------------------

def may_countersign(officer: StaffUser, submission: FormSubmission) -> bool:
    return (officer.active and officer.has_role(Role.OFFICER, Role.PRISON_ADMIN)
            and in_scope(officer, submission.prison_id))


def countersign_label(reader: StaffUser | Role, submission: FormSubmission, language: str
                      ) -> str | None:
    """The form's title for whoever countersigns it, or None (show a neutral "a form")
    when the data-class table keeps the form's type from them: always for officers and
    administrators, since countersigning is not the team the form is routed to."""
    from core.services.data_classes import DataClass, permits

    roles = set(reader.roles) if isinstance(reader, StaffUser) else {reader}
    if not permits(DataClass.FORM_TYPE, roles):  # countersigning is never the form's team
        return None
    definition = registry().get(submission.form_key, submission.form_version)
    return definition.title(language) if definition else submission.form_key


def countersign(db: Session, now: datetime, officer: StaffUser, submission: FormSubmission,
                via: str) -> None:
    """The officer's countersignature: the submission is now sent and received. The
    officer sees who sent it and when, never the answers."""
    if via not in ("terminal", "admin"):
        raise ValueError(via)
    if not may_countersign(officer, submission):
        raise ServiceError("not_officer_here")
    if submission.status != AWAITING:
        raise ServiceError("not_awaiting_countersign")
    submission.status = SENT
    submission.countersigned_at = submission.received_at = now
    submission.countersigned_by = officer.id
    submission.countersigned_via = via
    if submission.supervisor_id is None:
        submission.supervisor_id = officer.id
    audit.record(db, now, Actor("staff", officer.id), "form.countersign",
                 subject_type="form_submission", subject_id=submission.id,
                 prison_id=submission.prison_id, detail={"via": via})


def awaiting_countersign(db: Session, officer: StaffUser, terminal_id: int | None = None
                         ) -> list[FormSubmission]:
    """Submissions waiting for an officer in the officer's prisons (on one terminal)."""
    from core.services.scoping import scoped

    query = scoped(select(FormSubmission), FormSubmission.prison_id, officer).where(
        FormSubmission.status == AWAITING)
    if terminal_id is not None:
        query = query.where(FormSubmission.terminal_id == terminal_id)
    return list(db.scalars(query.order_by(FormSubmission.confirmed_at)))
