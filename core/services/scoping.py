"""Queries that respect the caller's prisons. Anything outside scope is 'not found'."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.models import StaffUser
from core.services.errors import NotFound
from core.services.permissions import in_scope, prison_scope

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
