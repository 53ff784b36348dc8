"""Small helpers of core.web shared by both apps."""


def test_redirect_targets_stay_on_the_site():
    from core.web.app import safe_next

    assert safe_next("/home?x=1", "/") == "/home?x=1"
    for bad in (None, "", "//evil.example", "/\\evil.example", "https://evil.example", "home"):
        assert safe_next(bad, "/") == "/"


def test_wtforms_messages_are_read_once_per_language_and_follow_the_page(kiosk_app):
    from flask import session
    from flask_wtf import FlaskForm
    from wtforms import StringField
    from wtforms.validators import DataRequired

    from core.web.translations import wtforms_catalogue

    class Named(FlaskForm):
        class Meta:
            csrf = False

        name = StringField("Navn", validators=[DataRequired()])

    errors = {}
    for lang in ("nb", "en", "pl", "so"):
        with kiosk_app.test_request_context("/", method="POST", data={"name": ""}):
            session["lang"] = lang
            form = Named()
            assert not form.validate()
            errors[lang] = form.name.errors[0]
    assert errors["en"] == "This field is required." and errors["nb"] != errors["en"]
    assert errors["pl"] not in (errors["nb"], errors["en"])  # WTForms' own Polish
    assert errors["so"] == errors["nb"]  # WTForms has no Somali: bokmål, not English
    assert wtforms_catalogue("nb") is wtforms_catalogue("nb")


def test_templates_translate_as_jinja_does_and_keep_each_finished_text(kiosk_app):
    """core.web.translations.template_gettext: Jinja's newstyle gettext (escaped variables, "%%"
    for a percent sign, the page's language, in_language), with a text asked for without
    variables made once per catalogue (issue 20)."""
    from flask import session

    from core.web.translations import in_language, request_translations

    page = kiosk_app.jinja_env.from_string(
        '{{ _("Skip to main content") }}|{{ _("Seconds left:") ~ "" }}|'
        '{{ _("Completed %(date)s", date="<b>1. mai</b>") }}|{{ _("100 %%") }}|'
        '{% trans %}Skip to main content{% endtrans %}')
    with kiosk_app.test_request_context("/"):
        session["lang"] = "nb"
        first = page.render()
        made = request_translations()._bb_made["Skip to main content"]
        assert page.render() == first and request_translations()._bb_made[
            "Skip to main content"] is made  # made once, not again
        with in_language("en"):
            english = page.render()
    skip, seconds, completed, percent, block = first.split("|")
    assert skip == block == "Hopp til hovedinnholdet" and seconds != "Seconds left:"
    assert "&lt;b&gt;1. mai&lt;/b&gt;" in completed and "<b>" not in completed  # escaped
    assert percent == "100 %"
    assert english.split("|")[0] == "Skip to main content"


def test_urls_built_in_a_request_are_kept_and_the_same_as_flasks(kiosk_app):
    """core.web.framework.BrobyggerFlask.url_for keeps a relative URL it built; what could differ
    per request is part of the key or is not kept (issue 20)."""
    from flask import Flask, url_for

    def built(**environ):
        with kiosk_app.test_request_context("/", **environ):
            return [url_for("static", filename="css/kiosk.css"), url_for("home.index"),
                    url_for("requests.show", request_id=7, _anchor="svar"),
                    url_for("home.index", page=1), url_for("home.index", page=True),
                    url_for("home.index", tags=["a", "b"]), url_for("home.index", _external=True)]

    first = built()
    assert first[:6] == ["/static/css/kiosk.css", "/home", "/requests/7#svar", "/home?page=1",
                         "/home?page=True", "/home?tags=a&tags=b"]
    assert first[6] == "http://localhost/home"
    assert built() == first and ("home.index", None, "/", None, None) in kiosk_app._built_urls
    assert built(base_url="http://localhost/kiosk")[:2] == ["/kiosk/static/css/kiosk.css",
                                                            "/kiosk/home"]  # its own root
    assert built(base_url="https://terminal.example")[6] == "https://terminal.example/home"
    with kiosk_app.test_request_context("/"):  # what Flask itself builds
        assert [Flask.url_for(kiosk_app, "home.index", page=1)] == [first[3]]


def test_template_globals_give_their_keys_as_a_set_and_stay_live(kiosk_app):
    """core.web.framework.TemplateGlobals: Jinja's ChainMap of a template's globals, whose keys
    are a set (one set difference per import, not a lookup per global); globals the
    environment gains later still reach the template, as with Jinja's own (issue 20)."""
    template = kiosk_app.jinja_env.from_string(
        '{% from "_components/aksel.html" import icon %}{{ late() }}:{{ mine }}',
        globals={"mine": "own"})
    assert isinstance(template.globals.keys(), set)
    assert {"url_for", "mine", "_"} <= template.globals.keys() == set(template.globals)
    kiosk_app.jinja_env.globals["late"] = lambda: "later"
    try:
        with kiosk_app.test_request_context("/"):
            assert template.render() == "later:own"
    finally:
        del kiosk_app.jinja_env.globals["late"]


def test_translations_are_found_once_per_locale_and_follow_force_locale(kiosk_app):
    """core.web.translations.request_translations: Python's gettext and lazy texts read the request's
    translations kept with the locale they were made for, so Flask-Babel's force_locale
    (the staff app's printed replies use it directly) switches them, and back (issue 20)."""
    from flask import session
    from flask_babel import force_locale, gettext, lazy_gettext

    from core.web.translations import catalogue, request_translations

    lazy = lazy_gettext("Skip to main content")
    page = kiosk_app.jinja_env.from_string('{{ _("Skip to main content") }}')
    with kiosk_app.test_request_context("/"):
        session["lang"] = "nb"
        assert (gettext("Skip to main content"), str(lazy), page.render()) == (
            "Hopp til hovedinnholdet",) * 3
        assert request_translations() is request_translations() is catalogue("nb")
        with force_locale("en"):
            assert (gettext("Skip to main content"), str(lazy), page.render()) == (
                "Skip to main content",) * 3
        assert (gettext("Skip to main content"), page.render()) == ("Hopp til hovedinnholdet",) * 2


def test_the_locale_code_is_found_once_per_locale_and_follows_force_locale(kiosk_app,
                                                                           monkeypatch):
    """core.web.translations.locale_code: the request's locale as a code, as
    str(get_locale()) gives it, looked up once per request and locale and following
    force_locale, and back (issue 20: the day grid looked it up 63 times, 8.5 µs each)."""
    from flask import session
    from flask_babel import force_locale, get_locale

    from core.web import translations
    from core.web.translations import locale_code

    assert locale_code() == "nb"  # outside an app context
    asked = []
    monkeypatch.setattr(translations, "get_locale",
                        lambda: asked.append(1) or get_locale())
    with kiosk_app.test_request_context("/"):
        session["lang"] = "ar"
        assert locale_code() == locale_code() == str(get_locale()) == "ar"
        assert len(asked) == 1
        with force_locale("en"):
            assert locale_code() == "en"
        assert locale_code() == "ar" and len(asked) == 3


def test_days_are_formatted_once_per_pattern_and_language_within_a_bound():
    """core.locale_formats.format_day keeps what Babel made, up to DAYS_KEPT, and gives
    what Babel gives (issue 20: the day grid formats its 14 days on every page)."""
    from datetime import date, timedelta

    from babel.dates import format_date

    from core import locale_formats

    locale_formats.format_day.cache_clear()
    day = date(2026, 3, 4)
    for lang, pattern in (("nb", "EEEE d. MMMM"), ("ar", "EEEE d MMMM"), ("en", "d MMMM y")):
        assert locale_formats.format_day(day, pattern, lang) == format_date(day, pattern,
                                                                            locale=lang)
    assert locale_formats.format_day(day, "EEEE d. MMMM", "nb") == "onsdag 4. mars"
    assert locale_formats.format_day.cache_info().hits == 1
    for n in range(locale_formats.DAYS_KEPT + 100):
        locale_formats.format_day(day + timedelta(days=n), "d", "nb")
    assert locale_formats.format_day.cache_info().currsize == locale_formats.DAYS_KEPT
