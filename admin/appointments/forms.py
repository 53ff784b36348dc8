"""Forms for office hours, booking, cancelling and the daily list."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.services.appointments.booking import MAX_REASON
from core.services.appointments.office_hours import MAX_ROOM, MAX_SLOT, MIN_SLOT
from core.web.fields import Range

WEEKDAYS = {0: _l("Monday"), 1: _l("Tuesday"), 2: _l("Wednesday"), 3: _l("Thursday"),
            4: _l("Friday")}
ROOM_LENGTH = Length(max=MAX_ROOM, message=_l("Use at most %(max)d characters.", max=MAX_ROOM))


class HoursForm(FlaskForm):
    prison_id = SelectField(_l("Prison"), coerce=int,
                            validators=[DataRequired(_l("Choose a prison."))])
    weekday = SelectField(_l("Day of the week"), coerce=int, choices=[
        SelectChoice(number, name) for number, name in WEEKDAYS.items()])
    starts = TimeField(_l("From"), validators=[DataRequired(_l("Give the time you start."))])
    ends = TimeField(_l("To"), validators=[DataRequired(_l("Give the time you end."))])
    slot_minutes = IntegerField(_l("Minutes per conversation"), default=30, validators=[
        DataRequired(_l("Give a number of minutes from %(min)d to %(max)d.", min=MIN_SLOT,
                        max=MAX_SLOT)),
        Range(MIN_SLOT, MAX_SLOT, message=_l(
            "Give a number of minutes from %(min)d to %(max)d.", min=MIN_SLOT, max=MAX_SLOT))])
    room = StringField(_l("Room"), validators=[DataRequired(_l("Write where you receive "
                                                               "inmates.")), ROOM_LENGTH],
                       description=_l("For example: Conversation room 2, unit A."))
    valid_from = DateField(_l("From date"), validators=[DataRequired(_l("Give a date."))])
    valid_until = DateField(_l("Until date (optional)"), validators=[Optional()],
                            description=_l("Leave empty if the hours have no end date."))


class BookForm(FlaskForm):
    # Rendered as radio buttons grouped by staff member and day (see the template).
    slot = StringField(_l("Time"), validators=[DataRequired(_l("Choose a time."))])
    room = StringField(_l("Another room (optional)"), validators=[Optional(), ROOM_LENGTH],
                       description=_l("Leave empty to use the room of the office hours."))


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Give a reason.")),
        Length(max=MAX_REASON, message=_l("Use at most %(max)d characters.", max=MAX_REASON))],
        description=_l("Only staff see the reason. Tell the inmate in a reply if they need "
                       "to know."))


class DailyForm(FlaskForm):
    """The daily list's filters: a GET form, so no CSRF token. Units are set by the view."""

    class Meta:
        csrf = False

    day = DateField(_l("Day"), validators=[DataRequired(_l("Give a date."))])
    unit = SelectField(_l("Unit"), coerce=int, default=0)
