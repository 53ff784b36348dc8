"""Classes a trainer runs: one lesson module on several terminals at once.

A trainer (Can.RUN_CLASSES) creates a class for a module, in a prison they serve, at a
time. The class gets a join code of CODE_LENGTH characters from the code alphabet (no 0,
O, 1, I or L, so it is easy to read aloud and to type), unique among the live classes.

Times:
- the code works from JOIN_OPENS before the start until JOIN_WINDOW after it (the
  trainer can give a new one, working JOIN_WINDOW from then), and never after the class
  has ended;
- a class ends when its trainer ends it, or CLASS_LENGTH after its start.

Joining: an inmate of the class's prison types the code after signing in. A mistyped,
unknown or expired code counts as a failed attempt (core.services.throttle, kind
"class_code", per inmate): after CODE_FAILURE_LIMIT of them within CODE_FAILURE_WINDOW
the kiosk takes no more codes from that inmate for a while. Another prison's code is
unknown. Joining records attendance (ClassParticipant) and ties the inmate's progress in
the module to the class (learning.open_step(..., class_id=)), so that a certificate names
the trainer; a module completed earlier is left as it was. Someone who joined once gets
back in with the same code for as long as the class runs, even when it no longer works
for newcomers (after an idle sign-out, say).

Following the class: the trainer sends everyone to a step (LessonClass.step), or pauses
the class. The kiosk shows the pause, or takes the inmate to that step (kiosk.learning.classes).

What the trainer sees of a participant is their name, inmate number and progress in the
class's module, nothing else: the step they are on, the first answer to each step's
check question (right or wrong), when the kiosk last showed them the class, and whether
they are stuck. Every read of it, and every action, is audited (subject: the class).

What the trainer sees of the participants, and when they are stuck: see
core.services.learning.class_progress.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import as_utc
from core.db import after_reading
from core.models import (ClassParticipant, Inmate, LessonClass, Prison, StaffUser)
from core.security.hashing import new_code, normalise_code
from core.services import throttle
from core.services.learning import progress as learning
from core.services.errors import NotFound, ServiceError
from core.services.learning.lesson_parts import Module
from core.services.learning.lessons import catalogue
from core.services.permissions import Can, allowed, in_scope

CODE_LENGTH = 6
JOIN_OPENS = timedelta(minutes=30)  # the code works from this long before the start ...
JOIN_WINDOW = timedelta(minutes=15)  # ... until this long after it (or after a new code)
CLASS_LENGTH = timedelta(hours=4)  # a class nobody ends is over this long after its start
PLAN_AHEAD = timedelta(days=60)  # how far ahead a class can be planned
CODE_KIND = "class_code"
CODE_FAILURE_LIMIT = 5
CODE_FAILURE_WINDOW = timedelta(minutes=15)


# The class itself ------------------------------------------------------------------

def module_of(lesson_class: LessonClass) -> Module:
    module = catalogue().modules.get(lesson_class.module)
    if module is None:
        raise NotFound()
    return module


def ends_at(lesson_class: LessonClass) -> datetime:
    planned_end = as_utc(lesson_class.starts_at) + CLASS_LENGTH
    return min(as_utc(lesson_class.ended_at), planned_end) if lesson_class.ended_at \
        else planned_end


def status(lesson_class: LessonClass, now: datetime) -> str:
    """planned, running or ended."""
    if now >= ends_at(lesson_class):
        return "ended"
    return "planned" if now < as_utc(lesson_class.starts_at) else "running"


def code_works(lesson_class: LessonClass, now: datetime) -> bool:
    return (lesson_class.ended_at is None and now < as_utc(lesson_class.code_expires_at)
            and now < ends_at(lesson_class))


def step_number(module: Module, step_id: str | None) -> int | None:
    """The step's place in the module, counted from 1."""
    return module.step_ids.index(step_id) + 1 if step_id in module.step_ids else None


def _new_code(db: Session, now: datetime) -> str:
    while True:
        code = new_code(CODE_LENGTH)
        taken = db.scalar(select(LessonClass.id).where(
            LessonClass.join_code == code, LessonClass.ended_at.is_(None),
            LessonClass.code_expires_at > now))
        if not taken:
            return code


def record(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass,
           action: str, **detail) -> None:
    """An audit event of the trainer's about the class."""
    audit.record(db, now, Actor("staff", trainer.id), action, subject_type="lesson_class",
                 subject_id=lesson_class.id, prison_id=lesson_class.prison_id, detail=detail)


def create(db: Session, now: datetime, trainer: StaffUser, module_key: str, prison_id: int,
           starts_at: datetime) -> LessonClass:
    if not allowed(trainer, Can.RUN_CLASSES):
        raise NotFound()
    if module_key not in catalogue().modules:
        raise ServiceError("module_unknown")
    if not in_scope(trainer, prison_id) or db.get(Prison, prison_id) is None:
        raise ServiceError("prison_not_served")
    starts_at = as_utc(starts_at)
    if starts_at + JOIN_WINDOW <= now:
        raise ServiceError("class_in_past")
    if starts_at > now + PLAN_AHEAD:
        raise ServiceError("class_too_far", days=PLAN_AHEAD.days)
    lesson_class = LessonClass(
        trainer_id=trainer.id, prison_id=prison_id, module=module_key, starts_at=starts_at,
        join_code=_new_code(db, now), code_expires_at=starts_at + JOIN_WINDOW, step=None,
        paused=False, created_at=now, ended_at=None)
    db.add(lesson_class)
    db.flush()
    record(db, now, trainer, lesson_class, "class.create", module=module_key,
            starts_at=starts_at.isoformat())
    return lesson_class


@dataclass(frozen=True)
class ClassRow:
    lesson_class: LessonClass
    module: Module | None
    prison: Prison
    status: str
    participants: int
    code_works: bool


def for_trainer(db: Session, now: datetime, trainer: StaffUser) -> list[ClassRow]:
    """The trainer's own classes, latest start first. Counts only: no participant data."""
    counts = dict(db.execute(
        select(ClassParticipant.class_id, func.count()).join(
            LessonClass, LessonClass.id == ClassParticipant.class_id)
        .where(LessonClass.trainer_id == trainer.id).group_by(ClassParticipant.class_id)).all())
    modules = catalogue().modules
    return [ClassRow(c, modules.get(c.module), db.get(Prison, c.prison_id), status(c, now),
                     counts.get(c.id, 0), code_works(c, now))
            for c in db.scalars(select(LessonClass).where(LessonClass.trainer_id == trainer.id)
                                .order_by(LessonClass.starts_at.desc()))
            if in_scope(trainer, c.prison_id)]


def own_class(db: Session, trainer: StaffUser, class_id: int) -> LessonClass:
    """The trainer's own class; any other class, in any prison, does not exist."""
    lesson_class = db.get(LessonClass, class_id)
    if (lesson_class is None or lesson_class.trainer_id != trainer.id
            or not allowed(trainer, Can.RUN_CLASSES)
            or not in_scope(trainer, lesson_class.prison_id)):
        raise NotFound()
    return lesson_class


def _control(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass
             ) -> Module:
    own_class(db, trainer, lesson_class.id)
    if status(lesson_class, now) == "ended":
        raise ServiceError("class_ended")
    return module_of(lesson_class)


def send_to_step(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass,
                 step_id: str) -> None:
    module = _control(db, now, trainer, lesson_class)
    if step_id not in module.step_ids:
        raise ServiceError("step_unknown")
    lesson_class.step = step_id
    record(db, now, trainer, lesson_class, "class.step", step=step_id)


def set_paused(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass,
               paused: bool) -> None:
    _control(db, now, trainer, lesson_class)
    lesson_class.paused = paused
    record(db, now, trainer, lesson_class, "class.pause" if paused else "class.continue")


def new_join_code(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass
                  ) -> str:
    """A new code for latecomers, working JOIN_WINDOW from now; the old one stops."""
    _control(db, now, trainer, lesson_class)
    lesson_class.join_code = _new_code(db, now)
    lesson_class.code_expires_at = min(max(now, as_utc(lesson_class.starts_at)) + JOIN_WINDOW,
                                       ends_at(lesson_class))
    record(db, now, trainer, lesson_class, "class.new_code")
    return lesson_class.join_code


def end(db: Session, now: datetime, trainer: StaffUser, lesson_class: LessonClass) -> None:
    _control(db, now, trainer, lesson_class)
    lesson_class.ended_at = now
    lesson_class.paused = False
    lesson_class.code_expires_at = min(as_utc(lesson_class.code_expires_at), now)
    record(db, now, trainer, lesson_class, "class.end")


# Joining (the kiosk) -------------------------------------------------------------------

def _failed(db: Session, now: datetime, subject: str, code: str) -> ServiceError:
    throttle.record(db, now, CODE_KIND, subject, "failure")
    return ServiceError(code)


def join(db: Session, now: datetime, inmate: Inmate, raw_code: str,
         terminal_id: int | None = None) -> LessonClass:
    """The inmate joins the class whose code this is; ServiceError otherwise."""
    subject = f"inmate-{inmate.id}"
    if throttle.recent_failures(db, now, CODE_FAILURE_WINDOW, kind=CODE_KIND,
                                subject=subject) >= CODE_FAILURE_LIMIT:
        raise ServiceError("class_code_throttled")
    code = normalise_code(raw_code or "")
    if not code:
        raise ServiceError("class_code_required")
    if len(code) != CODE_LENGTH:
        raise _failed(db, now, subject, "class_code_length")
    found = list(db.scalars(select(LessonClass).where(
        LessonClass.join_code == code, LessonClass.prison_id == inmate.prison_id)
        .order_by(LessonClass.created_at.desc())))
    if not found:
        raise _failed(db, now, subject, "class_code_unknown")
    lesson_class = next((c for c in found if code_works(c, now)), None)
    participant = None
    if lesson_class is None:
        # Back in with the old code: someone who joined a class that still runs.
        lesson_class = next((c for c in found if status(c, now) != "ended"), None)
        participant = db.get(ClassParticipant, (lesson_class.id, inmate.id)) \
            if lesson_class else None
        if participant is None:
            raise _failed(db, now, subject, "class_code_expired")
    if now < as_utc(lesson_class.starts_at) - JOIN_OPENS:
        raise ServiceError("class_not_started",
                           opens_at=as_utc(lesson_class.starts_at) - JOIN_OPENS)
    participant = participant or db.get(ClassParticipant, (lesson_class.id, inmate.id))
    again = participant is not None
    if participant is None:
        participant = ClassParticipant(class_id=lesson_class.id, inmate_id=inmate.id,
                                       joined_at=now, last_seen_at=now)
        db.add(participant)
    participant.last_seen_at, participant.left_at = now, None
    participant.terminal_id = terminal_id
    module = module_of(lesson_class)
    completed = learning.state(db, inmate, module.key).completed_at is not None
    learning.open_step(db, now, inmate, module.key, lesson_class.step or module.step_ids[0],
                       class_id=None if completed else lesson_class.id)
    audit.record(db, now, Actor("inmate", inmate.id), "class.join", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"class": lesson_class.id, "again": again})
    db.flush()
    return lesson_class


def running_for(db: Session, now: datetime, inmate: Inmate) -> list[LessonClass]:
    """The classes the inmate has joined that still run: the way back to them."""
    return list(db.scalars(
        select(LessonClass).join(ClassParticipant, ClassParticipant.class_id == LessonClass.id)
        .where(ClassParticipant.inmate_id == inmate.id, ClassParticipant.left_at.is_(None),
               LessonClass.prison_id == inmate.prison_id, LessonClass.ended_at.is_(None),
               LessonClass.starts_at > now - CLASS_LENGTH)
        .order_by(LessonClass.starts_at)))


def first_step(lesson_class: LessonClass) -> str:
    """Where a participant starts: the step the class was sent to, or the first."""
    return lesson_class.step or module_of(lesson_class).step_ids[0]


@dataclass(frozen=True)
class Banner:
    """What the kiosk shows about the class at the top of a step of its module."""

    lesson_class: LessonClass
    module: Module
    trainer_name: str
    paused: bool
    class_step: str | None  # the step the trainer sent everyone to, if any

    @property
    def class_step_number(self) -> int | None:
        return step_number(self.module, self.class_step)

    def move_to(self, here: str, seen: str | None) -> str | None:
        """The step to move to by itself: the trainer sent the class to a step other than
        this one since the page was shown (``seen``: the class's step then)."""
        if self.paused or not self.class_step or self.class_step in (here, seen):
            return None
        return self.class_step


# Read on every lesson page: built once, so SQLAlchemy keeps its cache key with it instead of
# building the statement and its key again each time (issue 20).
_RUNNING_CLASS = (
    select(LessonClass, ClassParticipant)
    .join(ClassParticipant, ClassParticipant.class_id == LessonClass.id)
    .where(ClassParticipant.inmate_id == bindparam("inmate_id"),
           ClassParticipant.left_at.is_(None), LessonClass.module == bindparam("module"),
           LessonClass.prison_id == bindparam("prison_id"), LessonClass.ended_at.is_(None),
           LessonClass.starts_at > bindparam("since"))
    .order_by(ClassParticipant.joined_at.desc()).limit(1))


def banner(db: Session, now: datetime, inmate: Inmate, module_key: str) -> Banner | None:
    """The inmate's running class in this module, if any; notes that the kiosk shows it
    (last seen: after what the request reads, when it only reads, like learning.open_step;
    core.db.after_reading)."""
    row = db.execute(_RUNNING_CLASS, {"inmate_id": inmate.id, "module": module_key,
                                      "prison_id": inmate.prison_id,
                                      "since": now - CLASS_LENGTH}).first()
    if row is None or module_key not in catalogue().modules:
        return None
    lesson_class, participant = row
    after_reading(db, lambda _db: setattr(participant, "last_seen_at", now))
    trainer = db.get(StaffUser, lesson_class.trainer_id)
    return Banner(lesson_class, module_of(lesson_class), trainer.name if trainer else "",
                  lesson_class.paused, lesson_class.step)
