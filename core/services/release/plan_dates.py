"""The release plan's dates (issue 15): arrival, the earliest, expected and latest release
dates, what due dates count back from, short stays, the arrival list's deadline, and the
check of a set of dates. Pure rules on values: no database writes here (setting the dates
is core.services.release.plan_changes.set_dates).

API for other services and views:

- ``Dates(arrived_on, earliest_on, expected_on, latest_on)``; ``dates_of(plan)`` ->
  Dates; ``anchor(plan)`` (what due dates count back from); ``is_short_stay(plan)``.
- ``check_dates(dates, today, before=None)`` -> {field: error code}; DatesInvalid carries
  the errors per field when set_dates refuses them.
- ``arrival_due(arrived_on)``: the arrival list's deadline, 5 working days after arrival.
- ``today(now)``: the date in Oslo.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.clock import to_oslo
from core.models import ReleasePlan
from core.services.errors import ServiceError
from core.services.release import pathways as pw
from core.services.workdays import next_working_day

DATE_FIELDS = ("arrived_on", "earliest_on", "expected_on", "latest_on")


def today(now: datetime) -> date:
    """The date in Oslo: due dates and release dates are Norwegian calendar days."""
    return to_oslo(now).date()


@dataclass(frozen=True)
class Dates:
    arrived_on: date
    earliest_on: date | None = None
    expected_on: date | None = None
    latest_on: date | None = None

    @property
    def anchor(self) -> date | None:
        """What due dates count back from: the earliest possible release date, else the
        expected, else the latest (issue 15: count back from the earliest one)."""
        return self.earliest_on or self.expected_on or self.latest_on

    @property
    def short_stay(self) -> bool:
        """Expected release (else the earliest) within 90 days of arrival."""
        release = self.expected_on or self.earliest_on
        return release is not None and (release - self.arrived_on).days <= pw.SHORT_STAY_DAYS


def dates_of(plan: ReleasePlan) -> Dates:
    return Dates(plan.arrived_on, plan.earliest_on, plan.expected_on, plan.latest_on)


def anchor(plan: ReleasePlan) -> date | None:
    return dates_of(plan).anchor


def is_short_stay(plan: ReleasePlan) -> bool:
    return dates_of(plan).short_stay


def arrival_due(arrived_on: date) -> date:
    """The arrival list is due within 5 working days of arrival (Norwegian holidays and
    weekends skipped, core.services.workdays)."""
    day = arrived_on
    for _ in range(pw.ARRIVAL_WORKING_DAYS):
        day = next_working_day(day)
    return day


class DatesInvalid(ServiceError):
    """The dates were refused; ``errors`` maps each field to an error code:
    release_date_past, arrival_in_future, earliest_after_latest, expected_outside,
    release_before_arrival."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("release_dates_invalid")
        self.errors = errors


def check_dates(dates: Dates, on: date, before: Dates | None = None) -> dict[str, str]:
    """The errors of a set of dates, per field ({} when they are fine). A release date in
    the past is refused only when it is changed (an unchanged past date is the truth
    about a release that is late and must not block other changes)."""
    errors: dict[str, str] = {}
    if dates.arrived_on > on:
        errors["arrived_on"] = "arrival_in_future"
    for name in ("earliest_on", "expected_on", "latest_on"):
        value = getattr(dates, name)
        if value is None:
            continue
        changed = before is None or getattr(before, name) != value
        if value < dates.arrived_on:
            errors[name] = "release_before_arrival"
        elif changed and value < on:
            errors[name] = "release_date_past"
    if dates.earliest_on and dates.latest_on and dates.earliest_on > dates.latest_on:
        errors.setdefault("earliest_on", "earliest_after_latest")
    if dates.expected_on and (dates.earliest_on and dates.expected_on < dates.earliest_on
                              or dates.latest_on and dates.expected_on > dates.latest_on):
        errors.setdefault("expected_on", "expected_outside")
    return errors


__all__ = ["DATE_FIELDS", "Dates", "DatesInvalid", "anchor", "arrival_due", "check_dates",
           "dates_of", "is_short_stay", "today"]
