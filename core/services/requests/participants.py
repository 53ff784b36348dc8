"""Shared case meetings (trekantsamtale, issue 16): with the inmate's consent, a request
routed to one team gets participants from a second team (a Nav adviser and a social
worker, say). Both read the thread and the internal notes, each note marked with its
writer's team, and a participant writes notes too; replies, status and assignment stay
with the routed team. An appointment on the request can have a participant as its
second staff member.

The consent is to the second team's recipient (data_classes.MEETING_RECIPIENT) for
"case_meeting", given by the inmate on the kiosk for that request (or for the whole stay).
Without it, adding a participant is refused with the consent that is missing. Withdrawing
it removes the second team at once: every read checks the consent
(core.services.requests.access), and the withdrawal ends the participations and takes the
participant off the request's coming appointments (core.services.requests.consents).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import (OPEN_STATUSES, Appointment, Inmate, Request, RequestEvent,
                         RequestParticipant, Role, StaffRole, StaffUser, Status, staff_prison)
from core.services.data_classes import MEETING_RECIPIENT, Purpose, Scope
from core.services.errors import NotFound, ServiceError
from core.services.requests import access, consents

PURPOSE = Purpose.CASE_MEETING.value
TEAMS = tuple(MEETING_RECIPIENT)


def recipient_of(team: str) -> str:
    return MEETING_RECIPIENT[Role(team)]


def second_teams(request: Request) -> list[str]:
    """The teams that can be a request's second team: every team but its own."""
    return [t.value for t in TEAMS if t.value != request.team]


def consent_for(db: Session, request: Request, team: str):
    """The inmate's active consent to ``team`` for a case meeting on this request."""
    return consents.active(db, request.inmate_id, recipient_of(team), PURPOSE,
                           request_id=request.id)


@dataclass(frozen=True)
class Participant:
    row: RequestParticipant
    staff: StaffUser
    active: bool  # the consent is still there


def of_request(db: Session, request: Request) -> list[Participant]:
    """The participants not removed, and whether the consent still opens the request."""
    rows = db.execute(select(RequestParticipant, StaffUser).join(
        StaffUser, StaffUser.id == RequestParticipant.staff_id).where(
        RequestParticipant.request_id == request.id, RequestParticipant.removed_at.is_(None))
        .order_by(RequestParticipant.added_at, RequestParticipant.id)).all()
    return [Participant(row, user, consent_for(db, request, row.team) is not None)
            for row, user in rows]


def candidates(db: Session, request: Request) -> list[StaffUser]:
    """Active staff of another team serving the request's prison, not yet taking part."""
    taking_part = {p.staff.id for p in of_request(db, request)}
    teams = set(second_teams(request))
    # Only staff of the request's prison with a second team's role are read (with national
    # data every active staff member was, with their prisons and roles, on every desk page).
    users = db.scalars(
        select(StaffUser)
        .join(staff_prison, staff_prison.c.staff_id == StaffUser.id)
        .where(StaffUser.active.is_(True), staff_prison.c.prison_id == request.prison_id,
               StaffUser.id.in_(select(StaffRole.staff_id).where(StaffRole.role.in_(teams))))
        .order_by(StaffUser.name))
    return [u for u in users if u.id not in taking_part
            and request.team not in {r.value for r in u.roles}]


def team_of(user: StaffUser, request: Request) -> str | None:
    """The second team a staff member would take part as (their first team role)."""
    for team in TEAMS:
        if team in user.roles and team.value != request.team:
            return team.value
    return None


def _event(db, now, request, actor, kind, **detail):
    db.add(RequestEvent(request_id=request.id, at=now, actor_type=actor.type,
                        actor_id=actor.id, kind=kind, detail=json.dumps(detail),
                        visible_to_inmate=True))


def add(db: Session, now: datetime, actor: StaffUser, request: Request,
        user: StaffUser) -> RequestParticipant:
    """The routed team adds a staff member of a second team. Refused without the inmate's
    consent to that team (``case_meeting_consent_missing``, naming the team), or when a
    participant of another second team is there already (two teams in all)."""
    if not access.staff_may_work(actor, request):
        raise NotFound()
    if Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_not_open")
    team = team_of(user, request)
    if team is None or not user.active or request.prison_id not in user.prison_ids:
        raise ServiceError("participant_not_eligible")
    others = {p.row.team for p in of_request(db, request)}
    if others - {team}:
        raise ServiceError("one_second_team")
    if any(p.staff.id == user.id for p in of_request(db, request)):
        raise ServiceError("already_participant")
    consent = consent_for(db, request, team)
    if consent is None:
        raise ServiceError("case_meeting_consent_missing", team=team)
    row = RequestParticipant(request_id=request.id, staff_id=user.id, team=team,
                             added_by=actor.id, added_at=now)
    db.add(row)
    db.flush()
    _event(db, now, request, Actor("staff", actor.id), "participant_added", team=team,
           staff=user.id)
    audit.record(db, now, Actor("staff", actor.id), "request.participant_add",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"staff": user.id, "team": team, "consent": consent.id})
    return row


def _end(db: Session, now: datetime, row: RequestParticipant, cause: str) -> None:
    row.removed_at, row.removed_cause = now, cause
    for appointment in db.scalars(select(Appointment).where(
            Appointment.request_id == row.request_id,
            Appointment.second_staff_id == row.staff_id, Appointment.starts_at > now)):
        appointment.second_staff_id = None


def remove(db: Session, now: datetime, actor: StaffUser, request: Request,
           participant_id: int) -> None:
    """The routed team (or the participant themselves) ends a participation."""
    row = db.get(RequestParticipant, participant_id)
    if (row is None or row.request_id != request.id or row.removed_at is not None
            or not (access.staff_may_work(actor, request) or row.staff_id == actor.id)):
        raise NotFound()
    _end(db, now, row, "removed")
    _event(db, now, request, Actor("staff", actor.id), "participant_removed", team=row.team,
           staff=row.staff_id)
    audit.record(db, now, Actor("staff", actor.id), "request.participant_remove",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"staff": row.staff_id, "team": row.team})


def join_appointment(db: Session, now: datetime, actor: StaffUser, request: Request,
                     appointment_id: int, participant_id: int) -> None:
    """A participant becomes the second staff member of a coming appointment on the
    request (booked by the routed team)."""
    if not access.staff_may_work(actor, request):
        raise NotFound()
    appointment = db.get(Appointment, appointment_id)
    row = db.get(RequestParticipant, participant_id)
    if (appointment is None or appointment.request_id != request.id or row is None
            or row.request_id != request.id or row.removed_at is not None):
        raise NotFound()
    if appointment.status != "booked" or appointment.starts_at <= now:
        raise ServiceError("appointment_not_coming")
    if consent_for(db, request, row.team) is None:
        raise ServiceError("case_meeting_consent_missing", team=row.team)
    appointment.second_staff_id = row.staff_id
    audit.record(db, now, Actor("staff", actor.id), "appointment.second_staff",
                 subject_type="appointment", subject_id=appointment.id,
                 prison_id=appointment.prison_id, detail={"staff": row.staff_id})


def give(db: Session, now: datetime, inmate: Inmate, request_id: int, team: str):
    """The inmate agrees, on the kiosk, that ``team`` may take part in this request."""
    request = db.get(Request, request_id)
    if request is None or request.inmate_id != inmate.id:
        raise NotFound()
    if team not in second_teams(request):
        raise ServiceError("recipient_unknown")
    if Status(request.status) not in OPEN_STATUSES:
        raise ServiceError("request_not_open")
    existing = consent_for(db, request, team)
    return existing or consents.give(db, now, inmate, recipient_of(team), PURPOSE,
                                     Scope.REQUEST.value, request=request)


def meeting_consents(db: Session, request: Request) -> dict[str, object]:
    """Per second team, the active case-meeting consent on this request (or None), as
    consent_for gives it, read in one query."""
    teams = second_teams(request)
    found = consents.active_for(db, request.inmate_id, [recipient_of(t) for t in teams],
                                PURPOSE, request_id=request.id)
    return {team: found.get(recipient_of(team)) for team in teams}


def visible_to_participant(db: Session, staff: StaffUser, request: Request) -> bool:
    return access.in_meeting(staff, request)


def requests_of(db: Session, staff: StaffUser) -> list[Request]:
    """The open requests in which ``staff`` takes part as a second team, with consent."""
    rows = db.scalars(select(Request).join(
        RequestParticipant, RequestParticipant.request_id == Request.id).where(
        RequestParticipant.staff_id == staff.id, RequestParticipant.removed_at.is_(None))
        .order_by(Request.created_at.desc()))
    return [r for r in rows if access.in_meeting(staff, r)]
