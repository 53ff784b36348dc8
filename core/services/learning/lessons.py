"""Lessons on NAV's digital services: versioned Markdown files under content/lessons/.

Each module is a folder ``NN-key/`` with one file per language: ``nb.md`` and ``en.md``
always, and the kiosk's other locales (``pl.md`` ...) beside them (issue 18); a locale's
file has the same steps, illustrations and questions as ``nb.md``.
A file starts with TOML front matter between ``+++`` lines, then has one ``## `` section
per step. A step is one idea: a title with its id, an optional illustration, a short
Markdown text, and one check question::

    +++
    module = "terminal"      # the folder's key
    version = 1              # raise it when the steps change
    order = 1
    minutes = 10
    title = "Slik bruker du maskinen"
    summary = "Trykk, skriv, bla og gå tilbake."
    +++

    ## Trykk på skjermen {#touch}

    ![En finger trykker på en knapp](touch.svg)

    Skjermen kjenner fingeren din. Trykk **én gang** på en knapp for å velge den.

    ? Hva gjør du for å velge en knapp?
    - [x] Trykker én gang på den
    - [ ] Trykker to ganger raskt
    = Ett trykk er nok. To raske trykk kan velge to ting.

The illustration is a file in static/lessons/ or an Aksel icon (``icon:Monitor``). Words of
the glossary (content/lessons/glossary.toml) are linked where they first appear in a
step, and ``[text](glossary:key)`` links to a term by hand. Raw HTML and links out of the
kiosk are refused. Everything is checked when the kiosk starts: a broken file stops it,
naming the file and the step.

This module reads and checks the files (``load``, ``catalogue``: read once per process).
What they become is in core.services.learning.lesson_parts; the catalogue, and a step
shown as HTML or as text for read-aloud, in core.services.learning.lesson_html.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from core import PROJECT_ROOT, content, locales
from core.services.learning.lesson_html import Catalogue
from core.services.learning.lesson_parts import (GLOSSARY_LINK, Image, Module, Question, Step,
                                                 Term, Text)

DIRECTORY = PROJECT_ROOT / "content" / "lessons"
IMAGES = PROJECT_ROOT / "static" / "lessons"
ICONS = PROJECT_ROOT / "static" / "vendor" / "icons"
LANGUAGES = ("nb", "en")  # in every module; locales.KIOSK_ONLY where translated
FOLDER = re.compile(r"^(\d{2})-([a-z][a-z0-9_]*)$")
STEP_HEADING = re.compile(r"^## (.+?) \{#([a-z][a-z0-9_]*)\}\s*$")
IMAGE = re.compile(r"^!\[([^\]]+)\]\(([^)\s]+)\)\s*$")
OPTION = re.compile(r"^- \[( |x)\] (.+)$")
OUTSIDE_LINK = re.compile(r"\]\((?!glossary:)[^)]*\)|<https?:|https?://")
MAX_STEP_WORDS = 160


class LessonError(ValueError):
    """A lesson or the glossary is broken; the message names the file and the place."""


def _fail(path: Path, where: str, problem: str):
    raise LessonError(f"{path.parent.name}/{path.name}: {where}: {problem}")


def _question(path: Path, step_id: str, lines: list[str]) -> Question:
    where = f"step {step_id}"
    text = lines[0][2:].strip()
    options, correct, explanation = [], [], ""
    for line in lines[1:]:
        match = OPTION.match(line)
        if match:
            if match.group(1) == "x":
                correct.append(len(options))
            options.append(match.group(2).strip())
        elif line.startswith("= "):
            explanation = line[2:].strip()
        elif line.strip():
            _fail(path, where, f"unexpected line in the question: {line!r}")
    if not text or len(options) < 2 or len(correct) != 1 or not explanation:
        _fail(path, where, "a question needs its text, two or more options ('- [ ]'), "
                           "exactly one right answer ('- [x]') and an explanation ('= ')")
    return Question(text, tuple(options), correct[0], explanation)


def _step(path: Path, title: str, step_id: str, lines: list[str]) -> Step:
    where = f"step {step_id}"
    starts = [i for i, line in enumerate(lines) if line.startswith("? ")]
    if len(starts) != 1:
        _fail(path, where, "a step has exactly one check question ('? ...')")
    body_lines, question_lines = lines[:starts[0]], lines[starts[0]:]
    image = None
    kept = []
    for line in body_lines:
        match = IMAGE.match(line)
        if match and image is None:
            image = Image(match.group(1).strip(), match.group(2))
            continue
        kept.append(line)
    body = "\n".join(kept).strip()
    if not body:
        _fail(path, where, "a step needs a text")
    if "<" in body and re.search(r"<[a-zA-Z/!]", body):
        _fail(path, where, "no HTML in lessons: use Markdown")
    if OUTSIDE_LINK.search(body):
        _fail(path, where, "no links out of the kiosk; link glossary words as (glossary:key)")
    if len(body.split()) > MAX_STEP_WORDS:
        _fail(path, where, f"a step is one idea: at most {MAX_STEP_WORDS} words")
    if image is not None:
        if image.source.startswith("icon:"):
            exists = (ICONS / f"{image.source[5:]}.svg").is_file()
        else:
            exists = "/" not in image.source and (IMAGES / image.source).is_file()
        if not exists:
            _fail(path, where, f"the illustration {image.source} does not exist")
    return Step(step_id, title.strip(), body, image, _question(path, step_id, question_lines))


def load_file(path: Path) -> tuple[dict, Text]:
    source = path.read_text(encoding="utf-8")
    if not source.startswith("+++\n") or "\n+++\n" not in source[3:]:
        _fail(path, "top", "the file starts with front matter between +++ lines")
    front, rest = source[4:].split("\n+++\n", 1)
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        _fail(path, "front matter", str(error))
    for name, kind in (("module", str), ("version", int), ("order", int), ("minutes", int),
                       ("title", str), ("summary", str)):
        if not isinstance(meta.get(name), kind) or meta.get(name) in ("", 0):
            _fail(path, "front matter", f"'{name}' is missing or of the wrong kind")
    steps, current, lines = [], None, []
    for line in rest.splitlines():
        match = STEP_HEADING.match(line)
        if match:
            if current:
                steps.append(_step(path, *current, lines))
            current, lines = (match.group(1), match.group(2)), []
        elif line.startswith("## "):
            _fail(path, "steps", f"a step heading needs an id: {line!r} (## Title {{#id}})")
        elif current:
            lines.append(line)
        elif line.strip():
            _fail(path, "top", "text before the first step")
    if current:
        steps.append(_step(path, *current, lines))
    if not steps:
        _fail(path, "steps", "a lesson needs at least one step")
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        _fail(path, "steps", "two steps have the same id")
    return meta, Text(meta["title"], meta["summary"], tuple(steps))


def _module(folder: Path) -> Module:
    match = FOLDER.match(folder.name)
    if not match:
        raise LessonError(f"{folder.name}: a module folder is named NN-key, e.g. 01-terminal")
    found = {}
    for language in locales.KIOSK:
        path = folder / f"{language}.md"
        if not path.is_file():
            if language in LANGUAGES:
                raise LessonError(f"{folder.name}: the lesson has no {language}.md")
            continue  # not translated yet: the kiosk shows bokmål
        found[language] = load_file(path)
    meta, nb = found["nb"]
    if meta["module"] != match.group(2) or meta["order"] != int(match.group(1)):
        _fail(folder / "nb.md", "front matter", "'module' and 'order' must match the folder")
    for language, (meta_other, other) in found.items():
        if language != "nb":
            _same_as_nb(folder / f"{language}.md", meta, nb, meta_other, other)
    return Module(meta["module"], meta["order"], meta["version"], meta["minutes"],
                  {language: text for language, (_meta, text) in found.items()})


def _same_as_nb(path: Path, meta: dict, nb: Text, meta_other: dict, other: Text) -> None:
    """A translation has the bokmål lesson's steps, questions and illustrations."""
    for name in ("module", "version", "order", "minutes"):
        if meta[name] != meta_other[name]:
            _fail(path, "front matter", f"'{name}' differs from nb.md")
    if [s.id for s in nb.steps] != [s.id for s in other.steps]:
        _fail(path, "steps", "the steps must be the same, in the same order, as in nb.md")
    for a, b in zip(nb.steps, other.steps):
        if (len(a.question.options), a.question.correct) != (len(b.question.options),
                                                             b.question.correct):
            _fail(path, f"step {a.id}", "the question's options and right answer must match "
                                        "nb.md")
        if (a.image is None) != (b.image is None) or (a.image and a.image.source
                                                      != b.image.source):
            _fail(path, f"step {a.id}", "the illustration must be the same as in nb.md")


def load_glossary(path: Path) -> dict[str, Term]:
    try:
        data = content.read(path)  # with each locale's texts (glossary.pl.toml) laid in
    except (OSError, tomllib.TOMLDecodeError, content.ContentError) as error:
        raise LessonError(f"{path.name}: {error}") from error
    terms = {}
    for index, entry in enumerate(data.get("term", [])):
        key = entry.get("key")
        where = f"{path.name}: term {index + 1}"
        if not isinstance(key, str) or not re.match(r"^[a-z0-9_]+$", key) or key in terms:
            raise LessonError(f"{where}: 'key' must be a new lower-case identifier")
        for name in ("words", "title", "text"):
            table = entry.get(name, {})
            if not all(table.get(lang) for lang in LANGUAGES):
                raise LessonError(f"{where} ({key}): '{name}' needs nb and en")
        terms[key] = Term(key, {lang: tuple(words) for lang, words in entry["words"].items()},
                          dict(entry["title"]), dict(entry["text"]))
    return terms


def load(directory: Path | None = None) -> Catalogue:
    directory = directory or DIRECTORY
    catalogue = Catalogue(glossary=load_glossary(directory / "glossary.toml"))
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        module = _module(folder)
        if module.key in catalogue.modules:
            raise LessonError(f"{folder.name}: the module {module.key} exists twice")
        catalogue.modules[module.key] = module
        for language, text in module.texts.items():
            for step in text.steps:
                for key in GLOSSARY_LINK.findall(step.body):
                    if key not in catalogue.glossary:
                        raise LessonError(f"{folder.name}/{language}.md: step {step.id}: the "
                                          f"glossary has no term '{key}'")
    return catalogue


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load()

