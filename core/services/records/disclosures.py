"""Disclosures: personal information that left the prison's systems (a hand-over to the
home Nav office, the work shop's work-capacity statement to Nav, a staff export or print
of personal records). Each one is a row the
inmate reads on the kiosk under "Who has received information about me", with the date,
the recipient and what was included, and an audit event."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import after_reading
from core.models import Disclosure, Inmate, StaffUser
from core.services.data_classes import DataClass

# release_handover: a person's (issue 15); statement: the work shop's (issue 16)
KINDS = ("handover", "export", "print", "release_handover", "statement")
# Who received it: an outside recipient, or whoever a staff member handed the export or
# print to (the staff member is named; where it went next is theirs to answer for);
# "nav_prison": the Nav advisers in the inmate's prison (the work shop's statement).
RECIPIENTS = ("home_nav", "staff_export", "nav_prison")


def record(db: Session, now: datetime, inmate: Inmate, *, kind: str, recipient: str,
           recipient_name: str, included: list[DataClass], reference: str = "",
           staff: StaffUser | None = None, consent_id: int | None = None) -> None:
    """Record a disclosure (and its audit event). An export or print is a read-only
    request: the row is then written in the request's closing write transaction
    (core.db.after_reading), like the audit event of a read."""
    if kind not in KINDS or recipient not in RECIPIENTS:
        raise ValueError(f"unknown disclosure {kind} to {recipient}")
    row = dict(inmate_id=inmate.id, at=now, kind=kind, recipient=recipient,
               recipient_name=recipient_name[:200], reference=reference[:64],
               included=json.dumps(sorted({c.value for c in included})),
               staff_id=staff.id if staff else None, consent_id=consent_id)
    actor = Actor("staff", staff.id) if staff else Actor.system()
    prison_id = inmate.prison_id

    def write(session: Session) -> None:
        disclosure = Disclosure(**row)
        session.add(disclosure)
        session.flush()
        audit.record(session, now, actor, "disclosure.record", subject_type="inmate",
                     subject_id=row["inmate_id"], prison_id=prison_id,
                     detail={"kind": kind, "recipient": recipient, "reference": reference,
                             "disclosure": disclosure.id})

    after_reading(db, write)


def for_inmate(db: Session, inmate: Inmate) -> list[Disclosure]:
    """The inmate's disclosures, newest first (their own page: not audited as a staff read)."""
    return list(db.scalars(select(Disclosure).where(Disclosure.inmate_id == inmate.id)
                           .order_by(Disclosure.at.desc(), Disclosure.id.desc())))
