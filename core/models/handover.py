"""The person's hand-over to the home Nav office, and the appointments after release
(issue 15).

One ``Handover`` row per inmate (not per request): when it was first and last made, and
what staff learned afterwards: that the home office confirmed receipt (date, person,
channel). Every copy made (page printed, PDF, CSV, JSON) is also a disclosure
(core.models.disclosure) the inmate sees on the kiosk.

``ReleaseAppointment`` is an appointment outside the prison right after release (at the
home Nav office, the housing office, probation ...), with its address and time, for the
hand-over and the inmate's take-home sheet; the first one's outcome (kept, missed,
unknown) is recorded when staff learn it.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class Handover(Base):
    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           unique=True)
    first_made_at: Mapped[datetime | None]  # the first copy made for the home office
    last_made_at: Mapped[datetime | None]
    made_count: Mapped[int] = mapped_column(default=0)
    # The prison it was made in (statistics count hand-overs per prison).
    prison_id: Mapped[int | None] = mapped_column(ForeignKey("prison.id", ondelete="SET NULL"))
    receipt_on: Mapped[date | None]  # the home office confirmed receipt on this day
    receipt_person: Mapped[str] = mapped_column(String(120), default="")
    receipt_channel: Mapped[str] = mapped_column(String(16), default="")
    receipt_recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime]


class ReleaseAppointment(Base):
    __tablename__ = "release_appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           index=True)
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(120))  # e.g. "Nav Grünerløkka"
    address: Mapped[str] = mapped_column(String(200), default="")
    with_whom: Mapped[str] = mapped_column(String(120), default="")
    what: Mapped[str] = mapped_column(String(200), default="")  # plain words, the inmate reads it
    outcome: Mapped[str | None] = mapped_column(String(8))  # kept, missed, unknown
    outcome_recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id",
                                                              ondelete="SET NULL"))
