"""Form fields both apps use."""
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (rendered by aksel.checkboxes_field)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
