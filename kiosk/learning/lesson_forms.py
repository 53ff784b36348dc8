"""The form of a lesson step: its check question."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from core.services.learning.lesson_parts import Question


class AnswerForm(FlaskForm):
    """One check question: its options as radio buttons in the order given (the person's
    own, core.services.learning.progress.shown_order), each valued by its index in the file, so
    the answer names the option, not where it was shown."""

    answer = RadioField(coerce=int, invalid_choice_message=_l("Choose an answer."),
                        invalid_value_message=_l("Choose an answer."))

    @classmethod
    def for_question(cls, question: Question, order: list[int], **kwargs) -> "AnswerForm":
        form = cls(**kwargs)
        form.answer.label.text = question.text
        form.answer.choices = [(index, question.options[index]) for index in order]
        return form

