from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.prison import Prison, Unit
from core.models.staff import StaffUser


class Terminal(Base):
    """A kiosk terminal. It reaches the kiosk only with its enrolled credential."""

    __tablename__ = "terminal"

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(80))
    supervised: Mapped[bool] = mapped_column(default=True)
    pinned_ip: Mapped[str | None] = mapped_column(String(45))
    # Both secrets are stored as SHA-256 digests: they are long random values, not passwords.
    enrolment_code_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    enrolment_expires_at: Mapped[datetime | None]
    credential_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    enrolled_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    prison: Mapped[Prison] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.credential_hash is not None:
            return "enrolled"
        return "waiting"


class SupervisionWindow(Base):
    """An officer opens a supervised terminal for inmates for a stretch of time."""

    __tablename__ = "supervision_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(
        ForeignKey("terminal.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    opened_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    opened_from: Mapped[str] = mapped_column(String(16))  # "terminal" or "admin"

    officer: Mapped[StaffUser] = relationship(lazy="joined")
