"""The release plan at release and transfer (issue 15): a release freezes the plan with
what was left open, undoing it reopens the plan, a transfer moves the plan with the
person, and a moved expected date moves the plan's dates. The plan itself is
core.services.release.plan's.

API for other services and views (no Flask here):

- ``freeze(db, now, actor, inmate)`` at release (plan.frozen_open(plan): what was left
  open; ``plan.frozen_at``: when); ``reopen(db, now, actor, inmate)`` when a release is
  undone.
- ``on_inmate_changed(...)`` is called by core.services.people.inmates.update (a moved
  expected date, a transfer, a release).
- ``handover_on_release(db, inmate, previous_status)``: how many requests are still open
  when an inmate has just been marked released.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from core.audit import Actor
from core.models import Inmate, InmateStatus, StaffUser
from core.services.release.plan import (event, find_plan, frozen_open, get_or_start_plan,
                                        items_on, json_text)
from core.services.release.plan_changes import apply_dates
from core.services.release.plan_dates import DATE_FIELDS, Dates, dates_of
from core.services.release.plan_lists import open_request_counts


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
    left = [i.code for i in items_on(plan, None, dates_of(plan)) if i.open]
    plan.frozen_at, plan.frozen_open, plan.updated_at = now, json_text(left), now
    who = Actor("staff", actor.id) if actor else Actor("system", None)
    event(db, now, plan, "frozen", who, detail={"left_open": left})
    return left


def reopen(db: Session, now: datetime, actor: StaffUser | None, inmate: Inmate) -> None:
    """A release undone (the inmate marked present again): the plan can be changed again;
    what was left open at the release stays in the history."""
    plan = find_plan(db, inmate)
    if plan is None or plan.frozen_at is None:
        return
    plan.frozen_at, plan.frozen_open, plan.updated_at = None, "", now
    event(db, now, plan, "reopened", Actor("staff", actor.id) if actor else Actor("system", None))


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
        event(db, now, plan, "transferred", Actor("staff", actor.id),
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
        moved = apply_dates(db, now, plan, inmate, new)
        changes = {n: [getattr(old, n), getattr(new, n)] for n in DATE_FIELDS
                   if getattr(old, n) != getattr(new, n)}
        event(db, now, plan, "dates", Actor("staff", actor.id),
              detail={**changes, "moved": moved})
    released = InmateStatus.RELEASED.value
    if inmate.status == released and before_status != released:
        done["plan_left_open"] = len(freeze(db, now, actor, inmate))
    elif inmate.status == InmateStatus.PRESENT.value and before_status == released:
        reopen(db, now, actor, inmate)
    return done


__all__ = ["freeze", "handover_on_release", "on_inmate_changed", "reopen"]
