"""Who may read a request and who may work on it.

Reading follows the data-class table (core.services.data_classes): the team the request
is routed to, or another team the inmate has shared that very request with (an active
consent to that team's recipient for "share_request"). Working on it (reply, note,
status, assignment, hand-over, booking) belongs to the routed team alone. Both need the
request's prison to be one the staff member serves. A shared case meeting
(core.services.requests.participants) opens the request, its thread and internal notes to
a staff member of a second team who takes part in it, while the inmate's consent to that
team for "case_meeting" is active. Every check reads the consent rows, so a withdrawal
takes effect at once.
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, object_session

from core.models import Consent, Request, RequestParticipant, Role, StaffUser
from core.services.data_classes import Context, DataClass, Purpose, Scope, permits
from core.services.permissions import in_scope
from core.services.scoping import scoped
from core.services.requests import consents as consent_service, routing

# The consent recipient each team reads shared requests as.
RECIPIENT_OF_TEAM = {Role.SOCIAL_WORKER: "social_work", Role.SCHOOL: "school"}


def teams_of(staff: StaffUser) -> set[str]:
    """The teams whose requests a staff member reads: officers, trainers and
    administrators read no request content (confidentiality)."""
    return {r.value for r in staff.roles if r in routing.TEAMS}


def recipients_of(staff: StaffUser) -> set[str]:
    """The consent recipients a staff member reads shared requests as."""
    return {RECIPIENT_OF_TEAM[r] for r in staff.roles if r in RECIPIENT_OF_TEAM}


def participation(db: Session, staff: StaffUser, request: Request) -> RequestParticipant | None:
    """The staff member's place in a shared case meeting on the request (not ended), if
    any; whether it still opens anything is the consent's to say (``context``)."""
    return db.scalar(select(RequestParticipant).where(
        RequestParticipant.request_id == request.id, RequestParticipant.staff_id == staff.id,
        RequestParticipant.removed_at.is_(None)).limit(1))


def context(staff: StaffUser, request: Request) -> Context:
    """What the data-class table needs to know about ``staff`` reading ``request``."""
    team = request.team in teams_of(staff)
    if team:
        return Context(team=True)
    db = object_session(request)
    participant = db is not None and participation(db, staff, request) is not None
    if not (recipients_of(staff) or participant):
        return Context()
    pairs = consent_service.active_pairs(db, request.inmate_id, request_id=request.id) \
        if db is not None else frozenset()
    return Context(team=False, consents=pairs, participant=participant)


_context = context


def reading_context(staff: StaffUser, request: Request) -> Context:
    """What the data-class table needs to know about this staff member reading this
    request: whether they are its team, and the consents that may share it."""
    return _context(staff, request)


def staff_may_read(staff: StaffUser, request: Request) -> bool:
    """In the staff member's prisons, and as the data-class table says for a request's
    text: the team it is routed to, or a team the inmate shared it with."""
    return in_scope(staff, request.prison_id) and permits(
        DataClass.REQUEST_TEXT, staff.roles, _context(staff, request))


def staff_may_work(staff: StaffUser, request: Request) -> bool:
    """Reply, note, status, assignment, hand-over, booking: the routed team only."""
    return in_scope(staff, request.prison_id) and request.team in teams_of(staff)


def in_meeting(staff: StaffUser, request: Request) -> bool:
    """A second team's staff member in a shared case meeting on it, with the consent
    active: reads the thread and the internal notes, and writes notes."""
    found = context(staff, request)
    return (not found.team and in_scope(staff, request.prison_id)
            and permits(DataClass.INTERNAL_NOTES, staff.roles, found))


def shared_only(staff: StaffUser, request: Request) -> bool:
    """Readable only because the inmate shared it (read-only for this staff member)."""
    return staff_may_read(staff, request) and not staff_may_work(staff, request)


def shared_with(db: Session, staff: StaffUser) -> list[Request]:
    """The requests of other teams that inmates in the staff member's prisons have shared
    with the staff member's team (an active "share_request" consent on that request or
    for the whole stay), newest first, each one still readable by the table's rule."""
    recipients = recipients_of(staff)
    if not recipients:
        return []
    covers = or_(Consent.scope == Scope.STAY.value,
                 and_(Consent.scope == Scope.REQUEST.value, Consent.request_id == Request.id))
    shared = select(Consent.id).where(
        Consent.inmate_id == Request.inmate_id, Consent.recipient.in_(sorted(recipients)),
        Consent.purpose == Purpose.SHARE_REQUEST.value, Consent.withdrawn_at.is_(None), covers)
    query = scoped(select(Request).where(Request.team.not_in(sorted(teams_of(staff)) or [""]),
                                         shared.exists()), Request.prison_id, staff)
    found = db.scalars(query.order_by(Request.created_at.desc(), Request.id.desc()))
    return [r for r in found if staff_may_read(staff, r)]
