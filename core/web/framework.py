"""Flask, Jinja and Flask-WTF as both apps use them: the request class (clean parameters,
WTForms' messages read once), and what they did again on every page, kept instead
(issue 20): the URLs built, a template's globals as a set, the session's signed CSRF
token."""
from __future__ import annotations

from collections import ChainMap
from functools import lru_cache

from flask import Flask, Request, current_app, g, session
from flask.globals import _cv_request
from flask.templating import Environment as FlaskEnvironment
from itsdangerous import URLSafeTimedSerializer

from core.web import inputs
from core.web.translations import locale_code, wtforms_catalogue


class BrobyggerRequest(Request):
    parameter_storage_class = inputs.CleanParameters  # no control characters in any field

    @property
    def wtforms_translations(self):
        """WTForms' own messages in the request's language. Flask-WTF keeps them on the
        request under this name and would otherwise read them from disk for every
        request that makes a form."""
        return wtforms_catalogue(locale_code())


BUILT_URLS_LIMIT = 4096  # per app: its links and static files, and recent ids


class TemplateGlobals(ChainMap):
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


class Environment(FlaskEnvironment):
    def make_globals(self, d):
        return TemplateGlobals({} if d is None else d, self.globals)


class BrobyggerFlask(Flask):
    """Flask, keeping the URLs it builds within a request: a kiosk page builds some 27
    (its links, stylesheets and scripts), each the same on every page, and werkzeug's
    builder took 4.4 µs for one (issue 20). A URL is kept only when it is relative and
    depends on nothing but the endpoint, its values and the script root: not external,
    and not while the app has url_defaults functions, which may add values per request."""

    jinja_environment = Environment

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


def give_signed_csrf_token() -> None:
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
