"""Form definitions: versioned TOML files under content/forms/<key>/v<N>.toml.

A definition holds a form's steps, questions, field types, validation rules and every
text in bokmål and English. All definitions are loaded and checked when an app starts:
a broken file stops start-up with a message naming the file and the place in it.

The format (see content/forms/README.md for a full example)::

    key = "jobseeker"          # the form; the folder has the same name
    version = 1                # the file is v1.toml
    kind = "generic"           # or "meldekort" (questions, day grid, confirmation)
    valid_from = 2026-01-01    # optional: the first day (or meldekort period) it is used
    teams = ["adviser"]        # whose inbox receives it
    countersign = true         # an officer countersigns before it is sent
    title = { nb = "...", en = "..." }
    intro = { nb = "...", en = "..." }
    confirm = { nb = "...", en = "..." }      # the "I confirm" checkbox
    receipt = { nb = "...", en = "..." }      # what happens next

    [[step]]
    key = "education"
    title = { nb = "...", en = "..." }
    guidance = { nb = "...", en = "..." }     # optional

    [[step.question]]
    key = "level"
    type = "choice"            # text textarea number money yesno choice multichoice date municipality
    required = true            # default true
    label = { nb = "...", en = "..." }
    hint = { nb = "...", en = "..." }         # optional
    max_length = 500           # text and textarea (default 200 and 1000)
    min = 0                    # number and money
    max = 1000000
    show_if = { question = "has_work", equals = ["yes"] }   # an earlier question
    [[step.question.option]]   # choice and multichoice: two or more
    value = "none"
    label = { nb = "...", en = "..." }

A meldekort definition also has a [texts] table with the texts of the day grid and the
confirmations (MELDEKORT_TEXTS), and one step "questions" with the five yes/no
questions of shared/domain/meldekort.md.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from core import PROJECT_ROOT, content, locales

DIRECTORY = PROJECT_ROOT / "content" / "forms"
LANGUAGES = ("nb", "en")  # written in every definition; the kiosk's other locales beside it
TYPES = ("text", "textarea", "number", "money", "yesno", "choice", "multichoice", "date",
         "municipality")
KINDS = ("generic", "meldekort")
TEAMS = ("adviser", "social_worker", "school")
RESERVED_STEPS = ("check", "confirm", "receipt", "grid", "unregister")
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 1000}
LIMIT_MAX_LENGTH = 2000
MELDEKORT_QUESTIONS = ("arbeidet", "kurs", "syk", "annetFravaer", "arbeidssoker")
MELDEKORT_TEXTS = ("grid_title", "grid_guidance", "row_work", "row_course", "row_ill",
                   "row_absence", "unregister_title", "unregister_confirm", "late_notice")
KEY = re.compile(r"^[a-z][a-zA-Z0-9_]{0,31}$")


class DefinitionError(ValueError):
    """A definition file is broken. The message names the file and the place."""


@dataclass(frozen=True)
class Text:
    """A text in every language; calling it gives the language asked for, else bokmål."""

    values: dict[str, str]

    def __call__(self, language: str) -> str:
        return self.values.get(language) or self.values["nb"]


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class Condition:
    question: str
    equals: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    label: Text
    hint: Text | None = None
    required: bool = True
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    guidance: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class FormDefinition:
    key: str
    version: int
    kind: str
    valid_from: date | None
    teams: tuple[str, ...]
    countersign: bool
    title: Text
    intro: Text
    confirm: Text
    receipt: Text
    steps: tuple[Step, ...]
    texts: dict[str, Text] = field(default_factory=dict)
    path: str = ""

    @property
    def questions(self) -> dict[str, Question]:
        return {q.key: q for s in self.steps for q in s.questions}

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)


# Reading -------------------------------------------------------------------------------

class _Reader:
    """Checks one file, naming the place of every problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str):
        raise DefinitionError(f"{self.path.parent.name}/{self.path.name}: {where}: {problem}")

    def text(self, table: dict, name: str, where: str, optional: bool = False) -> Text | None:
        value = table.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.fail(where, f"'{name}' must be a table of texts with nb and en")
        missing = [lang for lang in LANGUAGES if not str(value.get(lang, "")).strip()]
        if missing:
            self.fail(where, f"'{name}' has no text in {', '.join(missing)}")
        unknown = sorted(set(value) - set(locales.KIOSK))
        if unknown:
            self.fail(where, f"'{name}' has an unknown language {unknown}")
        return Text({lang: str(text).strip() for lang, text in value.items()})

    def key(self, table: dict, where: str) -> str:
        key = table.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            self.fail(where, "'key' must be a short identifier (letters, digits, _)")
        return key

    def question(self, table: dict, where: str, earlier: dict[str, Question]) -> Question:
        key = self.key(table, where)
        where = f"{where} ({key})"
        kind = table.get("type")
        if kind not in TYPES:
            self.fail(where, f"'type' must be one of {', '.join(TYPES)}")
        options = tuple(Option(str(o.get("value", "")), self.text(o, "label", f"{where} option"))
                        for o in table.get("option", []))
        if kind in ("choice", "multichoice"):
            values = [o.value for o in options]
            if len(options) < 2 or len(set(values)) != len(values) or not all(values):
                self.fail(where, "a choice needs two or more options with different values")
        elif options:
            self.fail(where, f"a {kind} question has no options")
        max_length = table.get("max_length", DEFAULT_MAX_LENGTH.get(kind))
        if kind in DEFAULT_MAX_LENGTH and not (isinstance(max_length, int)
                                               and 1 <= max_length <= LIMIT_MAX_LENGTH):
            self.fail(where, f"'max_length' must be from 1 to {LIMIT_MAX_LENGTH}")
        minimum, maximum = table.get("min"), table.get("max")
        if kind in ("number", "money"):
            if not all(isinstance(v, int) for v in (minimum, maximum)) or minimum > maximum:
                self.fail(where, "a number needs whole numbers 'min' and 'max', min <= max")
        condition = None
        if "show_if" in table:
            condition = self.condition(table["show_if"], where, earlier)
        required = table.get("required", True)
        if not isinstance(required, bool):
            self.fail(where, "'required' must be true or false")
        return Question(key, kind, self.text(table, "label", where),
                        self.text(table, "hint", where, optional=True), required,
                        max_length if kind in DEFAULT_MAX_LENGTH else None,
                        minimum, maximum, options, condition)

    def condition(self, table, where: str, earlier: dict[str, Question]) -> Condition:
        if not isinstance(table, dict):
            self.fail(where, "'show_if' must be a table")
        target = earlier.get(table.get("question"))
        if target is None:
            self.fail(where, "'show_if' must name an earlier question")
        equals = table.get("equals")
        equals = [equals] if isinstance(equals, str) else equals
        allowed = {"yes", "no"} if target.type == "yesno" else {o.value for o in target.options}
        if target.type not in ("yesno", "choice") or not equals or not set(equals) <= allowed:
            self.fail(where, "'show_if' must compare a yes/no or choice question with its values")
        return Condition(target.key, tuple(equals))

    def definition(self, data: dict) -> FormDefinition:
        key = self.key(data, "top")
        if key != self.path.parent.name:
            self.fail("top", f"'key' must be the folder's name ({self.path.parent.name})")
        version = data.get("version")
        if not isinstance(version, int) or version < 1 or self.path.stem != f"v{version}":
            self.fail("top", "'version' must be a whole number matching the file name (vN.toml)")
        kind = data.get("kind", "generic")
        if kind not in KINDS:
            self.fail("top", f"'kind' must be one of {', '.join(KINDS)}")
        valid_from = data.get("valid_from")
        if valid_from is not None and not isinstance(valid_from, date):
            self.fail("top", "'valid_from' must be a date (YYYY-MM-DD)")
        teams = data.get("teams")
        if not teams or not set(teams) <= set(TEAMS):
            self.fail("top", f"'teams' must list some of {', '.join(TEAMS)}")
        countersign = data.get("countersign", True)
        if not isinstance(countersign, bool):
            self.fail("top", "'countersign' must be true or false")
        steps, earlier = [], {}
        for index, table in enumerate(data.get("step", [])):
            where = f"step {index + 1}"
            step_key = self.key(table, where)
            if step_key in RESERVED_STEPS or any(s.key == step_key for s in steps):
                self.fail(where, f"the step key '{step_key}' is reserved or used twice")
            questions = []
            for number, q in enumerate(table.get("question", [])):
                question = self.question(q, f"{where} ({step_key}), question {number + 1}",
                                         earlier)
                if question.key in earlier:
                    self.fail(where, f"the question key '{question.key}' is used twice")
                earlier[question.key] = question
                questions.append(question)
            if not questions:
                self.fail(where, "a step needs at least one question")
            steps.append(Step(step_key, self.text(table, "title", where),
                              self.text(table, "guidance", where, optional=True),
                              tuple(questions)))
        if not steps:
            self.fail("top", "a form needs at least one step")
        texts = {name: self.text(data.get("texts", {}), name, "texts")
                 for name in data.get("texts", {})}
        if kind == "meldekort":
            self.meldekort(steps, texts)
        return FormDefinition(
            key, version, kind, valid_from, tuple(teams), countersign,
            self.text(data, "title", "top"), self.text(data, "intro", "top"),
            self.text(data, "confirm", "top"), self.text(data, "receipt", "top"),
            tuple(steps), texts, f"{self.path.parent.name}/{self.path.name}")

    def meldekort(self, steps: list[Step], texts: dict) -> None:
        keys = [(s.key, tuple((q.key, q.type) for q in s.questions)) for s in steps]
        wanted = [("questions", tuple((q, "yesno") for q in MELDEKORT_QUESTIONS))]
        if keys != wanted:
            self.fail("steps", "a meldekort has one step 'questions' with the yes/no questions "
                      + ", ".join(MELDEKORT_QUESTIONS) + ", in that order")
        missing = [t for t in MELDEKORT_TEXTS if t not in texts]
        if missing:
            self.fail("texts", f"a meldekort needs the texts {', '.join(missing)}")


def load_file(path: Path) -> FormDefinition:
    try:
        data = content.read(path)  # with each locale's texts (v1.pl.toml) laid in
    except (tomllib.TOMLDecodeError, content.ContentError) as error:
        raise DefinitionError(f"{path.parent.name}/{path.name}: {error}") from error
    return _Reader(path).definition(data)


# The registry --------------------------------------------------------------------------

class Registry:
    def __init__(self, definitions: list[FormDefinition]) -> None:
        self._all: dict[str, list[FormDefinition]] = {}
        for definition in definitions:
            self._all.setdefault(definition.key, []).append(definition)
        for versions in self._all.values():
            versions.sort(key=lambda d: d.version)

    def keys(self) -> list[str]:
        return sorted(self._all)

    def get(self, key: str, version: int) -> FormDefinition | None:
        return next((d for d in self._all.get(key, []) if d.version == version), None)

    def current(self, key: str, on: date) -> FormDefinition | None:
        """The newest version in use on ``on`` (for a meldekort: the period's first day)."""
        usable = [d for d in self._all.get(key, []) if d.valid_from is None or d.valid_from <= on]
        return usable[-1] if usable else None


def load(directory: Path | None = None) -> Registry:
    directory = directory or DIRECTORY
    definitions = [load_file(path) for path in content.files(directory)
                   if re.match(r"^v\d+\.toml$", path.name)]
    return Registry(definitions)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return load()
