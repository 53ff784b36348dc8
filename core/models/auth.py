from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class SignInAttempt(Base):
    """One sign-in attempt, or a staff unlock. Throttling and lockout are read from here.

    ``subject`` is the normalised inmate number or username as typed, so that unknown
    numbers lock exactly like known ones and nothing reveals which exist.
    """

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        Index("ix_attempt_subject", "kind", "subject", "at"),
        Index("ix_attempt_terminal", "terminal_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # inmate, staff, enrolment
    subject: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # success, failure, unlock
    terminal_id: Mapped[int | None] = mapped_column(
        ForeignKey("terminal.id", ondelete="SET NULL")
    )
    ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime]


class ServerSession(Base):
    """A server-side session. The cookie holds a random token; only its digest is kept."""

    __tablename__ = "server_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    app: Mapped[str] = mapped_column(String(8))  # kiosk or admin
    data: Mapped[str] = mapped_column(Text, default="{}")
    inmate_id: Mapped[int | None] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    terminal_id: Mapped[int | None] = mapped_column(
        ForeignKey("terminal.id", ondelete="CASCADE")
    )
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    signed_in_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(16))
