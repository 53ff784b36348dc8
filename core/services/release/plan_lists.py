"""The release plan's lists (issue 15): the arrival list, "Upcoming releases" and the
inmates the queue raises. The plan itself is core.services.release.plan's.

API for other services and views (no Flask here; the staff lists are audited as reads):

- ``arrival_list(db, now, staff)`` -> list[Arrival]: who arrived lately with arrival items
  open, due within 5 working days of arrival.
- ``upcoming(db, now, staff, within)`` -> list[Upcoming]: released within ``within`` days
  (UPCOMING_DAYS: the page's choices) and every short stay.
- ``raised_inmates(db, on, prison_ids)`` -> {inmate id: Raised}: the queue raises those
  released within RAISE_WITHIN_DAYS with items open, and short stays from day one.
- ``open_request_counts(db, inmate_ids)`` -> {inmate id: open requests}.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Inmate, InmateStatus, ReleasePlan, Request, StaffUser
from core.services.release import pathways as pw
from core.services.release.plan import (Item, Summary, items_for, items_on, plan_for_reading,
                                        summarize, unsaved_dates)
from core.services.release.plan_dates import arrival_due, dates_of, is_short_stay, today
from core.services.scoping import scoped

RAISE_WITHIN_DAYS = 30  # released within 30 days with items open: raised in the queue
UNTOUCHED_KEPT = 4096  # untouched short stays' summaries a worker keeps (untouched_raised)
UPCOMING_DAYS = (7, 30, 60, 90)  # the choices of the "Upcoming releases" page


def _plans(db: Session, inmate_ids: list[int]) -> dict[int, ReleasePlan]:
    if not inmate_ids:
        return {}
    return {p.inmate_id: p for p in db.scalars(select(ReleasePlan)
                                               .where(ReleasePlan.inmate_id.in_(inmate_ids)))}


@dataclass(frozen=True)
class Arrival:
    inmate: Inmate
    arrived_on: date
    due_on: date
    items: list[Item]  # the arrival items the reader sees, open first

    @property
    def open(self) -> int:
        return sum(1 for i in self.items if i.open)

    def overdue(self, on: date) -> bool:
        return self.open > 0 and self.due_on < on


def arrival_list(db: Session, now: datetime, staff: StaffUser, days: int = 30) -> list[Arrival]:
    """Inmates present in the staff member's prisons who arrived within ``days`` days
    and whose arrival items (the ones their roles see) are not all closed: the arrival
    list, due within 5 working days of arrival. The latest due first is last: sorted by
    due date. Audited as a read."""
    on = today(now)
    visible = pw.visible_pathways(staff.roles)
    found = list(db.scalars(scoped(select(Inmate), Inmate.prison_id, staff).where(
        Inmate.status == InmateStatus.PRESENT.value).order_by(Inmate.name).limit(2000)))
    plans = _plans(db, [i.id for i in found])
    result = []
    for inmate in found:
        plan = plans.get(inmate.id)
        arrived = plan.arrived_on if plan else today(inmate.created_at)
        if (on - arrived).days > days or not visible:
            continue
        if plan is None:
            plan = plan_for_reading(db, now, inmate)
        items = [i for i in items_for(db, plan, staff.roles) if i.arrival]
        if any(i.open for i in items):
            result.append(Arrival(inmate, plan.arrived_on, arrival_due(plan.arrived_on),
                                  sorted(items, key=lambda i: not i.open)))
    result.sort(key=lambda a: (a.due_on, a.inmate.name))
    audit.record(db, now, Actor("staff", staff.id), "release_plan.arrivals",
                 detail={"count": len(result)})
    return result


@dataclass(frozen=True)
class Raised:
    """Why an inmate is raised in the queue, as counts (never content)."""

    open: int
    overdue: int
    short_stay: bool
    next_due: date | None


def raised_inmates(db: Session, on: date, prison_ids: set[int] | None,
                   within: int = RAISE_WITHIN_DAYS) -> dict[int, Raised]:
    """Inmates present in these prisons (None: all) whose plan has open items and who
    are released within ``within`` days, or are on a short stay (raised from day one):
    {inmate id: Raised}. For the queue's order and its rows (counts, never content)."""
    soon = {inmate_id for inmate_id, prison_id in db.execute(
        select(Inmate.id, Inmate.prison_id).where(
            Inmate.expected_release >= on, Inmate.expected_release <= on + timedelta(days=within),
            Inmate.status == InmateStatus.PRESENT.value))
        if prison_ids is None or prison_id in prison_ids}
    # A short stay still present arrived recently: read only the plans of the last months
    # and decide in Python (the 90 days are a date difference no dialect writes alike).
    short = select(ReleasePlan).join(Inmate, Inmate.id == ReleasePlan.inmate_id).where(
        Inmate.status == InmateStatus.PRESENT.value, ReleasePlan.frozen_at.is_(None),
        ReleasePlan.expected_on.is_not(None),
        ReleasePlan.arrived_on >= on - timedelta(days=2 * pw.SHORT_STAY_DAYS))
    if prison_ids is not None:
        short = short.where(Inmate.prison_id.in_(prison_ids or {-1}))
    plans = {p.inmate_id: p for p in db.scalars(short) if is_short_stay(p)}
    # Short stays whose plan nobody has touched yet: raised from day one all the same.
    # Such a plan starts on the day the inmate was registered, today at the latest, so a
    # release more than SHORT_STAY_DAYS from today is never a short stay: left out here,
    # where the index on the release date finds the rest (with national data at 4x on
    # PostgreSQL every present inmate was read and decided in Python on every queue page).
    fresh = select(Inmate).outerjoin(ReleasePlan, ReleasePlan.inmate_id == Inmate.id).where(
        ReleasePlan.id.is_(None), Inmate.status == InmateStatus.PRESENT.value,
        Inmate.expected_release.is_not(None),
        Inmate.expected_release <= on + timedelta(days=pw.SHORT_STAY_DAYS),
        Inmate.created_at >= datetime.combine(on - timedelta(days=2 * pw.SHORT_STAY_DAYS),
                                              datetime.min.time(), tzinfo=timezone.utc))
    if prison_ids is not None:
        fresh = fresh.where(Inmate.prison_id.in_(prison_ids or {-1}))
    result = {}
    untouched = set()
    for inmate in db.scalars(fresh):
        # The query found no plan: no query per inmate to look again (with national data
        # that was most of the staff queue's time: py-spy, make bench --profile).
        dates = unsaved_dates(inmate.created_at, inmate)
        if dates.short_stay:
            untouched.add(inmate.id)
            if raised := untouched_raised(dates.arrived_on, dates.expected_on, on):
                result[inmate.id] = raised
    plans.update(_plans(db, [i for i in soon if i not in plans and i not in untouched]))
    for inmate_id in (soon - untouched) | set(plans):
        plan = plans.get(inmate_id)
        if plan is None:
            result[inmate_id] = Raised(len(pw.ITEMS), 0, False, None)
            continue
        summary = summarize(items_on(plan, None, dates_of(plan)), on)
        if summary.open:
            result[inmate_id] = Raised(summary.open, summary.overdue, is_short_stay(plan),
                                       summary.next_due.due_on if summary.next_due else None)
    return result


@lru_cache(maxsize=UNTOUCHED_KEPT)
def untouched_raised(arrived_on: date, expected_on: date | None, on: date) -> Raised | None:
    """Raised for a short stay whose plan nobody has touched yet: with no items saved, its
    items and their due dates follow from its dates alone, so the answer is kept for the
    next queue page (every adviser's queue, and its refresh every minute, asks again for
    the same inmates: make bench, national data at 4x on PostgreSQL)."""
    plan = ReleasePlan(arrived_on=arrived_on, expected_on=expected_on, frozen_open="",
                       items=[])
    summary = summarize(items_on(plan, None, dates_of(plan)), on)
    if not summary.open:
        return None
    return Raised(summary.open, summary.overdue, is_short_stay(plan),
                  summary.next_due.due_on if summary.next_due else None)


@dataclass(frozen=True)
class Upcoming:
    inmate: Inmate
    days_left: int
    summary: Summary | None  # None: the reader sees no pathway
    short_stay: bool
    open_requests: int  # a count only: the list shows no request content


def open_request_counts(db: Session, inmate_ids: list[int]) -> dict[int, int]:
    """How many open requests each inmate has (as requests.open_for_inmate counts them)."""
    from sqlalchemy import func

    from core.models import OPEN_STATUSES
    if not inmate_ids:
        return {}
    return dict(db.execute(select(Request.inmate_id, func.count()).where(
        Request.inmate_id.in_(inmate_ids),
        Request.status.in_([s.value for s in OPEN_STATUSES])).group_by(Request.inmate_id)).all())


def upcoming(db: Session, now: datetime, staff: StaffUser,
             within: int = RAISE_WITHIN_DAYS) -> list[Upcoming]:
    """Inmates present in the staff member's prisons who are released within ``within``
    days, and every short stay (raised from day one), the soonest first, with where
    their plan stands in the pathways the staff member sees. Audited as a read."""
    on = today(now)
    found = list(db.scalars(scoped(select(Inmate), Inmate.prison_id, staff).where(
        Inmate.status == InmateStatus.PRESENT.value, Inmate.expected_release >= on,
    ).order_by(Inmate.expected_release, Inmate.name, Inmate.id).limit(2000)))
    saved = _plans(db, [i.id for i in found])
    plans = {i.id: saved.get(i.id) or plan_for_reading(db, now, i) for i in found}
    chosen = [i for i in found if (i.expected_release - on).days <= within
              or is_short_stay(plans[i.id])]
    counts = open_request_counts(db, [i.id for i in chosen])
    sees = bool(pw.visible_pathways(staff.roles))
    result = []
    for inmate in chosen:
        plan = plans[inmate.id]
        summary = summarize(items_for(db, plan, staff.roles), on) if sees else None
        result.append(Upcoming(inmate, (inmate.expected_release - on).days, summary,
                               is_short_stay(plan), counts.get(inmate.id, 0)))
    audit.record(db, now, Actor("staff", staff.id), "release.list",
                 detail={"within": within, "count": len(result)})
    return result


__all__ = ["RAISE_WITHIN_DAYS", "UPCOMING_DAYS", "Arrival", "Raised", "Upcoming",
           "arrival_list", "open_request_counts", "raised_inmates", "upcoming"]
