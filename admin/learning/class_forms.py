"""Forms for a trainer's classes. Choices that depend on the caller are set by the views."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TimeField
from wtforms.validators import DataRequired

from core.services.learning.classes import JOIN_OPENS, JOIN_WINDOW
from core.web.fields import id_choice


class NewClassForm(FlaskForm):
    module = SelectField(_l("Module"), validate_choice=False,
                         validators=[DataRequired(_l("Choose a module."))])
    prison_id = SelectField(_l("Prison"), coerce=id_choice, validate_choice=False,
                            validators=[DataRequired(_l("Choose a prison."))])
    day = DateField(_l("Date"), validators=[DataRequired(_l("Give the date of the class."))])
    starts = TimeField(_l("Start time"), validators=[
        DataRequired(_l("Give the time the class starts."))],
        description=_l("Inmates can join from %(before)s minutes before. The code works "
                       "until %(after)s minutes after the start.",
                       before=JOIN_OPENS.seconds // 60, after=JOIN_WINDOW.seconds // 60))


class StepForm(FlaskForm):
    step = SelectField(_l("Step"), validate_choice=False,
                       validators=[DataRequired(_l("Choose a step."))])
