"""Meldekort periods, opening days, deadlines and the statuses an inmate sees.

The rules are those of /work/shared/domain/meldekort.md ("Periods and deadlines",
"Statuses to show"), as NAV's own meldekort applies them. Pure: no Flask, no database.
The card itself, its questions and its validation are in core.services.forms.meldekort.rules.

- ``Period(start)``: 14 days, Monday to Sunday, two ISO weeks, named by its first Monday.
  ``period.id`` is the ISO week of that Monday, e.g. "2026-W10" (the ISO year, so the
  period starting Monday 29 December 2025 is "2026-W01"); ``Period.from_id`` reads it back.
  ``next()`` and ``previous()`` step 14 days.
- ``Schedule(first)``: an inmate's card schedule, "every 14 days from the period starting on
  Monday ``first``", set by staff. ``Schedule.starting_on(day)`` refuses a day that is not a
  Monday with ``NotAMonday`` (a ServiceError, code "meldekort_start_not_monday").
  ``period_containing(day)``, ``current(now)`` and ``opened_by(now)`` place dates in it.
- ``opens_on(period)``: day 13, the Saturday of week two, from which the card can be sent;
  ``opens_at(period)`` is midnight starting that day in Oslo, as UTC.
- ``deadline(period)``: the last day on which sending is on time, 8 days after the period
  ends (the Monday of week four). The whole of that day counts, in Oslo time:
  ``late_from(period)`` is midnight at its end (00:00 Oslo on the Tuesday), as UTC.
- ``is_open``, ``is_late``, ``sent_late``: the same rules at a moment. Late is shown,
  never refused. A card filled in by a caseworker, and a correction, have no deadline:
  ``has_deadline(...)`` says so and the ``deadline_applies`` arguments take it.
- ``status_of(period, now, stage)``: what the inmate sees. Before a card is confirmed the
  status comes from the calendar (NOT_YET_OPEN, OPEN, LATE); after, from the ``Stage`` the
  card has reached in our own workflow, which the caller stores.

Every moment passed in must be timezone-aware (naive ones are read as UTC, as SQLite gives
them back); every date is an Oslo calendar date. Days are counted in calendar days, and
a change to or from summer time changes only the length in hours of a period, never its
days. These are the classic card's days; each card type's opening day and deadline, and
where public holidays move them, are in core.services.forms.meldekort.deadlines.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.clock import OSLO, as_utc
from core.services.errors import ServiceError

PERIOD_DAYS = 14
OPENS_ON_DAY = 13  # day 13 of the period (day 1 is the first Monday): the Saturday of week two
DEADLINE_DAYS_AFTER_END = 8  # the last on-time day: 8 days after the period's last Sunday

_ID = re.compile(r"^(\d{4})-W(\d{2})$")


class NotAMonday(ServiceError, ValueError):
    """A period, or a schedule, must start on a Monday."""

    def __init__(self, day: date) -> None:
        super().__init__("meldekort_start_not_monday", day=day)


@dataclass(frozen=True, order=True)
class Period:
    """Fourteen days from ``start``, a Monday, to the Sunday 13 days later."""

    start: date

    def __post_init__(self) -> None:
        if type(self.start) is not date:  # a datetime is a date too, and would slip through
            raise TypeError("a period starts on a date")
        if self.start.weekday() != 0:
            raise NotAMonday(self.start)

    @classmethod
    def from_id(cls, text: str) -> Period:
        """The period whose id is ``text`` ("2026-W10"); ValueError if there is none."""
        match = _ID.match(text)
        if not match:
            raise ValueError(f"not a period id: {text!r}")
        return cls(date.fromisocalendar(int(match[1]), int(match[2]), 1))

    @property
    def id(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def end(self) -> date:
        """The last day, a Sunday (inclusive)."""
        return self.start + timedelta(days=PERIOD_DAYS - 1)

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.day(n) for n in range(1, PERIOD_DAYS + 1))

    @property
    def weeks(self) -> tuple[int, int]:
        """The two ISO week numbers, e.g. (53, 1) for the period starting 28 December 2026."""
        return (self.start.isocalendar()[1], (self.start + timedelta(days=7)).isocalendar()[1])

    def day(self, number: int) -> date:
        """Day ``number``, 1 to 14 (day 1 is the first Monday)."""
        if not 1 <= number <= PERIOD_DAYS:
            raise ValueError("a period has days 1 to 14")
        return self.start + timedelta(days=number - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        return Period(self.start + timedelta(days=PERIOD_DAYS))

    def previous(self) -> Period:
        return Period(self.start - timedelta(days=PERIOD_DAYS))

    def __str__(self) -> str:
        return self.id


def oslo_date(moment: datetime) -> date:
    """The calendar date in Oslo at ``moment``."""
    return as_utc(moment).astimezone(OSLO).date()


def _oslo_midnight(day: date) -> datetime:
    """00:00 in Oslo at the start of ``day``, as UTC (midnight always exists in Oslo)."""
    return as_utc(datetime.combine(day, time(0), tzinfo=OSLO))


@dataclass(frozen=True)
class Schedule:
    """An inmate's meldekort schedule: the period starting on ``first``, then every 14 days."""

    first: Period

    @classmethod
    def starting_on(cls, day: date) -> Schedule:
        """The schedule whose first period starts on ``day``; NotAMonday if it is not one."""
        return cls(Period(day))

    def period_containing(self, day: date) -> Period | None:
        """The schedule's period that ``day`` falls in, or None before the first period."""
        if day < self.first.start:
            return None
        steps = (day - self.first.start).days // PERIOD_DAYS
        return Period(self.first.start + timedelta(days=steps * PERIOD_DAYS))

    def current(self, now: datetime) -> Period | None:
        """The period running at ``now`` (Oslo date), or None before the schedule starts."""
        return self.period_containing(oslo_date(now))

    def opened_by(self, now: datetime) -> list[Period]:
        """Every period of the schedule that can be sent at ``now``, oldest first.

        The list ends with the current period once it has opened (from its Saturday), or
        with the one before it. The caller leaves out the periods already sent.
        """
        periods: list[Period] = []
        period = self.first
        while is_open(period, now):
            periods.append(period)
            period = period.next()
        return periods


def opens_on(period: Period) -> date:
    """The first day the card can be sent: day 13, the Saturday of week two."""
    return period.day(OPENS_ON_DAY)


def opens_at(period: Period) -> datetime:
    """The first moment the card can be sent: 00:00 Oslo on ``opens_on``, as UTC."""
    return _oslo_midnight(opens_on(period))


def deadline(period: Period) -> date:
    """The last day on which sending is on time: 8 days after the period ends (a Monday).

    The whole day counts, in Oslo time: a card sent at 23:59 that Monday is on time.
    """
    return period.end + timedelta(days=DEADLINE_DAYS_AFTER_END)


def late_from(period: Period) -> datetime:
    """The first late moment: 00:00 Oslo on the day after ``deadline``, as UTC."""
    return _oslo_midnight(deadline(period) + timedelta(days=1))


def has_deadline(*, is_correction: bool = False, filled_by_caseworker: bool = False) -> bool:
    """A correction, and a card a caseworker fills in, have no deadline: they are never late."""
    return not (is_correction or filled_by_caseworker)


def is_open(period: Period, now: datetime) -> bool:
    """Whether the card can be sent at ``now`` (from day 13 on; late cards too)."""
    return as_utc(now) >= opens_at(period)


def is_late(period: Period, now: datetime, *, deadline_applies: bool = True) -> bool:
    """Whether a card not yet sent is late at ``now``."""
    return deadline_applies and as_utc(now) >= late_from(period)


def sent_late(period: Period, sent_at: datetime, *, deadline_applies: bool = True) -> bool:
    """Whether a card sent at ``sent_at`` was late: the same rule, at the moment of sending.

    A card is sent when the supervising officer countersigns it, so pass that moment.
    """
    return is_late(period, sent_at, deadline_applies=deadline_applies)


class Stage(str, enum.Enum):
    """How far a card has come in our own workflow; the caller stores it."""

    DRAFT = "draft"  # started, not confirmed (or no card yet)
    CONFIRMED = "confirmed"  # confirmed by the inmate, waiting for the officer's countersignature
    SENT = "sent"  # countersigned: sent, waiting for the adviser
    UNDER_REVIEW = "under_review"  # an adviser or social worker is taking it into NAV's systems
    RETURNED = "returned"  # returned to the inmate for correction, with a message
    REGISTERED = "registered"  # registered with NAV, with NAV's reference


class Status(str, enum.Enum):
    """What the inmate sees for a period (meldekort.md, "Statuses to show")."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    LATE = "late"
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature"  # confirmed, not yet sent
    SENT = "sent"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"  # returned for correction
    REGISTERED = "registered"  # registered with NAV
    EXEMPT = "exempt"  # an exemption from the duty to send covers the period: nothing is due


_STATUS_OF_STAGE = {
    Stage.CONFIRMED: Status.AWAITING_COUNTERSIGNATURE,
    Stage.SENT: Status.SENT,
    Stage.UNDER_REVIEW: Status.UNDER_REVIEW,
    Stage.RETURNED: Status.RETURNED,
    Stage.REGISTERED: Status.REGISTERED,
}

# The statuses of a card that has been sent, that is countersigned.
SENT_STATUSES = frozenset({Status.SENT, Status.UNDER_REVIEW, Status.REGISTERED})


def status_of(period: Period, now: datetime, stage: Stage = Stage.DRAFT, *,
              deadline_applies: bool = True) -> Status:
    """The status the inmate sees for ``period`` at ``now``.

    ``stage`` is how far the card has come (DRAFT when there is no card yet). Until the
    inmate confirms, the calendar decides: NOT_YET_OPEN before day 13, then OPEN, then LATE
    after the deadline (never LATE when ``deadline_applies`` is False; see has_deadline).
    Whether a sent card was late is a separate fact: see ``sent_late``.
    """
    if stage is not Stage.DRAFT:
        return _STATUS_OF_STAGE[stage]
    if not is_open(period, now):
        return Status.NOT_YET_OPEN
    if is_late(period, now, deadline_applies=deadline_applies):
        return Status.LATE
    return Status.OPEN


# NAV's own card status codes (KortStatus in navikt/meldekort-frontend), for reference only:
# our workflow is not NAV's, and nothing here is sent to NAV. NAV's meaning of each:
NAV_STATUS_CODES: dict[str, str] = {
    "OPPRE": "created: the card exists and NAV has not received it",
    "SENDT": "sent out to the person (a card they can fill in), NOT sent by them",
    "KLAR": "ready for calculation",
    "REGIS": "registered in NAV's system (shown as 'til behandling', being processed)",
    "NYKTR": "under a new check (shown as 'til behandling')",
    "UBEHA": "received, not yet processed (shown as 'til behandling')",
    "FERDI": "calculated: done",
    "FEIL": "sent to manual processing",
    "VENTE": "waiting for another card",
}

# The NAV code for the same point in NAV's own flow, by analogy, or None where NAV has no
# such point. A card NAV has not received is OPPRE there whether or not it is open.
NAV_STATUS_FOR: dict[Status, str | None] = {
    Status.NOT_YET_OPEN: "OPPRE",
    Status.OPEN: "OPPRE",
    Status.LATE: "OPPRE",
    Status.AWAITING_COUNTERSIGNATURE: None,  # NAV has no countersignature
    Status.SENT: "UBEHA",  # received here, nobody has processed it yet
    Status.UNDER_REVIEW: "NYKTR",  # being checked
    Status.RETURNED: None,  # NAV sends a new "return card" (kortType RETUR) instead
    Status.REGISTERED: "REGIS",
    Status.EXEMPT: None,  # NAV makes no card for a period without the duty to send
}
