"""Staff working on several requests at once: bulk take, assign and close (the queue's
"work on several" page), and the colleagues one may assign to."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from core.models import OPEN_STATUSES, Request, StaffRole, StaffUser, Status, staff_prison
from core.services.errors import ServiceError
from core.services.requests.access import staff_may_work, teams_of
from core.services.requests.filing import assign, set_status

BULK_ACTIONS = ("take", "assign", "close")


def bulk(db: Session, now: datetime, staff: StaffUser, request_ids: list[int], action: str,
         reason: str, assignee: StaffUser | None = None) -> tuple[int, int]:
    """Take ("take"), assign to ``assignee`` ("assign") or close ("close") several
    requests; one history entry and one audit event per request. Requests the staff
    member may not read, or that cannot take the change (closed already, or outside the
    assignee's prisons and team), are skipped. Returns (done, skipped)."""
    if action not in BULK_ACTIONS:
        raise ServiceError("status_not_allowed")
    if action == "assign" and assignee is None:
        raise ServiceError("assignee_required")
    if not reason.strip():
        raise ServiceError("reason_required")
    done = skipped = 0
    for request_id in dict.fromkeys(request_ids):
        request = db.get(Request, request_id)
        if request is None or not staff_may_work(staff, request):
            skipped += 1
            continue
        try:
            if action in ("take", "assign"):
                if Status(request.status) not in OPEN_STATUSES:
                    raise ServiceError("request_closed")
                assign(db, now, staff, request, staff if action == "take" else assignee, reason)
            else:
                set_status(db, now, staff, request, Status.CLOSED, reason)
        except ServiceError:
            skipped += 1
        else:
            done += 1
    return done, skipped


def colleagues(db: Session, staff: StaffUser) -> list[StaffUser]:
    """Active staff who share a team and a prison with ``staff`` (for bulk assignment and
    the queue's assignee filter), by name: one query, whatever the number of prisons."""
    prisons, teams = staff.prison_ids, teams_of(staff)
    if not prisons or not teams:
        return []
    return list(db.scalars(
        select(StaffUser).where(
            StaffUser.active.is_(True),
            StaffUser.id.in_(select(staff_prison.c.staff_id)
                             .where(staff_prison.c.prison_id.in_(sorted(prisons)))),
            StaffUser.id.in_(select(StaffRole.staff_id)
                             .where(StaffRole.role.in_(sorted(teams)))))
        .order_by(StaffUser.name, StaffUser.id)
        # Only their names and ids are wanted: their roles and prisons load if asked for.
        .options(lazyload(StaffUser.role_rows), lazyload(StaffUser.prisons))))
