"""The forms of the practice copy: the pretend BankID's three steps and the dialog.
Whether a code is the practice code is for core.services.learning.practice.attempts to say."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.services.learning.practice.attempts import MAX_MESSAGE


class NationalIdForm(FlaskForm):
    national_id = StringField(_l("National identity number (11 digits)"), validators=[
        DataRequired(_l("Type your national identity number.")),
        Length(max=20, message=_l("A national identity number has 11 digits."))])


class CodeForm(FlaskForm):
    code = StringField(_l("One-time code"), validators=[
        DataRequired(_l("Type the one-time code.")),
        Length(max=12, message=_l("The one-time code has 6 digits."))])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("Personal password"), validators=[
        DataRequired(_l("Type your password.")),
        Length(max=64, message=_l("The password is too long."))])


class DialogForm(FlaskForm):
    body = TextAreaField(_l("Your message to the adviser"), validators=[
        DataRequired(_l("Write a message.")),
        Length(max=MAX_MESSAGE, message=_l("Use at most %(max)d characters.", max=MAX_MESSAGE))])
