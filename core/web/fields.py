"""Form fields both apps use."""
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import NumberRange, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from core.parsing import parse_id


def id_choice(value) -> int:
    """``coerce`` for a choice that is a row's id: ASCII digits within the ids a table can
    hold (core.parsing), so an unchecked choice (``validate_choice=False``) never reaches
    the database as a number it refuses; anything else is an invalid choice."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    parsed = parse_id(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValueError("not an id")
    return parsed


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (rendered by aksel.checkboxes_field)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FirstMatchSelectField(SelectField):
    """A drop-down whose value may stand on several lines (a municipality under each of its
    official names): only the first line with the chosen value is marked selected."""

    def iter_choices(self):
        chosen = False
        for choice in super().iter_choices():
            yield choice._replace(selected=choice.selected and not chosen)
            chosen = chosen or choice.selected


class Range(NumberRange):
    """WTForms' NumberRange for integer fields, with a number too large for a float (a
    500-digit "minutes", found by tests/test_hostile_input_properties.py) refused with the
    range's own message: NumberRange compares through float and raised OverflowError, a
    500 page."""

    def __call__(self, form, field):
        if isinstance(field.data, int) and abs(field.data) > 2 ** 53:
            raise StopValidation(self.message)
        super().__call__(form, field)
