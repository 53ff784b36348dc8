"""The inmate's own release plan, the kiosk's "Min plan" (issue 15): what the inmate may
see of it and asking for help with an item. The plan itself is
core.services.release.plan's.

API for the kiosk (no Flask here):

- ``for_inmate(db, now, inmate)`` -> InmatePlan: the kiosk's "Min plan": only items
  visible to the inmate, never a note.
- ``ask_for_help(db, now, inmate, choice, text, language, submit_key)`` -> Request: the
  kiosk's "I need help with ...", an ordinary request linked to the plan item.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from core.audit import Actor
from core.models import Inmate, ReleasePlanItem, Request
from core.services.errors import ServiceError
from core.services.release import pathways as pw
from core.services.release.plan import (Item, event, get_or_start_plan, items_for,
                                        plan_for_reading)
from core.services.release.plan_dates import Dates, dates_of


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
    event(db, now, plan, "help_asked", Actor("inmate", inmate.id), code=code,
          detail={"choice": choice, "request": request.reference})
    return request


__all__ = ["InmatePlan", "ask_for_help", "for_inmate"]
