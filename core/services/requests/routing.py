"""Routing: which team works a topic in a prison, who gets a new request, and what the
prison promises (shared/domain/README.md: roles and topics).

Each prison may set, per topic, the team (NAV advisers, social workers or the school),
an automatic assignment, and its response-time promise in working days. Without a rule
a topic goes to its group's usual team (core.services.requests.topics), nobody is assigned
automatically, and the promise is a first response within 2 working days and a
resolution within 10.

Automatic assignment picks, among the active staff of the team who serve the prison:
- municipality: those who follow up the inmate's home municipality;
- region: those who follow up the home municipality's county;
- language: those who speak the language the inmate asked for;
- least_loaded: those present in the prison today (office hours on this weekday);
and then the one with the fewest open requests assigned. If nobody fits, the request
stays unassigned in the team's queue: it always reaches someone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import OSLO
from core.models import (OPEN_STATUSES, Inmate, OfficeHours, PrisonLead, Request, Role,
                         StaffArea, StaffLanguage, StaffUser, TopicRule, staff_prison)
from core.services.requests import topics
from core.services.errors import ServiceError
from core.services.directory.municipalities import by_number

TEAMS = (Role.ADVISER, Role.SOCIAL_WORKER, Role.SCHOOL)
ASSIGN_BY = ("none", "municipality", "region", "language", "least_loaded")
DEFAULT_FIRST_RESPONSE_DAYS = 2
DEFAULT_RESOLUTION_DAYS = 10
MAX_DAYS = 60


@dataclass(frozen=True)
class Route:
    team: Role
    assign_by: str = "none"
    first_response_days: int = DEFAULT_FIRST_RESPONSE_DAYS
    resolution_days: int = DEFAULT_RESOLUTION_DAYS
    custom: bool = False  # False: the defaults, no rule saved for this prison


def default_route(topic: str) -> Route:
    return Route(team=topics.get(topic).team)


def _route(rule: TopicRule | None, topic: str) -> Route:
    if rule is None:
        return default_route(topic)
    return Route(Role(rule.team), rule.assign_by, rule.first_response_days,
                 rule.resolution_days, custom=True)


def route_for(db: Session, prison_id: int, topic: str) -> Route:
    if topics.get(topic) is None:
        raise ServiceError("topic_unknown")
    rule = db.scalar(_RULE, {"prison_id": prison_id, "topic": topic})
    return _route(rule, topic)


# Read for every request filed: built once (SQLAlchemy keeps its cache key with it).
_RULE = select(TopicRule).where(TopicRule.prison_id == bindparam("prison_id"),
                                TopicRule.topic == bindparam("topic"))


def routes_of(db: Session, prison_id: int) -> dict[str, Route]:
    """Every topic's route in a prison, in the order of topics.TOPICS."""
    rules = {r.topic: r for r in db.scalars(select(TopicRule)
                                            .where(TopicRule.prison_id == prison_id))}
    return {t.code: _route(rules.get(t.code), t.code) for t in topics.TOPICS}


def save_rule(db: Session, now: datetime, actor: StaffUser, prison_id: int, topic: str,
              route: Route) -> None:
    """Set a topic's rule in a prison. Requests already filed keep their team and promise."""
    if topics.get(topic) is None:
        raise ServiceError("topic_unknown")
    if route.team not in TEAMS:
        raise ServiceError("team_unknown")
    if route.assign_by not in ASSIGN_BY:
        raise ServiceError("assign_by_unknown")
    if not (1 <= route.first_response_days <= MAX_DAYS
            and 1 <= route.resolution_days <= MAX_DAYS):
        raise ServiceError("days_range", max=MAX_DAYS)
    if route.resolution_days < route.first_response_days:
        raise ServiceError("resolution_before_first")
    rule = db.scalar(select(TopicRule).where(TopicRule.prison_id == prison_id,
                                             TopicRule.topic == topic))
    if rule is None:
        rule = TopicRule(prison_id=prison_id, topic=topic)
        db.add(rule)
    rule.team = route.team.value
    rule.assign_by = route.assign_by
    rule.first_response_days = route.first_response_days
    rule.resolution_days = route.resolution_days
    rule.updated_at = now
    audit.record(db, now, Actor("staff", actor.id), "routing.save", subject_type="prison",
                 subject_id=prison_id, prison_id=prison_id,
                 detail={"topic": topic, "team": route.team.value, "assign_by": route.assign_by,
                         "first_response_days": route.first_response_days,
                         "resolution_days": route.resolution_days})


# Who may receive a request ------------------------------------------------------------

def staff_of(db: Session, prison_id: int) -> list[StaffUser]:
    """Active staff who serve the prison, by name."""
    return list(db.scalars(select(StaffUser).join(staff_prison,
                                                  staff_prison.c.staff_id == StaffUser.id)
                           .where(staff_prison.c.prison_id == prison_id,
                                  StaffUser.active.is_(True)).order_by(StaffUser.name)))


def team_members(db: Session, prison_id: int, team: Role) -> list[StaffUser]:
    """Active staff with the team's role who serve the prison, by name."""
    return [u for u in staff_of(db, prison_id) if team in u.roles]


def present_on(db: Session, prison_id: int, day: date) -> set[int]:
    """Staff with office hours in the prison on that day's weekday."""
    return set(db.scalars(select(OfficeHours.staff_id).where(
        OfficeHours.prison_id == prison_id, OfficeHours.weekday == day.weekday(),
        OfficeHours.valid_from <= day,
        or_(OfficeHours.valid_until.is_(None), OfficeHours.valid_until >= day))))


def open_load(db: Session, staff_ids: list[int]) -> dict[int, int]:
    rows = db.execute(select(Request.assignee_id, func.count()).where(
        Request.assignee_id.in_(staff_ids or [-1]),
        Request.status.in_([s.value for s in OPEN_STATUSES])).group_by(Request.assignee_id))
    load = dict.fromkeys(staff_ids, 0)
    load.update({staff_id: count for staff_id, count in rows})
    return load


def areas_of(db: Session, staff_id: int) -> list[str]:
    return list(db.scalars(select(StaffArea.code).where(StaffArea.staff_id == staff_id)
                           .order_by(StaffArea.code)))


def languages_of(db: Session, staff_id: int) -> list[str]:
    return list(db.scalars(select(StaffLanguage.language)
                           .where(StaffLanguage.staff_id == staff_id)
                           .order_by(StaffLanguage.language)))


def _candidates(db: Session, now: datetime, request: Request, inmate: Inmate,
                assign_by: str, members: list[StaffUser]) -> list[StaffUser]:
    ids = [m.id for m in members]
    if assign_by == "least_loaded":
        present = present_on(db, request.prison_id, now.astimezone(OSLO).date())
        return [m for m in members if m.id in present]
    if assign_by in ("municipality", "region"):
        home = by_number(inmate.municipality_number)
        if home is None:
            return []
        code = home.number if assign_by == "municipality" else home.county_number
        chosen = set(db.scalars(select(StaffArea.staff_id).where(
            StaffArea.staff_id.in_(ids or [-1]), StaffArea.code == code)))
        return [m for m in members if m.id in chosen]
    if assign_by == "language":
        chosen = set(db.scalars(select(StaffLanguage.staff_id).where(
            StaffLanguage.staff_id.in_(ids or [-1]), StaffLanguage.language == request.language)))
        return [m for m in members if m.id in chosen]
    return []


def choose_assignee(db: Session, now: datetime, request: Request, inmate: Inmate,
                    assign_by: str) -> StaffUser | None:
    """The staff member a new request goes to under ``assign_by``, or None."""
    if assign_by == "none":
        return None
    members = team_members(db, request.prison_id, Role(request.team))
    candidates = _candidates(db, now, request, inmate, assign_by, members)
    if not candidates:
        return None
    load = open_load(db, [c.id for c in candidates])
    return min(candidates, key=lambda c: (load[c.id], c.name, c.id))


# The prison's lead --------------------------------------------------------------------

def lead_of(db: Session, prison_id: int) -> StaffUser | None:
    row = db.get(PrisonLead, prison_id)
    return db.get(StaffUser, row.staff_id) if row else None


def set_lead(db: Session, now: datetime, actor: StaffUser, prison_id: int,
             lead: StaffUser | None) -> None:
    row = db.get(PrisonLead, prison_id)
    if lead is not None and (not lead.active or prison_id not in lead.prison_ids):
        raise ServiceError("lead_not_here")
    if lead is None:
        if row is not None:
            db.delete(row)
    elif row is None:
        db.add(PrisonLead(prison_id=prison_id, staff_id=lead.id, updated_at=now))
    else:
        row.staff_id = lead.id
        row.updated_at = now
    audit.record(db, now, Actor("staff", actor.id), "prison.lead", subject_type="prison",
                 subject_id=prison_id, prison_id=prison_id,
                 detail={"lead": lead.id if lead else None})


# Areas and languages a staff member covers -----------------------------------------------

def check_coverage(areas: set[str], languages: set[str]) -> None:
    """Areas must be known municipality (4 digits) or county (2 digits) numbers."""
    from core.services.directory.municipalities import all_municipalities

    known = {m.number for m in all_municipalities()} | {m.county_number
                                                        for m in all_municipalities()}
    if not areas <= known:
        raise ServiceError("area_unknown")
    if not languages <= set(topics.LANGUAGES):
        raise ServiceError("language_unknown")


def set_coverage(db: Session, now: datetime, actor: StaffUser, user: StaffUser,
                 areas: set[str], languages: set[str]) -> None:
    check_coverage(areas, languages)
    before = (set(areas_of(db, user.id)), set(languages_of(db, user.id)))
    if before == (areas, languages):
        return
    for row in db.scalars(select(StaffArea).where(StaffArea.staff_id == user.id)):
        db.delete(row)
    for row in db.scalars(select(StaffLanguage).where(StaffLanguage.staff_id == user.id)):
        db.delete(row)
    db.flush()
    db.add_all([StaffArea(staff_id=user.id, code=c) for c in sorted(areas)])
    db.add_all([StaffLanguage(staff_id=user.id, language=lang) for lang in sorted(languages)])
    audit.record(db, now, Actor("staff", actor.id), "staff.coverage", subject_type="staff",
                 subject_id=user.id, detail={"areas": sorted(areas),
                                             "languages": sorted(languages)})
