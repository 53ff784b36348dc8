"""Forms for the forms inbox, a submission's record and an inmate's benefit plan."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.services.forms.meldekort.exemptions import MAX_NOTE

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
    card_type = RadioField(_l("Card type"), validators=[InputRequired(_l("Choose the card type."))],
                           description=_l("The card Nav shows this person for the benefit. Ask "
                                          "Nav if you are unsure which system holds the case."))
    # The new tiltakspenger card only: the decision's days and its number of days.
    decision_from = DateField(
        _l("The decision gives tiltakspenger from"), format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."),
        description=_l("Days before it are locked on the card. Leave it empty if the "
                       "decision covers every day."))
    decision_to = DateField(
        _l("The decision gives tiltakspenger to"), format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."),
        description=_l("Days after it are locked on the card. Leave it empty if the "
                       "decision has no end yet."))
    days_per_period = IntegerField(
        _l("Days with tiltakspenger in each 14-day period"), validators=[Optional()],
        description=_l("The number in the decision, from 1 to 14. The inmate fills in exactly "
                       "this many days."))


class ExemptionForm(FlaskForm):
    reason = RadioField(_l("Why is the inmate exempt?"),
                        validators=[InputRequired(_l("Choose why the inmate is exempt."))])
    starts_on = DateField(
        _l("Exempt from"), format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[InputRequired(_l("Give the first day of the exemption."))],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."))
    ends_on = DateField(
        _l("Exempt to"), format=["%Y-%m-%d", "%d.%m.%Y"], validators=[Optional()],
        invalid_value_message=_l("Write the date as DD.MM.YYYY, for example 02.03.2026."),
        description=_l("The last day. Leave it empty if it lasts until further notice."))
    note = TextAreaField(_l("Note"), validators=[Length(
        max=MAX_NOTE, message=_l("Use at most %(max)d characters.", max=MAX_NOTE))],
        description=_l("Required when the reason is Other. The inmate does not see it."))


class EtterregistreringForm(FlaskForm):
    period = SelectField(_l("Period without a card"),
                         validators=[InputRequired(_l("Choose the period."))])
    reason = TextAreaField(_l("Why did the period have no card?"), validators=[
        DataRequired(_l("Write why the period had no card.")),
        Length(max=500, message=_l("Use at most %(max)d characters.", max=500))])
