"""Content in every kiosk language (issue 18): each locale's file beside a content TOML
file is laid into it (core/content.py), every lesson and form exists in every locale, and
what is missing falls back to bokmål."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from core import content, locales
from core.services.forms import definitions
from core.services.learning import lesson_parts, lessons
from core.services.learning.practice import content as practice
from core.services.requests import canned

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def _script():
    spec = importlib.util.spec_from_file_location(
        "content_translations", ROOT / "scripts" / "content_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _script()


# The format ------------------------------------------------------------------------------

ORIGINAL = '''
title = { nb = "Meldekort", en = "Employment status card" }
keywords = ["meldekort"]

[[step]]
key = "questions"
title = { nb = "Spørsmål", en = "Questions" }

[[step.question]]
key = "arbeidet"
label = { nb = "Har du jobbet {day:3}?", en = "Have you worked {day:3}?" }

[[step.question.option]]
value = "ja"
label = { nb = "Ja", en = "Yes" }

[[term]]
key = "nav"
words = { nb = ["Nav", "Navs"], en = ["Nav"] }
'''


@pytest.fixture
def original(tmp_path):
    path = tmp_path / "v1.toml"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def test_places_name_every_text_by_its_key(original):
    found = dict(content.places(content.read(original)))
    assert set(found) == {"title", "keywords", "step[questions].title",
                          "step[questions].question[arbeidet].label",
                          "step[questions].question[arbeidet].option[ja].label",
                          "term[nav].words"}


def test_a_locale_file_is_laid_in_beside_bokmal(original):
    content.locale_file(original, "pl").write_text(
        '"title" = "Karta meldunkowa"\n'
        '"step[questions].question[arbeidet].option[ja].label" = "Tak"\n'
        '"keywords" = ["karta"]\n'
        '"term[nav].words" = ["Nav"]\n'
        '"step[questions].title" = ""\n', encoding="utf-8")
    data = content.read(original)
    assert data["title"] == {"nb": "Meldekort", "en": "Employment status card",
                             "pl": "Karta meldunkowa"}
    assert data["step"][0]["question"][0]["option"][0]["label"]["pl"] == "Tak"
    assert data["keywords"] == ["meldekort", "karta"]  # the locale's words are added
    assert data["term"][0]["words"]["pl"] == ["Nav"]
    assert "pl" not in data["step"][0]["title"]  # empty: bokmål is shown


def test_a_key_the_original_lacks_is_refused_naming_file_and_key(original):
    content.locale_file(original, "pl").write_text('"step[nope].title" = "x"\n',
                                                   encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"v1\.pl\.toml: 'step\[nope\]\.title'"):
        content.read(original)


def test_problems_find_missing_empty_unknown_and_placeholders(original):
    assert content.problems(original, "pl") == [
        "v1.pl.toml: missing (run: python scripts/content_translations.py todo pl)"]
    content.locale_file(original, "pl").write_text(content.todo(original, "pl"),
                                                   encoding="utf-8")
    found = content.problems(original, "pl")
    assert "v1.pl.toml: 'title' is not translated" in found
    assert "v1.pl.toml: 'term[nav].words' wants a list of words" in found
    assert not any("keywords" in line for line in found)  # may stay empty
    content.locale_file(original, "pl").write_text(
        '"title" = "Karta"\n"keywords" = []\n"step[questions].title" = "Pytania"\n'
        '"step[questions].question[arbeidet].label" = "Czy pracowałeś?"\n'
        '"step[questions].question[arbeidet].option[ja].label" = "Tak"\n'
        '"term[nav].words" = ["Nav"]\n"extra" = "x"\n', encoding="utf-8")
    assert content.problems(original, "pl") == [
        "v1.pl.toml: 'extra' is no text of the original",
        "v1.pl.toml: 'step[questions].question[arbeidet].label' has placeholders [], "
        "bokmål ['{day:3}']"]


def test_todo_keeps_what_is_translated_and_shows_the_sources(original):
    content.locale_file(original, "pl").write_text('"title" = "Karta"\n', encoding="utf-8")
    skeleton = content.todo(original, "pl")
    assert '# nb: Meldekort\n# en: Employment status card\n"title" = "Karta"' in skeleton
    assert '"step[questions].title" = ""' in skeleton
    assert '"term[nav].words" = []' in skeleton


def test_locale_files_are_not_read_as_originals(tmp_path, original):
    content.locale_file(original, "pl").write_text("", encoding="utf-8")
    assert content.files(tmp_path) == [original]


def test_a_lesson_translation_must_match_bokmal(tmp_path):
    folder = tmp_path / "lessons" / "01-terminal"
    shutil.copytree(CONTENT / "lessons" / "01-terminal", folder)
    shutil.copy(CONTENT / "lessons" / "glossary.toml", tmp_path / "lessons")
    (folder / "pl.md").write_text((folder / "nb.md").read_text(encoding="utf-8")
                                  .replace("{#", "{#x", 1), encoding="utf-8")
    with pytest.raises(lessons.LessonError, match="pl.md: steps"):
        lessons.load(tmp_path / "lessons")


# The content as shipped -------------------------------------------------------------------

@pytest.mark.parametrize("locale", locales.KIOSK_ONLY)
def test_every_lesson_form_and_content_file_is_translated(locale):
    """`scripts/content_translations.py check` as a test: a locale's files exist, every
    text is translated with bokmål's placeholders, every lesson has the locale's file."""
    assert tool.problems(locale) == []


@pytest.mark.parametrize("locale", locales.KIOSK_ONLY)
def test_the_kiosk_shows_each_locale_its_own_texts(locale):
    """Loaded as the kiosk loads them, every lesson, form and practice text exists in the
    locale, and differs from bokmål where a sentence is translated."""
    catalogue = lessons.load()
    for module in catalogue.modules.values():
        assert locale in module.texts, f"{module.key} has no {locale}.md"
    for key in definitions.load().keys():
        definition = definitions.load().current(key, __import__("datetime").date.max)
        assert locale in definition.intro.values, f"{key} has no intro in {locale}"
        assert definition.intro(locale) != definition.intro("nb")
        for question in definition.questions.values():
            assert locale in question.label.values, f"{key}.{question.key} in {locale}"
    loaded = practice.load()
    assert all(locale in task.titles for task in loaded.tasks.values())
    assert all(locale in reply.texts for reply in canned.load())


def test_untranslated_content_falls_back_to_bokmal():
    definition = definitions.Text({"nb": "Meldekort", "en": "Card"})
    assert definition("pl") == "Meldekort"
    module = lesson_parts.Module("x", 1, 1, 5, {"nb": "nb text"})
    assert module.text("ar") == "nb text"
    term = lesson_parts.Term("nav", {"nb": ("Nav",)}, {"nb": "Nav"}, {"nb": "Nav er ..."})
    assert (term.title("so"), term.text("so"), term.word_forms("so")) == (
        "Nav", "Nav er ...", ("Nav",))
