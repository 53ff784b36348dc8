"""On a request's page: let another team take part in the case (a shared case meeting,
trekantsamtale). The inmate gives the consent for that request here, and withdraws it
under "My consents"; withdrawing removes that team at once
(core.services.requests.participants)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _

from core.models import OPEN_STATUSES
from core.services.errors import NotFound, ServiceError
from core.services.requests import participants
from core.web.access import access

bp = Blueprint("case_meeting", __name__, url_prefix="/requests")


def _db():
    return current_app.extensions["brobygger"].db_session()


@bp.app_template_global()
def case_meeting_for_inmate(item) -> dict:
    """Per other team, whether the inmate lets it take part in this request."""
    return {"open": item.status in {s.value for s in OPEN_STATUSES},
            "teams": participants.meeting_consents(_db(), item)}


@bp.post("/<int:request_id>/case-meeting")
@access("inmate")
def give(request_id: int):
    ext = current_app.extensions["brobygger"]
    try:
        participants.give(_db(), ext.now(), g.inmate, request_id, request.form.get("team", ""))
    except NotFound:
        abort(404)
    except ServiceError:
        abort(400, _("Choose a team from the list."))
    return redirect(url_for("requests.show", request_id=request_id) + "#case-meeting")
