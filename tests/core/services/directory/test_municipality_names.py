"""Every official name form of a municipality (Norwegian, Sámi, Kven) is stored and found:
searching "Kautokeino" finds 5612 Guovdageaidnu – Kautokeino, shown as typed."""
import csv

import pytest

from core.services.directory import entries as directory, municipalities
from core.services.directory.municipalities import all_municipalities, by_number


@pytest.mark.parametrize("query, number, shown", [
    ("Kautokeino", "5612", "Kautokeino – Guovdageaidnu"),
    ("Guovdageaidnu", "5612", "Guovdageaidnu – Kautokeino"),
    ("Karasjok", "5610", "Karasjok – Kárášjohka"),
    ("karasjohka", "5610", "Kárášjohka – Karasjok"),  # without the Sámi letters
    ("Tana", "5628", "Tana – Deatnu"),
    ("Nesseby", "5636", "Nesseby – Unjárga"),
    ("Snåsa", "5041", "Snåsa – Snåase"),
    ("Røyrvik", "5043", "Røyrvik – Raarvihke"),
    ("Hattfjelldal", "1826", "Hattfjelldal – Aarborte"),
    ("Hamarøy", "1875", "Hamarøy – Hábmer"),
    ("Lavangen", "5518", "Lavangen – Loabák"),
    ("Tjeldsund", "5512", "Tjeldsund – Dielddanuorri"),
    ("Kåfjord", "5540", "Kåfjord – Gáivuotna – Kaivuono"),
    ("Kaivuono", "5540", "Kaivuono – Gáivuotna – Kåfjord"),
    ("Porsanki", "5622", "Porsanki – Porsanger – Porsáŋgu"),
    ("Omasvuotna", "5538", "Omasvuotna – Storfjord – Omasvuono"),
    ("Ráisa", "5544", "Ráisa – Nordreisa – Raisi"),
])
def test_search_finds_every_official_name_and_shows_the_one_typed(db, clock, world, query,
                                                                   number, shown):
    found = {e.number: e for e in directory.listing(db, clock.now(), world.staff["adviser"],
                                                    query)}
    assert number in found
    assert found[number].shown_name == shown


def test_the_official_name_has_every_form():
    assert by_number("5612").name == "Guovdageaidnu – Kautokeino"
    assert by_number("5540").name == "Gáivuotna – Kåfjord – Kaivuono"
    assert by_number("4601").name == "Bergen"


def test_the_names_file_agrees_with_the_municipality_list():
    listed = {m.number: m for m in all_municipalities()}
    with municipalities.NAMES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    numbers = {r["kommunenummer"] for r in rows}
    assert numbers <= set(listed)
    assert {r["sprak"] for r in rows} <= set(municipalities.LANGUAGES)
    for number in numbers:
        forms = listed[number].forms
        assert len(forms) >= 2 and forms[0].name == listed[number].first_name
        assert [f.language for f in forms].count("nor") == 1, number


def test_a_municipality_listed_under_a_sami_name_has_its_norwegian_name():
    """The shipped list names twelve-odd municipalities by their Sámi name only."""
    sami_first = {"1826", "1875", "5041", "5043", "5512", "5518", "5540", "5610", "5612",
                  "5628", "5636"}
    for number in sami_first:
        municipality = by_number(number)
        assert municipality.forms[0].language != "nor"
        assert any(f.language == "nor" for f in municipality.forms), number


def test_drop_downs_list_a_municipality_under_each_of_its_names():
    lines = municipalities.choices()
    assert ("5612", "Guovdageaidnu – Kautokeino (Finnmark)") in lines
    assert ("5612", "Kautokeino – Guovdageaidnu (Finnmark)") in lines
    assert ("4601", "Bergen (Vestland)") in lines
    assert len({number for number, _ in lines}) == 357
    labels = [label for _, label in lines]
    assert labels.index("Kautokeino – Guovdageaidnu (Finnmark)") < labels.index(
        "Kvinesdal (Agder)")
    assert labels[-1].startswith("Å")  # Norwegian order: Æ, Ø, Å last
