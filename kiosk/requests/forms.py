"""The one-thing-per-page steps of "Contact NAV and others"."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.services.requests import filing as requests, topics
from core.web import labels
from core.web.fields import MultiCheckboxField

MAX = requests.MAX_TEXT


class TopicForm(FlaskForm):
    topic = RadioField(_l("What is it about?"), validators=[
        DataRequired(_l("Choose what it is about."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [SelectChoice(t.code, labels.TOPICS[t.code]) for t in topics.TOPICS]


class DescribeForm(FlaskForm):
    kind = RadioField(_l("What do you want?"), default="conversation", validators=[
        DataRequired(_l("Choose a conversation or a question."))],
        choices=[SelectChoice(k, labels.KINDS[k]) for k in requests.KINDS])
    description = TextAreaField(_l("Tell us about it in your own words (optional)"), validators=[
        Optional(), Length(max=MAX, message=_l("Use at most %(max)d characters.", max=MAX))])


class UrgencyForm(FlaskForm):
    release_soon = BooleanField(_l("I will be released soon"))
    letter_received = BooleanField(_l("I have received a letter about this"))
    deadline_on = DateField(_l("Is there a deadline? (optional)"), validators=[Optional()],
                            description=_l("For example the date in a letter from Nav."))
    language = SelectField(_l("Which language do you want to talk in?"), default="nb",
                           choices=[SelectChoice(c, label) for c, label in labels.LANGUAGES.items()])
    interpreter = BooleanField(_l("I need an interpreter"))


class ConsentForm(FlaskForm):
    recipients = MultiCheckboxField(
        _l("Who may get information about this?"),
        choices=[SelectChoice(r, labels.RECIPIENTS[r]) for r in requests.RECIPIENTS])


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[
        DataRequired(_l("Write a message.")),
        Length(max=MAX, message=_l("Use at most %(max)d characters.", max=MAX))])
