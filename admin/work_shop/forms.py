"""Forms of the work-shop pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from core.services.work_shop.shops import MAX_NAME
from core.services.work_shop.statements import MAX_COMMENT, MAX_TEXT, SCALE


class NewShopForm(FlaskForm):
    prison_id = SelectField(_l("Prison"), coerce=int, validate_choice=True)
    name = StringField(_l("Name of the work shop"), validators=[
        DataRequired(message=_l("Write the name of the work shop.")),
        Length(max=MAX_NAME, message=_l("Use at most %(max)d characters.", max=MAX_NAME))])


class ShopStaffForm(FlaskForm):
    staff_id = SelectField(_l("Work-shop staff member"), coerce=int, validate_choice=True)


class MemberForm(FlaskForm):
    inmate_number = StringField(_l("Inmate number"), validators=[
        DataRequired(message=_l("Write the inmate number.")), Length(max=32)])


def scale_choices():
    return [SelectChoice("very_good", _l("Very good")), SelectChoice("good", _l("Good")),
            SelectChoice("varies", _l("Varies")), SelectChoice("weak", _l("Weak"))]


class StatementForm(FlaskForm):
    attendance = RadioField(_l("Attendance: comes to work"), choices=scale_choices(),
                            validators=[InputRequired(message=_l("Choose one."))])
    punctuality = RadioField(_l("Punctuality: comes on time"), choices=scale_choices(),
                             validators=[InputRequired(message=_l("Choose one."))])
    cooperation = RadioField(_l("Cooperation with others"), choices=scale_choices(),
                             validators=[InputRequired(message=_l("Choose one."))])
    tasks = TextAreaField(_l("Tasks the person manages"), validators=[
        Length(max=MAX_TEXT, message=_l("Use at most %(max)d characters.", max=MAX_TEXT))],
        description=_l("At most %(max)d characters.", max=MAX_TEXT))
    what_helps = TextAreaField(_l("What helps the person at work"), validators=[
        Length(max=MAX_TEXT, message=_l("Use at most %(max)d characters.", max=MAX_TEXT))],
        description=_l("At most %(max)d characters.", max=MAX_TEXT))
    comment = TextAreaField(_l("Other comments"), validators=[
        Length(max=MAX_COMMENT, message=_l("Use at most %(max)d characters.", max=MAX_COMMENT))],
        description=_l("At most %(max)d characters. Write only about work: never about "
                       "health or diagnoses.", max=MAX_COMMENT))


assert {choice.value for choice in scale_choices()} == set(SCALE)
