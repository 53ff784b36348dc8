"""Access to one's own data (innsyn): everything held about an inmate.

The rows are found from the schema, like retention's purge: every table with a column
that refers to the inmate, and the rows that hang off their requests (messages and
history). A table added later is covered without changing this module.

Two views of the same collection:
- the inmate's, on the kiosk: everything except what staff keep for their own work
  (internal notes and staff-only history, which never reach the kiosk); those are
  counted, so the inmate knows they exist and can ask staff for a copy;
- staff's complete export for a subject-access request: everything, printable.
Secrets (PIN and token digests) are never shown; that they exist is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import (AuditEvent, Base, Inmate, Request, RequestEvent, RequestMessage,
                         SignInAttempt, StaffUser, Visibility)

SECRET_COLUMNS = {"pin_hash", "token_hash", "credential_hash", "data", "submit_key"}
HIDDEN_COLUMNS = {"id", "inmate_id"}


@dataclass
class Section:
    table: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    withheld: int = 0  # rows kept from the kiosk (staff's own notes and history)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime):
        return to_oslo(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _section(table, rows) -> Section:
    columns = [c.name for c in table.columns if c.name not in HIDDEN_COLUMNS]
    section = Section(table.name, columns)
    for row in rows:
        values = []
        for name in columns:
            value = row._mapping[name]
            values.append("(lagret, ikke vist)" if name in SECRET_COLUMNS and value
                          else _shown(value))
        section.rows.append(values)
    return section


def _inmate_tables():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "inmate" for fk in column.foreign_keys):
                yield table, column


def collect(db: Session, inmate: Inmate, *, inmate_view: bool) -> list[Section]:
    sections = [_section(Inmate.__table__, db.execute(
        select(Inmate.__table__).where(Inmate.id == inmate.id)).all())]
    request_ids = list(db.scalars(select(Request.id).where(Request.inmate_id == inmate.id)))
    for table, column in _inmate_tables():
        rows = db.execute(select(table).where(column == inmate.id)).all()
        if rows:
            sections.append(_section(table, rows))
    for model, staff_only in ((RequestMessage, RequestMessage.visibility
                               == Visibility.STAFF_ONLY.value),
                              (RequestEvent, RequestEvent.visible_to_inmate.is_(False))):
        query = select(model.__table__).where(model.request_id.in_(request_ids or [-1]))
        everything = db.execute(query.order_by(model.id)).all()
        if not everything:
            continue
        shown = db.execute(query.where(~staff_only).order_by(model.id)).all() \
            if inmate_view else everything
        section = _section(model.__table__, shown)
        section.withheld = len(everything) - len(shown)
        sections.append(section)
    attempts = db.execute(select(SignInAttempt.__table__).where(
        SignInAttempt.kind == "inmate", SignInAttempt.subject == inmate.inmate_number)
        .order_by(SignInAttempt.at)).all()
    if attempts:
        sections.append(_section(SignInAttempt.__table__, attempts))
    if not inmate_view:
        events = db.execute(select(AuditEvent.__table__).where(
            (AuditEvent.subject_type == "inmate") & (AuditEvent.subject_id == inmate.id)
            | (AuditEvent.subject_type == "request")
            & AuditEvent.subject_id.in_(request_ids or [-1])).order_by(AuditEvent.id)).all()
        if events:
            sections.append(_section(AuditEvent.__table__, events))
    return sections


def for_inmate(db: Session, now: datetime, inmate: Inmate) -> list[Section]:
    sections = collect(db, inmate, inmate_view=True)
    audit.record(db, now, Actor("inmate", inmate.id), "innsyn.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return sections


def export(db: Session, now: datetime, staff: StaffUser, inmate: Inmate) -> list[Section]:
    """The complete export for a subject-access request; audited as a read."""
    sections = collect(db, inmate, inmate_view=False)
    audit.record(db, now, Actor("staff", staff.id), "innsyn.export", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"sections": len(sections)})
    return sections
