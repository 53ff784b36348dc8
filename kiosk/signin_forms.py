"""Kiosk forms. Labels are lazy so they follow the chosen language."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from core.web.fields import Range


class EnrolForm(FlaskForm):
    code = StringField(_l("Enrolment code"), validators=[
        DataRequired(_l("Type the enrolment code.")),
        Length(max=32, message=_l("The code is too long.")),
    ])


class SignInForm(FlaskForm):
    inmate_number = StringField(_l("Inmate number"), validators=[
        DataRequired(_l("Type your inmate number.")),
        Length(max=16, message=_l("The inmate number is too long.")),
    ])
    pin = PasswordField(_l("PIN code"), validators=[
        DataRequired(_l("Type your PIN code.")),
        Regexp(r"^[0-9]{6}$", message=_l("The PIN code is 6 digits.")),
    ])


class OfficerForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Type your username."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Type your password."))])
    code = StringField(_l("Code from the authenticator app"), validators=[
        DataRequired(_l("Type the 6-digit code.")),
        Regexp(r"^\s*[0-9]{3}\s*[0-9]{3}\s*$", message=_l("The code is 6 digits.")),
    ])
    minutes = IntegerField(_l("Open for how many minutes?"), default=60, validators=[
        DataRequired(_l("Give the number of minutes.")),
        Range(5, 480, message=_l("Choose between 5 and 480 minutes.")),
    ])


class NewPinForm(FlaskForm):
    """Choosing one's own PIN after one given by staff (kiosk.pin)."""

    pin = PasswordField(_l("New PIN code"), validators=[
        DataRequired(_l("Type a new PIN code.")),
        Regexp(r"^[0-9]{6}$", message=_l("The PIN code is 6 digits.")),
    ])
    repeat = PasswordField(_l("The same PIN code again"), validators=[
        DataRequired(_l("Type the new PIN code again.")),
    ])
