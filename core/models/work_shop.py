"""The prison work shop (arbeidsdrift, issue 16): work shops per prison, the staff who run
each one and the inmates who work there, attendance per day, and the work-capacity
statement the work shop writes for the inmate's Nav adviser."""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.inmate import Inmate
from core.models.staff import StaffUser


class WorkShop(Base):
    __tablename__ = "work_shop"
    __table_args__ = (UniqueConstraint("prison_id", "name", name="uq_work_shop_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class WorkShopStaff(Base):
    """A work-shop staff member who runs this work shop (and so sees its inmates)."""

    __tablename__ = "work_shop_staff"

    work_shop_id: Mapped[int] = mapped_column(
        ForeignKey("work_shop.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True)


class WorkShopMember(Base):
    """An inmate working in a work shop from ``joined_on``; ``left_on`` ends it. An inmate
    is in one work shop at a time."""

    __tablename__ = "work_shop_member"
    __table_args__ = (Index("ix_work_shop_member_shop", "work_shop_id", "left_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_shop_id: Mapped[int] = mapped_column(ForeignKey("work_shop.id", ondelete="CASCADE"))
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    added_by: Mapped[int | None]

    inmate: Mapped[Inmate] = relationship(lazy="joined")


class WorkAttendance(Base):
    """One inmate's attendance in a work shop on one day: present, late or absent."""

    __tablename__ = "work_attendance"
    __table_args__ = (UniqueConstraint("work_shop_id", "inmate_id", "day",
                                       name="uq_work_attendance_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_shop_id: Mapped[int] = mapped_column(ForeignKey("work_shop.id", ondelete="CASCADE"))
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    day: Mapped[date]
    status: Mapped[str] = mapped_column(String(16))  # present, late, absent
    recorded_by: Mapped[int | None]
    recorded_at: Mapped[datetime]


class WorkStatement(Base):
    """A work-capacity statement: written by the work shop, read by the inmate on the
    kiosk, then sent to the Nav advisers of the inmate's prison (only with the inmate's
    consent to the work shop for "work_capacity")."""

    __tablename__ = "work_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    work_shop_id: Mapped[int | None] = mapped_column(
        ForeignKey("work_shop.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # The structured part: a scale each (core.services.work_shop.statements.SCALE) ...
    attendance: Mapped[str] = mapped_column(String(16))
    punctuality: Mapped[str] = mapped_column(String(16))
    cooperation: Mapped[str] = mapped_column(String(16))
    # ... and text with a limit.
    tasks: Mapped[str] = mapped_column(Text, default="")
    what_helps: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # Days present, late and absent in the period, counted from the attendance records
    # when the statement was made ready for the inmate (JSON).
    attendance_counts: Mapped[str] = mapped_column(Text, default="{}")
    # draft, for_inmate (the inmate may read it), read (the inmate has read it), sent
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    ready_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    sent_by: Mapped[int | None]
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consent.id", ondelete="SET NULL"))

    author: Mapped[StaffUser | None] = relationship(lazy="joined", foreign_keys=[author_id])

    @property
    def counts(self) -> dict:
        return json.loads(self.attendance_counts or "{}")
