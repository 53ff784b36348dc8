"""Office hours and appointments (issue 3).

NAV advisers are often in a prison only on some weekdays: each publishes office hours
per prison, and a conversation is booked into a free slot of them, with a room.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.inmate import Inmate
from core.models.staff import StaffUser


class OfficeHours(Base):
    """A weekly stretch of time when a staff member receives inmates in a prison."""

    __tablename__ = "office_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                          index=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id", ondelete="CASCADE"),
                                           index=True)
    weekday: Mapped[int]  # 0 = Monday ... 6 = Sunday
    starts: Mapped[time]  # Oslo wall-clock time
    ends: Mapped[time]
    slot_minutes: Mapped[int] = mapped_column(default=30)
    room: Mapped[str] = mapped_column(String(80))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    created_at: Mapped[datetime]

    staff: Mapped[StaffUser] = relationship(lazy="joined")


class Appointment(Base):
    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_day", "prison_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("request.id", ondelete="SET NULL"),
                                                   index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked, cancelled
    created_at: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)  # staff's words, for staff
    # Set when the system cancelled it because the inmate left the prison: "transfer" or
    # "release" (core.services.appointments.booking.cancel_on_leaving). The kiosk explains it.
    cancel_cause: Mapped[str | None] = mapped_column(String(16))

    # A second staff member of another team (a shared case meeting, with the inmate's
    # consent; core.services.requests.participants).
    second_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"))

    inmate: Mapped[Inmate] = relationship(lazy="joined")
    staff: Mapped[StaffUser] = relationship(lazy="joined", foreign_keys=[staff_id])
    second_staff: Mapped[StaffUser | None] = relationship(lazy="joined",
                                                          foreign_keys=[second_staff_id])
