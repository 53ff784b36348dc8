"""The home-municipality directory: listing, one entry, changes, CSV import and export."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, MunicipalityContact
from core.services.directory import csv_files as directory_csv, entries as directory
from core.services.directory.entries import ContactData, InvalidContact
from core.services.errors import NotFound

# The world clock is Monday 2 March 2026, 09:00 UTC.
TODAY = date(2026, 3, 2)
GOOD = ContactData(nav_office="Nav Bergenhus", contact_name="Kari Fjeld", phone="55 55 12 34",
                   email="kari.fjeld@nav.no", verified_on=date(2026, 1, 15))


def _save(db, clock, world, number="4601", data=GOOD, who="system_admin"):
    return directory.save(db, clock.now(), world.staff[who], number, data)


def _audit(db, action):
    return [json.loads(e.detail) for e in db.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def test_every_municipality_is_listed_with_its_contact(db, clock, world):
    _save(db, clock, world)
    entries = directory.listing(db, clock.now(), world.staff["adviser"])
    assert len(entries) == 357
    bergen = next(e for e in entries if e.number == "4601")
    assert bergen.name == "Bergen" and bergen.county_name == "Vestland"
    assert bergen.contact.nav_office == "Nav Bergenhus" and not bergen.needs_checking
    assert sum(1 for e in entries if e.contact) == 1
    assert _audit(db, "directory.list")[-1]["count"] == 357


@pytest.mark.parametrize("query, county, state, expected", [
    ("berg", "", "", {"1127", "3303", "3334", "3905", "4601"}),  # Randaberg ... Bergen
    ("BERG", "46", "", {"4601"}),
    ("0301", "", "", {"0301"}),
    ("03", "", "", {"0301"}),
    ("bergenhus", "", "", {"4601"}),
    ("", "03", "", {"0301"}),
    ("", "", "with_contact", {"4601"}),
    ("", "", "needs_checking", set()),
])
def test_search_and_filters(db, clock, world, query, county, state, expected):
    _save(db, clock, world)
    found = {e.number for e in directory.listing(db, clock.now(), world.staff["adviser"],
                                                 query, county, state)}
    assert found == expected


def test_missing_filter_and_county(db, clock, world):
    _save(db, clock, world)
    missing = directory.listing(db, clock.now(), world.staff["adviser"], state="missing")
    assert len(missing) == 356 and "4601" not in {e.number for e in missing}
    vestland = directory.listing(db, clock.now(), world.staff["adviser"], county="46")
    assert vestland and {e.county_name for e in vestland} == {"Vestland"}


def test_one_entry_by_number_is_an_audited_read(db, clock, world):
    _save(db, clock, world)
    entry = directory.entry(db, clock.now(), world.staff["adviser"], "4601")
    assert entry.contact.contact_name == "Kari Fjeld" and entry.phone_uri == "tel:+4755551234"
    assert _audit(db, "directory.view") == [{"municipality": "4601"}]
    assert directory.entry(db, clock.now(), world.staff["adviser"], "0301").contact is None
    for unknown in ("9999", "", "abcd", "301"):
        with pytest.raises(NotFound):
            directory.entry(db, clock.now(), world.staff["adviser"], unknown)


@pytest.mark.parametrize("verified_on, flagged", [
    (date(2025, 3, 2), False),  # exactly 12 months ago
    (date(2025, 3, 1), True),   # more than 12 months ago
    (TODAY, False),
    (None, True),               # never verified
])
def test_entries_verified_more_than_12_months_ago_need_checking(db, clock, world, verified_on,
                                                                flagged):
    _save(db, clock, world, data=ContactData(nav_office="Nav Bergenhus", verified_on=verified_on))
    assert directory.lookup(db, clock.now(), "4601").needs_checking is flagged
    assert len(directory.listing(db, clock.now(), world.staff["adviser"],
                                 state="needs_checking")) == int(flagged)


def test_twelve_months_back_from_a_leap_day():
    assert directory.needs_checking(date(2023, 2, 28), date(2024, 2, 29)) is False
    assert directory.needs_checking(date(2023, 2, 27), date(2024, 2, 29)) is True


@pytest.mark.parametrize("raw, normalised", [
    ("55553333", "55 55 33 33"),
    ("55 55 33 33", "55 55 33 33"),
    ("+47 55 55 33 33", "55 55 33 33"),
    ("+4755553333", "55 55 33 33"),
    ("0047 22 33 44 55", "22 33 44 55"),
    ("41234567", "412 34 567"),
    ("+47 912 34 567", "912 34 567"),
])
def test_phone_numbers_are_normalised(raw, normalised):
    assert directory.normalise_phone(raw) == normalised


@pytest.mark.parametrize("raw", ["5555333", "555533334", "+46 55 55 33 33", "55-55-33-33",
                                 "05553333", "tlf 55553333", "+47"])
def test_bad_phone_numbers(raw):
    assert directory.normalise_phone(raw) is None


@pytest.mark.parametrize("changes, field, code", [
    ({"nav_office": ""}, "nav_office", "nav_office_required"),
    ({"nav_office": "   "}, "nav_office", "nav_office_required"),
    ({"nav_office": "x" * 121}, "nav_office", "text_too_long"),
    ({"contact_name": "x" * 121}, "contact_name", "text_too_long"),
    ({"contact_name": "=HYPERLINK(\"x\")"}, "contact_name", "text_characters"),
    ({"phone": "123"}, "phone", "phone_format"),
    ({"phone": "5" * 33}, "phone", "text_too_long"),
    ({"email": "kari.fjeld"}, "email", "email_format"),
    ({"email": "kari@nav"}, "email", "email_format"),
    ({"email": "kari fjeld@nav.no"}, "email", "email_format"),
    ({"email": "k" * 114 + "@nav.no"}, "email", "text_too_long"),
    ({"verified_on": TODAY + timedelta(days=1)}, "verified_on", "date_future"),
])
def test_bad_input_is_refused_field_by_field(db, clock, world, changes, field, code):
    data = ContactData(**{**GOOD.__dict__, **changes})
    with pytest.raises(InvalidContact) as refused:
        _save(db, clock, world, data=data)
    assert [(p.field, p.code) for p in refused.value.problems] == [(field, code)]
    assert db.get(MunicipalityContact, "4601") is None


def test_several_problems_are_reported_together(db, clock, world):
    with pytest.raises(InvalidContact) as refused:
        _save(db, clock, world, data=ContactData(nav_office="", phone="1", email="x"))
    assert {p.field for p in refused.value.problems} == {"nav_office", "phone", "email"}


def test_saving_normalises_and_audits_without_phone_or_email_values(db, clock, world):
    data = ContactData(nav_office="  Nav   Bergenhus ", contact_name="Kari Fjeld",
                       phone="+47 55551234", email=" Kari.Fjeld@NAV.no ",
                       verified_on=date(2026, 1, 15))
    assert _save(db, clock, world, data=data) is True
    row = db.get(MunicipalityContact, "4601")
    assert (row.nav_office, row.phone, row.email) == ("Nav Bergenhus", "55 55 12 34",
                                                      "kari.fjeld@nav.no")
    assert row.updated_by == world.staff["system_admin"].id
    clock.advance(days=1)
    assert _save(db, clock, world, data=ContactData(
        nav_office="Nav Bergenhus", contact_name="Ola Berge", phone="55 55 99 99",
        email="ola.berge@nav.no", verified_on=date(2026, 3, 3)), who="prison_admin") is True
    created, updated = _audit(db, "directory.update")
    assert created["outcome"] == "created" and created["old"] == {}
    assert updated == {
        "municipality": "4601", "outcome": "updated",
        "changed": ["contact_name", "phone", "email", "verified_on"],
        "old": {"contact_name": "Kari Fjeld", "verified_on": "2026-01-15"},
        "new": {"contact_name": "Ola Berge", "verified_on": "2026-03-03"}}
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "directory.update"))
    assert all("55" not in e.detail and "@" not in e.detail for e in events)
    assert [e.actor_id for e in db.scalars(select(AuditEvent).where(
        AuditEvent.action == "directory.update").order_by(AuditEvent.id))] == [
        world.staff["system_admin"].id, world.staff["prison_admin"].id]


def test_saving_the_same_again_changes_nothing(db, clock, world):
    _save(db, clock, world)
    assert _save(db, clock, world) is False
    assert len(_audit(db, "directory.update")) == 1


def test_unknown_municipality_cannot_be_saved(db, clock, world):
    with pytest.raises(NotFound):
        _save(db, clock, world, number="9999")


# CSV import ---------------------------------------------------------------------------

HEADER = "kommunenummer,navkontor,kontaktperson,telefon,epost,sist_kontrollert\n"


def _import(db, clock, world, text, encoding="utf-8"):
    return directory_csv.import_csv(db, clock.now(), world.staff["prison_admin"],
                                    text.encode(encoding))


def _count(db):
    return db.scalar(select(func.count()).select_from(MunicipalityContact))


def test_import_creates_updates_and_counts(db, clock, world):
    _save(db, clock, world)  # Bergen exists already
    result = _import(db, clock, world, HEADER
                     + "4601,Nav Bergenhus,Kari Fjeld,55 55 12 34,kari.fjeld@nav.no,2026-01-15\n"
                     + "0301,Nav Grünerløkka,Per Holm,+47 55551111,per.holm@nav.no,01.02.2026\n"
                     + "\n"
                     + "5001,Nav Falkenborg,,55551112,,\n")
    assert result.imported and (result.created, result.updated, result.unchanged) == (2, 0, 1)
    oslo = db.get(MunicipalityContact, "0301")
    assert (oslo.phone, oslo.verified_on) == ("55 55 11 11", date(2026, 2, 1))
    result = _import(db, clock, world, HEADER + "0301,Nav Grünerløkka,Siri Holm,55551111,,\n")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert db.get(MunicipalityContact, "0301").contact_name == "Siri Holm"
    first, second = _audit(db, "directory.import")
    assert first == {"created": 2, "updated": 0, "unchanged": 1,
                     "municipalities": ["0301", "5001"]}
    assert second["updated"] == 1


def test_import_with_semicolons_a_bom_and_english_headers(db, clock, world):
    text = ("\ufeffmunicipality_number;nav_office;contact_name;phone;email;verified_on;"
            "kommunenavn\r\n301;Nav Grünerløkka;Per Holm;55551111;per.holm@nav.no;"
            "2026-02-01;Oslo\r\n4601;\"Nav Bergenhus; Bergen\";Kari Fjeld;;;\r\n")
    result = _import(db, clock, world, text)
    assert result.imported and result.created == 2
    assert db.get(MunicipalityContact, "4601").nav_office == "Nav Bergenhus; Bergen"


def test_import_with_errors_on_several_lines_imports_nothing(db, clock, world):
    text = (HEADER
            + "0301,Nav Grünerløkka,Per Holm,55551111,per.holm@nav.no,2026-02-01\n"  # line 2
            + "9999,Nav Ingensted,,,,\n"                                           # line 3
            + "4601,Nav Bergenhus,,123,kari@,31.02.2026\n"                         # line 4
            + "0301,Nav Oslo,,,,\n"                                                # line 5
            + ",Nav Tom,,,,\n"                                                     # line 6
            + "5001,,,,,2027-01-01\n")                                             # line 7
    result = _import(db, clock, world, text)
    assert not result.imported and _count(db) == 0
    assert [(p.line, p.code, p.column) for p in result.problems] == [
        (3, "municipality_number_unknown", "kommunenummer"),
        (4, "date_format", "sist_kontrollert"),
        (4, "phone_format", "telefon"),
        (4, "email_format", "epost"),
        (5, "municipality_number_twice", "kommunenummer"),
        (6, "municipality_number_required", "kommunenummer"),
        (7, "nav_office_required", "navkontor"),
        (7, "date_future", "sist_kontrollert"),
    ]
    assert result.problems[4].params == {"number": "0301", "line": 2}
    assert _audit(db, "directory.import") == []


@pytest.mark.parametrize("content, code", [
    (b"", "csv_empty"),
    (b"\xef\xbb\xbf  \n", "csv_empty"),
    ("kommunenummer;navkontor\n0301;Nav Oslo\n".encode(), "csv_header"),
    ("0301,Nav Oslo,,,,\n".encode(), "csv_header"),
    (HEADER.encode(), "csv_no_rows"),
    ((HEADER + "0301,Nav Grünerløkka,,,,\n").encode("latin-1"), "csv_encoding"),
    (HEADER.replace("epost", "email").replace("telefon", "epost").encode(), "csv_header"),
])
def test_files_that_cannot_be_read(db, clock, world, content, code):
    result = directory_csv.import_csv(db, clock.now(), world.staff["prison_admin"], content)
    assert [p.code for p in result.problems][-1] == code and _count(db) == 0


def test_a_header_naming_a_column_twice(db, clock, world):
    text = "kommunenummer,navkontor,nav_office,kontaktperson,telefon,epost,sist_kontrollert\n"
    result = _import(db, clock, world, text + "0301,a,b,,,,\n")
    assert [(p.line, p.code, p.column) for p in result.problems] == [
        (1, "csv_column_twice", "nav_office")]


def test_too_many_lines(db, clock, world):
    text = HEADER + "0301,Nav Oslo,,,,\n" * (directory_csv.MAX_ROWS + 1)
    assert [p.code for p in _import(db, clock, world, text).problems] == ["csv_too_long"]


def test_an_empty_line_never_clears_an_entry(db, clock, world):
    _save(db, clock, world)
    result = _import(db, clock, world, HEADER + "4601,,,,,\n0301,,,,,\n")
    assert [(p.line, p.code) for p in result.problems] == [(2, "import_would_clear")]
    assert db.get(MunicipalityContact, "4601").nav_office == "Nav Bergenhus"


def test_line_numbers_count_lines_inside_quotes(db, clock, world):
    text = HEADER + '0301,"Nav\nGrünerløkka",,,,\n9999,Nav X,,,,\n'
    result = _import(db, clock, world, text)
    assert [(p.line, p.code) for p in result.problems] == [(4, "municipality_number_unknown")]


# CSV export ---------------------------------------------------------------------------

def test_export_is_every_municipality_and_imports_again_unchanged(db, clock, world):
    _save(db, clock, world)
    exported = directory_csv.export_csv(db, clock.now(), world.staff["prison_admin"])
    lines = exported.splitlines()
    assert exported.startswith("\ufeffkommunenummer;kommunenavn;navkontor;")
    assert len(lines) == 358 and lines[1].startswith("0301;Oslo – Oslove;;")
    assert ("4601;Bergen;Nav Bergenhus;Kari Fjeld;55 55 12 34;kari.fjeld@nav.no;2026-01-15"
            in lines)
    assert _audit(db, "directory.export") == [{"count": 1}]
    result = directory_csv.import_csv(db, clock.now(), world.staff["prison_admin"],
                                      exported.encode("utf-8"))
    assert result.imported and (result.created, result.updated, result.unchanged) == (0, 0, 357)


def test_dates_in_both_formats():
    assert directory_csv.parse_date("2026-01-15") == date(2026, 1, 15)
    assert directory_csv.parse_date("5.1.2026") == date(2026, 1, 5)
    assert directory_csv.parse_date(" ") is None
    for bad in ("2026/01/15", "15-01-2026", "2026-02-30", "1.13.2026"):
        with pytest.raises(ValueError):
            directory_csv.parse_date(bad)


def test_demo_entries_for_every_demo_inmate_once(database, clock, hasher, pin_hasher):
    from core.demo import loader as demo
    from core.demo.directory import load_directory

    with database.session() as db:
        demo.load(db, clock.now(), hasher, pin_hasher)
    with database.session() as db:
        entries = {n: directory.lookup(db, clock.now(), n)
                   for n in {row[4] for row in demo.INMATES}}
        assert all(e.contact and e.contact.email.endswith("@nav.no") for e in entries.values())
        assert [n for n, e in entries.items() if e.needs_checking] == ["1806"]
        assert load_directory(db, clock.now()) == 0 and _count(db) == len(entries)
