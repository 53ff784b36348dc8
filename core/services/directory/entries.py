"""The home-municipality directory: every municipality of the shipped list
(core/data/kommuner-2024.csv) with the NAV office that serves it and that office's contact
person for the prison service.

The directory is national, so it is not scoped by prison: advisers, social workers, the
school and administrators read it, system and prison administrators change it
(core.services.permissions). Reads and changes are audited. A change records the old and
new NAV office, contact name and date; phone and e-mail are named as changed, but their
values are not copied into the audit log (nothing personal beyond the contact's name).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import Inmate, MunicipalityContact, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.directory.municipalities import Municipality, all_municipalities, by_number, fold

STALE_MONTHS = 12
# The model's column lengths.
MAX_LENGTH = {"nav_office": 120, "contact_name": 120, "phone": 32, "email": 120, "address": 200}
AUDITED_VALUES = ("nav_office", "contact_name", "verified_on")
STATES = ("with_contact", "needs_checking", "missing")

# 8 digits, optionally after +47 (or 0047); spaces allowed. Norwegian numbers of 8 digits
# begin with 2 to 9.
PHONE = re.compile(r"^(?:\+47|0047)?([2-9][0-9]{7})$")
# The WHATWG "valid e-mail address", with a dot required in the domain.
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ContactData:
    nav_office: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""  # the office's visiting address, for the inmate's take-home sheet
    verified_on: date | None = None

    @property
    def empty(self) -> bool:
        return not any((self.nav_office, self.contact_name, self.phone, self.email,
                        self.address, self.verified_on))


@dataclass(frozen=True)
class Problem:
    """One field that cannot be saved as given; ``code`` maps to a text (core.web.messages)."""

    field: str
    code: str
    params: dict = field(default_factory=dict)

    @property
    def error(self) -> ServiceError:
        return ServiceError(self.code, **self.params)


class InvalidContact(ServiceError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("contact_invalid")
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    """A municipality, with its contact row if the directory has one."""

    municipality: Municipality
    contact: ContactData | None
    needs_checking: bool
    updated_at: datetime | None = None
    updated_by: int | None = None
    typed: str | None = None  # the name form a search matched, shown first

    @property
    def shown_name(self) -> str:
        """The official name, with the form the user searched for first."""
        return self.municipality.shown(self.typed)

    @property
    def number(self) -> str:
        return self.municipality.number

    @property
    def name(self) -> str:
        return self.municipality.name

    @property
    def county_name(self) -> str:
        return self.municipality.county_name

    @property
    def phone_uri(self) -> str:
        """tel: with the country code, for a phone number in the directory's own format."""
        return "tel:+47" + self.contact.phone.replace(" ", "") if self.contact else ""


# Rules ------------------------------------------------------------------------------

def today(now: datetime) -> date:
    """The date in Norway, which is what "verified on" and "in the future" mean."""
    return to_oslo(now).date()


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1  # 29 February, 12 months back, is 28 February
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def needs_checking(verified_on: date | None, on: date) -> bool:
    """Never verified, or last verified more than 12 months before ``on``."""
    return verified_on is None or verified_on < _months_before(on, STALE_MONTHS)


def normalise_phone(raw: str) -> str | None:
    """A Norwegian 8-digit number in the usual groups (mobile 3-2-3, others 2-2-2-2),
    or None when ``raw`` is not one. "+47" and spaces are accepted."""
    match = PHONE.match(re.sub(r"\s", "", raw))
    if match is None:
        return None
    digits = match.group(1)
    if digits[0] in "49":
        return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
    return " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def clean(data: ContactData, on: date) -> tuple[ContactData, list[Problem]]:
    """The data trimmed and normalised, and every problem with it."""
    problems: list[Problem] = []
    text = {name: " ".join(getattr(data, name).split()) if name != "email"
            else getattr(data, name).strip() for name in MAX_LENGTH}
    for name, value in text.items():
        if len(value) > MAX_LENGTH[name]:
            problems.append(Problem(name, "text_too_long", {"max": MAX_LENGTH[name]}))
        elif (value.startswith(FORMULA_START) and name != "phone") or CONTROL.search(value):
            problems.append(Problem(name, "text_characters"))
    if not text["nav_office"]:
        problems.append(Problem("nav_office", "nav_office_required"))
    bad = {p.field for p in problems}
    if text["phone"] and "phone" not in bad:
        phone = normalise_phone(text["phone"])
        if phone is None:
            problems.append(Problem("phone", "phone_format"))
        else:
            text["phone"] = phone
    if text["email"] and "email" not in bad:
        if EMAIL.match(text["email"]) is None:
            problems.append(Problem("email", "email_format"))
        else:
            text["email"] = text["email"].lower()
    if data.verified_on is not None and data.verified_on > on:
        problems.append(Problem("verified_on", "date_future"))
    return ContactData(**text, verified_on=data.verified_on), problems


# Reading ----------------------------------------------------------------------------

def _data(row: MunicipalityContact) -> ContactData:
    return ContactData(**{f.name: getattr(row, f.name) for f in fields(ContactData)})


def _entry(municipality: Municipality, row: MunicipalityContact | None, on: date) -> Entry:
    if row is None:
        return Entry(municipality, None, False)
    return Entry(municipality, _data(row), needs_checking(row.verified_on, on),
                 row.updated_at, row.updated_by)


def contacts(db: Session) -> dict[str, MunicipalityContact]:
    return {row.municipality_number: row for row in db.scalars(select(MunicipalityContact))}


def counties() -> list[tuple[str, str]]:
    """(county number, county name), in number order."""
    return sorted({(m.county_number, m.county_name) for m in all_municipalities()})


def _matches(entry: Entry, query: str, county: str, state: str) -> Entry | None:
    """The entry (with the name form the query matched) when it passes the filters."""
    if county and entry.municipality.county_number != county:
        return None
    if state == "with_contact" and entry.contact is None:
        return None
    if state == "needs_checking" and not entry.needs_checking:
        return None
    if state == "missing" and entry.contact is not None:
        return None
    if not query:
        return entry
    typed = entry.municipality.matching_name(query)
    if typed is not None:
        return replace(entry, typed=typed)
    if entry.number.startswith(query) or (
            entry.contact is not None and fold(query) in fold(entry.contact.nav_office)):
        return entry
    return None


def listing(db: Session, now: datetime, staff: StaffUser, query: str = "", county: str = "",
            state: str = "") -> list[Entry]:
    """Every municipality (by name) with its contact, searched by any official name form
    (Norwegian, Sámi or Kven; case and accents ignored), number or NAV office, and
    filtered by county and state. An audited read."""
    rows, on = contacts(db), today(now)
    query = query.strip()
    found = [e for e in (_matches(_entry(m, rows.get(m.number), on), query, county, state)
                         for m in all_municipalities()) if e is not None]
    audit.record(db, now, Actor("staff", staff.id), "directory.list",
                 detail={"query": query, "county": county, "state": state, "count": len(found)})
    return found


def lookup(db: Session, now: datetime, number: str | None) -> Entry | None:
    """One municipality's entry, or None for an unknown number. Not audited: for pages
    whose own read is audited (an inmate's record, a hand-over summary)."""
    municipality = by_number(number)
    if municipality is None:
        return None
    return _entry(municipality, db.get(MunicipalityContact, municipality.number), today(now))


def for_inmate(db: Session, now: datetime, inmate: Inmate) -> Entry | None:
    return lookup(db, now, inmate.municipality_number)


def entry(db: Session, now: datetime, staff: StaffUser, number: str) -> Entry:
    """One municipality's entry, an audited read; NotFound for an unknown number."""
    found = lookup(db, now, number)
    if found is None:
        raise NotFound()
    _record(db, now, staff, "directory.view", found.number)
    return found


# Changing ---------------------------------------------------------------------------

def _record(db: Session, now: datetime, staff: StaffUser, action: str, number: str,
            **detail) -> None:
    audit.record(db, now, Actor("staff", staff.id), action, subject_type="municipality",
                 subject_id=int(number), detail={"municipality": number, **detail})


def changes(before: ContactData | None, after: ContactData) -> dict:
    """What an audit event may say about a change: the names of the changed fields, and
    old and new values only of the office, the contact's name and the date."""
    old = before or ContactData()
    changed = [f.name for f in fields(ContactData)
               if getattr(old, f.name) != getattr(after, f.name)]

    def shown(data: ContactData) -> dict:
        return {name: str(getattr(data, name) or "") for name in AUDITED_VALUES
                if name in changed}

    return {"changed": changed, "old": shown(old) if before else {}, "new": shown(after)}


def put(db: Session, now: datetime, staff: StaffUser, number: str,
        data: ContactData) -> tuple[str, ContactData | None]:
    """Write an already cleaned entry; no audit. Returns ("created" | "updated" |
    "unchanged", the data before)."""
    row = db.get(MunicipalityContact, number)
    before = _data(row) if row is not None else None
    if before == data:
        return "unchanged", before
    if row is None:
        row = MunicipalityContact(municipality_number=number)
        db.add(row)
    for f in fields(ContactData):
        setattr(row, f.name, getattr(data, f.name))
    row.updated_at = now
    row.updated_by = staff.id
    db.flush()
    return ("created" if before is None else "updated"), before


def save(db: Session, now: datetime, staff: StaffUser, number: str, data: ContactData) -> bool:
    """Create or change one entry. Raises NotFound for an unknown municipality and
    InvalidContact with every problem. Returns whether anything changed."""
    municipality = by_number(number)
    if municipality is None:
        raise NotFound()
    cleaned, problems = clean(data, today(now))
    if problems:
        raise InvalidContact(problems)
    outcome, before = put(db, now, staff, municipality.number, cleaned)
    if outcome == "unchanged":
        return False
    _record(db, now, staff, "directory.update", municipality.number, outcome=outcome,
            **changes(before, cleaned))
    return True
