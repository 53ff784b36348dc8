"""The kiosk: the inmate-facing app. It answers only enrolled terminals."""
from __future__ import annotations

from flask import Flask, current_app, g, redirect, render_template, request, session, url_for

from core import locales
from core.config import Settings
from core.models import Inmate, InmateStatus
from core.services.forms import definitions as form_definitions
from core.services.learning.practice import content as practice_content
from core.services.people import terminals
from core.web import bidi
from core.web.app import client_ip, create_base_app, pick_language

TERMINAL_COOKIE = "bb_terminal"


def terminal_cookie_name(settings: Settings) -> str:
    return ("__Host-" if settings.secure_cookies else "") + TERMINAL_COOKIE


def create_app(settings: Settings | None = None, **services) -> Flask:
    settings = settings or Settings.from_env()
    form_definitions.registry()  # a broken form definition stops start-up here, naming it
    practice_content.content()  # so does a broken practice task
    app = create_base_app(
        "kiosk", settings, locale_selector=_locale, access_check=_check_access,
        languages=locales.KIOSK, session_companions=_session_companions, **services
    )
    app.config["TERMINAL_COOKIE_NAME"] = terminal_cookie_name(settings)

    from kiosk import appointments, enrolment, home, pin, release_plan, signin, takehome
    from kiosk.learning import certificates, classes, lessons
    from kiosk.forms import meldekort, pages as form_pages
    # practice: the pretend login and the adviser add their pages to its blueprint
    from kiosk.practice import dialog as _practice_dialog, login as _practice_login  # noqa: F401
    from kiosk.practice import views as practice
    from kiosk.requests import views as requests

    for module in (enrolment, signin, pin, home, requests, form_pages, appointments, release_plan,
                   meldekort,
                   lessons, certificates, classes, practice, takehome):
        app.register_blueprint(module.bp)
    # the work shop's statement, and shared case meetings on a request (issue 16)
    from kiosk import work_shop
    from kiosk.requests import case_meeting

    for module in (work_shop, case_meeting):
        app.register_blueprint(module.bp)
    bidi.register(app)  # the ltr and bidi filters: numbers and dates in right-to-left pages
    app.context_processor(_idle_timing)
    app.context_processor(_large_text)
    return app


def _locale() -> str:
    inmate = g.get("inmate")
    return pick_language(session.get("lang") if session else None,
                         inmate.language if inmate else None, allowed=locales.KIOSK)


def ext():
    return current_app.extensions["brobygger"]


def _session_companions(req):
    """Read with the session's row: the cookie's terminal, the session's inmate and their
    larger-text setting (terminals.WITH_SESSION); _check_access checks them."""
    return terminals.session_companions(req.cookies.get(current_app.config["TERMINAL_COOKIE_NAME"]))


def _check_access(rule):
    """Runs before every kiosk view: terminal first, then the inmate's session."""
    if rule.kind == "open":
        return None
    services = ext()
    db = services.db_session()
    now = services.now()
    inmate_id = session.get("inmate_id")
    # The terminal, the session's inmate and their larger-text setting in one query.
    terminal, loaded, large_text = terminals.authenticate_with_inmate(
        db, request.cookies.get(current_app.config["TERMINAL_COOKIE_NAME"]), client_ip(),
        inmate_id or None, read=getattr(session, "companions", ()),
    )
    if terminal is None:
        from kiosk.enrolment import enrolment_page

        return enrolment_page(status=403)
    g.terminal = terminal
    terminals.touch(db, terminal, now)
    g.window = terminals.current_window(db, now, terminal.id) if terminal.supervised else None

    if session.get("terminal_id") not in (None, terminal.id):
        # A session cookie carried to another terminal is worth nothing there.
        session.end("terminal")
        return redirect(url_for("signin.login"))
    g.inmate = None
    if inmate_id:
        inmate = loaded if loaded is not None else db.get(Inmate, inmate_id)
        ended = None
        if inmate is None or inmate.status != InmateStatus.PRESENT.value:
            ended = "signed_out"
        elif inmate.prison_id != terminal.prison_id:
            ended = "signed_out"
        elif terminal.supervised and g.window is None:
            ended = "supervision"
        if ended:
            session.end(ended)
            return redirect(url_for("signin.login", ended=ended))
        g.inmate = inmate
        g.large_text = large_text if loaded is not None else None
        from kiosk.pin import required_redirect

        if choose_first := required_redirect():  # a PIN from staff: their own first
            return choose_first
    if rule.kind == "inmate" and g.inmate is None:
        reason = getattr(session, "expired_reason", None)
        return redirect(url_for("signin.login", ended=reason) if reason else url_for("signin.login"))
    return None


def render(template: str, **context):
    return render_template(f"kiosk/{template}", **context)


def _idle_timing():
    """The idle-warning numbers for pages shown to a signed-in inmate."""
    if g.get("inmate") is None:
        return {}
    from kiosk.signin import timing_for_page

    # The warning page is not activity, so its countdown continues from where it was.
    return {"idle_timing": timing_for_page(touch=request.endpoint != "signin.warning")}


def _large_text():
    """The inmate's larger-text setting: a class on <body> of every page (kiosk/base.html)."""
    if g.get("inmate") is None:
        return {}
    if g.get("large_text") is not None:  # read with the inmate (_check_access)
        return {"large_text": g.large_text}
    from core.services.learning import progress as learning

    return {"large_text": learning.large_text(ext().db_session(), g.inmate)}
