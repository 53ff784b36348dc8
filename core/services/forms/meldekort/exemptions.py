"""Exemptions from the duty to send meldekort, recorded by the adviser (meldekort.md, "NAV's
cards in 2025-26": NAV can exempt a person in some situations; the adviser records the
reason, from and to, so that no card is shown as due or late while it lasts).

An exemption belongs to the benefit and schedule's data class (DataClass.BENEFIT): the same
staff who may set the plan (access.may_manage_plan) record, withdraw and read it, and every
change is audited. A withdrawn exemption is kept (for the record) and no longer counts.

- ``record(db, now, staff, inmate, reason=..., starts_on=..., ends_on=None, note="")``
- ``withdraw(db, now, staff, exemption)``
- ``of_inmate(db, inmate)``: every exemption, newest first, withdrawn ones included.
- ``active(db, inmate)``: the ones that count, as deadlines.Exemption values for the rules.
ServiceError codes: "benefit_needs_consent", "exemption_reason_unknown",
"exemption_dates", "exemption_note_required", "exemption_note_too_long", "exemption_withdrawn".
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import rows
from core.models import Inmate, MeldekortExemption, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.forms.meldekort.access import may_manage_plan
from core.services.forms.meldekort.deadlines import Exemption

# Why the person is exempt. "nav_decision": Nav has decided it (the adviser saw the
# decision); "health_institution": admitted to a health institution; "other": say why in
# the note (required).
REASONS = ("nav_decision", "health_institution", "other")
MAX_NOTE = 500


def _may(db: Session, staff: StaffUser, inmate: Inmate) -> None:
    if not may_manage_plan(db, staff, inmate):
        raise ServiceError("benefit_needs_consent")


def record(db: Session, now: datetime, staff: StaffUser, inmate: Inmate, *, reason: str,
           starts_on: date, ends_on: date | None = None, note: str = "") -> MeldekortExemption:
    """Record an exemption from ``starts_on`` to ``ends_on`` (inclusive; None: until
    further notice)."""
    _may(db, staff, inmate)
    if reason not in REASONS:
        raise ServiceError("exemption_reason_unknown")
    if not isinstance(starts_on, date) or (ends_on is not None and ends_on < starts_on):
        raise ServiceError("exemption_dates")
    note = (note or "").strip()
    if reason == "other" and not note:
        raise ServiceError("exemption_note_required")
    if len(note) > MAX_NOTE:
        raise ServiceError("exemption_note_too_long", max=MAX_NOTE)
    exemption = MeldekortExemption(inmate_id=inmate.id, reason=reason, note=note,
                                   starts_on=starts_on, ends_on=ends_on, created_at=now,
                                   created_by=staff.id)
    db.add(exemption)
    db.flush()
    audit.record(db, now, Actor("staff", staff.id), "meldekort.exemption", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"exemption": exemption.id, "reason": reason,
                         "starts_on": starts_on.isoformat(),
                         "ends_on": ends_on.isoformat() if ends_on else None})
    return exemption


def withdraw(db: Session, now: datetime, staff: StaffUser, exemption: MeldekortExemption) -> None:
    """Withdraw an exemption recorded by mistake: it is kept and no longer counts."""
    inmate = db.get(Inmate, exemption.inmate_id)
    if inmate is None:
        raise NotFound()
    _may(db, staff, inmate)
    if exemption.withdrawn_at is not None:
        raise ServiceError("exemption_withdrawn")
    exemption.withdrawn_at, exemption.withdrawn_by = now, staff.id
    audit.record(db, now, Actor("staff", staff.id), "meldekort.exemption_withdrawn",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"exemption": exemption.id})


def of_inmate(db: Session, inmate: Inmate) -> list[MeldekortExemption]:
    """Every exemption of ``inmate``, newest first, withdrawn ones included. The caller
    has checked the reader may see the benefit (and audits the read, as for the plan)."""
    return list(db.scalars(select(MeldekortExemption).where(
        MeldekortExemption.inmate_id == inmate.id).order_by(MeldekortExemption.starts_on.desc(),
                                                            MeldekortExemption.id.desc())))


def active(db: Session, inmate_id: int) -> list[Exemption]:
    """The exemptions that count, for the rules (deadlines.exempt)."""
    return [Exemption(starts_on, ends_on)
            for starts_on, ends_on in rows(db, _ACTIVE, {"inmate_id": inmate_id})]


# Read for every meldekort page and autosave: built once (SQLAlchemy keeps its cache key),
# and only the two columns the rules use, not whole rows.
_ACTIVE = select(MeldekortExemption.starts_on, MeldekortExemption.ends_on).where(
    MeldekortExemption.inmate_id == bindparam("inmate_id"), MeldekortExemption.withdrawn_at.is_(None))
