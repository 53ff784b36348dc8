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
"""
from __future__ import annotations

import re
import threading
import tomllib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from core import PROJECT_ROOT, content, locales

DIRECTORY = PROJECT_ROOT / "content" / "lessons"
IMAGES = PROJECT_ROOT / "static" / "lessons"
ICONS = PROJECT_ROOT / "static" / "vendor" / "icons"
LANGUAGES = ("nb", "en")  # in every module; locales.KIOSK_ONLY where translated
FOLDER = re.compile(r"^(\d{2})-([a-z][a-z0-9_]*)$")
STEP_HEADING = re.compile(r"^## (.+?) \{#([a-z][a-z0-9_]*)\}\s*$")
IMAGE = re.compile(r"^!\[([^\]]+)\]\(([^)\s]+)\)\s*$")
OPTION = re.compile(r"^- \[( |x)\] (.+)$")
GLOSSARY_LINK = re.compile(r"\]\(glossary:([a-z0-9_]+)\)")
OUTSIDE_LINK = re.compile(r"\]\((?!glossary:)[^)]*\)|<https?:|https?://")
MAX_STEP_WORDS = 160


class LessonError(ValueError):
    """A lesson or the glossary is broken; the message names the file and the place."""


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    correct: int  # the index of the right option
    explanation: str


@dataclass(frozen=True)
class Image:
    alt: str
    source: str  # a file in static/lessons/, or "icon:Name"

    @property
    def static_path(self) -> str:
        if self.source.startswith("icon:"):
            return f"vendor/icons/{self.source[5:]}.svg"
        return f"lessons/{self.source}"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str  # Markdown
    image: Image | None
    question: Question


@dataclass(frozen=True)
class Text:
    """A module in one language."""

    title: str
    summary: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Module:
    key: str
    order: int
    version: int
    minutes: int
    texts: dict[str, Text]

    def text(self, language: str) -> Text:
        return self.texts.get(language) or self.texts["nb"]

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.texts["nb"].steps)


@dataclass(frozen=True)
class Term:
    key: str
    words: dict[str, tuple[str, ...]]
    titles: dict[str, str]
    texts: dict[str, str]

    def word_forms(self, language: str) -> tuple[str, ...]:
        return self.words.get(language) or self.words["nb"]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["nb"]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["nb"]


# Steps rendered to HTML kept per process, the least recently shown dropped first: every
# step in the kiosk's ten languages is 700 today, a few KB each (issue 20: bounded caches;
# about 3 MB at most).
STEP_CACHE_LIMIT = 1024


@dataclass
class Catalogue:
    modules: dict[str, Module] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    step_cache_limit: int = field(default=STEP_CACHE_LIMIT, repr=False, compare=False)
    _shown: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    _shown_lock: threading.Lock = field(default_factory=threading.Lock, repr=False,
                                        compare=False)

    def ordered(self) -> list[Module]:
        return sorted(self.modules.values(), key=lambda m: m.order)

    def step_html(self, step: Step, language: str, glossary_url: str) -> Markup:
        """``render`` with this catalogue's glossary, kept per step, language and glossary
        address (the files do not change while the app runs), at most
        ``step_cache_limit`` of them."""
        key = (id(step), language, glossary_url)
        with self._shown_lock:
            html = self._shown.get(key)
            if html is not None:
                self._shown.move_to_end(key)
                return html
        html = render(step, language, self.glossary, glossary_url)
        with self._shown_lock:
            html = self._shown.setdefault(key, html)  # another thread may have been first
            self._shown.move_to_end(key)
            while len(self._shown) > self.step_cache_limit:
                self._shown.popitem(last=False)
        return html

    def cached_steps(self) -> int:
        """How many rendered steps are kept now."""
        return len(self._shown)


# Reading -------------------------------------------------------------------------------

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


# Showing -------------------------------------------------------------------------------

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _glossary_pattern(terms: dict[str, Term], language: str) -> list[tuple[re.Pattern, str]]:
    found = []
    for term in terms.values():
        for word in term.word_forms(language):
            found.append((re.compile(rf"(?<![\w-])({re.escape(word)})(?![\w-])", re.IGNORECASE),
                          term.key))
    return sorted(found, key=lambda pair: -len(pair[0].pattern))


def render(step: Step, language: str, glossary: dict[str, Term], glossary_url: str) -> Markup:
    """The step's text as HTML (no raw HTML from the file). Each glossary word is linked
    where it first appears in the step; `(glossary:key)` links become glossary links."""
    body = GLOSSARY_LINK.sub(lambda m: f"]({glossary_url}#{m.group(1)})", step.body)
    tokens = _markdown.parse(body)
    children = [child for token in tokens for child in token.children or []]
    linked: set[str] = set()  # terms linked by hand are not linked again
    for child in children:
        href = child.attrGet("href") or "" if child.type == "link_open" else ""
        if href.startswith(glossary_url + "#"):
            linked.add(href.split("#", 1)[1])
            child.attrSet("class", "aksel-link bb-glossary-link")
    patterns = _glossary_pattern(glossary, language)
    inside_link = 0
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                inside_link += 1
            elif child.type == "link_close":
                inside_link -= 1
            elif child.type == "text" and not inside_link:
                child.content = _link_words(child.content, patterns, linked, glossary_url)
                child.type = "html_inline"  # already escaped by _link_words
    return Markup(_markdown.renderer.render(tokens, _markdown.options, {}))


def _link_words(text: str, patterns, linked: set[str], glossary_url: str) -> str:
    pieces = [(text, None)]
    for pattern, key in patterns:
        if key in linked:
            continue
        for index, (piece, owner) in enumerate(pieces):
            if owner is not None:
                continue
            match = pattern.search(piece)
            if match:
                before, word, after = piece[:match.start()], match.group(1), piece[match.end():]
                pieces[index:index + 1] = [(before, None), (word, key), (after, None)]
                linked.add(key)
                break
    return "".join(str(escape(piece)) if owner is None else
                   f'<a class="aksel-link bb-glossary-link" href="{glossary_url}#{owner}">'
                   f"{escape(piece)}</a>" for piece, owner in pieces)


def plain_text(step: Step, order: list[int] | None = None) -> str:
    """What read-aloud says: the title, the text without Markdown, and the question with
    its options in the order shown (the file's order when none is given)."""
    words = re.sub(r"[*_`#>]|\]\([^)]*\)|\[", "", step.body)
    shown = order if order is not None else range(len(step.question.options))
    options = ". ".join(step.question.options[index] for index in shown)
    return f"{step.title}.\n{words}\n{step.question.text}\n{options}."
