"""Every way in (issue 16): requests staff register for an inmate, forwarding to another
team, and the printable reply.

Registering
- Most needs still reach the prison on paper (a samtalelapp in the unit's box), in a
  conversation, by phone, or as a referral from the health service, the school, the work
  shop, the home Nav office or the probation office (shared/domain/README.md, "every way
  in"). Staff who meet the inmate register such a request for them: the teams (Nav
  advisers, social workers, the school), officers and the prison administrator, in the
  prisons they serve. It is filed through core.services.requests.filing.file, so it is
  routed, promised and threaded exactly like the inmate's own, and the kiosk marks it
  "registered for you by staff".
- Officers may register a paper note but never read a request afterwards (the data-class
  table gives them no request text): what they see after registering is its reference.

Forwarding
- The team a request is routed to may forward it to another team in the same prison,
  or, when the inmate has moved, to a team in the inmate's present prison. The receiving
  team must serve that prison (an active member there): otherwise it is refused. The
  reason is written for the inmate, who sees it in the history.
- The promise clocks start again at the forwarding, by the receiving team's rule: the
  prison's rule for the topic when it routes the topic to that team, otherwise the
  defaults (core.services.requests.routing). The first response is due anew; nobody is
  assigned until the receiving team's own automatic assignment (same rule) or a person
  takes it. The history keeps both teams (RequestForward and a history row).

The printable reply
- For an inmate who cannot use a terminal: the request and the replies the inmate may
  see (never internal notes), in the inmate's language. Printing stays in the prison
  (not a disclosure), but is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit, locales
from core.audit import Actor
from core.models import (OPEN_STATUSES, Inmate, Prison, Request, RequestForward,
                         RequestMessage, Role, StaffUser, Status, Visibility)
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed, in_scope
from core.services.requests import clocks as request_clocks, filing, routing
from core.services.requests.access import reading_context, staff_may_read, staff_may_work

# How a request reached the prison when staff register it; the kiosk's own is None.
CHANNELS = ("paper_note", "conversation", "phone", "health", "school", "work_shop",
            "home_nav", "probation")
KIOSK = "kiosk"  # how reports name a request the inmate filed at a terminal
PRINT_LANGUAGES = locales.KIOSK  # the printed reply: in the inmate's kiosk language


# Registering a request for an inmate --------------------------------------------------

def may_log(staff: StaffUser, inmate: Inmate) -> bool:
    """Whether ``staff`` may register a request for ``inmate``: a role that may, and the
    inmate's present prison among the prisons the staff member serves."""
    return allowed(staff, Can.LOG_REQUESTS) and in_scope(staff, inmate.prison_id) \
        and inmate.status == "present"


def log(db: Session, now: datetime, staff: StaffUser, inmate: Inmate, channel: str,
        draft: filing.Draft) -> Request:
    """Register a request for the inmate, as it came by ``channel``."""
    if not may_log(staff, inmate):
        raise NotFound()
    if channel not in CHANNELS:
        raise ServiceError("channel_unknown")
    if not draft.description.strip():
        raise ServiceError("text_required")
    return filing.file(db, now, inmate, draft, logged_by=staff, channel=channel)


def find_inmate(db: Session, staff: StaffUser, inmate_number: str) -> Inmate:
    """The inmate with that number in the staff member's prisons, to register for."""
    number = inmate_number.strip().upper()
    inmate = db.scalar(select(Inmate).where(func.upper(Inmate.inmate_number) == number))
    if inmate is None or not may_log(staff, inmate):
        raise ServiceError("inmate_not_here")
    return inmate


def logged_request(db: Session, staff: StaffUser, request_id: int) -> Request:
    """A request the staff member registered (or may work on), for the confirmation page
    and adding the paper note's image: its reference, never its text for an officer."""
    request = db.get(Request, request_id)
    if request is None or not in_scope(staff, request.prison_id) or not (
            request.logged_by_id == staff.id or staff_may_work(staff, request)):
        raise NotFound()
    return request


def channel_shown(staff: StaffUser, request: Request) -> bool:
    """Whether the staff member may see how the request came (the data-class table: the
    team it is routed to)."""
    return in_scope(staff, request.prison_id) and permits(
        DataClass.REQUEST_CHANNEL, staff.roles, reading_context(staff, request))


# Forwarding ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Destination:
    prison: Prison
    team: Role
    serves: bool  # an active member of the team serves the prison


def destinations(db: Session, request: Request) -> list[Destination]:
    """Where the request may be forwarded: the other teams of its prison, and every team
    of the inmate's present prison when the inmate has moved."""
    prisons = [db.get(Prison, request.prison_id)]
    inmate = db.get(Inmate, request.inmate_id)
    if inmate.prison_id != request.prison_id:
        prisons.append(db.get(Prison, inmate.prison_id))
    found = []
    for prison in prisons:
        for team in routing.TEAMS:
            if prison.id == request.prison_id and team.value == request.team:
                continue
            found.append(Destination(prison, team,
                                     bool(routing.team_members(db, prison.id, team))))
    return found


def forward(db: Session, now: datetime, staff: StaffUser, request: Request, team: str,
            prison_id: int, reason: str) -> RequestForward:
    """Forward the request to ``team`` in ``prison_id`` with a reason the inmate reads."""
    if not staff_may_work(staff, request):
        raise NotFound()
    if Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_closed")
    reason = reason.strip()
    if not reason:
        raise ServiceError("reason_required")
    if len(reason) > filing.MAX_TEXT:
        raise ServiceError("text_too_long", max=filing.MAX_TEXT)
    try:
        to_team = Role(team)
    except ValueError:
        raise ServiceError("team_unknown") from None
    inmate = db.get(Inmate, request.inmate_id)
    if to_team not in routing.TEAMS or prison_id not in (request.prison_id, inmate.prison_id):
        raise ServiceError("team_unknown")
    if prison_id == request.prison_id and to_team.value == request.team:
        raise ServiceError("forward_same_team")
    if not routing.team_members(db, prison_id, to_team):
        raise ServiceError("team_not_serving")
    route = route_for_team(db, prison_id, request.topic, to_team)
    row = RequestForward(request_id=request.id, at=now, staff_id=staff.id,
                         from_team=request.team, to_team=to_team.value,
                         from_prison_id=request.prison_id, to_prison_id=prison_id, reason=reason)
    db.add(row)
    detail = {"from_team": request.team, "to_team": to_team.value,
              "from_prison": request.prison_id, "to_prison": prison_id, "reason": reason}
    request.team, request.prison_id, request.assignee_id = to_team.value, prison_id, None
    request.first_response_days = route.first_response_days
    request.resolution_days = route.resolution_days
    request.clock_started_at = now
    request.first_response_at = None
    request.first_response_breached_at = request.resolution_breached_at = None
    # Forwarded back into the receiving team's queue as new, unless it waits for the inmate.
    back = Status.RECEIVED if request.status != Status.WAITING_FOR_INMATE.value else None
    filing._event(db, now, request, Actor("staff", staff.id), "forwarded",
                  to_status=back if back and back.value != request.status else None,
                  detail=detail, visible_to_inmate=True)
    request_clocks.keep(db, request)
    filing._auto_assign(db, now, request, inmate, route.assign_by)
    audit.record(db, now, Actor("staff", staff.id), "request.forward", subject_type="request",
                 subject_id=request.id, prison_id=prison_id,
                 detail={k: v for k, v in detail.items() if k != "reason"})
    db.flush()
    return row


def route_for_team(db: Session, prison_id: int, topic: str, team: Role) -> routing.Route:
    """The receiving team's rule: the prison's rule for the topic when it routes the topic
    to that team (its promise and automatic assignment), otherwise the defaults."""
    route = routing.route_for(db, prison_id, topic)
    if route.team == team:
        return route
    return routing.Route(team=team)


def forwards_of(db: Session, request: Request) -> list[RequestForward]:
    return list(db.scalars(select(RequestForward).where(RequestForward.request_id == request.id)
                           .order_by(RequestForward.at, RequestForward.id)))


# The printable reply ---------------------------------------------------------------------

@dataclass(frozen=True)
class Printout:
    request: Request
    inmate: Inmate
    language: str  # a kiosk language (core.locales)
    messages: list[RequestMessage]  # what the inmate may see: never internal notes


def print_language(inmate: Inmate, request: Request) -> str:
    """The inmate's language for the printout: the request's, else the inmate's chosen
    kiosk language, else bokmål."""
    for language in (request.language, inmate.language):
        if language in PRINT_LANGUAGES:
            return language
    return "nb"


def printout(db: Session, now: datetime, staff: StaffUser, request_id: int) -> Printout:
    """The reply to print for the inmate: audited as request.print (stays in the prison)."""
    request = db.get(Request, request_id)
    if request is None or not staff_may_work(staff, request):
        raise NotFound()
    inmate = db.get(Inmate, request.inmate_id)
    messages = list(db.scalars(
        select(RequestMessage).where(RequestMessage.request_id == request.id,
                                     RequestMessage.visibility == Visibility.STAFF_AND_INMATE.value)
        .order_by(RequestMessage.created_at, RequestMessage.id)))
    audit.record(db, now, Actor("staff", staff.id), "request.print", subject_type="request",
                 subject_id=request.id, prison_id=request.prison_id,
                 detail={"messages": len(messages)})
    return Printout(request, inmate, print_language(inmate, request), messages)


__all__ = ["CHANNELS", "Destination", "Printout", "channel_shown", "destinations",
           "find_inmate", "forward", "forwards_of", "log", "logged_request", "may_log",
           "printout", "route_for_team", "staff_may_read"]
