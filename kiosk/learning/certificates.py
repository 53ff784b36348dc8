"""My certificates: a record of the lessons completed, with a code staff can check.

"Get your certificate" makes a new one of every module completed so far; the page of a
certificate is printable and can support a kompetansebevis. Terminals cannot print, so
the page tells the inmate how staff find and print it with the code.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, url_for

from core.services.learning import certificates, progress as learning
from core.services.errors import NotFound, ServiceError
from core.web.access import access
from core.web.messages import message
from kiosk import render

bp = Blueprint("certificates", __name__, url_prefix="/lessons/certificates")
bp.add_app_template_filter(certificates.grouped, "certificate_code")


def _ext():
    return current_app.extensions["brobygger"]


def _index(error: str | None = None, status: int = 200):
    db = _ext().db_session()
    states = learning.states(db, g.inmate).values()
    return render("lessons/certificates.html", error=error,
                  certificates=certificates.of_inmate(db, g.inmate),
                  completed=[s for s in states if s.completed_at]), status


@bp.get("/")
@access("inmate")
def index():
    return _index()


@bp.post("/")
@access("inmate")
def issue():
    e = _ext()
    try:
        certificate = learning.issue_certificate(e.db_session(), e.now(), g.inmate)
    except ServiceError as error:
        return _index(message(error), status=400)
    return redirect(url_for("certificates.show", certificate_id=certificate.id))


@bp.get("/<int:certificate_id>")
@access("inmate")
def show(certificate_id: int):
    try:
        certificate = learning.own_certificate(_ext().db_session(), g.inmate, certificate_id)
    except NotFound:
        abort(404)
    return render("lessons/certificate.html", certificate=certificate, inmate=g.inmate,
                  entries=certificates.entries(certificate))
