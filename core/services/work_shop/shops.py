"""Work shops, their staff and their inmates, and attendance.

A prison administrator creates a prison's work shops and chooses the work-shop staff who
run each one. Those staff, or an administrator, add the prison's inmates to a work shop
and end their membership; an inmate is in one work shop at a time. Work-shop staff see
only the inmates of the work shops they run (identity, attendance and the statement,
never requests or forms: core.services.data_classes); administrators see who is in which
work shop, not the attendance. Every read of attendance and every change is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.db import after_reading
from core.models import (Inmate, InmateStatus, Role, StaffUser, WorkAttendance, WorkShop,
                         WorkShopMember, WorkShopStaff)
from core.services.data_classes import Context, DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed, in_scope
from core.services.scoping import scoped

MAX_NAME = 80
ATTENDANCE = ("present", "late", "absent")


def _actor(staff: StaffUser) -> Actor:
    return Actor("staff", staff.id)


def runs(db: Session, staff: StaffUser, shop: WorkShop) -> bool:
    """Whether ``staff`` is one of the work-shop staff who run ``shop``."""
    return (Role.WORK_SHOP in staff.roles and in_scope(staff, shop.prison_id)
            and db.get(WorkShopStaff, (shop.id, staff.id)) is not None)


def manages(staff: StaffUser, shop: WorkShop) -> bool:
    return allowed(staff, Can.MANAGE_WORK_SHOPS) and in_scope(staff, shop.prison_id)


def visible(db: Session, staff: StaffUser) -> list[WorkShop]:
    """The work shops a staff member runs, or (an administrator) those of their prisons."""
    query = select(WorkShop)
    if allowed(staff, Can.MANAGE_WORK_SHOPS):
        query = scoped(query, WorkShop.prison_id, staff)
    else:
        query = query.join(WorkShopStaff, WorkShopStaff.work_shop_id == WorkShop.id).where(
            WorkShopStaff.staff_id == staff.id)
        query = scoped(query, WorkShop.prison_id, staff)
    return list(db.scalars(query.order_by(WorkShop.name, WorkShop.id)))


def get(db: Session, staff: StaffUser, shop_id: int) -> WorkShop:
    """A work shop the staff member runs or manages; NotFound otherwise."""
    shop = db.get(WorkShop, shop_id)
    if shop is None or not (runs(db, staff, shop) or manages(staff, shop)):
        raise NotFound()
    return shop


def create(db: Session, now: datetime, staff: StaffUser, prison_id: int, name: str) -> WorkShop:
    name = " ".join(name.split())
    if not allowed(staff, Can.MANAGE_WORK_SHOPS) or not in_scope(staff, prison_id):
        raise ServiceError("prison_not_served")
    if not name:
        raise ServiceError("name_required")
    if len(name) > MAX_NAME:
        raise ServiceError("text_too_long", max=MAX_NAME)
    if db.scalar(select(WorkShop.id).where(WorkShop.prison_id == prison_id,
                                           WorkShop.name == name)):
        raise ServiceError("work_shop_exists")
    shop = WorkShop(prison_id=prison_id, name=name, created_at=now)
    db.add(shop)
    db.flush()
    audit.record(db, now, _actor(staff), "work_shop.create", subject_type="work_shop",
                 subject_id=shop.id, prison_id=prison_id, detail={"name": name})
    return shop


def staff_of(db: Session, shop: WorkShop) -> list[StaffUser]:
    return list(db.scalars(select(StaffUser).join(
        WorkShopStaff, WorkShopStaff.staff_id == StaffUser.id).where(
        WorkShopStaff.work_shop_id == shop.id).order_by(StaffUser.name)))


def candidates(db: Session, shop: WorkShop) -> list[StaffUser]:
    """Active work-shop staff serving the shop's prison, not yet running it."""
    running = {u.id for u in staff_of(db, shop)}
    users = db.scalars(select(StaffUser).where(StaffUser.active.is_(True))
                       .order_by(StaffUser.name))
    return [u for u in users if Role.WORK_SHOP in u.roles and shop.prison_id in u.prison_ids
            and u.id not in running]


def set_staff(db: Session, now: datetime, actor: StaffUser, shop: WorkShop, user: StaffUser,
              running: bool) -> None:
    """An administrator adds a work-shop staff member to the shop, or takes them off it."""
    if not manages(actor, shop):
        raise NotFound()
    if running and (Role.WORK_SHOP not in user.roles or shop.prison_id not in user.prison_ids):
        raise ServiceError("not_work_shop_staff")
    row = db.get(WorkShopStaff, (shop.id, user.id))
    if running and row is None:
        db.add(WorkShopStaff(work_shop_id=shop.id, staff_id=user.id))
    elif not running and row is not None:
        db.delete(row)
    else:
        return
    db.flush()
    audit.record(db, now, _actor(actor), "work_shop.staff_add" if running
                 else "work_shop.staff_remove", subject_type="work_shop", subject_id=shop.id,
                 prison_id=shop.prison_id, detail={"staff": user.id})


def _may_change_members(db: Session, staff: StaffUser, shop: WorkShop) -> bool:
    return runs(db, staff, shop) or manages(staff, shop)


def members(db: Session, shop: WorkShop) -> list[WorkShopMember]:
    """The inmates working in the shop now, by name."""
    return list(db.scalars(select(WorkShopMember).join(Inmate).where(
        WorkShopMember.work_shop_id == shop.id, WorkShopMember.left_on.is_(None))
        .order_by(Inmate.name, Inmate.id)))


def audit_members_read(db: Session, now: datetime, staff: StaffUser, shop: WorkShop,
                       rows: list[WorkShopMember]) -> None:
    """The list of a shop's inmates was read (after the page is made)."""
    staff_id, shop_id, prison_id = staff.id, shop.id, shop.prison_id
    inmates_read = [m.inmate_id for m in rows]
    after_reading(db, lambda session: audit.record(
        session, now, Actor("staff", staff_id), "work_shop.view", subject_type="work_shop",
        subject_id=shop_id, prison_id=prison_id, detail={"inmates": inmates_read}))


def audit_statement_read(db: Session, now: datetime, staff: StaffUser, statement) -> None:
    staff_id, inmate_id, prison_id, statement_id = (staff.id, statement.inmate_id,
                                                    statement.prison_id, statement.id)
    after_reading(db, lambda session: audit.record(
        session, now, Actor("staff", staff_id), "work_statement.view", subject_type="inmate",
        subject_id=inmate_id, prison_id=prison_id, detail={"statement": statement_id}))


def current_membership(db: Session, inmate_id: int) -> WorkShopMember | None:
    return db.scalar(select(WorkShopMember).where(
        WorkShopMember.inmate_id == inmate_id, WorkShopMember.left_on.is_(None)).limit(1))


def add_member(db: Session, now: datetime, staff: StaffUser, shop: WorkShop,
               inmate_number: str) -> WorkShopMember:
    """An inmate of the shop's prison starts in the shop (and leaves the one before)."""
    if not _may_change_members(db, staff, shop):
        raise NotFound()
    inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == inmate_number.strip()
                                            .upper(), Inmate.prison_id == shop.prison_id))
    if inmate is None or inmate.status != InmateStatus.PRESENT.value:
        raise ServiceError("inmate_not_in_prison")
    today = now.date()
    before = current_membership(db, inmate.id)
    if before is not None and before.work_shop_id == shop.id:
        raise ServiceError("already_member")
    if before is not None:
        before.left_on = today
    member = WorkShopMember(work_shop_id=shop.id, inmate_id=inmate.id, joined_on=today,
                            added_by=staff.id)
    db.add(member)
    db.flush()
    audit.record(db, now, _actor(staff), "work_shop.member_add", subject_type="inmate",
                 subject_id=inmate.id, prison_id=shop.prison_id, detail={"work_shop": shop.id})
    return member


def end_member(db: Session, now: datetime, staff: StaffUser, shop: WorkShop,
               member_id: int) -> None:
    """End an inmate's place in the shop (ending one that has ended changes nothing)."""
    member = db.get(WorkShopMember, member_id)
    if (member is None or member.work_shop_id != shop.id
            or not _may_change_members(db, staff, shop)):
        raise NotFound()
    if member.left_on is not None:
        return
    member.left_on = now.date()
    audit.record(db, now, _actor(staff), "work_shop.member_end", subject_type="inmate",
                 subject_id=member.inmate_id, prison_id=shop.prison_id,
                 detail={"work_shop": shop.id})


def shops_of_inmate_run_by(db: Session, staff: StaffUser, inmate_id: int) -> WorkShop | None:
    """The inmate's current work shop, when ``staff`` runs it (and the inmate is still in
    that prison)."""
    member = current_membership(db, inmate_id)
    if member is None:
        return None
    shop = db.get(WorkShop, member.work_shop_id)
    inmate = db.get(Inmate, inmate_id)
    if (shop is None or inmate is None or inmate.prison_id != shop.prison_id
            or inmate.status != InmateStatus.PRESENT.value):
        return None
    return shop if runs(db, staff, shop) else None


def end_on_leaving(db: Session, now: datetime, inmate: Inmate) -> bool:
    """The inmate left the prison (transfer or release): their place in its work shop
    ends. Whether one ended."""
    member = current_membership(db, inmate.id)
    if member is None:
        return False
    shop = db.get(WorkShop, member.work_shop_id)
    if shop is not None and shop.prison_id == inmate.prison_id and \
            inmate.status == InmateStatus.PRESENT.value:
        return False
    member.left_on = now.date()
    return True


def context(db: Session, staff: StaffUser, inmate_id: int) -> Context:
    """The data-class context of a work-shop reader: the team when the inmate works in a
    work shop the reader runs."""
    return Context(team=shops_of_inmate_run_by(db, staff, inmate_id) is not None)


def inmate_for(db: Session, now: datetime, staff: StaffUser, inmate_id: int) -> Inmate:
    """An inmate of a work shop the staff member runs, for the work shop's page (the read
    is audited); NotFound for anyone else."""
    inmate = db.get(Inmate, inmate_id)
    found = context(db, staff, inmate_id)
    # The work shop's page: only for the staff of the inmate's work shop, even when another
    # role of the reader may see the inmate elsewhere.
    if inmate is None or not found.team or not permits(DataClass.IDENTITY, staff.roles, found):
        raise NotFound()
    _audit_read(db, now, staff, inmate, "work_shop.inmate_view")
    return inmate


def _audit_read(db: Session, now: datetime, staff: StaffUser, inmate: Inmate, action: str):
    staff_id, inmate_id, prison_id = staff.id, inmate.id, inmate.prison_id
    after_reading(db, lambda session: audit.record(
        session, now, Actor("staff", staff_id), action, subject_type="inmate",
        subject_id=inmate_id, prison_id=prison_id))


# Attendance ------------------------------------------------------------------------------

def record_attendance(db: Session, now: datetime, staff: StaffUser, shop: WorkShop, day: date,
                      marks: dict[int, str]) -> int:
    """Attendance of the shop's inmates on ``day`` (inmate id → present, late, absent; an
    inmate left out is not recorded). Only the shop's own staff record it; not in the
    future. Returns how many were recorded."""
    if not runs(db, staff, shop):
        raise NotFound()
    if day > now.date():
        raise ServiceError("attendance_in_future")
    working = {m.inmate_id for m in members(db, shop)}
    done = 0
    for inmate_id, status in marks.items():
        if inmate_id not in working:
            raise ServiceError("not_a_member")
        if status not in ATTENDANCE:
            raise ServiceError("attendance_unknown")
        row = db.scalar(select(WorkAttendance).where(
            WorkAttendance.work_shop_id == shop.id, WorkAttendance.inmate_id == inmate_id,
            WorkAttendance.day == day))
        if row is None:
            row = WorkAttendance(work_shop_id=shop.id, inmate_id=inmate_id, day=day)
            db.add(row)
        row.status, row.recorded_by, row.recorded_at = status, staff.id, now
        done += 1
    db.flush()
    if done:
        audit.record(db, now, _actor(staff), "work_shop.attendance", subject_type="work_shop",
                     subject_id=shop.id, prison_id=shop.prison_id,
                     detail={"day": day.isoformat(), "count": done})
    return done


def day_marks(db: Session, staff: StaffUser, shop: WorkShop, day: date) -> dict[int, str]:
    """The attendance recorded on ``day``: for the shop's own staff only."""
    if not permits(DataClass.WORK_ATTENDANCE, staff.roles, Context(team=runs(db, staff, shop))):
        return {}
    return dict(db.execute(select(WorkAttendance.inmate_id, WorkAttendance.status).where(
        WorkAttendance.work_shop_id == shop.id, WorkAttendance.day == day)).all())


@dataclass(frozen=True)
class Summary:
    present: int
    late: int
    absent: int
    since: date

    def as_dict(self) -> dict:
        return {"present": self.present, "late": self.late, "absent": self.absent,
                "since": self.since.isoformat()}


PERIOD = timedelta(weeks=8)


def attendance_of(db: Session, staff: StaffUser, inmate: Inmate, today: date
                  ) -> tuple[Summary, list[WorkAttendance]] | None:
    """The inmate's attendance in the last 8 weeks (counts and days, newest first), for
    the staff of the inmate's work shop only (None for anyone else)."""
    if not permits(DataClass.WORK_ATTENDANCE, staff.roles, context(db, staff, inmate.id)):
        return None
    since = today - PERIOD
    rows = list(db.scalars(select(WorkAttendance).where(
        WorkAttendance.inmate_id == inmate.id, WorkAttendance.day >= since)
        .order_by(WorkAttendance.day.desc())))
    count = {s: sum(1 for r in rows if r.status == s) for s in ATTENDANCE}
    return Summary(count["present"], count["late"], count["absent"], since), rows
