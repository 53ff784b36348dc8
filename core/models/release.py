"""Release: the home-municipality directory and the release checklist (issue 3)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class MunicipalityContact(Base):
    """The NAV office serving a municipality, and its contact person for the prison
    service. The municipality list itself is data shipped with the project
    (core/data/kommuner-2024.csv); this table holds what administrators add to it."""

    __tablename__ = "municipality_contact"

    municipality_number: Mapped[str] = mapped_column(String(4), primary_key=True)
    nav_office: Mapped[str] = mapped_column(String(120), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # The office's visiting address, for the inmate's take-home sheet (issue 15).
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    verified_on: Mapped[date | None]
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id",
                                                              ondelete="SET NULL"))


class ChecklistItem(Base):
    """One item of an inmate's release checklist, ticked off by staff."""

    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("inmate_id", "item", name="inmate_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(32))
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
