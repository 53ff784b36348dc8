"""The apps' languages: the compiled catalogues (ours and WTForms'), the request's
translations, and the gettext that templates call. Both apps install them through
core.web.app.create_base_app; Flask-Babel chooses the locale."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

from babel import support
from flask import Flask, g
from flask_babel import Babel, Domain, force_locale, get_locale
from jinja2 import pass_context
from markupsafe import Markup

from core import PROJECT_ROOT, locales


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


@lru_cache(maxsize=16)  # one per interface language (the kiosk's ten and more)
def wtforms_catalogue(locale: str):
    """WTForms' own messages in ``locale``; where WTForms has none (nn, se, lt, so), in
    bokmål, as our own messages fall back (never WTForms' English)."""
    from wtforms.i18n import messages_path

    found = support.Translations.load(messages_path(), [locale], domain="wtforms")
    if locale != locales.DEFAULT:
        found.add_fallback(support.Translations.load(messages_path(), [locales.DEFAULT],
                                                     domain="wtforms"))
    return found


def request_translations():
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


def locale_code() -> str:
    """The request's locale as a code ("nb", "en", "ar"): ``str(get_locale())``, looked up
    once per request and locale as ``request_translations`` is (Flask-Babel's lookup went
    through three context proxies each time: 8.5 µs, and the meldekort day grid asked 63
    times; issue 20). Bokmål outside a request."""
    try:
        state = g._flask_babel
        made_for, code = state.bb_code
        if made_for is state.babel_locale:
            return code
    except AttributeError:
        pass
    except RuntimeError:  # outside an app context
        return locales.DEFAULT
    locale = get_locale()  # (makes g._flask_babel)
    if locale is None:  # an app context without a request
        return locales.DEFAULT
    code = str(locale)
    g._flask_babel.bb_code = (locale, code)
    return code


@contextmanager
def in_language(language: str):
    """Render part of a page in another language (the inmate's take-home sheet printed by a
    staff member): Flask-Babel's locale switches, and the translations with it
    (``request_translations`` follows the locale); both come back after the block."""
    with force_locale(language):
        yield


def install_gettext(app: Flask) -> None:
    """Templates translate through ``request_translations`` (Flask-Babel's callables otherwise),
    and ``_()`` and ``gettext`` through ``template_gettext``."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update({"_": template_gettext, "gettext": template_gettext})


MADE_TEXTS_LIMIT = 4096  # per catalogue, which holds 2,544 texts in all (templates and Python)


@pass_context
def template_gettext(context, string, **variables):
    """Jinja's newstyle ``gettext`` (jinja2.ext._make_new_gettext: the translation, as
    Markup when autoescaping, always %-formatted with the variables given), with each
    catalogue's finished text kept for the texts asked for without variables. A kiosk
    page asks for about 25, and Jinja's wrappers took 6.5 µs each, mostly to make the
    same Markup again (issue 20)."""
    catalogue = request_translations()
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


class _FallbackDomain(Domain):
    def get_translations(self):
        return request_translations()  # the request's, once per locale (lazy texts, gettext)


_DOMAIN = _FallbackDomain()


class FallbackBabel(Babel):
    """Flask-Babel whose translations come from ``catalogue`` (Flask-Babel's own domain
    would read the catalogue from disk again in every request)."""

    @property
    def domain_instance(self):
        return _DOMAIN
