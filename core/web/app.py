"""The skeleton both apps share: settings, database session per request, server-side
sessions, CSRF, languages, security headers, error pages and deny-by-default access."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import Flask, current_app, g, render_template, request
from flask_babel import format_datetime, format_timedelta
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from core import PROJECT_ROOT, locales
from core.clock import SystemClock, as_utc, to_oslo
from core.config import Settings
from core.db import Database, drop_deferred, write_deferred, write_from_here
from core.db import unavailable as db_unavailable
from core.security.hashing import SecretHasher
from core.web import components, dates, headers, inputs, observability
from core.web.access import rule_of
from core.web.framework import BrobyggerFlask, BrobyggerRequest, give_signed_csrf_token
from core.web.redirects import safe_next  # noqa: F401  (the views import it from here)
from core.web.sessions import DbSessionInterface, limits_for
from core.web.translations import FallbackBabel, install_gettext, locale_code

LANGUAGES = locales.STAFF  # the staff app's; the kiosk passes locales.KIOSK
READING_METHODS = ("GET", "HEAD")  # their views read only, unless declared otherwise


@dataclass
class Brobygger:
    """What a request needs from the app, kept in app.extensions['brobygger']."""

    settings: Settings
    database: Database
    clock: object
    hasher: SecretHasher  # staff passwords
    pin_hasher: SecretHasher  # inmates' PINs (peppered; core.security.hashing)

    def db_session(self) -> Session:
        """The request's session. Every request begins reading, in a read-only
        transaction (on SQLite it takes no write lock, so such requests run side by
        side). A GET or HEAD request writes in a short transaction of its own at the end:
        the session's row, and what was kept back with core.db.after_reading. Any other
        request, and a GET view declared to write (``access(..., writes=True)``), may write
        once it has passed the access check (``write_from_here``)."""
        if "db" not in g:
            g.db = self.database.read_sessionmaker()
        return g.db

    def write_from_here(self) -> None:
        """The request's transactions may write from here on (core.db.write_from_here):
        a POST view, once the request has passed the access check."""
        write_from_here(self.db_session(), self.database.engine)

    def now(self):
        return self.clock.now()


def create_base_app(
    name: str,
    settings: Settings,
    *,
    database: Database | None = None,
    clock=None,
    hasher: SecretHasher | None = None,
    pin_hasher: SecretHasher | None = None,
    locale_selector: Callable[[], str | None],
    access_check: Callable[[object], object],
    languages: tuple[str, ...] = LANGUAGES,
    session_companions=None,
) -> Flask:
    app = BrobyggerFlask(
        name,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.request_class = BrobyggerRequest
    inputs.install(app)  # bounded ids, no control characters in URL parts
    production_cookie = settings.secure_cookies
    prefix = "__Host-" if production_cookie else ""
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME=f"{prefix}bb_{name}_session",
        SESSION_COOKIE_SECURE=production_cookie,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives exactly as long as the session
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        # Flask-WTF's HTTPS check wants a Referer, which Referrer-Policy: no-referrer
        # removes (and Origin then reads "null"). The token plus SameSite=Strict
        # session cookies carry the protection instead.
        WTF_CSRF_SSL_STRICT=False,
        MAX_CONTENT_LENGTH=1024 * 1024,
        BABEL_DEFAULT_LOCALE="nb",
        BABEL_DEFAULT_TIMEZONE="Europe/Oslo",
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "translations"),
        SEND_FILE_MAX_AGE_DEFAULT=timedelta(hours=1),
        TEMPLATES_AUTO_RELOAD=settings.env == "development",
    )
    if settings.trusted_proxy_count:
        n = settings.trusted_proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)
    observability.install(app, name, settings.log_level)  # /healthz, log lines, metrics

    ext = Brobygger(
        settings=settings,
        database=database or Database.from_settings(settings),
        clock=clock or SystemClock(),
        hasher=hasher or SecretHasher.from_settings(settings),
        pin_hasher=pin_hasher or SecretHasher.for_pins(settings),
    )
    app.extensions["brobygger"] = ext
    app.session_interface = DbSessionInterface(name, limits_for(name, settings),
                                               session_companions)
    CSRFProtect(app)
    app.before_request(give_signed_csrf_token)
    FallbackBabel(app, locale_selector=locale_selector)
    app.config["LANGUAGES"] = languages
    app.jinja_env.globals.update(aksel_button=components.button, aksel_icon=components.icon,
                                 aksel_button_attributes=components.button_attributes)
    app.jinja_env.filters["oslo_datetime"] = dates.datetime_text
    app.jinja_env.filters["oslo_time"] = lambda v: format_datetime(to_oslo(v), "HH:mm") if v else ""
    app.jinja_env.filters["date"] = dates.date_text
    app.jinja_env.filters["deadline"] = dates.deadline_text
    app.jinja_env.filters["form_title"] = _form_title
    app.jinja_env.filters["time_left"] = _time_left
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    install_gettext(app)  # after the extension, which sets its own "_"

    @app.context_processor
    def _globals():
        lang = locale_code()
        return {"lang": lang, "lang_dir": locales.direction(lang), "direction_of": locales.direction,
                "languages": [locales.get(code) for code in languages], "settings": settings}

    @app.before_request
    def _background():
        # Polling (htmx) is not activity: it must not keep an idle session alive.
        g.background_request = request.headers.get("X-Brobygger-Background") == "1"

    @app.before_request
    def _deny_by_default():
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = app.view_functions.get(request.endpoint)
        rule = rule_of(view)
        if rule is None:
            return render_template(f"{name}/error.html", code=403), 403
        refused = access_check(rule)
        if refused is None and (rule.writes or request.method not in READING_METHODS):
            # A POST, or a GET view declared to write: the session, the terminal and the
            # user were read first, without the write lock.
            ext.write_from_here()
        return refused

    @app.after_request
    def _finish(response):
        db = g.get("db")
        if db is not None:
            if response.status_code >= 500:
                drop_deferred(db)
                db.rollback()
            else:
                db.commit()
                if write_deferred(db):  # what a read-only request kept back
                    db.commit()
        return headers.apply(
            response,
            static=request.endpoint == "static",
            hsts=settings.is_production,
        )

    @app.teardown_request
    def _close(exc):
        db = g.pop("db", None)
        if db is not None:
            if exc is not None:
                drop_deferred(db)
                db.rollback()
            db.close()

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        if g.get("database_down"):  # the session (and its token) could not be read
            return _unavailable()
        return render_template(f"{name}/error.html", code="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(error):
        if error.code in (400, 403, 404, 405, 413):
            return render_template(f"{name}/error.html", code=error.code), error.code
        if db_unavailable(getattr(error, "original_exception", None)):
            return _unavailable()  # it failed while saving the session
        return error

    @app.errorhandler(Exception)
    def _crash(error):
        if app.testing and not app.config.get("SHOW_CRASH_PAGE"):
            raise error
        app.logger.exception("unhandled error")
        db = g.get("db")
        if db is not None:
            drop_deferred(db)
            try:
                db.rollback()
            except SQLAlchemyError:
                pass  # the connection is gone; the pool replaces it
        if db_unavailable(error):
            return _unavailable()
        return render_template(f"{name}/error.html", code=500), 500

    def _unavailable():
        """"Try again" (503), shown without asking the database anything more: no
        signed-in user on the page, and the session is not saved."""
        g.database_down = True
        g.pop("inmate", None)
        g.pop("staff", None)
        return render_template(f"{name}/error.html", code=503), 503

    return app


def _time_left(deadline) -> str:
    """How long until (or since) ``deadline`` by the app's clock: "om 5 timer"."""
    if deadline is None:
        return ""
    now = current_app.extensions["brobygger"].now()
    return format_timedelta(as_utc(deadline) - now, granularity="hour", threshold=1.5,
                            add_direction=True)


def _form_title(form_key: str, language: str) -> str:
    """A form's title in ``language``, from its newest definition."""
    from datetime import date

    from core.services.forms.definitions import registry

    definition = registry().current(form_key, date.max)
    return definition.title(language) if definition else form_key


def client_ip() -> str | None:
    return request.remote_addr


def pick_language(*candidates: str | None, allowed: tuple[str, ...] = LANGUAGES) -> str:
    for candidate in candidates:
        if candidate in allowed:
            return candidate
    return locales.DEFAULT
