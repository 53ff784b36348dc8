"""Consent to share, per recipient and purpose, for one request, one form or the whole
stay (core.services.data_classes has the recipients, purposes and scopes). Given with a
request or on its own, withdrawn in one step from "My consents"; withdrawing takes effect
at once everywhere, because every check reads the consent rows. Both are logged in the
audit trail."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import (Appointment, Consent, FormSubmission, Inmate, Request, RequestEvent,
                         RequestParticipant)
from core.services.data_classes import MEETING_RECIPIENT, RECIPIENT_PURPOSES, Purpose, Scope
from core.services.errors import NotFound, ServiceError


# The consents an inmate may give on their own for the whole stay (recipient, purpose).
# The three to the home Nav office make up the person's hand-over before release
# (core.services.release.handover): who the inmate is with the release dates and the
# contact person, the plan with the appointments after release, and the claims made.
STANDING = (("social_work", "meldekort_help"), ("home_nav", "handover"), ("home_nav", "plan"),
            ("home_nav", "claims"), ("work_shop", "work_capacity"))


def consents_of(db: Session, inmate: Inmate) -> list[Consent]:
    return list(db.scalars(select(Consent).where(Consent.inmate_id == inmate.id)
                           .order_by(Consent.given_at.desc(), Consent.id.desc())))


@dataclass(frozen=True)
class ConsentWithRequest:
    """A consent and the request it was given with (None: the request is gone), so that
    two consents to the same recipient read as two requests, not as a duplicate."""

    consent: Consent
    request: Request | None


def consents_with_requests(db: Session, inmate: Inmate) -> list[ConsentWithRequest]:
    rows = db.execute(select(Consent, Request).outerjoin(Request, Request.id == Consent.request_id)
                      .where(Consent.inmate_id == inmate.id)
                      .order_by(Consent.given_at.desc(), Consent.id.desc())).all()
    return [ConsentWithRequest(consent, request) for consent, request in rows]


def check(recipient: str, purpose: str, scope: str) -> None:
    """ServiceError for an unknown recipient, purpose or scope, or a purpose the recipient
    cannot be asked for."""
    if recipient not in RECIPIENT_PURPOSES:
        raise ServiceError("recipient_unknown")
    if purpose not in {p.value for p in Purpose}:
        raise ServiceError("purpose_unknown")
    if purpose not in {p.value for p in RECIPIENT_PURPOSES[recipient]}:
        raise ServiceError("purpose_not_for_recipient")
    if scope not in {s.value for s in Scope}:
        raise ServiceError("scope_unknown")


def step_purpose(recipient: str) -> str:
    """The purpose the kiosk's request step asks a recipient for."""
    if recipient not in RECIPIENT_PURPOSES:
        raise ServiceError("recipient_unknown")
    return RECIPIENT_PURPOSES[recipient][0].value


def give(db: Session, now: datetime, inmate: Inmate, recipient: str, purpose: str, scope: str,
         *, request: Request | None = None, submission: FormSubmission | None = None,
         asked_by: Actor | None = None) -> Consent:
    check(recipient, purpose, scope)
    if scope == Scope.REQUEST and (request is None or request.inmate_id != inmate.id):
        raise ServiceError("consent_needs_request")
    if scope == Scope.FORM and (submission is None or submission.inmate_id != inmate.id):
        raise ServiceError("consent_needs_form")
    asker = asked_by or Actor("inmate", inmate.id)
    consent = Consent(inmate_id=inmate.id, recipient=recipient, purpose=purpose, scope=scope,
                      request_id=request.id if request is not None else None,
                      form_submission_id=submission.id if submission is not None else None,
                      given_at=now, asked_by_type=asker.type, asked_by_id=asker.id)
    db.add(consent)
    db.flush()
    detail = {"recipient": recipient, "purpose": purpose, "scope": scope, "consent": consent.id}
    if request is not None:
        detail["request"] = request.id
    if submission is not None:
        detail["form"] = submission.id
    audit.record(db, now, Actor("inmate", inmate.id), "consent.give", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id, detail=detail)
    return consent


def give_standing(db: Session, now: datetime, inmate: Inmate, recipient: str, purpose: str
                  ) -> Consent:
    """A consent for the whole stay, given by the inmate from "My consents": only those in
    STANDING. Giving one that is already active changes nothing."""
    check(recipient, purpose, Scope.STAY.value)
    if (recipient, purpose) not in STANDING:
        raise ServiceError("purpose_not_for_recipient")
    existing = db.scalar(select(Consent).where(
        Consent.inmate_id == inmate.id, Consent.recipient == recipient,
        Consent.purpose == purpose, Consent.scope == Scope.STAY.value,
        Consent.withdrawn_at.is_(None)).limit(1))
    return existing or give(db, now, inmate, recipient, purpose, Scope.STAY.value)


def active(db: Session, inmate_id: int, recipient: str, purpose: str, *,
           request_id: int | None = None, submission_id: int | None = None) -> Consent | None:
    """The active consent that covers this: one for the whole stay, or one given for this
    very request or form. A consent on another request never counts."""
    given = {"inmate_id": inmate_id, "recipient": recipient, "purpose": purpose}
    if request_id is not None:
        given["request_id"] = request_id
    if submission_id is not None:
        given["submission_id"] = submission_id
    return db.scalar(_active(request_id is not None, submission_id is not None), given)


@lru_cache(maxsize=4)
def _active(for_request: bool, for_form: bool) -> Select:
    """``active``'s statement: built once for each of its four shapes, so SQLAlchemy keeps
    their cache keys (a request's page and its filing ask several times; issue 20)."""
    covers = [Consent.scope == Scope.STAY.value]
    if for_request:
        covers.append((Consent.scope == Scope.REQUEST.value)
                      & (Consent.request_id == bindparam("request_id")))
    if for_form:
        covers.append((Consent.scope == Scope.FORM.value)
                      & (Consent.form_submission_id == bindparam("submission_id")))
    return (select(Consent).where(
        Consent.inmate_id == bindparam("inmate_id"), Consent.recipient == bindparam("recipient"),
        Consent.purpose == bindparam("purpose"), Consent.withdrawn_at.is_(None), or_(*covers))
        .order_by(Consent.id).limit(1))


def active_for(db: Session, inmate_id: int, recipients: list[str], purpose: str, *,
               request_id: int) -> dict[str, Consent]:
    """``active`` for several recipients of one request in one query: per recipient, the
    consent ``active`` gives (the oldest that covers it). A request's page asked once for
    each team that could join a case meeting (issue 20)."""
    found: dict[str, Consent] = {}
    for consent in db.scalars(_ACTIVE_FOR, {"inmate_id": inmate_id, "recipients": recipients,
                                            "purpose": purpose, "request_id": request_id}):
        found.setdefault(consent.recipient, consent)
    return found


_ACTIVE_FOR = (select(Consent).where(
    Consent.inmate_id == bindparam("inmate_id"),
    Consent.recipient.in_(bindparam("recipients", expanding=True)),
    Consent.purpose == bindparam("purpose"), Consent.withdrawn_at.is_(None),
    or_(Consent.scope == Scope.STAY.value, (Consent.scope == Scope.REQUEST.value)
        & (Consent.request_id == bindparam("request_id"))))
    .order_by(Consent.id))


def active_pairs(db: Session, inmate_id: int, *, request_id: int | None = None,
                 submission_id: int | None = None) -> frozenset[tuple[str, str]]:
    """Every (recipient, purpose) with an active consent covering this request or form."""
    covers = [Consent.scope == Scope.STAY.value]
    if request_id is not None:
        covers.append((Consent.scope == Scope.REQUEST.value) & (Consent.request_id == request_id))
    if submission_id is not None:
        covers.append((Consent.scope == Scope.FORM.value)
                      & (Consent.form_submission_id == submission_id))
    return frozenset(db.execute(select(Consent.recipient, Consent.purpose).where(
        Consent.inmate_id == inmate_id, Consent.withdrawn_at.is_(None), or_(*covers))).all())


def of_request(db: Session, request: Request) -> list[Consent]:
    """The consents given on this request, withdrawn ones too."""
    return list(db.scalars(select(Consent).where(Consent.request_id == request.id)
                           .order_by(Consent.recipient, Consent.given_at)))


def withdraw_consent(db: Session, now: datetime, inmate: Inmate, consent_id: int) -> None:
    consent = db.get(Consent, consent_id)
    if consent is None or consent.inmate_id != inmate.id:
        raise NotFound()
    if consent.withdrawn_at is None:
        consent.withdrawn_at = now
        audit.record(db, now, Actor("inmate", inmate.id), "consent.withdraw",
                     subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                     detail={"recipient": consent.recipient, "purpose": consent.purpose,
                             "consent": consent.id})
        if consent.purpose == Purpose.CASE_MEETING.value:
            _end_meetings(db, now, inmate, consent)


def _end_meetings(db: Session, now: datetime, inmate: Inmate, consent: Consent) -> None:
    """A withdrawn case-meeting consent removes the second team at once (every read checks
    the consent too): that team's participations in the inmate's requests that no other
    consent still covers end, and they leave the requests' coming appointments
    (core.services.requests.participants)."""
    teams = [t.value for t, r in MEETING_RECIPIENT.items() if r == consent.recipient]
    query = select(RequestParticipant).join(Request).where(
        Request.inmate_id == inmate.id, RequestParticipant.team.in_(teams),
        RequestParticipant.removed_at.is_(None))
    if consent.scope == Scope.REQUEST.value:
        query = query.where(RequestParticipant.request_id == consent.request_id)
    for row in db.scalars(query):
        if active(db, inmate.id, consent.recipient, consent.purpose,
                  request_id=row.request_id) is not None:
            continue
        row.removed_at, row.removed_cause = now, "withdrawn"
        for appointment in db.scalars(select(Appointment).where(
                Appointment.request_id == row.request_id,
                Appointment.second_staff_id == row.staff_id, Appointment.starts_at > now)):
            appointment.second_staff_id = None
        db.add(RequestEvent(request_id=row.request_id, at=now, actor_type="inmate",
                            actor_id=inmate.id, kind="participant_removed",
                            detail=json.dumps({"team": row.team, "staff": row.staff_id,
                                               "cause": "withdrawn"}),
                            visible_to_inmate=True))
