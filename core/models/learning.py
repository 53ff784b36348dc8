"""Learning NAV's digital services (issue 5): progress per module and step, settings,
certificates, classes run by a trainer, and practice tasks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class InmateSetting(Base):
    """What the kiosk remembers for an inmate, such as larger text."""

    __tablename__ = "inmate_setting"

    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           primary_key=True)
    large_text: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]


class ModuleProgress(Base):
    """An inmate's place in a lesson module: where to resume, and when it was completed."""

    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("inmate_id", "module", name="inmate_module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(String(32))
    version: Mapped[int]
    current_step: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    score: Mapped[int | None]  # per cent of check questions right at completion
    class_id: Mapped[int | None] = mapped_column(ForeignKey("lesson_class.id",
                                                            ondelete="SET NULL"))


class StepProgress(Base):
    """One step of a module: seen, and the answer to its check question."""

    __tablename__ = "step_progress"
    __table_args__ = (UniqueConstraint("inmate_id", "module", "step", name="inmate_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"))
    module: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    seen_at: Mapped[datetime]
    answer: Mapped[int | None]  # the option chosen last
    correct: Mapped[bool | None]  # whether the first answer was right
    attempts: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None]


class Certificate(Base):
    """A printable record of completed modules, checked by its code in the staff app."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    issued_at: Mapped[datetime]
    # JSON: [{"module", "version", "title_nb", "title_en", "completed_at", "score",
    # "trainer"}], the names as they were when issued.
    modules: Mapped[str] = mapped_column(Text)
    prison_name: Mapped[str] = mapped_column(String(120))


class LessonClass(Base):
    """A class a trainer runs on several terminals: inmates join with a short code."""

    __tablename__ = "lesson_class"
    __table_args__ = (Index("ix_lesson_class_code", "join_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    module: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime]
    join_code: Mapped[str] = mapped_column(String(8))
    code_expires_at: Mapped[datetime]
    step: Mapped[str | None] = mapped_column(String(32))  # the step the trainer sent all to
    paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class ClassParticipant(Base):
    """Attendance: an inmate who joined a class."""

    __tablename__ = "class_participant"

    class_id: Mapped[int] = mapped_column(ForeignKey("lesson_class.id", ondelete="CASCADE"),
                                          primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           primary_key=True)
    joined_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminal.id",
                                                               ondelete="SET NULL"))
    left_at: Mapped[datetime | None]


class PracticeAttempt(Base):
    """A practice task tried: the goal, whether the result met it and what was wrong.
    Practice sends nothing anywhere; this only remembers the learning."""

    __tablename__ = "practice_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    task: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    passed: Mapped[bool | None]
    mistakes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of codes
