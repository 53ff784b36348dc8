"""Reports on requests per prison and period: counts and times only, never what a request
says (Can.VIEW_REPORTS).

Who counts what
- Advisers, social workers and the school count the requests routed to their own teams
  (core.services.requests.filing.teams_of); prison and system administrators read no request
  but count every team. Everyone counts only the prisons they serve; a system
  administrator may also count all prisons at once. Another prison is "not found".

What is counted
- The requests *filed in the period*: from 00:00 on the first day to 24:00 on the last
  day, Oslo time. By topic and status (where each stands now), and per week (Monday to
  Sunday; the first and last week may lie partly outside the period).

First-response time
- The working time from filing to the first reply to the inmate, measured the way the
  promise is measured (core.services.records.working_time explains how; a promise of N
  working days is kept exactly when this time is at most N).
- The median is taken over the requests answered so far. Requests not yet answered are
  not guessed at: they are counted on their own (``unanswered``). With an even number of
  answered requests the median is the mean of the middle two. No answered request, no
  median (None).

Kept promises (the clocks of core.services.requests.clocks.clocks_of, at ``now``)
- First response: an answered request kept its promise when the answer came in time. A
  request not answered yet has broken it once its deadline has passed; before that, or
  while paused, it is not due yet and left out. A request that ended without an answer
  (cancelled by the inmate, closed or declined) broke the promise if it ended after its
  deadline, and is left out if it ended in time.
- Resolution: a closed or declined request kept its promise when it was closed in time;
  one still open has broken it once the deadline has passed. A request the inmate
  cancelled counts only if the deadline had passed already (broken).
- The share is kept / due, None when nothing is due.

Every way in (issue 16)
- Requests by channel: the requests filed in the period by how they came (the inmate at
  a terminal, or registered by staff from a paper note, a call or a referral).
- Forwards per team: the forwards made in the period, from or to the prison (for a
  team, from or to that team), per team as forwarded away and received. A forward
  between two prisons counts away in the one and received in the other.

The oldest open requests
- The ten oldest requests open *now*, whatever the period, in the same prison and teams:
  reference, topic, team, status, filing time and age in working days. ``readable`` says
  whether the caller may open it (requests.staff_may_read): only then does a page link it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, load_only, raiseload

from core import audit
from core.audit import Actor
from core.clock import OSLO, as_utc
from core.models import OPEN_STATUSES, Prison, Request, RequestForward, Role, StaffUser, Status
from core.services.requests import sla, topics, ways_in
from core.services.requests.routing import TEAMS as TEAM_ROLES
from core.services.permissions import prison_scope
from core.services.records.report_period import DAY, Period
from core.services.records.working_time import median, working_time
from core.services.requests.clocks import clocks_of, pauses_of
from core.services.requests.filing import staff_may_read, teams_of
from core.services.scoping import report_prison, scoped
from core.services.workdays import working_days_between

OLDEST = 10
STATUSES = tuple(s.value for s in Status)
ALL_TEAMS_ROLES = frozenset({Role.PRISON_ADMIN, Role.SYSTEM_ADMIN})


# The report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Share:
    kept: int = 0
    due: int = 0

    @property
    def ratio(self) -> float | None:
        return self.kept / self.due if self.due else None


@dataclass(frozen=True)
class Week:
    monday: date
    first: date  # the part of the week inside the period
    last: date
    count: int

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def partial(self) -> bool:
        return (self.last - self.first).days < 6


@dataclass(frozen=True)
class OpenRequest:
    """An open request in the oldest-open list: no inmate, no text."""

    id: int
    reference: str
    topic: str
    team: str
    status: str
    created_at: datetime
    age_days: int  # working days since the day it was filed
    readable: bool


@dataclass
class Report:
    prison: Prison | None  # None: all prisons
    period: Period
    teams: frozenset[str] | None  # None: every team
    made_at: datetime
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)  # topic -> status -> n
    weeks: list[Week] = field(default_factory=list)
    filed: int = 0
    answered: int = 0
    median_first_response: timedelta | None = None
    first_response: Share = Share()
    resolution: Share = Share()
    oldest_open: list[OpenRequest] = field(default_factory=list)
    # Every way in (issue 16): the requests filed in the period by how they came (KIOSK:
    # the inmate at a terminal), in the order of ways_in.CHANNELS; and the forwards made in
    # the period per team: (forwarded away, received).
    channels: dict[str, int] = field(default_factory=dict)
    forwards: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def forwarded(self) -> int:
        return sum(away for away, _received in self.forwards.values())

    @property
    def unanswered(self) -> int:
        return self.filed - self.answered

    @property
    def median_days(self) -> float | None:
        """The median first-response time in working days (see the module docstring)."""
        if self.median_first_response is None:
            return None
        return self.median_first_response / DAY

    @property
    def topics(self) -> list[str]:
        """Topics with requests, in the order of topics.TOPICS."""
        return list(self.matrix)

    @property
    def status_totals(self) -> dict[str, int]:
        return {s: sum(row[s] for row in self.matrix.values()) for s in STATUSES}

    @property
    def statuses_present(self) -> list[str]:
        """Statuses with requests, in the order of Status."""
        totals = self.status_totals
        return [s for s in STATUSES if totals[s]]

    def topic_total(self, topic: str) -> int:
        return sum(self.matrix[topic].values())


def counted_teams(staff: StaffUser) -> frozenset[str] | None:
    """The teams whose requests a staff member counts; None for every team."""
    if staff.roles & ALL_TEAMS_ROLES:
        return None
    return frozenset(teams_of(staff))


def _counted(staff: StaffUser, prison: Prison | None, teams: frozenset[str] | None) -> Select:
    """The requests counted, with only the columns a report needs: never the text, and
    never the inmate."""
    query = scoped(select(Request), Request.prison_id, staff).options(
        load_only(Request.id, Request.reference, Request.prison_id, Request.topic,
                  Request.team, Request.status, Request.created_at, Request.first_response_at,
                  Request.clock_started_at, Request.channel, Request.closed_at,
                  Request.first_response_days, Request.resolution_days),
        raiseload(Request.inmate))
    if prison is not None:
        query = query.where(Request.prison_id == prison.id)
    if teams is not None:
        query = query.where(Request.team.in_(teams or {""}))
    return query


def _weeks(period: Period, filed: list[Request]) -> list[Week]:
    counts: dict[date, int] = {}
    for item in filed:
        day = as_utc(item.created_at).astimezone(OSLO).date()
        monday = day - day.weekday() * DAY
        counts[monday] = counts.get(monday, 0) + 1
    weeks, monday = [], period.start - period.start.weekday() * DAY
    while monday <= period.end:
        weeks.append(Week(monday, max(monday, period.start), min(monday + 6 * DAY, period.end),
                          counts.get(monday, 0)))
        monday += 7 * DAY
    return weeks


def _channels(filed: list[Request]) -> dict[str, int]:
    """Requests by how they came, the kiosk first, then ways_in.CHANNELS; only those with
    any."""
    counts: dict[str, int] = {}
    for item in filed:
        key = item.channel or ways_in.KIOSK
        counts[key] = counts.get(key, 0) + 1
    return {key: counts[key] for key in (ways_in.KIOSK, *ways_in.CHANNELS) if key in counts}


def _forwards(db: Session, staff: StaffUser, prison: Prison | None,
              teams: frozenset[str] | None, chosen: Period) -> dict[str, tuple[int, int]]:
    """Forwards made in the period that touch the prison (from or to it; every prison the
    staff member serves for all prisons) and, for a team, that team: per team, how many
    it forwarded away and how many it received."""
    query = select(RequestForward.from_team, RequestForward.to_team,
                   RequestForward.from_prison_id, RequestForward.to_prison_id).where(
        RequestForward.at >= chosen.begins_at, RequestForward.at < chosen.ends_at)
    scope = {prison.id} if prison is not None else prison_scope(staff)
    if scope is not None:
        ids = sorted(scope) or [-1]
        query = query.where(or_(RequestForward.from_prison_id.in_(ids),
                                RequestForward.to_prison_id.in_(ids)))
    if teams is not None:
        names = sorted(teams) or [""]
        query = query.where(or_(RequestForward.from_team.in_(names),
                                RequestForward.to_team.in_(names)))
    away: dict[str, int] = {}
    received: dict[str, int] = {}
    for from_team, to_team, from_prison, to_prison in db.execute(query):
        if scope is None or from_prison in scope:
            away[from_team] = away.get(from_team, 0) + 1
        if scope is None or to_prison in scope:
            received[to_team] = received.get(to_team, 0) + 1
    return {role.value: (away.get(role.value, 0), received.get(role.value, 0))
            for role in TEAM_ROLES if role.value in away or role.value in received}


def _first_response_kept(item: Request, clock: sla.ClockState) -> bool | None:
    """True kept, False broken, None not due (see the module docstring)."""
    if item.first_response_at is not None:
        return not clock.breached
    if Status(item.status) not in OPEN_STATUSES:
        if clock.deadline is None or item.closed_at is None:
            return None
        return False if as_utc(item.closed_at) > clock.deadline else None
    return False if clock.breached else None


def _resolution_kept(item: Request, clock: sla.ClockState) -> bool | None:
    if item.status == Status.CANCELLED.value:
        return False if clock.breached else None
    if clock.met:
        return not clock.breached
    return False if clock.breached else None


def _share(outcomes) -> Share:
    due = [o for o in outcomes if o is not None]
    return Share(kept=sum(due), due=len(due))


def build(db: Session, now: datetime, staff: StaffUser, prison_id: int | None,
          chosen: Period, *, export: bool = False) -> Report:
    """The report for a prison (None: all prisons, system administrators only) and period.

    Audited as report.view (or report.export for the CSV), with counts only."""
    prison = report_prison(db, staff, prison_id)
    teams = counted_teams(staff)
    base = _counted(staff, prison, teams)
    filed = list(db.scalars(base.where(Request.created_at >= chosen.begins_at,
                                       Request.created_at < chosen.ends_at)
                            .order_by(Request.created_at, Request.id)))
    report = Report(prison=prison, period=chosen, teams=teams, made_at=now, filed=len(filed))

    present = {item.topic for item in filed}
    report.matrix = {t.code: dict.fromkeys(STATUSES, 0) for t in topics.TOPICS
                     if t.code in present}
    for item in filed:
        report.matrix[item.topic][item.status] += 1
    report.weeks = _weeks(chosen, filed)
    report.channels = _channels(filed)
    report.forwards = _forwards(db, staff, prison, teams, chosen)

    clocks = clocks_of(db, filed, now)
    answered = [item for item in filed if item.first_response_at is not None]
    spans = pauses_of(db, [item.id for item in answered])
    report.answered = len(answered)
    report.median_first_response = median([
        working_time(item.clock_start, item.first_response_at, spans[item.id])
        for item in answered])
    report.first_response = _share(_first_response_kept(item, clocks[item.id].first_response)
                                   for item in filed)
    report.resolution = _share(_resolution_kept(item, clocks[item.id].resolution)
                               for item in filed)

    today = now.astimezone(OSLO).date()
    oldest = db.scalars(base.where(Request.status.in_([s.value for s in OPEN_STATUSES]))
                        .order_by(Request.created_at, Request.id).limit(OLDEST))
    report.oldest_open = [OpenRequest(
        id=item.id, reference=item.reference, topic=item.topic, team=item.team,
        status=item.status, created_at=item.created_at,
        age_days=working_days_between(as_utc(item.created_at).astimezone(OSLO).date(), today),
        readable=staff_may_read(staff, item)) for item in oldest]

    audit.record(db, now, Actor("staff", staff.id), "report.export" if export else "report.view",
                 subject_type="prison" if prison else None,
                 subject_id=prison.id if prison else None,
                 prison_id=prison.id if prison else None,
                 detail={"from": chosen.start.isoformat(), "to": chosen.end.isoformat(),
                         "filed": report.filed, "answered": report.answered,
                         "oldest_open": len(report.oldest_open),
                         "forwarded": report.forwarded})
    return report
