"""Shared case meetings (trekantsamtale) on a request's desk: the routed team adds a staff
member of a second team, with the inmate's consent (without it, the desk says which
consent is missing and how the inmate gives it); the participant reads the thread and the
internal notes and writes notes, each marked with its team; a participant joins a coming
appointment as its second staff member. Rules: core.services.requests.participants."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.models import Appointment, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.requests import access as request_access, filing as requests, participants
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext
from admin.requests.queue import _desk, _request

bp = Blueprint("case_meeting", __name__, url_prefix="/requests")


@bp.app_template_global()
def case_meeting_of(item) -> dict:
    """What the desk shows of a request's shared case meeting."""
    db = ext().db_session()
    may_work = request_access.staff_may_work(g.staff, item)
    found = participants.of_request(db, item)
    teams = {p.staff.id: p.row.team for p in found}
    in_meeting = request_access.in_meeting(g.staff, item)
    coming = [a for a in db.scalars(select(Appointment).where(
        Appointment.request_id == item.id, Appointment.status == "booked",
        Appointment.starts_at > ext().now()).order_by(Appointment.starts_at))] \
        if may_work or in_meeting else []
    return {"participants": found, "may_work": may_work, "in_meeting": in_meeting,
            "mine": [a for a in coming if a.second_staff_id == g.staff.id],
            "candidates": participants.candidates(db, item) if may_work else [],
            "consents": participants.meeting_consents(db, item) if may_work else {},
            "author_teams": teams, "coming": coming,
            "error": g.get("case_meeting_error")}


@bp.app_template_global()
def team_label(team: str) -> str:
    return str(labels.TEAMS.get(team, team))


def _fail(item, error: ServiceError):
    g.case_meeting_error = message(error)
    return _desk(item, status=400)


@bp.post("/<int:request_id>/participants")
@access("staff", Can.READ_REQUESTS)
def add(request_id: int):
    item = _request(request_id, work=True)
    e = ext()
    db = e.db_session()
    user = db.get(StaffUser, request.form.get("staff_id", type=int) or 0)
    if user is None:
        return _fail(item, ServiceError("participant_not_eligible"))
    try:
        participants.add(db, e.now(), g.staff, item, user)
    except NotFound:
        abort(404)
    except ServiceError as error:
        return _fail(item, error)
    flash(_("%(name)s takes part in the case now, and can read the messages and the "
            "internal notes.", name=user.name), "success")
    return redirect(url_for("queue.show", request_id=item.id))


@bp.post("/<int:request_id>/participants/<int:participant_id>/remove")
@access("staff", Can.READ_REQUESTS)
def remove(request_id: int, participant_id: int):
    item = _request(request_id)
    e = ext()
    try:
        participants.remove(e.db_session(), e.now(), g.staff, item, participant_id)
    except NotFound:
        abort(404)
    flash(_("The participant no longer takes part in the case."), "success")
    if request_access.staff_may_read(g.staff, item):
        return redirect(url_for("queue.show", request_id=item.id))
    return redirect(url_for("queue.index"))


@bp.post("/<int:request_id>/participants/<int:participant_id>/appointments/"
         "<int:appointment_id>")
@access("staff", Can.READ_REQUESTS)
def join_appointment(request_id: int, participant_id: int, appointment_id: int):
    item = _request(request_id, work=True)
    e = ext()
    try:
        participants.join_appointment(e.db_session(), e.now(), g.staff, item, appointment_id,
                                      participant_id)
    except NotFound:
        abort(404)
    except ServiceError as error:
        return _fail(item, error)
    flash(_("The participant is added to the appointment."), "success")
    return redirect(url_for("queue.show", request_id=item.id))


@bp.post("/<int:request_id>/meeting-note")
@access("staff", Can.READ_REQUESTS)
def note(request_id: int):
    """An internal note from the case-meeting box: by a participant of the second team
    (or the routed team, like the desk's own note)."""
    item = _request(request_id)
    e = ext()
    if not (request_access.in_meeting(g.staff, item)
            or request_access.staff_may_work(g.staff, item)):
        abort(403)
    try:
        requests.add_note(e.db_session(), e.now(), g.staff, item, request.form.get("note", ""))
    except ServiceError as error:
        return _fail(item, error)
    flash(_("The note is saved. Only staff can see it."), "success")
    return redirect(url_for("queue.show", request_id=item.id))
