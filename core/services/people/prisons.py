"""Prisons and their units."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Prison, StaffUser, Unit
from core.services.errors import ServiceError
from core.services.scoping import scoped

CODE = re.compile(r"^[A-Z0-9-]{2,16}$")


def list_for(db: Session, actor: StaffUser) -> list[Prison]:
    return list(db.scalars(scoped(select(Prison), Prison.id, actor).order_by(Prison.name)))


def create(db: Session, now: datetime, actor: StaffUser | None, code: str, name: str) -> Prison:
    code = code.strip().upper()
    if not CODE.match(code):
        raise ServiceError("prison_code_format")
    if db.scalar(select(Prison.id).where(Prison.code == code)):
        raise ServiceError("prison_code_taken")
    prison = Prison(code=code, name=name.strip())
    db.add(prison)
    db.flush()
    audit.record(db, now, Actor("staff", actor.id) if actor else Actor.system(), "prison.create",
                 subject_type="prison", subject_id=prison.id, prison_id=prison.id,
                 detail={"code": code, "name": prison.name})
    return prison


def rename(db: Session, now: datetime, actor: StaffUser, prison: Prison, name: str) -> None:
    prison.name = name.strip()
    audit.record(db, now, Actor("staff", actor.id), "prison.update", subject_type="prison",
                 subject_id=prison.id, prison_id=prison.id, detail={"name": prison.name})


def add_unit(db: Session, now: datetime, actor: StaffUser | None, prison: Prison,
             name: str) -> Unit:
    name = name.strip()
    if any(u.name.lower() == name.lower() for u in prison.units):
        raise ServiceError("unit_taken")
    unit = Unit(prison_id=prison.id, name=name)
    db.add(unit)
    db.flush()
    db.refresh(prison)
    audit.record(db, now, Actor("staff", actor.id) if actor else Actor.system(), "unit.create",
                 subject_type="unit", subject_id=unit.id, prison_id=prison.id,
                 detail={"name": name})
    return unit

