"""Certificates of completed lessons, as inmates and staff see them.

Issuing and the code itself are in core.services.learning.progress. This module lists an inmate's
own certificates, and answers a staff member's lookup by code with a rule for prisons:

- staff who may see the inmate (the inmate's prison is one they serve) see the whole
  certificate: the inmate's name, the modules, dates, trainers and scores;
- other staff learn only that the code is real and which prison issued it, never the
  name or the content: they ask that prison.

Every lookup is audited (``learning.verify``: found or not, and whose certificate).
For the inmate record, ``learning_of`` says which modules an inmate has completed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.models import Certificate, Inmate, StaffUser
from core.services.learning import progress as learning
from core.services.learning.lessons import catalogue
from core.services.learning.progress import ModuleState
from core.services.permissions import in_scope


@dataclass(frozen=True)
class Entry:
    """A completed module on a certificate, as it was when the certificate was issued."""

    module: str
    titles: dict[str, str]
    completed_at: datetime
    score: int | None
    trainer: str

    def title(self, language: str) -> str:
        """The title as issued (bokmål and English are kept with the certificate); in
        another kiosk language, the lesson's title in that language today, else bokmål."""
        if language in self.titles:
            return self.titles[language]
        module = catalogue().modules.get(self.module)
        if module is not None and language in module.texts:
            return module.texts[language].title
        return self.titles["nb"]


def entries(certificate: Certificate) -> list[Entry]:
    return [Entry(m["module"], {"nb": m["title_nb"], "en": m["title_en"]},
                  as_utc(datetime.fromisoformat(m["completed_at"])), m.get("score"), m.get("trainer") or "")
            for m in learning.certificate_modules(certificate)]


def of_inmate(db: Session, inmate: Inmate) -> list[Certificate]:
    """The inmate's certificates, the newest first."""
    return list(db.scalars(select(Certificate).where(Certificate.inmate_id == inmate.id)
                           .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


def grouped(code: str) -> str:
    """A code as printed: in groups of five (``ABCDE-FGHIJ``), easier to read and type."""
    return "-".join(code[i:i + 5] for i in range(0, len(code), 5))


@dataclass(frozen=True)
class Lookup:
    certificate: Certificate
    inmate: Inmate | None  # None when the caller may not see the inmate

    @property
    def visible(self) -> bool:
        return self.inmate is not None

    @property
    def entries(self) -> list[Entry]:
        return entries(self.certificate) if self.visible else []


def look_up(db: Session, now: datetime, staff: StaffUser, code: str) -> Lookup | None:
    """The certificate with this code (typed with or without dashes and spaces), or None.
    Its content and the inmate are given only to staff in the inmate's prison."""
    certificate = learning.verify(db, now, staff, code)
    if certificate is None:
        return None
    inmate = db.get(Inmate, certificate.inmate_id)
    return Lookup(certificate, inmate if inmate and in_scope(staff, inmate.prison_id) else None)


@dataclass(frozen=True)
class Learning:
    """What an inmate has learnt, for the record: every module's state, and certificates."""

    states: list[ModuleState]
    certificates: list[Certificate]

    @property
    def completed(self) -> list[ModuleState]:
        return [s for s in self.states if s.completed_at]

    @property
    def started(self) -> list[ModuleState]:
        return [s for s in self.states if s.started and not s.completed_at]


def learning_of(db: Session, inmate: Inmate) -> Learning:
    """The caller has checked that the inmate is in scope and that they may see this."""
    return Learning(list(learning.states(db, inmate).values()), of_inmate(db, inmate))
