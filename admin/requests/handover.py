"""The hand-over summary of a request, a printable page for the adviser to send to the
home NAV office through NAV's own channels. Reached like the request's desk: 404 outside
the staff member's prisons or teams; the read is audited (core.services.requests.handover).
"Mark as sent" records the disclosure, and is refused with a clear message when the
consent the page was made with has been withdrawn meanwhile."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core.services.requests import handover
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.messages import message
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


@bp.post("/<int:request_id>/handover/sent")
@access("staff", Can.READ_REQUESTS)
def mark_sent(request_id: int):
    e = ext()
    try:
        consent_id = int(request.form.get("consent_id", ""))
    except ValueError:
        consent_id = None
    try:
        handover.mark_sent(e.db_session(), e.now(), g.staff, request_id, consent_id)
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(message(error), "error")
    else:
        flash(_("Recorded as sent to the home Nav office. The inmate can see it on the "
                "terminal."), "success")
    return redirect(url_for("handover.show", request_id=request_id))
