from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.prison import Prison, Unit


class InmateStatus(str, enum.Enum):
    PRESENT = "present"
    TRANSFERRED = "transferred"
    RELEASED = "released"
    PURGED = "purged"  # personal data deleted by retention; only the id is left


class Inmate(Base):
    __tablename__ = "inmate"
    # Who is released soon: the queue raises them
    # (core.services.release.plan_lists.raised_inmates) and filters by it, reading this
    # index alone.
    __table_args__ = (Index("ix_inmate_release", "expected_release", "status", "prison_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    municipality_name: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8), default="nb")
    expected_release: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default=InmateStatus.PRESENT.value)
    # The day the inmate was marked released: retention counts from here.
    released_on: Mapped[date | None]
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_set_at: Mapped[datetime | None]
    # A PIN given by staff works for one sign-in, which only lets the inmate choose a PIN
    # of their own (core.services.people.inmates.reset_pin, issue 12). pin_reset_by is the staff
    # member who gave it, told to the inmate then; a plain id (staff are never deleted),
    # since adding a foreign key to this table on SQLite means rebuilding it.
    pin_one_time: Mapped[bool] = mapped_column(default=False, server_default=false())
    pin_reset_by: Mapped[int | None]
    created_at: Mapped[datetime]

    prison: Mapped[Prison] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")
