"""Forms for routing rules and the prison's lead."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from core.web.fields import Range

from admin.common_forms import REQUIRED, role_labels
from core.services.requests import routing


def assign_by_labels() -> dict:
    return {
        "none": _l("Nobody: the request waits in the team's queue"),
        "municipality": _l("The person who follows up the inmate's home municipality"),
        "region": _l("The person who follows up the home municipality's county"),
        "language": _l("Someone who speaks the language the inmate asked for"),
        "least_loaded": _l("Whoever in the prison today has the fewest open requests"),
    }


DAYS = [InputRequired(REQUIRED), Range(1, routing.MAX_DAYS, message=_l(
    "Give a number of working days from 1 to %(max)s.", max=routing.MAX_DAYS))]


class RouteForm(FlaskForm):
    team = SelectField(_l("Team"), choices=[
        SelectChoice(r.value, role_labels()[r]) for r in routing.TEAMS],
        validators=[DataRequired(REQUIRED)])
    assign_by = RadioField(_l("Assign new requests automatically to"), choices=[
        SelectChoice(k, v) for k, v in assign_by_labels().items()], default="none",
        validators=[DataRequired(REQUIRED)],
        description=_l("If nobody fits, the request waits unassigned in the team's queue."))
    first_response_days = IntegerField(_l("First response within (working days)"),
                                       validators=DAYS)
    resolution_days = IntegerField(_l("Resolved within (working days)"), validators=DAYS)


class LeadForm(FlaskForm):
    lead = SelectField(_l("The prison's lead"), coerce=int, description=_l(
        "Gets the requests whose response time has run out."))
