"""Routing and response-time promises, per prison and topic (issue 3).

A topic's rule says which team works it in this prison, how a new request may be
assigned automatically, and what the prison promises: a first response and a resolution
within so many working days. A prison with no rule for a topic uses the defaults in
core.services.requests.routing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base


class TopicRule(Base):
    __tablename__ = "topic_rule"
    __table_args__ = (UniqueConstraint("prison_id", "topic", name="prison_topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(32))
    team: Mapped[str] = mapped_column(String(32))  # a Role value: adviser, social_worker, school
    # none, municipality, region, language or least_loaded (see core.services.requests.routing)
    assign_by: Mapped[str] = mapped_column(String(16), default="none")
    first_response_days: Mapped[int] = mapped_column(default=2)
    resolution_days: Mapped[int] = mapped_column(default=10)
    updated_at: Mapped[datetime]


class StaffArea(Base):
    """A municipality (4 digits) or county (2 digits) a staff member follows up, for
    assignment by home municipality or region."""

    __tablename__ = "staff_area"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                          primary_key=True)
    code: Mapped[str] = mapped_column(String(4), primary_key=True)


class StaffLanguage(Base):
    """A language a staff member can hold a conversation in, for assignment by language."""

    __tablename__ = "staff_language"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                          primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)


class PrisonLead(Base):
    """The prison's lead: broken response-time promises are escalated to this person."""

    __tablename__ = "prison_lead"

    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id", ondelete="CASCADE"),
                                           primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    updated_at: Mapped[datetime]


class Escalation(Base):
    """A broken promise, raised to the prison's lead by `brobygger sla tick`. One per
    request and clock, so running the tick again changes nothing."""

    __tablename__ = "escalation"
    __table_args__ = (UniqueConstraint("request_id", "clock", name="request_clock"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"))
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"), index=True)
    clock: Mapped[str] = mapped_column(String(16))  # first_response or resolution
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    due_at: Mapped[datetime]
    at: Mapped[datetime]
