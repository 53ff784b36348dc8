"""What a trainer sees of a class: every participant's progress in the class's module.

Only their name, inmate number and progress in this module, nothing else: the step they
are on, the first answer to each step's check question (right or wrong), when the kiosk
last showed them the class, and whether they are stuck. Every read is audited (subject:
the class, naming the inmates shown).

Stuck: while the class runs and is not paused, a participant who has not completed the
module is stuck on the step they are on when
- "wrong_twice": they have answered its question wrong at least twice (the first answer
  was wrong, and the latest still is), or
- "idle": they have not answered it, their kiosk is showing the class (seen within
  AWAY_AFTER), and they have done nothing in the module for STUCK_AFTER, counted from the
  latest of: their last step opened or answered, their joining, and the trainer's last
  "continue" or "send to step" (so a pause does not make everyone stuck at once).
Someone not seen for AWAY_AFTER is marked away instead (signed out, or gone).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.models import (AuditEvent, ClassParticipant, Inmate, LessonClass, ModuleProgress,
                         Prison, StaffUser, StepProgress)
from core.services.learning.classes import module_of, own_class, record, status, step_number
from core.services.learning.lesson_parts import Module

STUCK_AFTER = timedelta(minutes=5)
WRONG_TWICE = 2
AWAY_AFTER = timedelta(minutes=2)  # the kiosk polls every 10 s while it shows the class
NUDGES = ("class.continue", "class.step")  # the trainer's actions that restart the clock


@dataclass(frozen=True)
class Participant:
    inmate_id: int
    name: str
    number: str
    joined_at: datetime
    last_seen_at: datetime
    step_index: int | None  # the step they are on, counted from 0
    answers: tuple[bool | None, ...]  # per step: the first answer right, wrong, or none yet
    completed_at: datetime | None
    score: int | None
    away: bool
    stuck: str | None  # "wrong_twice", "idle" or None

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a is not None)

    @property
    def right(self) -> int:
        return sum(1 for a in self.answers if a)

    @property
    def step_number(self) -> int | None:
        return None if self.step_index is None else self.step_index + 1


@dataclass(frozen=True)
class Live:
    lesson_class: LessonClass
    module: Module
    prison: Prison
    status: str
    participants: list[Participant]
    made_at: datetime

    @property
    def stuck(self) -> int:
        return sum(1 for p in self.participants if p.stuck)

    @property
    def completed(self) -> int:
        return sum(1 for p in self.participants if p.completed_at)

    @property
    def class_step_number(self) -> int | None:
        return step_number(self.module, self.lesson_class.step)


def _last_nudge(db: Session, lesson_class: LessonClass) -> datetime | None:
    at = db.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.subject_type == "lesson_class", AuditEvent.subject_id == lesson_class.id,
        AuditEvent.action.in_(NUDGES)))
    return as_utc(at) if at else None


def _stuck(module: Module, running: bool, progress: ModuleProgress | None,
           row: StepProgress | None, active_since: datetime, away: bool,
           now: datetime) -> str | None:
    if not running or progress is None or progress.completed_at is not None:
        return None
    if progress.current_step not in module.step_ids:
        return None
    question = module.text("nb").steps[module.step_ids.index(progress.current_step)].question
    if (row is not None and row.correct is False and row.attempts >= WRONG_TWICE
            and row.answer != question.correct):
        return "wrong_twice"
    if away or (row is not None and row.answered_at is not None):
        return None
    return "idle" if now - active_since >= STUCK_AFTER else None


def live(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass,
         action: str = "class.view") -> Live:
    """Every participant's progress in the class's module; the read is audited."""
    own_class(db, trainer, lesson_class.id)
    module = module_of(lesson_class)
    rows = db.execute(
        select(ClassParticipant, Inmate.name, Inmate.inmate_number)
        .join(Inmate, Inmate.id == ClassParticipant.inmate_id)
        .where(ClassParticipant.class_id == lesson_class.id)
        .order_by(Inmate.name, Inmate.inmate_number)).all()
    ids = [p.inmate_id for p, _name, _number in rows]
    progress = {p.inmate_id: p for p in db.scalars(select(ModuleProgress).where(
        ModuleProgress.inmate_id.in_(ids or [-1]), ModuleProgress.module == module.key))}
    steps: dict[int, dict[str, StepProgress]] = {}
    for row in db.scalars(select(StepProgress).where(StepProgress.inmate_id.in_(ids or [-1]),
                                                     StepProgress.module == module.key)):
        steps.setdefault(row.inmate_id, {})[row.step] = row
    running = status(lesson_class, now) == "running" and not lesson_class.paused
    nudged = _last_nudge(db, lesson_class)
    participants = []
    for participant, name, number in rows:
        mine, done = progress.get(participant.inmate_id), steps.get(participant.inmate_id, {})
        current = mine.current_step if mine and mine.current_step in module.step_ids else None
        answers = tuple(None if s not in done or done[s].answered_at is None else
                        bool(done[s].correct) for s in module.step_ids)
        away = now - as_utc(participant.last_seen_at) >= AWAY_AFTER
        since = max(t for t in (as_utc(participant.joined_at),
                                as_utc(mine.updated_at) if mine else None, nudged) if t)
        participants.append(Participant(
            participant.inmate_id, name, number, as_utc(participant.joined_at),
            as_utc(participant.last_seen_at),
            module.step_ids.index(current) if current else None, answers,
            as_utc(mine.completed_at) if mine and mine.completed_at else None,
            mine.score if mine else None, away,
            _stuck(module, running, mine, done.get(current) if current else None, since, away,
                   now)))
    record(db, now, trainer, lesson_class, action, inmates=ids)
    return Live(lesson_class, module, db.get(Prison, lesson_class.prison_id),
                status(lesson_class, now), participants, now)
