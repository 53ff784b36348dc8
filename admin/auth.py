"""Staff sign-in: password, then a TOTP code (set up with a QR code on first sign-in)."""
from __future__ import annotations


from flask import Blueprint, g, redirect, request, session, url_for

from core.security import totp
from core.services import throttle
from core.services.people import staff
from core.services.errors import ServiceError
from core.web.access import access
from core.web.app import LANGUAGES, client_ip, safe_next
from core.web.messages import message
from core.web.sessions import commit_sign_in
from admin import ext, render
from admin.common_forms import CodeForm, LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("home.index"))


def _error_text(error: ServiceError) -> str:
    if error.code == "bad_credentials":
        return message(ServiceError("staff_bad_credentials"))
    return message(error)


@bp.get("/sign-in")
@access("public")
def login():
    if session.get("staff_id"):
        return redirect(url_for("home.index"))
    ended = request.args.get("ended") or session.expired_reason
    return render("login.html", form=LoginForm(), ended=ended in ("idle", "absolute") and ended)


@bp.post("/sign-in")
@access("public")
def login_post():
    form = LoginForm()
    if not form.validate_on_submit():
        return render("login.html", form=form), 400
    e = ext()
    db = e.db_session()
    try:
        user = staff.check_password_step(
            db, e.now(), form.username.data, form.password.data, e.hasher,
            throttle.Limits.from_settings(e.settings), client_ip(),
        )
    except ServiceError as error:
        db.commit()
        return render("login.html", form=form, error=_error_text(error)), 400
    session["pending_staff_id"] = user.id
    session["next"] = _safe_next(request.args.get("next"))
    if user.totp_confirmed_at is None:
        return redirect(url_for("auth.setup"))
    return redirect(url_for("auth.code"))


def _complete(user_id: int):
    """The sign-in's session, committed in one transaction with its audit event and the
    used TOTP step (core.web.sessions.commit_sign_in); the response is made after."""
    target = _safe_next(session.get("next"))
    lang = session.get("lang")
    session.rotate()
    session.clear()
    session["staff_id"] = user_id
    if lang:
        session["lang"] = lang
    commit_sign_in(ext().db_session())
    return redirect(target)


@bp.get("/sign-in/code")
@access("second_factor")
def code():
    if g.pending_staff.totp_confirmed_at is None:
        return redirect(url_for("auth.setup"))
    return render("code.html", form=CodeForm())


@bp.post("/sign-in/code")
@access("second_factor")
def code_post():
    form = CodeForm()
    if not form.validate_on_submit():
        return render("code.html", form=form), 400
    e = ext()
    db = e.db_session()
    try:
        staff.check_totp_step(db, e.now(), g.pending_staff, form.code.data,
                              threshold=e.settings.lockout_threshold, ip=client_ip())
    except ServiceError as error:
        db.commit()
        if error.code == "locked":
            session.pop("pending_staff_id", None)
        return render("code.html", form=form, error=_error_text(error)), 400
    return _complete(g.pending_staff.id)


def _setup_page(form, error=None, status=200):
    user = g.pending_staff
    secret = staff.begin_totp_enrolment(user)
    uri = totp.provisioning_uri(secret, user.username)
    return render("setup.html", form=form, secret=secret, error=error,
                  qr=totp.qr_svg(uri, "QR")), status


@bp.get("/sign-in/setup")
@access("second_factor", writes=True)  # a new TOTP secret
def setup():
    if g.pending_staff.totp_confirmed_at is not None:
        return redirect(url_for("auth.code"))
    return _setup_page(CodeForm())


@bp.post("/sign-in/setup")
@access("second_factor")
def setup_post():
    if g.pending_staff.totp_confirmed_at is not None:
        return redirect(url_for("auth.code"))
    form = CodeForm()
    if not form.validate_on_submit():
        return _setup_page(form, status=400)
    e = ext()
    db = e.db_session()
    try:
        staff.confirm_totp_enrolment(db, e.now(), g.pending_staff, form.code.data,
                                     threshold=e.settings.lockout_threshold, ip=client_ip())
    except ServiceError as error:
        db.commit()
        return _setup_page(form, error=_error_text(error), status=400)
    return _complete(g.pending_staff.id)


@bp.post("/sign-out")
@access("staff")
def logout():
    session.end("signed_out")
    return redirect(url_for("auth.login"))


@bp.post("/language")
@access("public")
def language():
    lang = request.form.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))
