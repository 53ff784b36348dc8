"""Forms for the forms inbox, a submission's record and an inmate's benefit plan."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from core.services.forms.inbox import MAX_MESSAGE, MAX_REFERENCE


class InboxFilterForm(FlaskForm):
    """The inbox's filters: a GET form, so no CSRF token. Choices are set by the view."""

    class Meta:
        csrf = False

    form = SelectField(_l("Form"), default="")
    status = SelectField(_l("Status"), default="")
    period = SelectField(_l("Period"), default="")
    order = SelectField(_l("Order"), default="newest")


class RegisterForm(FlaskForm):
    nav_reference = StringField(_l("Nav's reference"), validators=[
        DataRequired(_l("Write Nav's reference.")),
        Length(max=MAX_REFERENCE, message=_l("Use at most %(max)d characters.",
                                             max=MAX_REFERENCE))],
        description=_l("The reference Nav's own system gave when you registered it."))


class ReturnForm(FlaskForm):
    return_message = TextAreaField(_l("Message to the inmate"), validators=[
        DataRequired(_l("Write what the inmate must correct.")),
        Length(max=MAX_MESSAGE, message=_l("Use at most %(max)d characters.",
                                           max=MAX_MESSAGE))],
        description=_l("The inmate reads this on the kiosk. Say plainly what to correct."))


class BenefitForm(FlaskForm):
    benefit = RadioField(_l("Benefit"), validators=[InputRequired(_l("Choose the benefit."))])
    first_period = DateField(
        _l("First day of the first meldekort period"), format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[InputRequired(_l("Give the date of a Monday."))],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."),
        description=_l("A Monday. The inmate sends a meldekort every 14 days from then."))
