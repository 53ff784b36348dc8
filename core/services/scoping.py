"""Queries that respect the caller's prisons. Anything outside scope is 'not found'."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.models import Prison, StaffUser
from core.services.errors import NotFound
from core.services.permissions import Can, allowed, in_scope, prison_scope

T = TypeVar("T")


def scoped(query: Select, prison_column, staff: StaffUser) -> Select:
    scope = prison_scope(staff)
    if scope is None:
        return query
    return query.where(prison_column.in_(scope or {-1}))


def get_in_scope(db: Session, model: type[T], obj_id: int, staff: StaffUser) -> T:
    obj = db.get(model, obj_id)
    if obj is None or not in_scope(staff, obj.prison_id):
        raise NotFound()
    return obj


def may_choose_all(staff: StaffUser) -> bool:
    """Whether a report may count every prison at once (the staff member serves them all)."""
    return prison_scope(staff) is None


def report_prison(db: Session, staff: StaffUser, prison_id: int | None) -> Prison | None:
    """The prison a report counts (None: every prison), or NotFound when the staff member
    may not see reports, or not that prison (the request reports and the release
    statistics)."""
    if not allowed(staff, Can.VIEW_REPORTS):
        raise NotFound()
    if prison_id is None:
        if not may_choose_all(staff):
            raise NotFound()
        return None
    prison = db.get(Prison, prison_id)
    if prison is None or not in_scope(staff, prison.id):
        raise NotFound()
    return prison
