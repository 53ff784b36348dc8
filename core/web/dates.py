"""A date with its weekday, for appointments: "tirsdag 3. mars 2026" in the user's language."""
from datetime import date, datetime

from flask_babel import format_date

from core.clock import to_oslo


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_oslo(value).date()
    return format_date(value, "full")
