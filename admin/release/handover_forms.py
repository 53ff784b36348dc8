"""Forms of the person's hand-over page: the home office's receipt, an appointment after
release, and the first appointment's outcome. Field ids are the page's own (one page
holds all three forms)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from core.web import release_labels
from core.services.release.handover_follow_up import (CHANNELS, MAX_NAME, MAX_PLACE, MAX_TEXT,
                                                       OUTCOMES)

CHANNEL_LABELS = release_labels.RECEIPT_CHANNELS
OUTCOME_LABELS = release_labels.APPOINTMENT_OUTCOMES


def _max(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters.", max=n))


class ReceiptForm(FlaskForm):
    received_on = DateField(_l("Date the home office confirmed receipt"), validators=[
        DataRequired(_l("Give the date the home office confirmed receipt."))])
    person = StringField(_l("Who confirmed it"), validators=[
        DataRequired(_l("Give the name of the person who confirmed it.")), _max(MAX_NAME)])
    channel = SelectField(_l("How"), choices=[SelectChoice(c, CHANNEL_LABELS[c]) for c in CHANNELS],
                          validators=[AnyOf(CHANNELS, message=_l("Choose how it was confirmed."))])


class AppointmentForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Give the date of the appointment."))])
    at = TimeField(_l("Time"), validators=[DataRequired(_l("Give the time of the appointment."))])
    place = StringField(_l("Place"), description=_l("For example Nav Grünerløkka."), validators=[
        DataRequired(_l("Give the place of the appointment.")), _max(MAX_PLACE)])
    address = StringField(_l("Address"), validators=[_max(MAX_TEXT)])
    with_whom = StringField(_l("With whom"), validators=[_max(MAX_NAME)])
    what = StringField(_l("What it is about, in plain words"),
                       description=_l("The inmate reads this on the take-home sheet."),
                       validators=[_max(MAX_TEXT)])


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Did the person come?"),
                          choices=[SelectChoice(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
                          validators=[AnyOf(OUTCOMES, message=_l("Choose kept, missed or not known."))])
