"""The work-capacity statement (arbeidsevne-uttalelse) from the work shop to Nav.

The staff of the inmate's work shop write it: a scale for attendance, punctuality and
cooperation, the tasks the person manages and what helps (text with a limit), and a
comment. They make it ready; the inmate reads it on the kiosk and says so; only then, and
only while the inmate's consent to the work shop for "work_capacity" is active, is it
sent to the Nav advisers of the inmate's prison. Sending is a disclosure the inmate sees
("Who has received information about me"). Changing a statement the inmate has read takes
it back to a draft: the inmate reads what is sent. The advisers read sent statements on
the inmate's record while the consent is active (core.services.data_classes).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import after_reading, rows
from core.models import Inmate, InmateStatus, Prison, StaffUser, WorkShop, WorkStatement
from core.security.hashing import new_code
from core.services.data_classes import Context, DataClass, Purpose, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import in_scope
from core.services.records import disclosures
from core.services.requests import consents
from core.services.work_shop import shops

SCALE = ("very_good", "good", "varies", "weak")
MAX_TEXT = 500  # tasks, what helps
MAX_COMMENT = 1000
RECIPIENT, PURPOSE = "work_shop", Purpose.WORK_CAPACITY.value
# What a sent statement discloses (the disclosure row lists it for the inmate).
INCLUDED = [DataClass.IDENTITY, DataClass.WORK_ATTENDANCE, DataClass.WORK_CAPACITY]


@dataclass
class StatementData:
    attendance: str
    punctuality: str
    cooperation: str
    tasks: str = ""
    what_helps: str = ""
    comment: str = ""


def check(data: StatementData) -> None:
    for field in ("attendance", "punctuality", "cooperation"):
        if getattr(data, field) not in SCALE:
            raise ServiceError("scale_required", field=field)
    for field, limit in (("tasks", MAX_TEXT), ("what_helps", MAX_TEXT),
                         ("comment", MAX_COMMENT)):
        if len(getattr(data, field).strip()) > limit:
            raise ServiceError("text_too_long", max=limit, field=field)


def _reference(db: Session) -> str:
    while True:
        reference = "U" + new_code(5)
        if not db.scalar(select(WorkStatement.id).where(WorkStatement.reference == reference)):
            return reference


def _shop_of(db: Session, staff: StaffUser, inmate_id: int) -> WorkShop:
    shop = shops.shops_of_inmate_run_by(db, staff, inmate_id)
    if shop is None:
        raise NotFound()
    return shop


def consent_of(db: Session, inmate_id: int):
    """The inmate's active consent to the work shop for the statement to Nav, or None."""
    return consents.active(db, inmate_id, RECIPIENT, PURPOSE)


def create(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
           data: StatementData) -> WorkStatement:
    shop = _shop_of(db, staff, inmate.id)
    check(data)
    statement = WorkStatement(
        reference=_reference(db), inmate_id=inmate.id, prison_id=inmate.prison_id,
        work_shop_id=shop.id, author_id=staff.id, attendance=data.attendance,
        punctuality=data.punctuality, cooperation=data.cooperation, tasks=data.tasks.strip(),
        what_helps=data.what_helps.strip(), comment=data.comment.strip(), status="draft",
        created_at=now, updated_at=now)
    db.add(statement)
    db.flush()
    _audit(db, now, staff, statement, "work_statement.create")
    return statement


def _audit(db, now, staff, statement, action, **detail):
    audit.record(db, now, Actor("staff", staff.id), action, subject_type="inmate",
                 subject_id=statement.inmate_id, prison_id=statement.prison_id,
                 detail={"statement": statement.id, **detail})


def for_staff(db: Session, staff: StaffUser, statement_id: int) -> WorkStatement:
    """A statement for the staff of the inmate's work shop; NotFound for anyone else."""
    statement = db.get(WorkStatement, statement_id)
    if statement is None or not permits(DataClass.WORK_CAPACITY, staff.roles,
                                        shops.context(db, staff, statement.inmate_id)):
        raise NotFound()
    return statement


def of_inmate(db: Session, staff: StaffUser, inmate: Inmate) -> list[WorkStatement]:
    """The inmate's statements, newest first, for the staff of their work shop."""
    if not permits(DataClass.WORK_CAPACITY, staff.roles, shops.context(db, staff, inmate.id)):
        return []
    return list(db.scalars(select(WorkStatement).where(WorkStatement.inmate_id == inmate.id)
                           .order_by(WorkStatement.created_at.desc(), WorkStatement.id.desc())))


def update(db: Session, now: datetime, staff: StaffUser, statement: WorkStatement,
           data: StatementData) -> None:
    """Change a statement not yet sent; one the inmate has seen goes back to a draft."""
    for_staff(db, staff, statement.id)
    if statement.status == "sent":
        raise ServiceError("statement_sent")
    check(data)
    for field in ("attendance", "punctuality", "cooperation"):
        setattr(statement, field, getattr(data, field))
    statement.tasks, statement.what_helps = data.tasks.strip(), data.what_helps.strip()
    statement.comment = data.comment.strip()
    statement.status, statement.ready_at, statement.read_at = "draft", None, None
    statement.updated_at = now
    _audit(db, now, staff, statement, "work_statement.update")


def make_ready(db: Session, now: datetime, staff: StaffUser, statement: WorkStatement) -> None:
    """Let the inmate read it on the kiosk; the attendance counts of the last 8 weeks are
    kept with it as they are now."""
    for_staff(db, staff, statement.id)
    if statement.status != "draft":
        raise ServiceError("statement_not_draft")
    inmate = db.get(Inmate, statement.inmate_id)
    summary, _days = shops.attendance_of(db, staff, inmate, now.date())
    statement.attendance_counts = json.dumps(summary.as_dict())
    statement.status, statement.ready_at, statement.updated_at = "for_inmate", now, now
    _audit(db, now, staff, statement, "work_statement.ready")


def consent_shown(db: Session, staff: StaffUser, inmate_id: int):
    """(whether the staff member may know the inmate's consent to the statement, the
    active consent or None): the staff of the inmate's work shop."""
    if not permits(DataClass.CONSENTS, staff.roles, shops.context(db, staff, inmate_id)):
        return False, None
    return True, consent_of(db, inmate_id)


def missing_for_sending(db: Session, staff: StaffUser, statement: WorkStatement) -> list[str]:
    """Why it cannot be sent yet: "not_read" (the inmate has not read it on the kiosk),
    "consent_missing" (no active consent to the work shop for the statement to Nav)."""
    shown, consent = consent_shown(db, staff, statement.inmate_id)
    if not shown:
        raise NotFound()
    missing = []
    if statement.status != "read":
        missing.append("not_read")
    if consent is None:
        missing.append("consent_missing")
    return missing


def send(db: Session, now: datetime, staff: StaffUser, statement: WorkStatement) -> None:
    """Send it to the Nav advisers of the inmate's prison: the inmate must have read it,
    and have consented. A disclosure the inmate sees."""
    for_staff(db, staff, statement.id)
    if statement.status == "sent":
        raise ServiceError("statement_sent")
    inmate = db.get(Inmate, statement.inmate_id)
    if inmate.status != InmateStatus.PRESENT.value:
        raise NotFound()
    missing = missing_for_sending(db, staff, statement)
    if "consent_missing" in missing:
        raise ServiceError("statement_consent_missing")
    if missing:
        raise ServiceError("statement_not_read")
    consent = consent_of(db, statement.inmate_id)
    statement.status, statement.sent_at, statement.sent_by = "sent", now, staff.id
    statement.consent_id = consent.id
    prison = db.get(Prison, statement.prison_id)
    disclosures.record(db, now, inmate, kind="statement", recipient="nav_prison",
                       recipient_name=prison.name, included=INCLUDED,
                       reference=statement.reference, staff=staff, consent_id=consent.id)
    _audit(db, now, staff, statement, "work_statement.send", consent=consent.id)


# The inmate ------------------------------------------------------------------------------

def for_inmate(db: Session, inmate: Inmate) -> list[WorkStatement]:
    """The inmate's statements that are ready for them to read, or read, or sent."""
    return list(db.scalars(select(WorkStatement).where(
        WorkStatement.inmate_id == inmate.id, WorkStatement.status != "draft")
        .order_by(WorkStatement.created_at.desc(), WorkStatement.id.desc())))


# Asked on every home page: built once (SQLAlchemy keeps its cache key with it).
_ANY_FOR_INMATE = select(exists().where(WorkStatement.inmate_id == bindparam("inmate_id"),
                                        WorkStatement.status != "draft"))


def any_for_inmate(db: Session, inmate: Inmate) -> bool:
    """Whether ``for_inmate`` would find any: one EXISTS, without building the rows and
    their authors (the home page asks on every visit; issue 20)."""
    return bool(rows(db, _ANY_FOR_INMATE, {"inmate_id": inmate.id}).scalar())


def inmate_statement(db: Session, inmate: Inmate, statement_id: int) -> WorkStatement:
    statement = db.get(WorkStatement, statement_id)
    if statement is None or statement.inmate_id != inmate.id or statement.status == "draft":
        raise NotFound()
    return statement


def mark_read(db: Session, now: datetime, inmate: Inmate, statement_id: int) -> None:
    """The inmate has read it on the kiosk (the version made ready)."""
    statement = inmate_statement(db, inmate, statement_id)
    if statement.status != "for_inmate":
        return
    statement.status, statement.read_at = "read", now
    audit.record(db, now, Actor("inmate", inmate.id), "work_statement.read",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"statement": statement.id})


# The Nav adviser ---------------------------------------------------------------------------

def received(db: Session, now: datetime, staff: StaffUser, inmate: Inmate
             ) -> list[WorkStatement]:
    """The sent statements a Nav adviser of the inmate's prison reads on the inmate's
    record, while the consent is active (audited as a read); [] for anyone else."""
    if not in_scope(staff, inmate.prison_id):
        return []
    pairs = consents.active_pairs(db, inmate.id)
    if not permits(DataClass.WORK_CAPACITY, staff.roles, Context(consents=pairs)):
        return []
    found = list(db.scalars(select(WorkStatement).where(
        WorkStatement.inmate_id == inmate.id, WorkStatement.status == "sent")
        .order_by(WorkStatement.sent_at.desc(), WorkStatement.id.desc())))
    if found:
        staff_id, inmate_id, prison_id = staff.id, inmate.id, inmate.prison_id
        ids = [s.id for s in found]
        after_reading(db, lambda session: audit.record(
            session, now, Actor("staff", staff_id), "work_statement.view",
            subject_type="inmate", subject_id=inmate_id, prison_id=prison_id,
            detail={"statements": ids}))
    return found
