"""Requests from inmates to NAV and the prison's other services (issue 3).

Modelled on the UK Ministry of Justice's prisoner-apps request model: a request has a
status, its messages are either staff-only notes or replies the inmate sees, and every
action is a row in a history table.
"""
from __future__ import annotations

import enum
import json
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.inmate import Inmate


class Status(str, enum.Enum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    WAITING_FOR_INMATE = "waiting_for_inmate"
    WAITING_FOR_OTHERS = "waiting_for_others"
    ANSWERED = "answered"
    CLOSED = "closed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING_FOR_INMATE,
                           Status.WAITING_FOR_OTHERS, Status.ANSWERED})


class Visibility(str, enum.Enum):
    STAFF_ONLY = "staff_only"            # an internal note: never shown on the kiosk
    STAFF_AND_INMATE = "staff_and_inmate"


class Request(Base):
    __tablename__ = "request"
    __table_args__ = (Index("ix_request_queue", "prison_id", "status", "topic"),
                      # The queue reads only this index: its counts per filter (the first
                      # six columns), and its order and pages (core.services.requests.queue).
                      Index("ix_request_team_queue", "prison_id", "team", "status", "topic",
                            "language", "assignee_id", "clock_met", "clock_paused",
                            "clock_deadline", "created_at", "inmate_id", "id"),
                      Index("uq_request_submit_key", "submit_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Sent with the submit button: a retried or double-clicked submit finds the request it
    # already made instead of making a second one.
    submit_key: Mapped[str | None] = mapped_column(String(64))
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id"), index=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    topic: Mapped[str] = mapped_column(String(32))
    # The team that works it (a Role value), set by the prison's routing rule at filing
    # and again when the request follows its inmate to another prison.
    team: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # conversation or question
    description: Mapped[str] = mapped_column(Text, default="")
    release_soon: Mapped[bool] = mapped_column(default=False)
    deadline_on: Mapped[date | None]
    letter_received: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8), default="nb")
    interpreter: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(24), default=Status.RECEIVED.value)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime]
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # The promise made at filing, in working days, and when `sla tick` found it broken.
    first_response_days: Mapped[int] = mapped_column(default=2)
    resolution_days: Mapped[int] = mapped_column(default=10)
    first_response_breached_at: Mapped[datetime | None]
    resolution_breached_at: Mapped[datetime | None]
    # The clock that matters now (the first response until it is given, then the
    # resolution), kept by core.services.requests.clocks.keep whenever the status, the first
    # response, the closing or a pause changes, so that the queue orders, filters and
    # pages in SQL: the deadline (None while paused), and whether it is paused or met.
    clock_deadline: Mapped[datetime | None]
    clock_paused: Mapped[bool] = mapped_column(default=False)
    clock_met: Mapped[bool] = mapped_column(default=False)
    # Every way in (issue 16): how the request came, when staff registered it for the
    # inmate (core.services.requests.ways_in.CHANNELS; None: the inmate at a terminal),
    # and who registered it (a plain staff id: SQLite cannot add a foreign key to an
    # existing table without rebuilding it).
    channel: Mapped[str | None] = mapped_column(String(24))
    logged_by_id: Mapped[int | None]
    # When the promise clocks last started: None for the filing; set when the request
    # is forwarded to another team, whose promise then runs from there.
    clock_started_at: Mapped[datetime | None]

    inmate: Mapped[Inmate] = relationship(lazy="joined")

    @property
    def clock_start(self) -> datetime:
        """Where the promise clocks count from: the filing, or the last forwarding."""
        return self.clock_started_at or self.created_at


class RequestForward(Base):
    """A request forwarded to another team, or another prison's team (issue 16)."""

    __tablename__ = "request_forward"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"),
                                            index=True)
    at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    from_team: Mapped[str] = mapped_column(String(32))
    to_team: Mapped[str] = mapped_column(String(32))
    from_prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    to_prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    reason: Mapped[str] = mapped_column(Text)  # for the inmate, in plain words


class RequestAttachment(Base):
    """A scan or photo of a paper note, stored outside the web root under a random name
    (core.services.requests.attachments), its metadata removed."""

    __tablename__ = "request_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"),
                                            index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    uploaded_at: Mapped[datetime]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


class RequestMessage(Base):
    __tablename__ = "request_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"),
                                            index=True)
    author_type: Mapped[str] = mapped_column(String(8))  # inmate or staff
    author_id: Mapped[int]
    visibility: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_by_inmate_at: Mapped[datetime | None]


class RequestEvent(Base):
    """The history of a request: every status change, assignment, message and view."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"),
                                            index=True)
    at: Mapped[datetime]
    actor_type: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(Text, default="")
    visible_to_inmate: Mapped[bool] = mapped_column(default=False)

    @property
    def details(self) -> dict:
        return json.loads(self.detail or "{}")


class Consent(Base):
    """Consent to share with one recipient for one purpose (core.services.data_classes),
    for one request, one form or the whole stay. Withdrawal keeps the row and records when."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(24))
    purpose: Mapped[str] = mapped_column(String(24))
    scope: Mapped[str] = mapped_column(String(8), default="request")  # request, form, stay
    request_id: Mapped[int | None] = mapped_column(ForeignKey("request.id", ondelete="SET NULL"))
    form_submission_id: Mapped[int | None]  # scope "form": which one
    given_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    # Who asked for it: the inmate on their own (a kiosk step) or a staff member.
    asked_by_type: Mapped[str] = mapped_column(String(8), default="inmate")
    asked_by_id: Mapped[int | None]


class RequestParticipant(Base):
    """A staff member of a second team on a request: a shared case meeting
    (trekantsamtale). Reads the thread and internal notes and writes notes while the
    inmate's consent to that team for "case_meeting" is active (core.services.requests.
    participants); ``removed_at`` is set when it ends (removed, or the consent withdrawn)."""

    __tablename__ = "request_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("request.id", ondelete="CASCADE"),
                                            index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                          index=True)
    team: Mapped[str] = mapped_column(String(32))  # a Role value: the second team
    added_by: Mapped[int | None]
    added_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    removed_cause: Mapped[str | None] = mapped_column(String(16))  # removed, withdrawn


class RequestDraft(Base):
    """A half-written request, saved at every step so an idle sign-out loses nothing."""

    __tablename__ = "request_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           unique=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime]
