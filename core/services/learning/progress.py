"""Progress through the lessons, per module and step, and completion certificates.

- Opening a step records that it was seen and where to resume.
- The check question of a step may be answered again and again; the FIRST answer counts
  for the score, so guessing until right does not pass a module.
- A module is completed when every step's question is answered and at least 80% of the
  first answers were right. Below that the inmate can start the module again
  (``restart``): the answers are cleared and a new first answer counts.
- A certificate lists the completed modules (title, date, trainer if taken in a class,
  score) as they are when issued, with a code staff look up in the admin app.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import after_reading
from core.models import (Certificate, Inmate, InmateSetting, LessonClass, ModuleProgress,
                         StaffUser, StepProgress)
from core.security.hashing import new_code, normalise_code
from core.services.errors import NotFound, ServiceError
from core.services.learning.lesson_html import Catalogue
from core.services.learning.lesson_parts import Module, Question
from core.services.learning.lessons import catalogue

PASS_SHARE = 0.8


# Settings -----------------------------------------------------------------------------

def large_text(db: Session, inmate: Inmate) -> bool:
    setting = db.get(InmateSetting, inmate.id)
    return bool(setting and setting.large_text)


def set_large_text(db: Session, now: datetime, inmate: Inmate, on: bool) -> None:
    setting = db.get(InmateSetting, inmate.id)
    if setting is None:
        setting = InmateSetting(inmate_id=inmate.id)
        db.add(setting)
    setting.large_text, setting.updated_at = on, now


# Progress ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ModuleState:
    module: Module
    current_step: str  # where to resume
    seen: int
    answered: int
    right_first: int
    completed_at: datetime | None
    score: int | None
    resume_step: str  # where "Continue where you stopped" leads: the next question left

    @property
    def total(self) -> int:
        return len(self.module.step_ids)

    @property
    def percent(self) -> int:
        """Progress for the bars: answered steps out of all steps."""
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def started(self) -> bool:
        return self.seen > 0

    @property
    def needs_retry(self) -> bool:
        """Every question answered, but too few right the first time."""
        return self.completed_at is None and self.answered == self.total


def _module(key: str, lessons: Catalogue | None = None) -> Module:
    module = (lessons or catalogue()).modules.get(key)
    if module is None:
        raise NotFound()
    return module


# Read on every lesson page: built once, so SQLAlchemy keeps their cache keys with them
# instead of building the statements and their keys again each time (issue 20).
_ROWS = select(StepProgress).where(StepProgress.inmate_id == bindparam("inmate_id"))
_MODULE_ROWS = _ROWS.where(StepProgress.module == bindparam("module"))
_STEP_ROW = _MODULE_ROWS.where(StepProgress.step == bindparam("step"))
_PROGRESS = select(ModuleProgress).where(ModuleProgress.inmate_id == bindparam("inmate_id"),
                                         ModuleProgress.module == bindparam("module"))


def _rows(db: Session, inmate: Inmate, module: str | None = None) -> list[StepProgress]:
    if module:
        return list(db.scalars(_MODULE_ROWS, {"inmate_id": inmate.id, "module": module}))
    return list(db.scalars(_ROWS, {"inmate_id": inmate.id}))


def states(db: Session, inmate: Inmate, lessons: Catalogue | None = None
           ) -> dict[str, ModuleState]:
    """Every module's state for an inmate, in the lessons' order."""
    lessons = lessons or catalogue()
    steps: dict[str, dict[str, StepProgress]] = {}
    for row in _rows(db, inmate):
        steps.setdefault(row.module, {})[row.step] = row
    modules = {p.module: p for p in db.scalars(select(ModuleProgress).where(
        ModuleProgress.inmate_id == inmate.id))}
    result = {}
    for module in lessons.ordered():
        rows = {k: v for k, v in steps.get(module.key, {}).items() if k in module.step_ids}
        progress = modules.get(module.key)
        current = progress.current_step if progress and progress.current_step in \
            module.step_ids else module.step_ids[0]
        answered = {k for k, r in rows.items() if r.answered_at}
        result[module.key] = ModuleState(
            module, current, len(rows), len(answered),
            sum(1 for r in rows.values() if r.correct), progress.completed_at if progress else None,
            progress.score if progress else None, _resume(module, current, answered))
    return result


def _resume(module: Module, current: str, answered: set[str]) -> str:
    """The step last looked at if its question is still open; else the first open one
    after it, else the first open one before it (the step itself when none is open)."""
    if current not in answered:
        return current
    ids = module.step_ids
    at = ids.index(current)
    return next((s for s in ids[at + 1:] + ids[:at] if s not in answered), current)


def state(db: Session, inmate: Inmate, key: str) -> ModuleState:
    _module(key)
    return states(db, inmate)[key]


def _progress(db: Session, now: datetime, inmate: Inmate, module: Module,
              class_id: int | None = None) -> ModuleProgress:
    progress = db.scalar(_PROGRESS, {"inmate_id": inmate.id, "module": module.key})
    if progress is None:
        progress = ModuleProgress(inmate_id=inmate.id, module=module.key,
                                  version=module.version, current_step=module.step_ids[0],
                                  started_at=now, updated_at=now, class_id=class_id)
        db.add(progress)
        audit.record(db, now, Actor("inmate", inmate.id), "lesson.start",
                     subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                     detail={"module": module.key, "class": class_id})
    if class_id is not None:
        progress.class_id = class_id
    return progress


def _step_row(db: Session, inmate: Inmate, module: str, step: str) -> StepProgress | None:
    return db.scalar(_STEP_ROW, {"inmate_id": inmate.id, "module": module, "step": step})


def open_step(db: Session, now: datetime, inmate: Inmate, key: str, step_id: str,
              class_id: int | None = None) -> None:
    """The inmate is looking at this step: remember it, to resume here (after what the
    request reads, when it only reads: core.db.after_reading)."""
    module = _module(key)
    if step_id not in module.step_ids:
        raise NotFound()
    after_reading(db, lambda db: _remember(db, now, inmate, module, step_id, class_id))


def _remember(db: Session, now: datetime, inmate: Inmate, module: Module, step_id: str,
              class_id: int | None = None) -> tuple[ModuleProgress, StepProgress]:
    """Write that the inmate is at ``step_id``; the module's progress and the step's row."""
    progress = _progress(db, now, inmate, module, class_id)
    progress.current_step, progress.updated_at = step_id, now
    row = _step_row(db, inmate, module.key, step_id)
    if row is None:
        row = StepProgress(inmate_id=inmate.id, module=module.key, step=step_id, seen_at=now,
                           attempts=0)
        db.add(row)
    db.flush()
    return progress, row


def shown_order(question: Question, inmate_id: int, key: str, step_id: str) -> list[int]:
    """The order a person sees a question's options in: the options (by their index in
    the lesson file, the same in every language) sorted by a hash of the person, module,
    step and option. So the right answer is not where the file has it, and not where it
    is for the person beside them, yet it stays put when they come back to the step."""
    def rank(option: int) -> bytes:
        return hashlib.sha256(f"{inmate_id}:{key}:{step_id}:{option}".encode()).digest()

    return sorted(range(len(question.options)), key=rank)


@dataclass(frozen=True)
class Answered:
    correct: bool
    first_try: bool
    explanation_index: int  # the right option, for "the answer is ..."
    completed: bool  # this answer completed the module


def answer(db: Session, now: datetime, inmate: Inmate, key: str, step_id: str,
           option: int, language: str = "nb") -> Answered:
    """``option`` is the option itself (its index in the file), not where it was shown."""
    module = _module(key)
    if step_id not in module.step_ids:
        raise NotFound()
    question = next(s for s in module.text(language).steps if s.id == step_id).question
    if not 0 <= option < len(question.options):
        raise ServiceError("choose_one")
    # An answer is given in a request that writes: the step is remembered at once, and
    # answered on the rows read for that.
    progress, row = _remember(db, now, inmate, module, step_id)
    right = option == question.correct
    first = row.answered_at is None
    if first:
        row.correct = right
        row.answered_at = now
    row.answer, row.attempts = option, row.attempts + 1
    db.flush()
    completed = _complete_if_done(db, now, inmate, module, progress)
    return Answered(right, first, question.correct, completed)


def _complete_if_done(db: Session, now: datetime, inmate: Inmate, module: Module,
                      progress: ModuleProgress) -> bool:
    if progress.completed_at is not None:
        return False
    rows = {r.step: r for r in _rows(db, inmate, module.key) if r.step in module.step_ids}
    if len([r for r in rows.values() if r.answered_at]) < len(module.step_ids):
        return False
    score = round(100 * sum(1 for r in rows.values() if r.correct) / len(module.step_ids))
    progress.score = score
    if score < PASS_SHARE * 100:
        return False
    progress.completed_at = now
    progress.version = module.version
    audit.record(db, now, Actor("inmate", inmate.id), "lesson.complete", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"module": module.key, "score": score})
    return True


def restart(db: Session, now: datetime, inmate: Inmate, key: str) -> None:
    """Start a module again: the answers are cleared (a completed module stays so)."""
    module = _module(key)
    for row in _rows(db, inmate, key):
        db.delete(row)
    progress = _progress(db, now, inmate, module)
    progress.current_step, progress.updated_at, progress.score = module.step_ids[0], now, None
    db.flush()


# Certificates --------------------------------------------------------------------------

def _trainer_name(db: Session, class_id: int | None) -> str:
    if class_id is None:
        return ""
    lesson_class = db.get(LessonClass, class_id)
    trainer = db.get(StaffUser, lesson_class.trainer_id) if lesson_class else None
    return trainer.name if trainer else ""


def issue_certificate(db: Session, now: datetime, inmate: Inmate) -> Certificate:
    """A certificate of every module completed so far; ServiceError without any."""
    done = list(db.scalars(select(ModuleProgress).where(
        ModuleProgress.inmate_id == inmate.id, ModuleProgress.completed_at.is_not(None))
        .order_by(ModuleProgress.completed_at)))
    lessons = catalogue()
    modules = []
    for progress in done:
        module = lessons.modules.get(progress.module)
        if module is None:
            continue
        modules.append({"module": module.key, "version": progress.version,
                        "title_nb": module.text("nb").title, "title_en": module.text("en").title,
                        "completed_at": progress.completed_at.isoformat(),
                        "score": progress.score, "trainer": _trainer_name(db, progress.class_id)})
    if not modules:
        raise ServiceError("nothing_completed")
    while True:
        code = new_code(10)
        if not db.scalar(select(Certificate.id).where(Certificate.code == code)):
            break
    certificate = Certificate(code=code, inmate_id=inmate.id, issued_at=now,
                              modules=json.dumps(modules, ensure_ascii=False),
                              prison_name=inmate.prison.name)
    db.add(certificate)
    db.flush()
    audit.record(db, now, Actor("inmate", inmate.id), "certificate.issue",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"certificate": certificate.id, "modules": len(modules)})
    return certificate


def certificate_modules(certificate: Certificate) -> list[dict]:
    return json.loads(certificate.modules)


def own_certificate(db: Session, inmate: Inmate, certificate_id: int) -> Certificate:
    certificate = db.get(Certificate, certificate_id)
    if certificate is None or certificate.inmate_id != inmate.id:
        raise NotFound()
    return certificate


def verify(db: Session, now: datetime, staff: StaffUser, code: str) -> Certificate | None:
    """Look a certificate up by its code (typed with or without spaces or dashes); the
    lookup is audited whether or not it is found."""
    wanted = normalise_code(code)
    certificate = db.scalar(select(Certificate).where(Certificate.code == wanted)) \
        if wanted else None
    audit.record(db, now, Actor("staff", staff.id), "certificate.verify",
                 subject_type="inmate" if certificate else None,
                 subject_id=certificate.inmate_id if certificate else None,
                 prison_id=None, detail={"found": certificate is not None})
    return certificate
