"""Choosing one's own PIN after signing in with one given by staff (issue 12).

While the inmate's PIN is one given by staff, this page is all the kiosk shows them
(kiosk._check_access sends every other page here): they are told who reset the PIN and
when, and choose a PIN of their own.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, url_for

from core.services.people import inmates
from core.services.errors import ServiceError
from core.web.access import access
from core.web.messages import message
from kiosk import render
from kiosk.signin_forms import NewPinForm

bp = Blueprint("pin", __name__, url_prefix="/pin")

# What an inmate who must choose a PIN may still reach: this page, signing out, and the
# session's idle warning.
WHILE_CHOOSING = frozenset({"pin.choose", "pin.choose_post", "signin.logout",
                            "signin.extend", "signin.warning", "signin.timeout",
                            "signin.language"})


def _page(form: NewPinForm, status: int = 200):
    ext = current_app.extensions["brobygger"]
    notice = inmates.pin_reset_notice(ext.db_session(), g.inmate)
    return render("new_pin.html", form=form, reset_by=notice[0] if notice else "",
                  reset_at=notice[1] if notice else None), status


@bp.get("/new")
@access("inmate")
def choose():
    if not inmates.must_choose_pin(g.inmate):
        return redirect(url_for("home.index"))
    return _page(NewPinForm())


@bp.post("/new")
@access("inmate")
def choose_post():
    if not inmates.must_choose_pin(g.inmate):
        return redirect(url_for("home.index"))
    form = NewPinForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    ext = current_app.extensions["brobygger"]
    try:
        inmates.choose_pin(ext.db_session(), ext.now(), g.inmate, form.pin.data,
                           form.repeat.data, ext.pin_hasher, terminal_id=g.terminal.id)
    except ServiceError as error:
        field = form.repeat if error.code == "pin_mismatch" else form.pin
        field.errors = [message(error)]
        return _page(form, 400)
    return redirect(url_for("home.index"))


def required_redirect():
    """Where an inmate who must choose a PIN is sent from any other page; None if not."""
    if g.get("inmate") is None or not inmates.must_choose_pin(g.inmate):
        return None
    if request.endpoint in WHILE_CHOOSING:
        return None
    return redirect(url_for("pin.choose"))
