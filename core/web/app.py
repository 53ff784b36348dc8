"""The skeleton both apps share: settings, database session per request, server-side
sessions, CSRF, languages, security headers, error pages and deny-by-default access."""
from __future__ import annotations

from collections import ChainMap
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Callable

from babel import support
from flask import Flask, Request, current_app, g, render_template, request, session
from flask.globals import _cv_request
from flask.templating import Environment as FlaskEnvironment
from flask_babel import (Babel, Domain, force_locale, format_datetime, format_timedelta,
                         get_locale)
from flask_wtf.csrf import CSRFError, CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from jinja2 import pass_context
from markupsafe import Markup
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
from core.web.redirects import safe_next  # noqa: F401  (the views import it from here)
from core.web.sessions import DbSessionInterface, limits_for

LANGUAGES = locales.STAFF  # the staff app's; the kiosk passes locales.KIOSK
READING_METHODS = ("GET", "HEAD")  # their views read only, unless declared otherwise


class BrobyggerRequest(Request):
    parameter_storage_class = inputs.CleanParameters  # no control characters in any field

    @property
    def wtforms_translations(self):
        """WTForms' own messages in the request's language. Flask-WTF keeps them on the
        request under this name and would otherwise read them from disk for every
        request that makes a form."""
        return _wtforms_catalogue(str(get_locale()))


BUILT_URLS_LIMIT = 4096  # per app: its links and static files, and recent ids


class _TemplateGlobals(ChainMap):
    """A template's globals (jinja2's ChainMap of its own over the environment's), whose
    keys come as a set. Jinja takes them twice per template it renders, includes or
    imports: ``set(globals)`` for the context, and ``ctx.globals_keys -
    template.globals.keys()`` for every ``{% from ... import %}``. On a plain ChainMap the
    second asks ChainMap.__contains__ once per global, some 25 µs for each of a page's
    imports (issue 20); on a set it is one set difference in C."""

    def keys(self):
        return set().union(*self.maps)

    def __iter__(self):
        return iter(self.keys())


class _Environment(FlaskEnvironment):
    def make_globals(self, d):
        return _TemplateGlobals({} if d is None else d, self.globals)


class BrobyggerFlask(Flask):
    """Flask, keeping the URLs it builds within a request: a kiosk page builds some 27
    (its links, stylesheets and scripts), each the same on every page, and werkzeug's
    builder took 4.4 µs for one (issue 20). A URL is kept only when it is relative and
    depends on nothing but the endpoint, its values and the script root: not external,
    and not while the app has url_defaults functions, which may add values per request."""

    jinja_environment = _Environment

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._built_urls: dict[tuple, str] = {}

    def url_for(self, endpoint: str, /, *, _anchor=None, _method=None, _scheme=None,
                _external=None, **values) -> str:
        context = _cv_request.get(None)
        if (context is None or _external or _scheme is not None or context.url_adapter is None
                or self.url_default_functions):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method,
                                   _scheme=_scheme, _external=_external, **values)
        key = (endpoint, context.request.blueprint if endpoint[:1] == "." else None,
               context.url_adapter.script_name, _anchor, _method,
               *((name, type(value), value) for name, value in values.items()))  # 1 or True
        try:
            return self._built_urls[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key (a list of query values)
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
        url = super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
        if len(self._built_urls) >= BUILT_URLS_LIMIT:
            self._built_urls.clear()
        self._built_urls[key] = url
        return url


@lru_cache(maxsize=16)  # one per interface language (the kiosk's ten and more)
def _wtforms_catalogue(locale: str):
    """WTForms' own messages in ``locale``; where WTForms has none (nn, se, lt, so), in
    bokmål, as our own messages fall back (never WTForms' English)."""
    from wtforms.i18n import messages_path

    found = support.Translations.load(messages_path(), [locale], domain="wtforms")
    if locale != locales.DEFAULT:
        found.add_fallback(support.Translations.load(messages_path(), [locales.DEFAULT],
                                                     domain="wtforms"))
    return found


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
    app.before_request(_signed_csrf_token)
    _FallbackBabel(app, locale_selector=locale_selector)
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
    _install_fast_gettext(app)  # after the extension, which sets its own "_"

    @app.context_processor
    def _globals():
        lang = str(get_locale() or "nb")
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


def _signed_csrf_token() -> None:
    """Give Flask-WTF the session's CSRF token signed, as it would sign it itself
    (flask_wtf.csrf.generate_csrf: the raw token in the session, signed with the app's
    secret key and salt "wtf-csrf-token"), from a per-process cache: signing took some
    0.1 ms on every page, for the same session's same token (issue 20). The token has no
    time limit (WTF_CSRF_TIME_LIMIT is None), so the signature's moment says nothing:
    a token signed a minute ago validates exactly as one signed now. (The page on which
    Flask-WTF makes a session's token shows its own signature; the next ones, this.)"""
    raw = session.get("csrf_token")
    if isinstance(raw, str) and raw:
        g.csrf_token = _signed(current_app.secret_key, raw)


@lru_cache(maxsize=4096)  # the sessions a worker serves: far fewer
def _signed(secret_key: str, raw: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token").dumps(raw)


def _translations():
    """The request's translations, looked up once per request and locale: Flask-Babel's
    own lookup goes through several context proxies for every string (5.3 µs for a
    ``gettext``, 2.1 of them to find the locale), and a page has hundreds. Kept with the
    locale they were made for, so that they follow ``force_locale`` (issue 20)."""
    try:
        state = g._flask_babel  # Flask-Babel's own per-request state, with its locale
        made_for, found = state.bb_translations
        if made_for is state.babel_locale:
            return found
    except AttributeError:
        pass
    except RuntimeError:  # outside an app context: Flask-Babel has no locale, so bokmål
        return catalogue(locales.DEFAULT)
    locale = get_locale()  # (makes g._flask_babel)
    found = catalogue(str(locale or locales.DEFAULT))
    g._flask_babel.bb_translations = (locale, found)
    return found


@contextmanager
def in_language(language: str):
    """Render part of a page in another language (the inmate's take-home sheet printed by a
    staff member): Flask-Babel's locale switches, and the translations with it
    (``_translations`` follows the locale); both come back after the block."""
    with force_locale(language):
        yield


def _install_fast_gettext(app: Flask) -> None:
    """Templates translate through ``_translations`` (Flask-Babel's callables otherwise),
    and ``_()`` and ``gettext`` through ``_template_gettext``."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update({"_": _template_gettext, "gettext": _template_gettext})


MADE_TEXTS_LIMIT = 4096  # per catalogue, which holds 2,544 texts in all (templates and Python)


@pass_context
def _template_gettext(context, string, **variables):
    """Jinja's newstyle ``gettext`` (jinja2.ext._make_new_gettext: the translation, as
    Markup when autoescaping, always %-formatted with the variables given), with each
    catalogue's finished text kept for the texts asked for without variables. A kiosk
    page asks for about 25, and Jinja's wrappers took 6.5 µs each, mostly to make the
    same Markup again (issue 20)."""
    catalogue = _translations()
    if variables or type(string) is not str or not context.eval_ctx.autoescape:
        found = catalogue.ugettext(string)
        return (Markup(found) if context.eval_ctx.autoescape else found) % variables
    made = catalogue.__dict__.get("_bb_made")
    if made is None:
        made = catalogue.__dict__["_bb_made"] = {}
    try:
        return made[string]
    except KeyError:
        text = Markup(catalogue.ugettext(string)) % {}
        if len(made) < MADE_TEXTS_LIMIT:
            made[string] = text
        return text


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


@lru_cache(maxsize=16)
def catalogue(language: str) -> support.Translations:
    """The compiled messages of ``language``, falling back to bokmål's for a message it
    lacks (never to the English msgid): the kiosk-only locales translate the kiosk's
    messages, and a text the staff app alone uses stays in bokmål there. Read from disk
    once per process and language; every language shares bokmål's catalogue as its
    fallback (each held a copy of its own: 8.6 MiB for the kiosk's ten languages, 3.3
    with bokmål's shared; issue 20)."""
    directory = str(PROJECT_ROOT / "translations")
    found = support.Translations.load(directory, [language])
    for fallback in locales.fallbacks(language)[1:]:
        # bokmål's own chain is itself alone (locales.fallbacks), so sharing it adds no
        # fallback to a shared catalogue.
        found.add_fallback(catalogue(fallback) if fallback == locales.DEFAULT
                           else support.Translations.load(directory, [fallback]))
    return found


class _FallbackDomain(Domain):
    def get_translations(self):
        return _translations()  # the request's, once per locale (lazy texts, gettext)


_DOMAIN = _FallbackDomain()


class _FallbackBabel(Babel):
    """Flask-Babel whose translations come from ``catalogue`` (Flask-Babel's own domain
    would read the catalogue from disk again in every request)."""

    @property
    def domain_instance(self):
        return _DOMAIN
