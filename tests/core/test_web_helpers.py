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

    from core.web.app import _wtforms_catalogue

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
    assert _wtforms_catalogue("nb") is _wtforms_catalogue("nb")
