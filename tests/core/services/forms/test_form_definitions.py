"""Form definitions: the shipped files load, and a broken file names its problem."""
from datetime import date
from pathlib import Path

import pytest

from core.services.forms import definitions as fd

GOOD = """
key = "demo"
version = 1
teams = ["adviser"]
title = { nb = "Skjema", en = "Form" }
intro = { nb = "Inn", en = "In" }
confirm = { nb = "Jeg bekrefter", en = "I confirm" }
receipt = { nb = "Sendt", en = "Sent" }
[[step]]
key = "one"
title = { nb = "En", en = "One" }
[[step.question]]
key = "pick"
type = "choice"
label = { nb = "Velg", en = "Pick" }
[[step.question.option]]
value = "a"
label = { nb = "A", en = "A" }
[[step.question.option]]
value = "b"
label = { nb = "B", en = "B" }
[[step.question]]
key = "why"
type = "text"
label = { nb = "Hvorfor", en = "Why" }
show_if = { question = "pick", equals = "b" }
"""


def _write(tmp_path: Path, body: str, name: str = "demo", file: str = "v1.toml") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / file).write_text(body, encoding="utf-8")
    return tmp_path


def test_the_shipped_forms_load():
    registry = fd.load()
    assert registry.keys() == ["jobseeker", "meldekort", "social_assistance"]
    meldekort = registry.current("meldekort", date(2026, 3, 2))
    assert [q for q in meldekort.questions] == list(fd.MELDEKORT_QUESTIONS)
    assert meldekort.texts["row_work"]("en") == "Work (hours)"
    assert registry.current("social_assistance", date(2026, 3, 2)).teams == ("social_worker",)


def test_a_good_file_loads_with_its_condition(tmp_path):
    definition = fd.load(_write(tmp_path, GOOD)).get("demo", 1)
    assert definition.questions["why"].show_if == fd.Condition("pick", ("b",))
    assert definition.questions["why"].max_length == 200
    assert definition.title("en") == "Form" and definition.title("pl") == "Skjema"


def test_versions_follow_their_valid_from(tmp_path):
    _write(tmp_path, GOOD.replace("version = 1", "version = 1\nvalid_from = 2026-01-01"))
    _write(tmp_path, GOOD.replace("version = 1", "version = 2\nvalid_from = 2026-06-01"),
           file="v2.toml")
    registry = fd.load(tmp_path)
    assert registry.current("demo", date(2026, 5, 31)).version == 1
    assert registry.current("demo", date(2026, 6, 1)).version == 2
    assert registry.current("demo", date(2025, 12, 31)) is None


@pytest.mark.parametrize("change, problem", [
    (('key = "demo"', 'key = "other"'), "folder's name"),
    (("version = 1", "version = 2"), "file name"),
    (('teams = ["adviser"]', 'teams = ["officer"]'), "'teams'"),
    (('title = { nb = "Skjema", en = "Form" }', 'title = { nb = "Skjema" }'), "no text in en"),
    (('type = "choice"', 'type = "slider"'), "'type'"),
    (('value = "b"', 'value = "a"'), "two or more options"),
    (('show_if = { question = "pick", equals = "b" }',
      'show_if = { question = "later", equals = "b" }'), "earlier question"),
    (('show_if = { question = "pick", equals = "b" }',
      'show_if = { question = "pick", equals = "c" }'), "its values"),
    (('key = "one"', 'key = "check"'), "reserved"),
    (('key = "why"', 'key = "pick"'), "used twice"),
    (('type = "text"', 'type = "text"\nmax_length = 9000'), "max_length"),
    (("kind", "kind"), None),
])
def test_a_broken_file_stops_loading_and_says_where(tmp_path, change, problem):
    if problem is None:
        body = GOOD.replace("version = 1", 'version = 1\nkind = "meldekort"')
        problem = "one step 'questions'"
    else:
        body = GOOD.replace(*change, 1)
    with pytest.raises(fd.DefinitionError, match=problem) as error:
        fd.load(_write(tmp_path, body))
    assert "demo/v1.toml" in str(error.value)


def test_bad_toml_names_the_file(tmp_path):
    with pytest.raises(fd.DefinitionError, match="demo/v1.toml"):
        fd.load(_write(tmp_path, "key = ["))


def test_a_broken_definition_stops_the_apps_from_starting(settings, monkeypatch, tmp_path):
    from admin import create_app as create_admin
    from kiosk import create_app as create_kiosk

    monkeypatch.setattr(fd, "DIRECTORY", _write(tmp_path, GOOD.replace("version = 1", "")))
    fd.registry.cache_clear()
    try:
        for factory in (create_kiosk, create_admin):
            with pytest.raises(fd.DefinitionError, match="version"):
                factory(settings)
    finally:
        monkeypatch.undo()
        fd.registry.cache_clear()
