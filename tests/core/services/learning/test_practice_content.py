"""The practice tasks and the pretend adviser: the shipped files load and match the lessons
and forms, and a broken file stops start-up naming the task."""
import re
import shutil
from pathlib import Path

import pytest

from core.services.learning import lessons
from core import locales
from core.services.learning.practice.content import (DIRECTORY, KINDS, PracticeContentError,
                                                     _check_digits_wrong, load)

CONTENT = load(modules=set(lessons.catalogue().modules))


def test_the_shipped_tasks_cover_every_practice_service():
    tasks = list(CONTENT.tasks.values())
    assert len(tasks) >= 6
    kinds = [t.kind for t in tasks]
    assert set(kinds) == set(KINDS) and kinds.count("meldekort") >= 2
    ill = CONTENT.tasks["meldekort_ill"].expect
    assert any(day.ill for day in ill["days"].values())
    for task in tasks:
        assert task.module in lessons.catalogue().modules
        assert task.title("nb") != task.title("en") and task.goal("nb") != task.goal("en")


def test_the_practice_codes_are_made_up_and_in_the_login_lesson():
    codes = CONTENT.codes
    assert _check_digits_wrong(codes.national_id)
    login = lessons.catalogue().modules["login"]
    for language in ("nb", "en"):
        text = "".join(s.body for s in login.text(language).steps).replace(" ", "")
        for code in (codes.national_id, codes.one_time_code, codes.password):
            assert code in text, (language, code)


def test_a_real_national_identity_number_is_refused_as_a_practice_code():
    assert not _check_digits_wrong("01017012343")  # valid check digits: could be someone's
    assert _check_digits_wrong("01017012345")


def test_every_adviser_reply_comes_in_every_kiosk_language():
    adviser = CONTENT.adviser
    assert adviser.name("en") != adviser.name("nb")
    for reply in adviser.replies:
        assert reply.text("nb") != reply.text("en") and reply.keywords
        for language in locales.KIOSK:
            assert reply.text(language), (reply.key, language)
    assert adviser.default_text("pl") != adviser.default_text("nb")  # Polish, not bokmål
    assert adviser.default_text("other") == adviser.default_text("nb")


@pytest.fixture
def folder(tmp_path) -> Path:
    for name in ("tasks.toml", "adviser.toml"):
        shutil.copy(DIRECTORY / name, tmp_path / name)
    return tmp_path


def _break(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, problem", [
    ("tasks.toml", 'national_id = "01017012345"', 'national_id = "01017012343"',
     "must not be a valid"),
    ("tasks.toml", 'one_time_code = "123456"', 'one_time_code = "12345"', "6 digits"),
    ("tasks.toml", 'kind = "login"', 'kind = "chat"', "'kind' must be one of"),
    ("tasks.toml", 'module = "login"', 'module = "nothing"', "lesson module"),
    ("tasks.toml", '\nexpect = { method = "bankid" }', '\nexpect = { method = "fax" }',
     "method"),
    ("tasks.toml", "{day:4}", "{day:15}", "unknown placeholder"),
    ("tasks.toml", "Use the practice codes.", "Use {codes}.", "unknown placeholder"),
    ("tasks.toml", 'title = { nb = "Logg inn med BankID", en = "Log in with BankID" }',
     'title = { nb = "Logg inn med BankID" }', "nb and en"),
    ("tasks.toml", '1 = { hours = "7.5" }', '1 = { hours = "7.5", ill = true }',
     "refuse the goal (combination_not_allowed)"),
    ("tasks.toml", '4 = { ill = true }', '4 = { absence = true }', "meldekort rules refuse"),
    ("tasks.toml", '4 = { ill = true }', '4 = { sick = true }', "course, ill or absence"),
    ("tasks.toml", '1 = { hours = "7.5" }', '1 = { hours = "lots" }', "a number"),
    ("tasks.toml", '1 = { hours = "7.5" }', '1 = { hours = "7.3" }', "hours_half"),
    ("tasks.toml", "syk = true\n", "", "expect.answers"),
    ("tasks.toml", 'level = "upper_secondary"', 'level = "doctorate"', "the form refuses"),
    ("tasks.toml", 'level = "upper_secondary"', 'degree = "phd"', "has no question"),
    ("tasks.toml", 'wants = { includes = ["cv"] }', 'wants = { includes = ["fame"] }',
     "includes"),
    ("tasks.toml", "amount = 27000", "amount = 0", "the form refuses"),
    ("tasks.toml", 'key = "dialog_money"', 'key = "dialog_meldekort"', "exists twice"),
    ("tasks.toml", 'topic = "money"', 'topic = "weather"', "reply key"),
    ("tasks.toml", "max_length = 400 }", "max_length = 5 }", "max_length"),
    ("adviser.toml", 'key = "aap"', 'key = "meldekort"', "new lower-case identifier"),
    ("adviser.toml", 'keywords = ["aap", "arbeidsavklaringspenger", "work assessment '
                     'allowance"]', "keywords = []", "'keywords'"),
    ("adviser.toml", "version = 1", "version = [", "adviser.toml"),
])
def test_a_broken_file_names_its_problem(folder, name, old, new, problem):
    _break(folder, name, old, new)
    with pytest.raises(PracticeContentError, match=re.escape(problem)):
        load(folder, modules=set(lessons.catalogue().modules))


def test_the_kiosk_does_not_start_with_a_broken_task(folder, monkeypatch):
    from core.config import Settings
    from core.services.learning.practice import content as practice_content
    from kiosk import create_app

    _break(folder, "tasks.toml", 'kind = "login"', 'kind = "chat"')
    monkeypatch.setattr(practice_content, "DIRECTORY", folder)
    practice_content.content.cache_clear()
    try:
        with pytest.raises(PracticeContentError, match="login_bankid"):
            create_app(Settings(env="test", database_url="sqlite://", secret_key="x"))
    finally:
        practice_content.content.cache_clear()
