"""Forms for the release checklist and the upcoming releases."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length

from core.services.release.checklist import CODES, MAX_NOTE, RAISE_WITHIN_DAYS, UPCOMING_DAYS


class ItemForm(FlaskForm):
    """One checklist item: done or not, with a note. The page holds one per item; the
    view gives each field an id of its own (``<item>-done``, ``<item>-note``)."""

    item = HiddenField(validators=[AnyOf(CODES, message=_l("Choose an item on the checklist."))])
    done = BooleanField(_l("Done"))
    note = TextAreaField(_l("Note"), validators=[
        Length(max=MAX_NOTE, message=_l("Use at most %(max)d characters.", max=MAX_NOTE))])

    def for_item(self, code: str) -> "ItemForm":
        for field in (self.done, self.note):
            field.id = f"{code}-{field.name}"
        return self


def _days(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class UpcomingForm(FlaskForm):
    """How far ahead to look: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    within = SelectField(
        _l("Released within"), coerce=_days, default=RAISE_WITHIN_DAYS, validate_choice=False,
        choices=[SelectChoice(days, lazy_ngettext("%(num)d day", "%(num)d days", days))
                 for days in UPCOMING_DAYS],
        validators=[AnyOf(UPCOMING_DAYS, message=_l("Choose 7, 30, 60 or 90 days."))])
