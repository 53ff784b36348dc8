"""Learning statistics for trainers and prison administrators: completion of the lesson
modules per prison, month by month, and the inmates who started a module but stalled.

How it is counted:
- An inmate counts in the prison they are in now (Inmate.prison_id): progress is kept
  per inmate, not per prison, and follows them when they move.
- Started: the inmate opened at least one step of the module. Completed: the module was
  completed (every step answered, at least 80% right the first time); a completion
  counts in the calendar month (Europe/Oslo) it happened in, over the last MONTHS months.
- Stalled: started, not completed, no step opened or answered for STALLED_DAYS days,
  and still in prison (someone released or moved away cannot go on here).
- The stalled are named (name and inmate number), so that they can be followed up: only
  ever inmates of the prisons the caller serves; for a trainer only the participants of
  their own classes (issue 12), while prison and system administrators see every name.
  The counts are the whole prison's for everyone. Trainers may not open the inmate
  register itself (Can.VIEW_INMATES).
Every read is audited, naming the inmates whose names were shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import as_utc, to_oslo
from core.models import (ClassParticipant, Inmate, InmateStatus, LessonClass, ModuleProgress,
                         Prison, Role, StaffUser)
from core.services.people import prisons as prison_service
from core.services.errors import NotFound
from core.services.learning.lesson_parts import Module
from core.services.learning.lessons import catalogue
from core.services.permissions import Can, allowed

MONTHS = 12
STALLED_DAYS = 14


@dataclass
class ModuleFigures:
    module: Module
    started: int = 0
    completed: int = 0
    stalled: int = 0
    per_month: list[int] = field(default_factory=list)

    @property
    def in_progress(self) -> int:
        return self.started - self.completed - self.stalled

    @property
    def share(self) -> float | None:
        return self.completed / self.started if self.started else None


@dataclass
class PrisonFigures:
    prison: Prison
    started: int = 0
    completed: int = 0
    stalled: int = 0


@dataclass(frozen=True)
class Stalled:
    prison: Prison
    module: Module
    last_activity: datetime
    step_number: int | None
    inmate_id: int
    name: str
    number: str


@dataclass
class Stats:
    prison: Prison | None  # None: every prison the caller serves
    prisons: list[Prison]
    months: list[date]  # the first day of each month, oldest first
    modules: list[ModuleFigures]
    per_prison: list[PrisonFigures]
    stalled: list[Stalled]
    made_at: datetime
    names_limited: bool = False  # the stalled named only from the caller's own classes

    @property
    def completed(self) -> int:
        return sum(m.completed for m in self.modules)

    @property
    def per_month(self) -> list[int]:
        return [sum(m.per_month[n] for m in self.modules) for n in range(len(self.months))]


def months_until(today: date, count: int = MONTHS) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def _nameable(db: Session, staff: StaffUser) -> set[int] | None:
    """The inmates whose names the caller may see among the stalled; None: all of them
    (administrators). A trainer: the participants of their own classes."""
    if staff.has_role(Role.PRISON_ADMIN, Role.SYSTEM_ADMIN):
        return None
    return set(db.scalars(select(ClassParticipant.inmate_id).join(
        LessonClass, LessonClass.id == ClassParticipant.class_id).where(
        LessonClass.trainer_id == staff.id)))


def build(db: Session, now: datetime, staff: StaffUser, prison_id: int | None) -> Stats:
    """The statistics of one prison, or of every prison the caller serves (None)."""
    if not allowed(staff, Can.VIEW_LEARNING_STATS):
        raise NotFound()
    served = prison_service.list_for(db, staff)
    if prison_id is not None:
        served = [p for p in served if p.id == prison_id]
        if not served:
            raise NotFound()
    by_id = {p.id: p for p in served}
    lessons = catalogue()
    modules = {m.key: ModuleFigures(m, per_month=[0] * MONTHS) for m in lessons.ordered()}
    per_prison = {p.id: PrisonFigures(p) for p in served}
    months = months_until(to_oslo(now).date())
    index = {(m.year, m.month): n for n, m in enumerate(months)}
    stalled_before = now - timedelta(days=STALLED_DAYS)
    stalled = []
    nameable = _nameable(db, staff)
    rows = db.execute(
        select(ModuleProgress, Inmate.prison_id, Inmate.status, Inmate.name,
               Inmate.inmate_number)
        .join(Inmate, Inmate.id == ModuleProgress.inmate_id)
        .where(Inmate.prison_id.in_(list(by_id) or [-1]))).all()
    for progress, inmate_prison, inmate_status, name, number in rows:
        figures = modules.get(progress.module)
        if figures is None:
            continue
        prison = per_prison[inmate_prison]
        figures.started += 1
        prison.started += 1
        if progress.completed_at is not None:
            figures.completed += 1
            prison.completed += 1
            done = to_oslo(progress.completed_at)
            if (done.year, done.month) in index:
                figures.per_month[index[(done.year, done.month)]] += 1
        elif (as_utc(progress.updated_at) <= stalled_before
              and inmate_status == InmateStatus.PRESENT.value):
            figures.stalled += 1
            prison.stalled += 1
            if nameable is not None and progress.inmate_id not in nameable:
                continue
            step_ids = figures.module.step_ids
            stalled.append(Stalled(
                by_id[inmate_prison], figures.module, as_utc(progress.updated_at),
                step_ids.index(progress.current_step) + 1
                if progress.current_step in step_ids else None,
                progress.inmate_id, name, number))
    stalled.sort(key=lambda s: (s.prison.name, s.module.order, s.last_activity))
    audit.record(db, now, Actor("staff", staff.id), "learning.stats", prison_id=prison_id,
                 detail={"prison": prison_id,
                         "named": sorted({s.inmate_id for s in stalled})})
    return Stats(by_id.get(prison_id) if prison_id else None, served, months,
                 list(modules.values()), list(per_prison.values()), stalled, now,
                 names_limited=nameable is not None)
