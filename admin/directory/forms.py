"""Forms for the home-municipality directory. The rules on phone, e-mail and dates live
in core.services.directory.entries; these forms check presence and length."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.services.directory.entries import MAX_LENGTH


def _length(name: str) -> Length:
    return Length(max=MAX_LENGTH[name], message=_l("Use at most %(max)d characters.",
                                                   max=MAX_LENGTH[name]))


class DirectoryFilterForm(FlaskForm):
    """Search and filters: a GET form, so no CSRF token. County choices come from the view."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by municipality, number or Nav office"), validators=[
        Length(max=80, message=_l("Use at most %(max)d characters.", max=80))])
    county = SelectField(_l("County"), default="")
    state = SelectField(_l("Show"), default="", choices=[
        SelectChoice("", _l("All municipalities")),
        SelectChoice("with_contact", _l("With a Nav contact")),
        SelectChoice("needs_checking", _l("Needs checking")),
        SelectChoice("missing", _l("Without a Nav contact"))])


class ContactForm(FlaskForm):
    nav_office = StringField(_l("Nav office"), validators=[
        DataRequired(_l("Write the name of the Nav office.")), _length("nav_office")],
        description=_l("For example Nav Bergenhus."))
    contact_name = StringField(_l("Contact person for the prison service"),
                               validators=[_length("contact_name")])
    phone = StringField(_l("Phone"), validators=[_length("phone")],
                        description=_l("8 digits. You may begin with +47."))
    email = StringField(_l("E-mail"), validators=[_length("email")])
    address = StringField(_l("Visiting address"), validators=[_length("address")],
                          description=_l("Street, postcode and place. The inmate's take-home "
                                         "sheet shows it."))
    verified_on = DateField(
        _l("Last verified"), validators=[Optional()], format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."),
        description=_l("The date someone last checked that this is right."))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt"], _l("Choose a CSV file (ending in .csv)."))])
