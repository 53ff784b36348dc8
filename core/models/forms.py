"""Forms under supervision (issue 4): drafts, submissions and meldekort plans.

A submission keeps everything needed to read it years later, whatever happens to the
form's definition: the definition's key and version, a snapshot of every text the inmate
saw (as rendered, in the language shown) with the answers, and when it was started,
confirmed, countersigned, received and registered, on which terminal and under which
officer. Practice never creates a submission: a practice draft is discarded at the end.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models.base import Base
from core.models.inmate import Inmate


class BenefitPlan(Base):
    """An inmate's benefit type and meldekort schedule, set by staff."""

    __tablename__ = "benefit_plan"

    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"),
                                           primary_key=True)
    benefit: Mapped[str] = mapped_column(String(16))  # dagpenger, aap, tiltakspenger, job_seeker
    # The card NAV will show (core.services.forms.meldekort.card_types.CardType), chosen with
    # the benefit. A period's card keeps the type it was started with.
    card_type: Mapped[str] = mapped_column(String(24))
    first_period: Mapped[date]  # a Monday: periods follow every 14 days from here
    active: Mapped[bool] = mapped_column(default=True)
    # The new tiltakspenger card only: the decision's days (days outside are locked) and
    # the number of days per period the decision gives (NAV's maksAntallDagerForPeriode).
    decision_from: Mapped[date | None]
    decision_to: Mapped[date | None]
    days_per_period: Mapped[int | None]
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id",
                                                              ondelete="SET NULL"))


class FormDraft(Base):
    """A form being filled in, saved at every step and as the inmate types. ``slot`` names
    what it is a draft of (e.g. "meldekort:2026-03-02", "jobseeker", with a "practice:"
    prefix in practice mode), so an inmate has one draft per slot."""

    __tablename__ = "form_draft"
    __table_args__ = (UniqueConstraint("inmate_id", "slot", name="inmate_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(64))
    form_key: Mapped[str] = mapped_column(String(32))
    form_version: Mapped[int]
    practice: Mapped[bool] = mapped_column(default=False)
    period_start: Mapped[date | None]
    # The submission this draft corrects, or replaces after it was returned.
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_submission.id", ondelete="SET NULL"))
    data: Mapped[str] = mapped_column(Text, default="{}")
    step: Mapped[str] = mapped_column(String(32), default="")
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminal.id",
                                                               ondelete="SET NULL"))


class FormSubmission(Base):
    __tablename__ = "form_submission"
    __table_args__ = (
        Index("ix_form_submission_inbox", "prison_id", "status", "form_key"),
        Index("ix_form_submission_period", "inmate_id", "form_key", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # A key sent with the submit button: a retried or double-clicked submit finds the
    # submission it already made instead of making a second one.
    submit_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    form_key: Mapped[str] = mapped_column(String(32))
    form_version: Mapped[int]
    language: Mapped[str] = mapped_column(String(8))  # the language the texts were shown in
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id"), index=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prison.id"))
    team: Mapped[str] = mapped_column(String(32))  # whose inbox: a Role value
    # awaiting_countersign, sent, under_review, returned, registered, superseded
    status: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(16), default="original")  # original, correction, resubmission
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_submission.id", ondelete="SET NULL"))
    correction_reason: Mapped[str | None] = mapped_column(String(32))
    # Meldekort only: the period and the benefit the card was filled in for.
    period_start: Mapped[date | None]
    benefit: Mapped[str | None] = mapped_column(String(16))
    # The card type it was filled in on; None for cards sent before card types (0015).
    card_type: Mapped[str | None] = mapped_column(String(24))
    late: Mapped[bool] = mapped_column(default=False)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON: every text shown, with the answers
    answers: Mapped[str] = mapped_column(Text)  # JSON: the raw answers
    started_at: Mapped[datetime]
    confirmed_at: Mapped[datetime]
    countersigned_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    registered_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    terminal_id: Mapped[int | None] = mapped_column(ForeignKey("terminal.id",
                                                               ondelete="SET NULL"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    countersigned_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    countersigned_via: Mapped[str | None] = mapped_column(String(16))  # terminal or admin
    nav_reference: Mapped[str | None] = mapped_column(String(64))
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    return_message: Mapped[str | None] = mapped_column(Text)
    returned_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    inmate: Mapped[Inmate] = relationship(lazy="joined")


class MeldekortEtterregistrering(Base):
    """A period that had no card, opened by an adviser as an etterregistrering card: a card
    type of its own (no question 5, no deadline)."""

    __tablename__ = "meldekort_etterregistrering"
    __table_args__ = (UniqueConstraint("inmate_id", "period_start",
                                       name="etterregistrering_inmate_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date]  # the period's Monday
    reason: Mapped[str] = mapped_column(Text)  # why the period had no card, in the adviser's words
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))


class MeldekortExemption(Base):
    """An exemption from the duty to send meldekort, recorded by an adviser: no card is due
    or late for a period it overlaps. ``ends_on`` None: until further notice."""

    __tablename__ = "meldekort_exemption"

    id: Mapped[int] = mapped_column(primary_key=True)
    inmate_id: Mapped[int] = mapped_column(ForeignKey("inmate.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(24))  # exemptions.REASONS
    note: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    # Withdrawn (recorded by mistake): kept, and no longer counted.
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
