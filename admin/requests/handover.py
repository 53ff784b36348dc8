"""The hand-over summary of a request, a printable page for the adviser to send to the
home NAV office through NAV's own channels. Reached like the request's desk: 404 outside
the staff member's prisons or teams; the read is audited (core.services.requests.handover)."""
from flask import Blueprint, abort, g

from core.services.requests import handover
from core.services.errors import NotFound
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from admin import ext, render

bp = Blueprint("handover", __name__, url_prefix="/requests")


@bp.get("/<int:request_id>/handover")
@access("staff", Can.READ_REQUESTS)
def show(request_id: int):
    e = ext()
    try:
        summary = handover.summary(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)
    return render("handover/show.html", s=summary, labels=labels, now=e.now())
