"""Release: the home-municipality directory (issue 3) and the release plan (issue 15).

The release plan is the shared part of the prison's framtidsplan (seeds 002, lines
1862-1876): one plan per inmate stay, started at arrival, with pathways of items and a
history. Items are kept as rows only once someone has touched them; the pathways and
their items are data (core.services.release.pathways), so an untouched item is "not
started" with its due date counted from the plan's dates.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class ReleasePlan(Base):
    """One inmate's release plan for the stay (one stay per inmate record).

    Release dates are uncertain (issue 15): the earliest possible date (two-thirds time,
    a halfway house, §12), the expected date and the latest date. Due dates count back
    from the earliest known one. ``expected_on`` is kept equal to Inmate.expected_release
    (the queue and the lists read that column). At release the plan is frozen:
    ``frozen_at`` and ``frozen_open`` (a JSON list of the item codes left open).
    """

    __tablename__ = "release_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           unique=True)
    arrived_on: Mapped[date]
    earliest_on: Mapped[date | None]
    expected_on: Mapped[date | None]
    latest_on: Mapped[date | None]
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    frozen_at: Mapped[datetime | None]
    frozen_open: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[ReleasePlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ReleasePlanItem.id")


class ReleasePlanItem(Base):
    """One item of a plan that someone has touched: its status, owner, due date (None:
    counted from the plan's dates; set: chosen by staff, moved with the dates), a short
    staff note (never shown to the inmate) and whether the inmate sees the item."""

    __tablename__ = "release_plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="plan_item_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("release_plan.id", ondelete="CASCADE"))
    pathway: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    owner: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    visible_to_inmate: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The last request the inmate filed from the kiosk's "Min plan" about this item.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("request.id",
                                                              ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id",
                                                              ondelete="SET NULL"))
    updated_at: Mapped[datetime]

    plan: Mapped[ReleasePlan] = relationship(back_populates="items")


class ReleasePlanEvent(Base):
    """The plan's history: dates set or moved, items changed, frozen at release, moved
    with a transfer, help asked for on the kiosk. ``detail`` is JSON (before/after);
    ``pathway`` lets a reader see only the history of the pathways their role may see
    (None: the plan itself, e.g. its dates)."""

    __tablename__ = "release_plan_event"
    __table_args__ = (Index("ix_release_plan_event_plan", "plan_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("release_plan.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    pathway: Mapped[str | None] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(32))
    actor_type: Mapped[str] = mapped_column(String(8))  # staff, inmate, system
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id",
                                                            ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(Text, default="{}")
