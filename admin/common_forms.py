"""Staff forms. Choices that depend on the caller are filled in by the views."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, IntegerField, PasswordField, SelectField,
                     StringField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, IPAddress, Length, Optional, Regexp

from core import locales
from core.models import InmateStatus, Role
from core.web.fields import FirstMatchSelectField, MultiCheckboxField, Range

REQUIRED = _l("This field is required.")


def role_labels():
    return {
        Role.ADVISER: _l("Nav adviser"),
        Role.SOCIAL_WORKER: _l("Social worker"),
        Role.SCHOOL: _l("School counsellor"),
        Role.OFFICER: _l("Officer"),
        Role.TRAINER: _l("Trainer"),
        Role.WORK_SHOP: _l("Work-shop staff"),
        Role.PRISON_ADMIN: _l("Prison administrator"),
        Role.SYSTEM_ADMIN: _l("System administrator"),
    }


def status_labels():
    return {
        InmateStatus.PRESENT.value: _l("Present"),
        InmateStatus.TRANSFERRED.value: _l("Transferred"),
        InmateStatus.RELEASED.value: _l("Released"),
    }


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Type your username."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Type your password."))])


class CodeForm(FlaskForm):
    code = StringField(_l("6-digit code"), validators=[
        DataRequired(_l("Type the 6-digit code.")),
        Regexp(r"^\s*[0-9]{3}\s*[0-9]{3}\s*$", message=_l("The code is 6 digits.")),
    ])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    new = PasswordField(_l("New password"), validators=[
        DataRequired(REQUIRED), Length(min=12, message=_l("Use at least 12 characters."))])


class PrisonForm(FlaskForm):
    code = StringField(_l("Short code"), validators=[DataRequired(REQUIRED), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])


class PrisonNameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])


class UnitForm(FlaskForm):
    name = StringField(_l("New unit"), validators=[DataRequired(REQUIRED), Length(max=120)])


class TerminalForm(FlaskForm):
    prison_id = SelectField(_l("Prison"), coerce=int, validators=[DataRequired(REQUIRED)])
    name = StringField(_l("Name"), description=_l("Where it stands, for example 'School room 2'."),
                       validators=[DataRequired(REQUIRED), Length(max=80)])
    unit_id = SelectField(_l("Unit"), coerce=int, validators=[Optional()])
    supervised = BooleanField(_l("Supervised: an officer must open the terminal first"),
                              default=True)
    pinned_ip = StringField(_l("Pinned IP address (optional)"), validators=[
        Optional(), IPAddress(ipv4=True, ipv6=True, message=_l("Type a valid IP address."))])


class WindowForm(FlaskForm):
    minutes = IntegerField(_l("Minutes"), default=60, validators=[
        DataRequired(REQUIRED), Range(5, 480, message=_l("Choose between 5 and 480 minutes."))])


class InmateForm(FlaskForm):
    inmate_number = StringField(_l("Inmate number"), validators=[DataRequired(REQUIRED),
                                                                 Length(max=16)])
    name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    prison_id = SelectField(_l("Prison"), coerce=int, validators=[DataRequired(REQUIRED)])
    unit_id = SelectField(_l("Unit"), coerce=int, validators=[Optional()])
    municipality = FirstMatchSelectField(_l("Home municipality"), validators=[Optional()])
    language = SelectField(_l("Preferred language"), choices=[
        SelectChoice(locale.code, locale.name) for locale in locales.KIOSK_LOCALES])
    expected_release = DateField(_l("Expected release date"), validators=[Optional()],
                                 description=_l("Leave empty if not known."))
    status = SelectField(_l("Status"))


class StaffForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(REQUIRED), Length(max=64)])
    name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    roles = MultiCheckboxField(_l("Roles"))
    prisons = MultiCheckboxField(_l("Prisons served"), coerce=int)
    active = BooleanField(_l("Active"), default=True)
    areas = StringField(_l("Home municipalities and counties followed up (optional)"),
                        validators=[Optional(), Length(max=400)], description=_l(
                            "Municipality numbers (4 digits) or county numbers (2 digits), "
                            "separated by commas, for example 0301, 46. Used when a topic "
                            "assigns requests by home municipality or county."))
    languages = MultiCheckboxField(_l("Languages they can hold a conversation in"),
                                   description=_l("Used when a topic assigns requests by "
                                                  "language."))
    password = PasswordField(_l("First password"), validators=[Optional()],
                             description=_l("At least 12 characters. Give it to the person "
                                            "in a safe way; they set up two-step sign-in "
                                            "the first time they sign in."))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[
        DataRequired(REQUIRED), Length(min=12, message=_l("Use at least 12 characters."))])
