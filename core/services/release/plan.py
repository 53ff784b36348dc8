"""The release plan (issue 15): one plan per inmate stay, from arrival to release.

The plan is the part of the prison's framtidsplan that the inmate, Nav, the municipality
and the school share (seeds 002, lines 1862-1876); what it must hold before release is
what Nav's adviser must make sure of (seeds 001, lines 418-426); and it exists so that a
release is handed over as a case, not as "a plastic bag in the hand and a train ticket"
(seeds 002, lines 1704-1716). The pathways and their items are data
(core.services.release.pathways).

API for other services and views (no Flask here; every staff read is audited):

- ``get_or_start_plan(db, now, inmate)`` -> ReleasePlan: the plan, started (arrival =
  the inmate record's creation day, expected date = Inmate.expected_release) if none; in a
  writing transaction only. ``find_plan(db, inmate)`` -> ReleasePlan | None and
  ``plan_for_reading(db, now, inmate)`` (an unsaved plan as it would start) never start
  one: GET requests are read-only transactions.
- ``check_dates(dates, today, before=None)`` -> {field: error code}; ``set_dates(db, now,
  staff, inmate, dates)`` validates (DatesInvalid carries the errors per field), moves the
  open due dates that staff chose by the change of the earliest date, writes the history
  and keeps Inmate.expected_release equal to the expected date.
- ``set_item(db, now, staff, inmate, code, change)`` -> bool: status, owner, due date,
  note, visible to the inmate; only in a pathway the staff member's roles see.
- ``items_for(db, plan, roles=None)`` -> list[Item] in the pathways' order (roles None:
  every pathway with notes, for services acting for the inmate, e.g. the hand-over, which
  apply their own consent rules); ``pathways_for(items)`` groups them;
  ``summarize(items, on)`` -> Summary (total, done, open, overdue, next_due);
  ``state(db, inmate, roles, on)`` -> Summary | None.
- ``read(db, now, staff, inmate)`` -> PlanView: what the staff member may see (dates,
  pathways, notes, history), per the data classes and the pathway table. Audited.
- ``for_inmate(db, now, inmate)`` -> InmatePlan: the kiosk's "Min plan": only items
  visible to the inmate, never a note.
- ``overview(db, now, inmate)`` -> Overview (plan, dates, every item, left_open): for the
  hand-over, the take-home sheet and statistics. Not audited and not filtered: the caller
  audits, checks consent (core.services.data_classes: RELEASE_PLAN, RELEASE_NOTES and
  RELEASE_DATES are NEVER for home_nav until the hand-over adds its consent rule) and
  leaves notes out of anything the inmate or an outside party reads.
- ``arrival_list(db, now, staff)``, ``upcoming(db, now, staff, within)``,
  ``raised_inmates(db, on, prison_ids)`` -> {inmate id: Raised}: the lists.
- ``freeze(db, now, actor, inmate)`` at release (``frozen_open(plan)``: what was left
  open; ``plan.frozen_at``: when); ``on_inmate_changed(...)`` is called by
  core.services.people.inmates.update (a moved expected date, a transfer, a release).
- ``ask_for_help(db, now, inmate, choice, text, language, submit_key)`` -> Request: the
  kiosk's "I need help with ...", an ordinary request linked to the plan item.

Codes: statuses and owners in pathways.STATUSES / OWNERS, items in pathways.ITEMS; their
words in core.web.labels (PATHWAYS, PLAN_ITEMS, PLAN_ITEMS_FOR_INMATE, PLAN_STATUSES,
PLAN_STATUSES_FOR_INMATE, PLAN_OWNERS, PLAN_HELP). Key items for statistics: housing
"housing_office_contacted"/"temporary_housing", income "income_applied", appointment
"appointment_booked", ID "id_document".
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import (Inmate, InmateStatus, ReleasePlan, ReleasePlanEvent, ReleasePlanItem,
                         Request, Role, StaffUser)
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed, in_scope
from core.services.release import pathways as pw
from core.services.scoping import scoped
from core.services.workdays import next_working_day

MAX_NOTE = 500
RAISE_WITHIN_DAYS = 30  # released within 30 days with items open: raised in the queue
UPCOMING_DAYS = (7, 30, 60, 90)  # the choices of the "Upcoming releases" page
DATE_FIELDS = ("arrived_on", "earliest_on", "expected_on", "latest_on")


def today(now: datetime) -> date:
    """The date in Oslo: due dates and release dates are Norwegian calendar days."""
    return to_oslo(now).date()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# Dates -------------------------------------------------------------------------------

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


# The plan ----------------------------------------------------------------------------

def find_plan(db: Session, inmate: Inmate) -> ReleasePlan | None:
    return db.scalar(select(ReleasePlan).where(ReleasePlan.inmate_id == inmate.id))


def _event(db: Session, now: datetime, plan: ReleasePlan, kind: str, actor: Actor, *,
           code: str | None = None, detail: dict | None = None) -> None:
    db.add(ReleasePlanEvent(plan_id=plan.id, at=now, kind=kind, code=code,
                            pathway=pw.pathway_of(code) if code else None,
                            actor_type=actor.type,
                            staff_id=actor.id if actor.type == "staff" else None,
                            detail=_json(detail or {})))


def get_or_start_plan(db: Session, now: datetime, inmate: Inmate,
                      arrived_on: date | None = None) -> ReleasePlan:
    """The inmate's plan; started if there is none (arrival: ``arrived_on``, else the day
    the inmate record was made; expected date: Inmate.expected_release). Starting is
    recorded in the plan's history, not as a read."""
    plan = find_plan(db, inmate)
    if plan is not None:
        return plan
    arrived = arrived_on or today(inmate.created_at or now)
    expected = inmate.expected_release
    plan = ReleasePlan(inmate_id=inmate.id, arrived_on=arrived,
                       expected_on=expected if expected and expected >= arrived else None,
                       started_at=now, updated_at=now, frozen_open="")
    db.add(plan)
    db.flush()
    _event(db, now, plan, "started", Actor("system", None))
    return plan


def plan_for_reading(db: Session, now: datetime, inmate: Inmate) -> ReleasePlan:
    """The inmate's plan, or an unsaved one as it would start (for reading: a GET is a
    read-only transaction, so reading never starts a plan; the first change does)."""
    plan = find_plan(db, inmate)
    return plan if plan is not None else _unsaved_plan(now, inmate)


def _unsaved_plan(now: datetime, inmate: Inmate) -> ReleasePlan:
    """The plan of an inmate who has none, as it would start."""
    arrived = today(inmate.created_at or now)
    expected = inmate.expected_release
    return ReleasePlan(inmate_id=inmate.id, arrived_on=arrived,
                       expected_on=expected if expected and expected >= arrived else None,
                       started_at=now, updated_at=now, frozen_open="", items=[])


def _require_open(plan: ReleasePlan) -> None:
    if plan.frozen_at is not None:
        raise ServiceError("release_plan_frozen")


def _staff_plan(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
                reading: bool = False) -> ReleasePlan:
    if not in_scope(staff, inmate.prison_id) or inmate.status == InmateStatus.PURGED.value:
        raise NotFound()
    return plan_for_reading(db, now, inmate) if reading else get_or_start_plan(db, now, inmate)


def set_dates(db: Session, now: datetime, staff: StaffUser, inmate: Inmate,
              dates: Dates) -> bool:
    """Set the plan's arrival and release dates. Raises DatesInvalid (errors per field),
    NotFound outside the staff member's prisons, ServiceError("release_plan_frozen")
    after release, ServiceError("not_allowed") without Can.SET_RELEASE_DATES. Open items whose due
    date staff chose move with the earliest date; computed due dates follow by themselves.
    The change is in the history with the number of open due dates moved. Returns False
    when nothing changed."""
    plan = _staff_plan(db, now, staff, inmate)
    if not allowed(staff, Can.SET_RELEASE_DATES):
        raise ServiceError("not_allowed")
    _require_open(plan)
    before = dates_of(plan)
    errors = check_dates(dates, today(now), before)
    if errors:
        raise DatesInvalid(errors)
    if dates == before:
        return False
    moved = _apply_dates(db, now, plan, inmate, dates)
    changes = {name: [getattr(before, name), getattr(dates, name)] for name in DATE_FIELDS
               if getattr(before, name) != getattr(dates, name)}
    _event(db, now, plan, "dates", Actor("staff", staff.id),
           detail={**changes, "moved": moved})
    audit.record(db, now, Actor("staff", staff.id), "release_plan.dates",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"fields": sorted(changes), "moved": moved})
    return True


def _apply_dates(db: Session, now: datetime, plan: ReleasePlan, inmate: Inmate,
                 dates: Dates) -> int:
    """Write the dates; move the open items with a chosen due date by the change of the
    anchor. Returns how many open items' due dates moved (chosen and computed)."""
    old = dates_of(plan)
    shift = (dates.anchor - old.anchor).days if dates.anchor and old.anchor else 0
    before_due = {i.code: i.due_on for i in _items(plan, None, old) if i.open}
    for row in plan.items:
        if row.status in pw.OPEN and row.due_on is not None and shift:
            defn = pw.ITEMS.get(row.code)
            if defn and not defn[1].arrival:
                row.due_on += timedelta(days=shift)
    plan.arrived_on, plan.earliest_on = dates.arrived_on, dates.earliest_on
    plan.expected_on, plan.latest_on = dates.expected_on, dates.latest_on
    plan.updated_at = now
    inmate.expected_release = dates.expected_on
    after_due = {i.code: i.due_on for i in _items(plan, None, dates) if i.open}
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
    plan = _staff_plan(db, now, staff, inmate)
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
    _event(db, now, plan, "item", Actor("staff", staff.id), code=code, detail=detail)
    audit.record(db, now, Actor("staff", staff.id), "release_plan.item", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"item": code, "plan_status": change.status})
    return True


# Items as the readers see them ---------------------------------------------------------

@dataclass(frozen=True)
class Item:
    pathway: str
    code: str
    status: str
    owner: str
    due_on: date | None  # None while no date it counts from is known
    due_chosen: bool  # staff chose the due date (it moves with the dates)
    arrival: bool  # on the arrival list
    days_before: int | None
    note: str  # the staff note: never for the kiosk ("" when the reader may not see it)
    visible_to_inmate: bool
    updated_by: int | None
    updated_at: datetime | None
    request_id: int | None  # the last request the inmate filed about it from "Min plan"

    @property
    def open(self) -> bool:
        return self.status in pw.OPEN

    def overdue(self, on: date) -> bool:
        return self.open and self.due_on is not None and self.due_on < on


def _items(plan: ReleasePlan, visible: frozenset[str] | None, dates: Dates) -> list[Item]:
    rows = {r.code: r for r in plan.items}
    result = []
    for pathway in pw.PATHWAYS:
        if visible is not None and pathway.code not in visible:
            continue
        for defn in pathway.items:
            row = rows.get(defn.code)
            if row is not None and row.due_on is not None:
                due = row.due_on
            elif defn.arrival:
                due = arrival_due(dates.arrived_on)
            elif dates.anchor and defn.days_before is not None:
                due = dates.anchor - timedelta(days=defn.days_before)
            else:
                due = None
            result.append(Item(
                pathway.code, defn.code, row.status if row else "not_started",
                row.owner if row else defn.owner, due, bool(row and row.due_on), defn.arrival,
                defn.days_before, row.note if row else "",
                row.visible_to_inmate if row else True,
                row.updated_by if row else None, row.updated_at if row else None,
                row.request_id if row else None))
    return result


def items_for(db: Session, plan: ReleasePlan, roles=None, on: date | None = None) -> list[Item]:
    """The plan's items in the pathways these staff roles see (None: every pathway), in
    the pathways' order. Notes are included only for roles that may read them
    (DataClass.RELEASE_NOTES; roles None: included, the caller decides). ``on`` is
    unused and kept for symmetry with summarize. Not audited: callers that show items to
    staff go through ``read`` or audit themselves."""
    visible = None if roles is None else pw.visible_pathways(roles)
    found = _items(plan, visible, dates_of(plan))
    if roles is not None and not permits(DataClass.RELEASE_NOTES, set(roles)):
        found = [replace(i, note="") for i in found]
    return found


@dataclass(frozen=True)
class Summary:
    total: int
    done: int  # done, not needed or declined: nothing left to do
    open: int
    overdue: int
    next_due: Item | None  # the open item due first

    @property
    def closed(self) -> int:
        return self.done


def summarize(items: list[Item], on: date) -> Summary:
    pending = [i for i in items if i.open]
    dated = sorted((i for i in pending if i.due_on is not None), key=lambda i: i.due_on)
    return Summary(total=len(items), done=len(items) - len(pending), open=len(pending),
                   overdue=sum(1 for i in pending if i.overdue(on)),
                   next_due=dated[0] if dated else None)


@dataclass(frozen=True)
class PathwayView:
    code: str
    items: list[Item]

    def summary(self, on: date) -> Summary:
        return summarize(self.items, on)


def pathways_for(items: list[Item]) -> list[PathwayView]:
    by: dict[str, list[Item]] = {}
    for item in items:
        by.setdefault(item.pathway, []).append(item)
    return [PathwayView(p.code, by[p.code]) for p in pw.PATHWAYS if p.code in by]


def state(db: Session, inmate: Inmate, roles, on: date) -> Summary | None:
    """Where the inmate's plan stands for a reader with these roles (None: no pathway the
    roles see; an untouched plan counts as it would start). For the lists and the record."""
    plan = plan_for_reading(db, inmate.created_at, inmate)
    if not pw.visible_pathways(roles):
        return None
    return summarize(items_for(db, plan, roles), on)


# History ---------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str  # started, dates, item, frozen, reopened, transferred, help_asked
    code: str | None
    pathway: str | None
    actor_type: str
    staff_name: str | None
    detail: dict


def history(db: Session, plan: ReleasePlan, roles=None) -> list[HistoryEntry]:
    """The plan's history, newest first; with roles, only the plan's own events and the
    items of the pathways they see."""
    if plan.id is None:
        return []
    visible = None if roles is None else pw.visible_pathways(roles)
    rows = db.execute(select(ReleasePlanEvent, StaffUser.name)
                      .outerjoin(StaffUser, StaffUser.id == ReleasePlanEvent.staff_id)
                      .where(ReleasePlanEvent.plan_id == plan.id)
                      .order_by(ReleasePlanEvent.at.desc(), ReleasePlanEvent.id.desc())).all()
    return [HistoryEntry(e.at, e.kind, e.code, e.pathway, e.actor_type, name,
                         json.loads(e.detail or "{}"))
            for e, name in rows if visible is None or e.pathway is None or e.pathway in visible]


# Staff reading -----------------------------------------------------------------------

@dataclass(frozen=True)
class PlanView:
    inmate: Inmate
    plan: ReleasePlan
    dates: Dates | None  # None: the reader may not see the dates
    pathways: list[PathwayView]
    history: list[HistoryEntry]
    names: dict[int, str]  # staff id -> name, for "updated by"
    today: date
    may_set_dates: bool
    notes: bool  # whether the reader sees the staff notes

    @property
    def items(self) -> list[Item]:
        return [i for p in self.pathways for i in p.items]

    @property
    def summary(self) -> Summary:
        return summarize(self.items, self.today)

    @property
    def frozen(self) -> bool:
        return self.plan.frozen_at is not None

    @property
    def left_open(self) -> list[str]:
        """The item codes left open at release (those the reader sees)."""
        seen = {i.code for i in self.items}
        return [c for c in frozen_open(self.plan) if c in seen]


def frozen_open(plan: ReleasePlan) -> list[str]:
    """What was left open when the plan was frozen at release (item codes)."""
    return json.loads(plan.frozen_open) if plan.frozen_open else []


def may_read(staff: StaffUser) -> bool:
    """Whether the staff member's roles see any part of a plan."""
    return bool(pw.visible_pathways(staff.roles)) or permits(DataClass.RELEASE_DATES,
                                                              staff.roles)


def read(db: Session, now: datetime, staff: StaffUser, inmate: Inmate) -> PlanView:
    """The plan for a staff member: the dates (DataClass.RELEASE_DATES), the pathways
    their roles see (pathways.VISIBLE, DataClass.RELEASE_PLAN), the notes
    (DataClass.RELEASE_NOTES) and the history of what they see. NotFound outside their
    prisons or for a role that sees nothing. Audited as a read (release_plan.view)."""
    if not may_read(staff):
        raise NotFound()
    plan = _staff_plan(db, now, staff, inmate, reading=True)
    roles = staff.roles
    dates = dates_of(plan) if permits(DataClass.RELEASE_DATES, roles) else None
    items = items_for(db, plan, roles) if permits(DataClass.RELEASE_PLAN, roles) else []
    events = history(db, plan, roles) if items else [
        e for e in history(db, plan, roles) if e.pathway is None]
    ids = {i.updated_by for i in items if i.updated_by}
    names = dict(db.execute(select(StaffUser.id, StaffUser.name)
                            .where(StaffUser.id.in_(ids))).all()) if ids else {}
    audit.record(db, now, Actor("staff", staff.id), "release_plan.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return PlanView(inmate, plan, dates, pathways_for(items), events, names, today(now),
                    may_set_dates=allowed(staff, Can.SET_RELEASE_DATES) and plan.frozen_at is None,
                    notes=permits(DataClass.RELEASE_NOTES, roles))


# The inmate's own plan (kiosk) ---------------------------------------------------------

@dataclass(frozen=True)
class InmatePlan:
    dates: Dates
    done: list[Item]  # notes blanked: never for the kiosk
    next: list[Item]  # open, the soonest due first
    not_needed: list[Item]
    frozen: bool


def for_inmate(db: Session, now: datetime, inmate: Inmate) -> InmatePlan:
    """The inmate's own plan: only the items marked visible to the inmate, never a staff
    note. Reading starts no plan (an untouched plan is shown as it would start)."""
    plan = plan_for_reading(db, now, inmate)
    items = [replace(i, note="") for i in items_for(db, plan, None) if i.visible_to_inmate]
    pending = sorted((i for i in items if i.open),
                     key=lambda i: (i.due_on is None, i.due_on or date.max, i.code))
    return InmatePlan(dates_of(plan), [i for i in items if i.status == "done"], pending,
                      [i for i in items if i.status in ("not_needed", "declined")],
                      plan.frozen_at is not None)


def ask_for_help(db: Session, now: datetime, inmate: Inmate, choice: str, text: str = "",
                 language: str = "nb", submit_key: str | None = None) -> Request:
    """The inmate asks for help from "Min plan" (housing, money, id, work, school, other):
    an ordinary request (core.services.requests.filing.file) on the topic of that choice
    (pathways.HELP), so it reaches that topic's team; the plan item is linked to it and
    the history says so. ServiceError("help_choice_unknown") for anything else. A submit
    key seen before gives back the request it filed (a double click files one)."""
    from core.services.requests import drafts, filing

    if choice not in pw.HELP:
        raise ServiceError("help_choice_unknown")
    if submit_key and (earlier := drafts.filed_with(db, inmate, submit_key)) is not None:
        return earlier
    topic, code = pw.HELP[choice]
    plan = get_or_start_plan(db, now, inmate)
    request = filing.file(db, now, inmate, filing.Draft(
        topic=topic, description=text.strip(), language=language))
    request.submit_key = submit_key[:64] if submit_key else None
    if code is not None:
        row = next((r for r in plan.items if r.code == code), None)
        if row is None:
            pathway, defn = pw.ITEMS[code]
            row = ReleasePlanItem(pathway=pathway, code=code, status="not_started",
                                  owner=defn.owner, note="", visible_to_inmate=True,
                                  updated_at=now)
            plan.items.append(row)
        row.request_id = request.id
        db.flush()
    _event(db, now, plan, "help_asked", Actor("inmate", inmate.id), code=code,
           detail={"choice": choice, "request": request.reference})
    return request


# Lists -------------------------------------------------------------------------------

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
    fresh = select(Inmate).outerjoin(ReleasePlan, ReleasePlan.inmate_id == Inmate.id).where(
        ReleasePlan.id.is_(None), Inmate.status == InmateStatus.PRESENT.value,
        Inmate.expected_release.is_not(None),
        Inmate.created_at >= datetime.combine(on - timedelta(days=2 * pw.SHORT_STAY_DAYS),
                                              datetime.min.time(), tzinfo=timezone.utc))
    if prison_ids is not None:
        fresh = fresh.where(Inmate.prison_id.in_(prison_ids or {-1}))
    for inmate in db.scalars(fresh):
        # The query found no plan: no query per inmate to look again (with national data
        # that was most of the staff queue's time: py-spy, make bench --profile).
        unsaved = _unsaved_plan(inmate.created_at, inmate)
        if is_short_stay(unsaved):
            plans[inmate.id] = unsaved
    plans.update(_plans(db, [i for i in soon if i not in plans]))
    result = {}
    for inmate_id in soon | set(plans):
        plan = plans.get(inmate_id)
        if plan is None:
            result[inmate_id] = Raised(len(pw.ITEMS), 0, False, None)
            continue
        summary = summarize(_items(plan, None, dates_of(plan)), on)
        if summary.open:
            result[inmate_id] = Raised(summary.open, summary.overdue, is_short_stay(plan),
                                       summary.next_due.due_on if summary.next_due else None)
    return result


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


# Release and transfer ----------------------------------------------------------------

def handover_on_release(db: Session, inmate: Inmate, previous_status: str) -> int | None:
    """When an inmate has just been marked released: how many of their requests are still
    open and must be handed over (release closes nothing). None for any other change."""
    if inmate.status != InmateStatus.RELEASED.value or \
            previous_status == InmateStatus.RELEASED.value:
        return None
    return open_request_counts(db, [inmate.id]).get(inmate.id, 0)


def freeze(db: Session, now: datetime, actor: StaffUser | None, inmate: Inmate) -> list[str]:
    """At release: freeze the plan (no more changes) and record what was left open (the
    item codes, kept on the plan and in the history). Returns those codes."""
    plan = get_or_start_plan(db, now, inmate)
    if plan.frozen_at is not None:
        return frozen_open(plan)
    left = [i.code for i in _items(plan, None, dates_of(plan)) if i.open]
    plan.frozen_at, plan.frozen_open, plan.updated_at = now, _json(left), now
    who = Actor("staff", actor.id) if actor else Actor("system", None)
    _event(db, now, plan, "frozen", who, detail={"left_open": left})
    return left


def reopen(db: Session, now: datetime, actor: StaffUser | None, inmate: Inmate) -> None:
    """A release undone (the inmate marked present again): the plan can be changed again;
    what was left open at the release stays in the history."""
    plan = find_plan(db, inmate)
    if plan is None or plan.frozen_at is None:
        return
    plan.frozen_at, plan.frozen_open, plan.updated_at = None, "", now
    _event(db, now, plan, "reopened", Actor("staff", actor.id) if actor else Actor("system", None))


def on_inmate_changed(db: Session, now: datetime, actor: StaffUser, inmate: Inmate, *,
                      before_prison: int, before_status: str,
                      before_expected: date | None) -> dict:
    """Called after the inmate record changed (core.services.people.inmates.update):

    - a transfer moves the plan with the person: the plan belongs to the inmate, so the
      receiving prison's staff see it at once and the sending prison's lose access (every
      read is scoped by the inmate's prison); the history records the move;
    - marked released: the plan is frozen with what was left open; present again: reopened;
    - the expected release date changed on the record: the plan's dates follow (moving
      open due dates) and the history says so.
    Returns what it did, for the inmate's audit event."""
    done: dict = {}
    plan = find_plan(db, inmate)
    if before_prison != inmate.prison_id:
        plan = plan or get_or_start_plan(db, now, inmate)
        _event(db, now, plan, "transferred", Actor("staff", actor.id),
               detail={"from": before_prison, "to": inmate.prison_id})
        done["plan_moved"] = True
    if inmate.expected_release != before_expected and plan is not None \
            and plan.frozen_at is None and inmate.expected_release != plan.expected_on:
        old = dates_of(plan)
        new = Dates(old.arrived_on, old.earliest_on, inmate.expected_release, old.latest_on)
        if new.earliest_on and new.expected_on and new.expected_on < new.earliest_on:
            new = replace(new, earliest_on=None)
        if new.latest_on and new.expected_on and new.expected_on > new.latest_on:
            new = replace(new, latest_on=None)
        moved = _apply_dates(db, now, plan, inmate, new)
        changes = {n: [getattr(old, n), getattr(new, n)] for n in DATE_FIELDS
                   if getattr(old, n) != getattr(new, n)}
        _event(db, now, plan, "dates", Actor("staff", actor.id),
               detail={**changes, "moved": moved})
    released = InmateStatus.RELEASED.value
    if inmate.status == released and before_status != released:
        done["plan_left_open"] = len(freeze(db, now, actor, inmate))
    elif inmate.status == InmateStatus.PRESENT.value and before_status == released:
        reopen(db, now, actor, inmate)
    return done


# For the other services ----------------------------------------------------------------

@dataclass(frozen=True)
class Overview:
    """Plain facts of one plan for services acting on the inmate's behalf (the hand-over,
    the take-home sheet, statistics): every pathway, notes included; the caller applies
    its own rules (consent, what the inmate may see)."""

    plan: ReleasePlan
    dates: Dates
    items: list[Item] = field(default_factory=list)
    left_open: list[str] = field(default_factory=list)

    @property
    def short_stay(self) -> bool:
        return self.dates.short_stay


def overview(db: Session, now: datetime, inmate: Inmate) -> Overview:
    """The whole plan (an unsaved one as it would start if none: reading starts nothing).
    Not audited: the caller audits its own use."""
    plan = plan_for_reading(db, now, inmate)
    return Overview(plan, dates_of(plan), items_for(db, plan, None), frozen_open(plan))


def roles_seeing(pathway: str) -> set[Role]:
    """The staff roles that see a pathway (for tests and the documentation)."""
    return {role for role, seen in pw.VISIBLE.items() if pathway in seen}


__all__ = [
    "Arrival", "Dates", "DatesInvalid", "HistoryEntry", "InmatePlan", "Item", "ItemChange",
    "Overview", "PathwayView", "PlanView", "Raised", "Summary", "Upcoming", "anchor",
    "arrival_due", "arrival_list", "ask_for_help", "check_dates", "dates_of", "find_plan",
    "for_inmate", "freeze", "frozen_open", "get_or_start_plan", "handover_on_release",
    "history", "is_short_stay", "items_for", "may_read", "on_inmate_changed",
    "open_request_counts", "overview", "pathways_for", "plan_for_reading", "raised_inmates",
    "read", "reopen", "roles_seeing", "set_dates", "set_item", "state", "summarize", "today",
    "upcoming",
]
