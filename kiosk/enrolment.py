"""Enrolling a terminal: the one page an unenrolled browser can reach."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, redirect, url_for

from core.services.people import terminals
from core.services.errors import ServiceError
from core.web.access import access
from core.web.app import client_ip
from core.web.messages import message
from kiosk import render
from kiosk.signin_forms import EnrolForm

bp = Blueprint("enrolment", __name__)
TEN_YEARS = 10 * 365 * 24 * 3600


def enrolment_page(form: EnrolForm | None = None, error: str | None = None, status: int = 200):
    return render("enrol.html", form=form or EnrolForm(), error=error), status


def _with_credential(response, credential: str):
    settings = current_app.extensions["brobygger"].settings
    response.set_cookie(
        current_app.config["TERMINAL_COOKIE_NAME"], credential, max_age=TEN_YEARS,
        path="/", secure=settings.secure_cookies, httponly=True, samesite="Strict",
    )
    return response


@bp.get("/enrol")
@access("open")
def enrol_form():
    return enrolment_page()


@bp.post("/enrol")
@access("open")
def enrol():
    form = EnrolForm()
    if not form.validate_on_submit():
        return enrolment_page(form, status=400)
    ext = current_app.extensions["brobygger"]
    db = ext.db_session()
    try:
        _terminal, credential = terminals.enrol(db, ext.now(), form.code.data, client_ip())
    except ServiceError as error:
        db.commit()  # keep the failed attempt for throttling
        form.code.errors = [message(error)]
        return enrolment_page(form, status=400)
    return _with_credential(make_response(redirect(url_for("signin.login"))), credential)


@bp.get("/demo/enrol/<int:terminal_id>")
@access("open", writes=True)  # installs a credential
def demo_enrol(terminal_id: int):
    """One-click enrolment of a demo terminal. Exists only while DEMO_MODE is on."""
    ext = current_app.extensions["brobygger"]
    if not ext.settings.demo_mode:
        abort(404)
    try:
        credential = terminals.demo_credential(ext.db_session(), ext.now(), terminal_id)
    except ServiceError:
        abort(404)
    g.demo = True
    return _with_credential(make_response(redirect(url_for("signin.login"))), credential)
