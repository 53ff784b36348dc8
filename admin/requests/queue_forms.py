"""Forms for working a request."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.models import Status
from core.services.requests.filing import MAX_TEXT
from core.web import labels
from core.web.fields import Range, id_choice

TEXT = [DataRequired(_l("Write something.")),
        Length(max=MAX_TEXT, message=_l("Use at most %(max)d characters.", max=MAX_TEXT))]
AFTER_REPLY = (Status.ANSWERED, Status.IN_PROGRESS, Status.WAITING_FOR_INMATE,
               Status.WAITING_FOR_OTHERS, Status.CLOSED)
CHANGES = (Status.IN_PROGRESS, Status.WAITING_FOR_INMATE, Status.WAITING_FOR_OTHERS,
           Status.ANSWERED, Status.CLOSED, Status.DECLINED)


def _choices(statuses):
    return [SelectChoice(s.value, labels.STATUSES[s.value]) for s in statuses]


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Reply to the inmate"), validators=TEXT,
                         description=_l("The inmate reads this on the kiosk. Write plainly."))
    status = SelectField(_l("Status after the reply"), default=Status.ANSWERED.value,
                         choices=_choices(AFTER_REPLY))


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Internal note"), validators=TEXT,
                         description=_l("Only staff see notes. They never reach the kiosk."))


class StatusForm(FlaskForm):
    new_status = SelectField(_l("New status"), choices=_choices(CHANGES))
    reason = TextAreaField(_l("Reason (needed when declining)"), validators=[
        Length(max=MAX_TEXT, message=_l("Use at most %(max)d characters.", max=MAX_TEXT))])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assign to"), coerce=int)
    assign_reason = TextAreaField(_l("Reason"), validators=TEXT,
                                  description=_l("For example: I am in the prison today."))



class QueueFilterForm(FlaskForm):
    """The queue's filters: a GET form, so no CSRF token. Choices are set by the view."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="open")
    waiting_on = SelectField(_l("Waiting on"), default="")
    topic = SelectField(_l("Topic"), default="")
    assignee = SelectField(_l("Assigned to"), default="")
    language = SelectField(_l("Language"), default="")
    release_within = IntegerField(_l("Released within (days)"), validators=[
        Optional(), Range(0, 3650, message=_l("Give a number of days from 0 to 3650."))])
    mine = BooleanField(_l("Only assigned to me"))
    late = BooleanField(_l("Only late"))


class BulkForm(FlaskForm):
    ids = SelectMultipleField(_l("Requests"), coerce=id_choice, validate_choice=False, validators=[
        DataRequired(_l("Choose at least one request."))])
    action = RadioField(_l("What do you want to do?"), choices=[
        SelectChoice("take", _l("Assign them to me")),
        SelectChoice("assign", _l("Assign them to someone else")),
        SelectChoice("close", _l("Close them"))],
        validators=[DataRequired(_l("Choose what to do."))])
    bulk_assignee = SelectField(_l("Assign to (when assigning to someone else)"), coerce=int,
                                default=0)
    bulk_reason = TextAreaField(_l("Reason"), validators=TEXT)
    confirm = HiddenField()
