"""Every lesson file: structure, both languages, glossary links that resolve; and a broken
file names its problem."""
import re
import shutil
from pathlib import Path

import pytest

from core.services.learning import lesson_html, lesson_parts, lessons

CATALOGUE = lessons.load()
MODULES = CATALOGUE.ordered()


def test_the_modules_are_numbered_in_order():
    assert [m.order for m in MODULES] == list(range(1, len(MODULES) + 1))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.key)
def test_every_module_has_both_languages_with_the_same_steps(module):
    nb, en = module.texts["nb"], module.texts["en"]
    assert [s.id for s in nb.steps] == [s.id for s in en.steps]
    for a, b in zip(nb.steps, en.steps):
        assert a.question.correct == b.question.correct
        assert len(a.question.options) == len(b.question.options) >= 2
        assert a.title != "" and b.title != "" and a.question.explanation and b.question.explanation


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.key)
def test_every_glossary_link_resolves_and_renders(module):
    for language, text in module.texts.items():
        for step in text.steps:
            html = str(lesson_html.render(step, language, CATALOGUE.glossary, "/lessons/glossary"))
            for key in re.findall(r'href="/lessons/glossary#([a-z0-9_]+)"', html):
                assert key in CATALOGUE.glossary, (module.key, language, step.id, key)
            assert "<script" not in html and "http" not in html


def test_a_step_is_rendered_once_per_language_and_glossary_address():
    step = MODULES[0].texts["nb"].steps[0]
    shown = CATALOGUE.step_html(step, "nb", "/g?back=x")
    assert str(shown) == str(lesson_html.render(step, "nb", CATALOGUE.glossary, "/g?back=x"))
    assert CATALOGUE.step_html(step, "nb", "/g?back=x") is shown  # kept
    assert CATALOGUE.step_html(step, "en", "/g?back=x") is not shown
    assert CATALOGUE.step_html(step, "nb", "/g?back=y") is not shown


def test_the_rendered_steps_kept_are_bounded_and_the_least_recent_goes_first():
    catalogue = lessons.load()
    catalogue.step_cache_limit = 5
    steps = [s for m in catalogue.ordered() for s in m.texts["nb"].steps][:8]
    first = catalogue.step_html(steps[0], "nb", "/g")
    second = catalogue.step_html(steps[1], "nb", "/g")
    for step in steps[2:4]:
        catalogue.step_html(step, "nb", "/g")
    assert catalogue.step_html(steps[0], "nb", "/g") is first  # shown again: kept longest
    for step in steps[4:]:
        catalogue.step_html(step, "nb", "/g")
        assert catalogue.cached_steps() <= 5
    assert catalogue.cached_steps() == 5
    assert catalogue.step_html(steps[0], "nb", "/g") is first
    again = catalogue.step_html(steps[1], "nb", "/g")  # dropped first, so made again
    assert again is not second and str(again) == str(second)
    # Every step a kiosk shows today fits in the default.
    every = sum(len(m.texts[lang].steps) for m in catalogue.ordered() for lang in m.texts)
    assert every <= lesson_html.STEP_CACHE_LIMIT == lesson_html.Catalogue().step_cache_limit


def test_every_glossary_term_is_used_somewhere():
    used = set()
    for module in MODULES:
        for language, text in module.texts.items():
            for step in text.steps:
                html = str(lesson_html.render(step, language, CATALOGUE.glossary, "/g"))
                used |= set(re.findall(r'href="/g#([a-z0-9_]+)"', html))
    assert set(CATALOGUE.glossary) - used == set()


def test_a_glossary_word_is_linked_once_per_step_and_never_inside_a_link():
    step = lesson_parts.Step("s", "T", "Nav og Nav igjen, og [meldekort](glossary:nav).", None,
                             lesson_parts.Question("?", ("a", "b"), 0, "e"))
    html = str(lesson_html.render(step, "nb", CATALOGUE.glossary, "/g"))
    assert html.count('href="/g#nav"') == 1


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "lessons"
    shutil.copytree(lessons.DIRECTORY, target)
    return target


@pytest.mark.parametrize("change, problem", [
    (("? ", "?? "), "exactly one check question"),
    (("- [x]", "- [ ]"), "exactly one right answer"),
    (("{#touch}", ""), "needs an id"),
    (("version = 1", 'version = "1"'), "'version'"),
    (("](icon:Monitor)", "](icon:NoSuchIcon)"), "does not exist"),
    (("Trykk **én gang**", "Trykk <b>én gang</b>"), "no HTML"),
    (("Trykk **én gang**", "Trykk [her](https://nav.no)"), "no links out"),
    (("Trykk **én gang**", "Trykk [her](glossary:nothing)"), "no term 'nothing'"),
])
def test_a_broken_lesson_stops_loading_and_says_where(tmp_path, change, problem):
    target = _copy(tmp_path)
    path = target / "01-terminal" / "nb.md"
    path.write_text(path.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    with pytest.raises(lessons.LessonError, match=problem):
        lessons.load(target)


def test_the_languages_must_agree(tmp_path):
    target = _copy(tmp_path)
    path = target / "01-terminal" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("{#touch}", "{#press}", 1),
                    encoding="utf-8")
    with pytest.raises(lessons.LessonError, match="same, in the same order"):
        lessons.load(target)
    (target / "01-terminal" / "en.md").unlink()
    with pytest.raises(lessons.LessonError, match="no en.md"):
        lessons.load(target)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.key)
def test_no_lesson_has_its_right_answers_all_in_one_position(module):
    """Issue 11, fault 5: in lessons 6-9 the right answer was the first option of every
    question, so a person who noticed passed without reading. The files vary it (the kiosk
    also shuffles per person: core.services.learning.progress.shown_order)."""
    for language, text in module.texts.items():
        positions = {step.question.correct for step in text.steps}
        assert len(positions) > 1, (module.key, language, positions)
        first = sum(1 for step in text.steps if step.question.correct == 0)
        assert first < len(text.steps) / 2, (module.key, language, "too often first")
