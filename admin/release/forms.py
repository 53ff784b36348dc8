"""Forms for the release plan (issue 15) and the upcoming releases."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from core.services.release import pathways as pw
from core.services.release.plan_changes import MAX_NOTE
from core.services.release.plan_lists import RAISE_WITHIN_DAYS, UPCOMING_DAYS
from core.web import release_labels

DATE_MESSAGE = _l("Write the date as dd.mm.åååå, or choose it in the calendar.")


class DatesForm(FlaskForm):
    """The plan's arrival and release dates. The service checks them together
    (core.services.release.plan_dates.check_dates); its errors are put on the fields."""

    arrived_on = DateField(_l("Arrived"), validators=[DataRequired(DATE_MESSAGE)])
    earliest_on = DateField(_l("Earliest possible release"), validators=[Optional()],
                            description=_l("For example two-thirds time, a halfway house or "
                                           "§12. Due dates count back from this date."))
    expected_on = DateField(_l("Expected release"), validators=[Optional()])
    latest_on = DateField(_l("Latest release"), validators=[Optional()],
                          description=_l("Leave a date empty if it is not known."))


class ItemForm(FlaskForm):
    """One plan item. The page holds one per item; ``for_item`` gives each field an id
    of its own (``<item>-status`` ...)."""

    item = HiddenField(validators=[AnyOf(list(pw.ITEMS),
                                         message=_l("Choose an item in the plan."))])
    status = SelectField(_l("Status"), choices=[
        SelectChoice(code, release_labels.PLAN_STATUSES[code]) for code in pw.STATUSES],
        validate_choice=False, validators=[AnyOf(pw.STATUSES, message=_l("Choose a status."))])
    owner = SelectField(_l("Who does it"), choices=[
        SelectChoice(code, release_labels.PLAN_OWNERS[code]) for code in pw.OWNERS],
        validate_choice=False, validators=[AnyOf(pw.OWNERS, message=_l("Choose who does it."))])
    due_on = DateField(_l("Due date"), validators=[Optional()],
                       description=_l("Leave empty to count it from the release date."))
    note = TextAreaField(_l("Short note for staff"), validators=[
        Length(max=MAX_NOTE, message=_l("Use at most %(max)d characters.", max=MAX_NOTE))],
        description=_l("Never shown to the inmate. No health details."))
    visible_to_inmate = BooleanField(_l("Show this item to the inmate in My plan for release"))

    def for_item(self, code: str) -> "ItemForm":
        # The statuses in the item's own words (the income benefits: applied for ...).
        self.status.choices = [SelectChoice(status, release_labels.plan_status(code, status))
                               for status in pw.STATUSES]
        for field in (self.status, self.owner, self.due_on, self.note, self.visible_to_inmate):
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
