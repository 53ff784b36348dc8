from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class AuditEvent(Base):
    """Append-only and hash-chained: each row stores the previous row's hash."""

    __tablename__ = "audit_event"
    # Timelines read the events of one subject (core.services.records.timeline).
    __table_args__ = (Index("ix_audit_subject", "subject_type", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_type: Mapped[str] = mapped_column(String(16))  # staff, inmate, terminal, system
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    prison_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="{}")
    # Unique: two events can never claim the same predecessor, so the chain cannot fork.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
