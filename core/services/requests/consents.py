"""Consent to share, per recipient. Given with a request, withdrawn from "My consents";
both are logged in the audit trail."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Consent, Inmate, Request
from core.services.errors import NotFound


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


def withdraw_consent(db: Session, now: datetime, inmate: Inmate, consent_id: int) -> None:
    consent = db.get(Consent, consent_id)
    if consent is None or consent.inmate_id != inmate.id:
        raise NotFound()
    if consent.withdrawn_at is None:
        consent.withdrawn_at = now
        audit.record(db, now, Actor("inmate", inmate.id), "consent.withdraw",
                     subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                     detail={"recipient": consent.recipient, "consent": consent.id})

