"""Form fields both apps use."""
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (rendered by aksel.checkboxes_field)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FirstMatchSelectField(SelectField):
    """A drop-down whose value may stand on several lines (a municipality under each of its
    official names): only the first line with the chosen value is marked selected."""

    def iter_choices(self):
        chosen = False
        for value, label, selected, render_kw in super().iter_choices():
            yield value, label, selected and not chosen, render_kw
            chosen = chosen or selected
