"""The release checklist (shared/domain/README.md): what the adviser should have done
before release, each item due a set number of days before the expected release date.

Release within RAISE_WITHIN_DAYS with items still open raises the inmate in the queue.
Nothing is closed at release: the open requests are counted for hand-over instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import (OPEN_STATUSES, ChecklistItem, Inmate, InmateStatus, Request,
                         StaffUser)
from core.services.errors import NotFound, ServiceError
from core.services.permissions import in_scope
from core.services.scoping import scoped

# code, days before the expected release it is due
ITEMS: tuple[tuple[str, int], ...] = (
    ("release_date_known", 30),    # the home NAV office knows the release date
    ("income_applied", 21),        # income benefits (livsopphold) have been applied for
    ("appointment_booked", 14),    # an appointment there right after release is booked
    ("plans_shared", 14),          # the home office knows the plans; individual plan if wanted
    ("responsibility_group", 7),   # the first ansvarsgruppe meeting after release is arranged
    ("recorded", 1),               # everything is recorded
)
CODES = tuple(code for code, _days in ITEMS)
RAISE_WITHIN_DAYS = 30
UPCOMING_DAYS = (7, 30, 60, 90)  # the choices of the "Upcoming releases" page
MAX_NOTE = 500


def today(now: datetime) -> date:
    """The date in Oslo: due dates and release dates are Norwegian calendar days."""
    return to_oslo(now).date()


@dataclass(frozen=True)
class Entry:
    code: str
    due_on: date | None  # None while the release date is not known
    done_at: datetime | None
    done_by: int | None
    note: str
    days_before: int = 0  # how many days before the release it is due

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class Summary:
    done: int
    total: int
    overdue: int
    next_due: Entry | None  # the open item due first, when the release date is known

    @property
    def open(self) -> int:
        return self.total - self.done


def _entries(rows: dict[str, ChecklistItem], release: date | None) -> list[Entry]:
    result = []
    for code, days in ITEMS:
        row = rows.get(code)
        result.append(Entry(code, release - timedelta(days=days) if release else None,
                            row.done_at if row else None, row.done_by if row else None,
                            row.note if row else "", days))
    return result


def entries(db: Session, inmate: Inmate) -> list[Entry]:
    rows = {r.item: r for r in db.scalars(select(ChecklistItem)
                                          .where(ChecklistItem.inmate_id == inmate.id))}
    return _entries(rows, inmate.expected_release)


def summarize(items: list[Entry], on: date) -> Summary:
    pending = [e for e in items if not e.done]
    dated = sorted((e for e in pending if e.due_on is not None), key=lambda e: e.due_on)
    return Summary(done=len(items) - len(pending), total=len(items),
                   overdue=sum(1 for e in pending if e.overdue(on)),
                   next_due=dated[0] if dated else None)


@dataclass(frozen=True)
class Checklist:
    inmate: Inmate
    entries: list[Entry]
    names: dict[int, str]  # staff id -> name, for "done by"
    today: date

    @property
    def summary(self) -> Summary:
        return summarize(self.entries, self.today)


def read(db: Session, now: datetime, staff: StaffUser, inmate: Inmate) -> Checklist:
    """An inmate's checklist for staff, audited as a read; NotFound outside their prisons."""
    if not in_scope(staff, inmate.prison_id):
        raise NotFound()
    found = entries(db, inmate)
    ids = {e.done_by for e in found if e.done_by}
    names = dict(db.execute(select(StaffUser.id, StaffUser.name)
                            .where(StaffUser.id.in_(ids))).all()) if ids else {}
    audit.record(db, now, Actor("staff", staff.id), "checklist.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return Checklist(inmate, found, names, today(now))


def set_item(db: Session, now: datetime, actor: StaffUser, inmate: Inmate, code: str,
             done: bool, note: str = "") -> bool:
    """Tick or untick one item, with a note. Returns False when nothing changed (and then
    nothing is recorded)."""
    if not in_scope(actor, inmate.prison_id):
        raise NotFound()
    if code not in CODES:
        raise ServiceError("checklist_item_unknown")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ServiceError("text_too_long", max=MAX_NOTE)
    row = db.scalar(select(ChecklistItem).where(ChecklistItem.inmate_id == inmate.id,
                                                ChecklistItem.item == code))
    was_done, was_note = (row.done_at is not None, row.note) if row else (False, "")
    if was_done == done and was_note == note:
        return False
    if row is None:
        row = ChecklistItem(inmate_id=inmate.id, item=code, note="")
        db.add(row)
    if done and row.done_at is None:
        row.done_at, row.done_by = now, actor.id
    elif not done:
        row.done_at, row.done_by = None, None
    row.note = note
    row.updated_at = now
    audit.record(db, now, Actor("staff", actor.id), "checklist.update", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"item": code, "done": done})
    return True


def raised_inmates(db: Session, today: date, prison_ids: set[int] | None,
                   within: int = RAISE_WITHIN_DAYS) -> dict[int, int]:
    """Inmates present in these prisons (None: all) who are released within ``within``
    days with checklist items still open: {inmate id: open items}."""
    # The prisons are picked here rather than in the query: so the query reads only the
    # index on the release date (ix_inmate_release), a few hundred inmates in the country,
    # where SQLite without statistics would otherwise read every inmate of each prison.
    soon = [inmate_id for inmate_id, prison_id in db.execute(select(Inmate.id, Inmate.prison_id)
            .where(Inmate.expected_release >= today,
                   Inmate.expected_release <= today + timedelta(days=within),
                   Inmate.status == InmateStatus.PRESENT.value))
            if prison_ids is None or prison_id in prison_ids]
    if not soon:
        return {}
    done = dict(db.execute(select(ChecklistItem.inmate_id, func.count()).where(
        ChecklistItem.inmate_id.in_(soon), ChecklistItem.done_at.is_not(None),
        ChecklistItem.item.in_(CODES)).group_by(ChecklistItem.inmate_id)).all())
    return {i: len(CODES) - done.get(i, 0) for i in soon if done.get(i, 0) < len(CODES)}


# Upcoming releases: the hand-over list -----------------------------------------------

@dataclass(frozen=True)
class Upcoming:
    inmate: Inmate
    days_left: int
    summary: Summary
    open_requests: int  # a count only: the list shows no request content


def open_request_counts(db: Session, inmate_ids: list[int]) -> dict[int, int]:
    """How many open requests each inmate has (as requests.open_for_inmate counts them)."""
    if not inmate_ids:
        return {}
    return dict(db.execute(select(Request.inmate_id, func.count()).where(
        Request.inmate_id.in_(inmate_ids),
        Request.status.in_([s.value for s in OPEN_STATUSES])).group_by(Request.inmate_id)).all())


def upcoming(db: Session, now: datetime, staff: StaffUser,
             within: int = RAISE_WITHIN_DAYS) -> list[Upcoming]:
    """Inmates present in the staff member's prisons who are released within ``within``
    days, the soonest first, with where their checklist stands. Audited as a read."""
    on = today(now)
    found = list(db.scalars(scoped(select(Inmate), Inmate.prison_id, staff).where(
        Inmate.status == InmateStatus.PRESENT.value, Inmate.expected_release >= on,
        Inmate.expected_release <= on + timedelta(days=within),
    ).order_by(Inmate.expected_release, Inmate.name, Inmate.id).limit(1000)))
    ids = [i.id for i in found]
    rows: dict[int, dict[str, ChecklistItem]] = {i: {} for i in ids}
    if ids:
        for row in db.scalars(select(ChecklistItem).where(ChecklistItem.inmate_id.in_(ids))):
            rows[row.inmate_id][row.item] = row
    counts = open_request_counts(db, ids)
    result = [Upcoming(i, (i.expected_release - on).days,
                       summarize(_entries(rows[i.id], i.expected_release), on),
                       counts.get(i.id, 0)) for i in found]
    audit.record(db, now, Actor("staff", staff.id), "release.list",
                 detail={"within": within, "count": len(result)})
    return result


def handover_on_release(db: Session, inmate: Inmate, previous_status: str) -> int | None:
    """When an inmate has just been marked released: how many of their requests are still
    open and must be handed over (release closes nothing). None for any other change."""
    if inmate.status != InmateStatus.RELEASED.value or \
            previous_status == InmateStatus.RELEASED.value:
        return None
    return open_request_counts(db, [inmate.id]).get(inmate.id, 0)
