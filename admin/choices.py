"""Select-list choices limited to what the signed-in staff member may see."""
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core.models import StaffUser, Unit
from core.services.people import prisons
from core.services.directory import municipalities


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def prison_choices(db, staff: StaffUser) -> list[SelectChoice]:
    return options((p.id, p.name) for p in prisons.list_for(db, staff))


def unit_choices(db, staff: StaffUser) -> list[SelectChoice]:
    pairs = [(0, _("No unit"))]
    for prison in prisons.list_for(db, staff):
        pairs += [(u.id, f"{prison.name}: {u.name}") for u in prison.units]
    return options(pairs)


def unit_in_prison(db, unit_id: int | None, prison_id: int) -> bool:
    if not unit_id:
        return True
    unit = db.get(Unit, unit_id)
    return unit is not None and unit.prison_id == prison_id


def municipality_choices() -> list[SelectChoice]:
    """One line per official name form, so any of them can be typed to find it."""
    return options([("", _("Not known"))] + list(municipalities.choices()))
