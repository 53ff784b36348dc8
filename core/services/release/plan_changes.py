"""What staff change on the release plan (issue 15): its dates and its items. The plan
itself is core.services.release.plan's; the dates' rules are plan_dates'.

API for other services and views (no Flask here; every change is audited and written to
the plan's history):

- ``set_dates(db, now, staff, inmate, dates)`` validates (DatesInvalid carries the errors
  per field), moves the open due dates that staff chose by the change of the earliest
  date, writes the history and keeps Inmate.expected_release equal to the expected date.
- ``set_item(db, now, staff, inmate, code, change)`` -> bool: status, owner, due date,
  note, visible to the inmate (an ItemChange); only in a pathway the staff member's roles
  see. Notes are at most MAX_NOTE characters.
- ``apply_dates(db, now, plan, inmate, dates)``: write the dates and move the chosen due
  dates, without checks or history (for plan_lifecycle.on_inmate_changed too).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Inmate, ReleasePlan, ReleasePlanItem, StaffUser
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.release import pathways as pw
from core.services.release.plan import event, items_on, staff_plan
from core.services.release.plan_dates import (DATE_FIELDS, Dates, DatesInvalid, check_dates,
                                              dates_of, today)

MAX_NOTE = 500


def _require_open(plan: ReleasePlan) -> None:
    if plan.frozen_at is not None:
        raise ServiceError("release_plan_frozen")


def set_dates(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
              dates: Dates) -> bool:
    """Set the plan's arrival and release dates. Raises DatesInvalid (errors per field),
    NotFound outside the staff member's prisons, ServiceError("release_plan_frozen")
    after release, ServiceError("not_allowed") without Can.SET_RELEASE_DATES. Open items whose due
    date staff chose move with the earliest date; computed due dates follow by themselves.
    The change is in the history with the number of open due dates moved. Returns False
    when nothing changed."""
    plan = staff_plan(db, now, staff, inmate)
    if not allowed(staff, Can.SET_RELEASE_DATES):
        raise ServiceError("not_allowed")
    _require_open(plan)
    before = dates_of(plan)
    errors = check_dates(dates, today(now), before)
    if errors:
        raise DatesInvalid(errors)
    if dates == before:
        return False
    moved = apply_dates(db, now, plan, inmate, dates)
    changes = {name: [getattr(before, name), getattr(dates, name)] for name in DATE_FIELDS
               if getattr(before, name) != getattr(dates, name)}
    event(db, now, plan, "dates", Actor("staff", staff.id),
          detail={**changes, "moved": moved})
    audit.record(db, now, Actor("staff", staff.id), "release_plan.dates",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"fields": sorted(changes), "moved": moved})
    return True


def apply_dates(db: Session, now: datetime, plan: ReleasePlan, inmate: Inmate,
                dates: Dates) -> int:
    """Write the dates; move the open items with a chosen due date by the change of the
    anchor. Returns how many open items' due dates moved (chosen and computed)."""
    old = dates_of(plan)
    shift = (dates.anchor - old.anchor).days if dates.anchor and old.anchor else 0
    before_due = {i.code: i.due_on for i in items_on(plan, None, old) if i.open}
    for row in plan.items:
        if row.status in pw.OPEN and row.due_on is not None and shift:
            defn = pw.ITEMS.get(row.code)
            if defn and not defn[1].arrival:
                row.due_on += timedelta(days=shift)
    plan.arrived_on, plan.earliest_on = dates.arrived_on, dates.earliest_on
    plan.expected_on, plan.latest_on = dates.expected_on, dates.latest_on
    plan.updated_at = now
    inmate.expected_release = dates.expected_on
    after_due = {i.code: i.due_on for i in items_on(plan, None, dates) if i.open}
    return sum(1 for code, due in before_due.items() if due != after_due.get(code))


@dataclass(frozen=True)
class ItemChange:
    """What staff set on one item. ``due_on`` None: counted from the plan's dates."""

    status: str
    owner: str
    due_on: date | None = None
    note: str = ""
    visible_to_inmate: bool = True


def set_item(db: Session, now: datetime, staff: StaffUser, inmate: Inmate, code: str,
             change: ItemChange) -> bool:
    """Change one item. NotFound outside the staff member's prisons or in a pathway their
    roles do not see; ServiceError codes: plan_item_unknown, plan_status_unknown,
    plan_owner_unknown, text_too_long, release_plan_frozen. Returns False when nothing
    changed (nothing recorded). The history keeps what changed (the note's text is not
    copied there, only that it changed)."""
    plan = staff_plan(db, now, staff, inmate)
    found = pw.ITEMS.get(code)
    if found is None:
        raise ServiceError("plan_item_unknown")
    pathway, defn = found
    if not pw.may_see(staff.roles, pathway) or not permits(DataClass.RELEASE_PLAN, staff.roles):
        raise NotFound()
    _require_open(plan)
    if change.status not in pw.STATUSES:
        raise ServiceError("plan_status_unknown")
    if change.owner not in pw.OWNERS:
        raise ServiceError("plan_owner_unknown")
    note = change.note.strip()
    if len(note) > MAX_NOTE:
        raise ServiceError("text_too_long", max=MAX_NOTE)
    row = next((r for r in plan.items if r.code == code), None)
    old = (row.status, row.owner, row.due_on, row.note, row.visible_to_inmate) if row else \
        ("not_started", defn.owner, None, "", True)
    new = (change.status, change.owner, change.due_on, note, change.visible_to_inmate)
    if old == new:
        return False
    if row is None:
        row = ReleasePlanItem(pathway=pathway, code=code)
        plan.items.append(row)
    row.status, row.owner, row.due_on, row.note, row.visible_to_inmate = new
    row.updated_by, row.updated_at = staff.id, now
    plan.updated_at = now
    names = ("status", "owner", "due_on", "note", "visible_to_inmate")
    detail = {n: [o, v] for n, o, v in zip(names, old, new) if o != v}
    if "note" in detail:
        detail["note"] = True  # that it changed; the text stays on the item
    db.flush()
    event(db, now, plan, "item", Actor("staff", staff.id), code=code, detail=detail)
    audit.record(db, now, Actor("staff", staff.id), "release_plan.item", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"item": code, "plan_status": change.status})
    return True


__all__ = ["MAX_NOTE", "ItemChange", "set_dates", "set_item"]
