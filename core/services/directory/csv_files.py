"""The directory as CSV, so an administrator can download it, edit it in a spreadsheet
and import it again.

An import is all or nothing: every line is checked first, and if any is wrong nothing is
written and every problem is reported with its line number. It only creates and changes
entries, never deletes them. The export is UTF-8 with a byte order mark and semicolons,
which is what a spreadsheet set up for Norway opens without asking.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import StaffUser
from core.parsing import is_ascii_digits
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.errors import ServiceError
from core.services.directory.municipalities import all_municipalities, by_number

# Column in the file -> field of ContactData (None: the municipality number).
COLUMNS = {"kommunenummer": None, "navkontor": "nav_office", "kontaktperson": "contact_name",
           "telefon": "phone", "epost": "email", "sist_kontrollert": "verified_on"}
ENGLISH = {"municipality_number": "kommunenummer", "nav_office": "navkontor",
           "contact_name": "kontaktperson", "phone": "telefon", "email": "epost",
           "verified_on": "sist_kontrollert"}
COLUMN_OF = {name: column for column, name in COLUMNS.items()}
MAX_ROWS = 1000  # there are 357 municipalities
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class ImportProblem:
    """``line`` is None for the file as a whole; ``column`` as named in the file's header."""

    line: int | None
    code: str
    column: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def error(self) -> ServiceError:
        return ServiceError(self.code, **self.params)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Row:
    line: int
    number: str
    data: ContactData | None  # None: a line with the number only, which changes nothing


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD or DD.MM.YYYY; empty is None. ValueError otherwise."""
    value = value.strip()
    if not value:
        return None
    if match := ISO_DATE.match(value):
        year, month, day = match.groups()
    elif match := NORWEGIAN_DATE.match(value):
        day, month, year = match.groups()
    else:
        raise ValueError(value)
    return date(int(year), int(month), int(day))


def _delimiter(text: str) -> str:
    """Sniffed from the header line, which holds column names and delimiters only."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _header(cells: list[str]) -> tuple[dict[str, int], list[ImportProblem]]:
    """Column -> position; English names are accepted; other columns are ignored."""
    positions: dict[str, int] = {}
    problems = []
    for position, cell in enumerate(cells):
        name = cell.strip().lower()
        name = ENGLISH.get(name, name)
        if name in COLUMNS:
            if name in positions:
                problems.append(ImportProblem(1, "csv_column_twice", cell.strip()))
            positions[name] = position
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        problems.append(ImportProblem(1, "csv_header", params={"columns": ", ".join(missing)}))
    return positions, problems


def _number(raw: str) -> str:
    raw = raw.strip()
    # A spreadsheet shows 0301 as 301 and may save it so.
    return raw.zfill(4) if is_ascii_digits(raw) and len(raw) < 4 else raw


def _row(line: int, cells: list[str], positions: dict[str, int], names: dict[str, str],
         on: date, existing: set[str], seen: dict[str, int]) -> tuple[_Row, list]:
    value = {c: cells[p] if p < len(cells) else "" for c, p in positions.items()}
    problems = []
    number = _number(value["kommunenummer"])
    if not number:
        problems.append(ImportProblem(line, "municipality_number_required", names["kommunenummer"]))
    elif by_number(number) is None:
        problems.append(ImportProblem(line, "municipality_number_unknown",
                                      names["kommunenummer"], {"number": number}))
    elif number in seen:
        problems.append(ImportProblem(line, "municipality_number_twice", names["kommunenummer"],
                                      {"number": number, "line": seen[number]}))
    else:
        seen[number] = line
    try:
        verified_on = parse_date(value["sist_kontrollert"])
    except ValueError:
        verified_on = None
        problems.append(ImportProblem(line, "date_format", names["sist_kontrollert"]))
    data = ContactData(**{name: value[c] for c, name in COLUMNS.items()
                          if name and name != "verified_on"}, verified_on=verified_on)
    if data.empty:
        if number in existing:
            problems.append(ImportProblem(line, "import_would_clear", names["kommunenummer"],
                                          {"number": number}))
        return _Row(line, number, None), problems
    cleaned, wrong = directory.clean(data, on)
    problems += [ImportProblem(line, p.code, names[COLUMN_OF[p.field]], p.params) for p in wrong]
    return _Row(line, number, cleaned), problems


def check(db: Session, now: datetime, content: bytes) -> tuple[list[_Row], list[ImportProblem]]:
    """Every line read and checked; nothing written."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(None, "csv_encoding")]
    if not text.strip():
        return [], [ImportProblem(None, "csv_empty")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
        positions, problems = _header(header)
        if problems:
            return [], problems
        names = {c: header[p].strip() for c, p in positions.items()}
        on, existing, seen = directory.today(now), set(directory.contacts(db)), {}
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(rows) == MAX_ROWS:
                    return [], [ImportProblem(None, "csv_too_long", params={"max": MAX_ROWS})]
                row, wrong = _row(line, cells, positions, names, on, existing, seen)
                rows.append(row)
                problems += wrong
            line = reader.line_num + 1
    except csv.Error:
        return [], [ImportProblem(reader.line_num or None, "csv_format")]
    if not rows and not problems:
        problems.append(ImportProblem(None, "csv_no_rows"))
    return rows, problems


def import_csv(db: Session, now: datetime, staff: StaffUser, content: bytes) -> ImportResult:
    """Check every line; if all are right, create or change the entries (one audit event
    with the counts). If any is wrong, nothing is written."""
    rows, problems = check(db, now, content)
    result = ImportResult(problems=problems)
    if problems:
        return result
    changed = []
    current = directory.contacts(db)
    for row in rows:
        # The file has no address column: an entry keeps the address it has.
        data = row.data and replace(row.data, address=current[row.number].address
                                    if row.number in current else "")
        outcome = "unchanged" if data is None else directory.put(
            db, now, staff, row.number, data)[0]
        setattr(result, outcome, getattr(result, outcome) + 1)
        if outcome != "unchanged":
            changed.append(row.number)
    audit.record(db, now, Actor("staff", staff.id), "directory.import",
                 detail={"created": result.created, "updated": result.updated,
                         "unchanged": result.unchanged, "municipalities": changed})
    return result


EXPORT_COLUMNS = ("kommunenummer", "kommunenavn", "navkontor", "kontaktperson", "telefon",
                  "epost", "sist_kontrollert")


def export_csv(db: Session, now: datetime, staff: StaffUser) -> str:
    """Every municipality in number order, with its entry or empty cells. The name column
    is for people; an import ignores it. An audited read."""
    rows = directory.contacts(db)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for municipality in sorted(all_municipalities(), key=lambda m: m.number):
        row = rows.get(municipality.number)
        writer.writerow([municipality.number, municipality.name] + (
            [row.nav_office, row.contact_name, row.phone, row.email,
             row.verified_on.isoformat() if row.verified_on else ""] if row else [""] * 5))
    audit.record(db, now, Actor("staff", staff.id), "directory.export",
                 detail={"count": len(rows)})
    return "\ufeff" + out.getvalue()
