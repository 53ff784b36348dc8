"""Demo data for the lessons and classes: a class of the demo trainer "instruktor" running
in Hof, with two inmates in it (one of them stuck), some modules completed, an earlier
class, and one inmate who stalled.

``brobygger demo`` prints the class's join code. In the demo the code works as long as
the class runs (CLASS_LENGTH), not only JOIN_WINDOW after the start, so that there is
time to enrol a terminal and sign in. Loading again changes nothing while that class
runs; after it, the next load starts a new one for today, with the same two inmates.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (ClassParticipant, Inmate, LessonClass, Prison,
                         StaffUser)
from core.security.hashing import new_code
from core.services.learning import classes, progress as learning
from core.services.learning.lessons import catalogue

TRAINER = "instruktor"
PRISON = "HOF"
MODULE = "nav"
# inmate number, how many steps answered right, then wrong answers on the next step
IN_CLASS = [("H1001", 3, 0), ("H1002", 1, 2)]
# inmate number, module, completed how many days ago
COMPLETED = [("H1003", "terminal", 30), ("H1003", "safety", 9), ("H1005", "terminal", 45),
             ("H1005", "login", 20), ("HA2002", "terminal", 5)]
STALLED = ("H1006", "terminal", 2, 30)  # number, module, steps answered, days ago


def _inmate(db: Session, number: str) -> Inmate | None:
    return db.scalar(select(Inmate).where(Inmate.inmate_number == number))


def _answer(db: Session, when: datetime, inmate: Inmate, key: str, right: int,
            wrong: int = 0) -> None:
    steps = catalogue().modules[key].text("nb").steps
    for step in steps[:right]:
        learning.answer(db, when, inmate, key, step.id, step.question.correct)
    if wrong and right < len(steps):
        step = steps[right]
        for _ in range(wrong):
            learning.answer(db, when, inmate, key, step.id,
                            (step.question.correct + 1) % len(step.question.options))


def _history(db: Session, now: datetime, trainer: StaffUser, prison: Prison) -> None:
    """Modules completed (one in an earlier class of the trainer), and one stalled."""
    if db.scalar(select(LessonClass.id).where(LessonClass.trainer_id == trainer.id,
                                              LessonClass.ended_at.is_not(None))):
        return  # loaded before
    earlier = now - timedelta(days=COMPLETED[0][2])
    past = LessonClass(trainer_id=trainer.id, prison_id=prison.id, module="terminal",
                       starts_at=earlier, join_code=new_code(classes.CODE_LENGTH),
                       code_expires_at=earlier, step=None, paused=False, created_at=earlier,
                       ended_at=earlier + timedelta(hours=1))
    db.add(past)
    db.flush()
    for number in (COMPLETED[0][0], STALLED[0]):
        inmate = _inmate(db, number)
        if inmate is not None:
            db.add(ClassParticipant(class_id=past.id, inmate_id=inmate.id, joined_at=earlier,
                                    last_seen_at=earlier + timedelta(hours=1)))
    for number, key, days in COMPLETED:
        inmate = _inmate(db, number)
        if inmate is None:
            continue
        when = now - timedelta(days=days)
        if when == earlier and key == "terminal":
            learning.open_step(db, when, inmate, key, catalogue().modules[key].step_ids[0],
                               class_id=past.id)
        _answer(db, when, inmate, key, len(catalogue().modules[key].step_ids))
    number, key, steps, days = STALLED
    inmate = _inmate(db, number)
    if inmate is not None:
        when = now - timedelta(days=days)
        learning.open_step(db, when, inmate, key, catalogue().modules[key].step_ids[0],
                           class_id=past.id)
        _answer(db, when, inmate, key, steps)
        learning.open_step(db, when, inmate, key, catalogue().modules[key].step_ids[steps])


def load(db: Session, now: datetime) -> str | None:
    """Make sure the demo class runs; its join code (None without the demo trainer)."""
    trainer = db.scalar(select(StaffUser).where(StaffUser.username == TRAINER))
    prison = db.scalar(select(Prison).where(Prison.code == PRISON))
    if trainer is None or prison is None:
        return None
    _history(db, now, trainer, prison)
    running = [c for c in db.scalars(select(LessonClass).where(
        LessonClass.trainer_id == trainer.id, LessonClass.prison_id == prison.id,
        LessonClass.ended_at.is_(None)).order_by(LessonClass.starts_at.desc()))
        if classes.code_works(c, now)]
    if running:
        return running[0].join_code
    starts = now - timedelta(minutes=10)
    lesson_class = classes.create(db, starts, trainer, MODULE, prison.id, starts)
    lesson_class.code_expires_at = classes.ends_at(lesson_class)
    for number, right, wrong in IN_CLASS:
        inmate = _inmate(db, number)
        if inmate is None:
            continue
        classes.join(db, starts, inmate, lesson_class.join_code)
        _answer(db, now - timedelta(minutes=1), inmate, MODULE, right, wrong)
        if not wrong:
            learning.open_step(db, now - timedelta(minutes=1), inmate, MODULE,
                               catalogue().modules[MODULE].step_ids[right])
    db.flush()
    return lesson_class.join_code
