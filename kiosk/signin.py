"""Inmate sign-in and sign-out, the idle warning, languages and supervision windows."""
from __future__ import annotations


from flask import (Blueprint, current_app, g, jsonify, redirect, request, session, url_for)

from core import locales
from core.models import Inmate
from core.security import sessions as session_store
from core.services import throttle
from core.services.people import inmates, staff, terminals
from core.services.errors import ServiceError
from core.web.access import access
from core.web.app import client_ip, safe_next
from core.web.messages import message
from core.web.sessions import commit_sign_in
from kiosk import render
from kiosk.signin_forms import OfficerForm, SignInForm

bp = Blueprint("signin", __name__)
END_REASONS = ("idle", "absolute", "signed_out", "supervision", "revoked", "terminal")


def _ext():
    return current_app.extensions["brobygger"]


def _login_page(form=None, error=None, status=200):
    ended = request.args.get("ended") or (getattr(session, "expired_reason", None))
    return render(
        "login.html",
        form=form or SignInForm(),
        error=error,
        ended=ended if ended in END_REASONS else None,
        needs_officer=g.terminal.supervised and g.window is None,
    ), status


@bp.get("/")
@access("terminal")
def login():
    if g.inmate is not None:
        return redirect(url_for("home.index"))
    return _login_page()


@bp.post("/")
@access("terminal")
def login_post():
    if g.terminal.supervised and g.window is None:
        return _login_page(status=403)
    form = SignInForm()
    if not form.validate_on_submit():
        return _login_page(form, status=400)
    ext = _ext()
    db = ext.db_session()
    try:
        inmate = inmates.sign_in(
            db, ext.now(), g.terminal, form.inmate_number.data, form.pin.data, ext.pin_hasher,
            throttle.Limits.from_settings(ext.settings),
        )
    except ServiceError as error:
        db.commit()  # the failed attempt counts
        return _login_page(form, error=message(error), status=400)
    chosen = session.get("lang")
    session.rotate()
    session.clear()
    session.update(
        inmate_id=inmate.id,
        terminal_id=g.terminal.id,
        supervisor_id=g.window.officer_id if g.window else None,
        lang=chosen or inmate.language,
    )
    commit_sign_in(db)  # the session only with the sign-in's audit event (core.web.sessions)
    return redirect(url_for("home.index"))


@bp.post("/sign-out")
@access("inmate")
def logout():
    session.end("signed_out")
    return redirect(url_for("signin.login", ended="signed_out"))


@bp.post("/session/extend")
@access("inmate")
def extend():
    """'I need more time': resets the idle clock, and does nothing else."""
    session.touch()
    if request.headers.get("HX-Request") or request.accept_mimetypes.best == "application/json":
        return jsonify(_timing())
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


@bp.get("/session/warning")
@access("inmate")
def warning():
    """Without JavaScript the page refreshes to here before the idle limit."""
    g.background_request = True  # reading the warning is not activity
    return render("session_warning.html", timing=_timing(touch=False))


@bp.get("/session/timeout")
@access("terminal")
def timeout():
    """Where the idle countdown lands: the session ends and the screen is cleared."""
    if session.get("inmate_id"):
        session.end("idle")
    return redirect(url_for("signin.login", ended="idle"))


@bp.get("/language")
@access("terminal")
def languages():
    """Every kiosk language as a large button, each named in itself (the header shows the
    current one only, linking here); the choice is posted to ``language`` below."""
    back = safe_next(request.args.get("next"), url_for("signin.login"))
    return render("language.html", back=back)


@bp.post("/language")
@access("open")
def language():
    lang = request.form.get("lang")
    if lang in locales.KIOSK:
        session["lang"] = lang
        if session.get("inmate_id"):  # remembered as the inmate's preferred language
            inmate = _ext().db_session().get(Inmate, session["inmate_id"])
            if inmate is not None:
                inmate.language = lang
    return redirect(safe_next(request.form.get("next"), "/"))


@bp.get("/supervision")
@access("terminal")
def supervision():
    return render("supervision.html", form=OfficerForm(
        minutes=_ext().settings.supervision_default_minutes))


@bp.post("/supervision")
@access("terminal")
def supervision_post():
    form = OfficerForm()
    if not form.validate_on_submit():
        return render("supervision.html", form=form), 400
    ext = _ext()
    db = ext.db_session()
    now = ext.now()
    try:
        officer = staff.verify_officer(
            db, now, form.username.data, form.password.data, form.code.data, ext.hasher,
            throttle.Limits.from_settings(ext.settings), prison_id=g.terminal.prison_id,
            ip=client_ip(), terminal_id=g.terminal.id,
        )
        terminals.open_window(db, now, officer, g.terminal, form.minutes.data, "terminal")
    except ServiceError as error:
        db.commit()
        return render("supervision.html", form=form, error=message(error)), 400
    return redirect(url_for("signin.login"))


def _timing(touch: bool = True) -> dict:
    """Seconds left before idle sign-out and before the absolute limit."""
    ext = _ext()
    row = session.row
    limits = current_app.session_interface.limits
    now = ext.now()
    if row is None:
        return {"idle": 0, "absolute": 0, "warning": ext.settings.kiosk_idle_warning_seconds}
    idle, absolute = session_store.seconds_left(row, now, limits)
    if touch and current_app.session_interface.records_activity(session, now):
        idle = int(limits.idle.total_seconds())  # this request is the new last activity
    return {"idle": idle, "absolute": absolute,
            "warning": ext.settings.kiosk_idle_warning_seconds}


def timing_for_page(touch: bool = True) -> dict:
    return _timing(touch=touch)
