"""The practice tasks and the pretend adviser: content/practice/*.toml.

``tasks.toml`` holds the codes of the pretend login and the tasks, each with a goal in nb
and en, its lesson module and what a passing result looks like (see the file's header);
``adviser.toml`` the pretend adviser's pre-written replies and how they are chosen.
Everything is read and checked once, when the kiosk starts: a broken file, a module that
does not exist, an expected answer the form cannot take, or a meldekort task the
meldekort rules would refuse, stops start-up with a message naming the task.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from core import PROJECT_ROOT, locales
from core import content as localised
from core.parsing import is_ascii_digits
from core.services.forms.meldekort import rules as mk
from core.services.forms.definitions import FormDefinition, registry

DIRECTORY = PROJECT_ROOT / "content" / "practice"
LANGUAGES = ("nb", "en")
LOGIN, DIALOG, MELDEKORT = "login", "dialog", "meldekort"
FORM_KINDS = ("jobseeker", "social_assistance")
KINDS = (LOGIN, DIALOG, MELDEKORT, *FORM_KINDS)
METHODS = ("bankid", "minid", "buypass", "commfides")  # the pretend ID-porten's choices
KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
DAY_MARK = re.compile(r"\{day:(\d{1,2})\}")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
MARKS = ("course", "ill", "absence")
ANY_MONDAY = date(2024, 1, 1)  # the rules of a card do not depend on its period


class PracticeContentError(ValueError):
    """A practice file is broken; the message names the file and the task."""


@dataclass(frozen=True)
class Codes:
    national_id: str  # 11 digits, made up
    one_time_code: str  # 6 digits
    password: str


@dataclass(frozen=True)
class DayGoal:
    hours: Decimal | None = None
    course: bool = False
    ill: bool = False
    absence: bool = False


@dataclass(frozen=True)
class Includes:
    """A multiple-choice answer must include these values (others may be chosen too)."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    key: str
    kind: str
    module: str
    titles: dict[str, str]
    goals: dict[str, str]
    # login: {"method"}; dialog: {"topic", "question", "max_length"}; meldekort:
    # {"answers": {question: bool}, "days": {1-14: DayGoal}}; a form: {question: value or
    # Includes}.
    expect: dict = field(default_factory=dict)

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["nb"]

    def goal(self, language: str) -> str:
        """The goal as written; for a meldekort see ``goal_on``."""
        return self.goals.get(language) or self.goals["nb"]

    @property
    def form_key(self) -> str | None:
        """The form a form task fills in (the meldekort too), else None."""
        return self.kind if self.kind in (MELDEKORT, *FORM_KINDS) else None


@dataclass(frozen=True)
class Reply:
    key: str
    keywords: tuple[str, ...]
    topics: dict[str, str]
    texts: dict[str, str]

    def topic(self, language: str) -> str:
        return self.topics.get(language) or self.topics["nb"]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["nb"]


@dataclass(frozen=True)
class Adviser:
    names: dict[str, str]
    replies: tuple[Reply, ...]
    default: dict[str, str]
    question_words: frozenset[str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["nb"]

    def default_text(self, language: str) -> str:
        return self.default.get(language) or self.default["nb"]

    def reply(self, key: str) -> Reply | None:
        return next((r for r in self.replies if r.key == key), None)


@dataclass(frozen=True)
class Content:
    codes: Codes
    tasks: dict[str, Task]  # in file order
    adviser: Adviser

    def for_module(self, module: str) -> list[Task]:
        return [t for t in self.tasks.values() if t.module == module]


# Reading -------------------------------------------------------------------------------

def _read(path: Path) -> dict:
    try:
        return localised.read(path)  # with each locale's texts (tasks.pl.toml) laid in
    except (OSError, tomllib.TOMLDecodeError, localised.ContentError) as error:
        raise PracticeContentError(f"{path.name}: {error}") from error


def _texts(table, name: str, where: str) -> dict[str, str]:
    value = table.get(name) if isinstance(table, dict) else None
    if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES):
        raise PracticeContentError(f"{where}: '{name}' needs a text in nb and en")
    unknown = sorted(set(value) - set(locales.KIOSK))
    if unknown:
        raise PracticeContentError(f"{where}: '{name}' has an unknown language {unknown}")
    return {lang: text.strip() for lang, text in value.items()}


def _codes(data: dict) -> Codes:
    table = data.get("codes")
    if not isinstance(table, dict):
        raise PracticeContentError("tasks.toml: [codes] is missing")
    codes = Codes(str(table.get("national_id", "")), str(table.get("one_time_code", "")),
                  str(table.get("password", "")))
    if not re.fullmatch(r"[0-9]{11}", codes.national_id):
        raise PracticeContentError("tasks.toml: codes: 'national_id' must be 11 digits")
    if not _check_digits_wrong(codes.national_id):
        raise PracticeContentError("tasks.toml: codes: 'national_id' must not be a valid "
                                   "national identity number: it could be someone's")
    if not re.fullmatch(r"[0-9]{6}", codes.one_time_code):
        raise PracticeContentError("tasks.toml: codes: 'one_time_code' must be 6 digits")
    if not 4 <= len(codes.password) <= 32:
        raise PracticeContentError("tasks.toml: codes: 'password' must be 4 to 32 characters")
    return codes


def _check_digits_wrong(number: str) -> bool:
    """Whether a national identity number fails the mod-11 check of its last two digits."""
    digits = [int(c) for c in number]
    first = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11
    second = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2),
                                             digits[:9] + [first % 11])) % 11
    return (first % 11, second % 11) != (digits[9], digits[10]) or 10 in (first, second)


def _adviser(data: dict) -> Adviser:
    where = "adviser.toml"
    replies = []
    for index, table in enumerate(data.get("reply", [])):
        key = table.get("key")
        here = f"{where}: reply {index + 1}"
        if not isinstance(key, str) or not KEY.match(key) or any(r.key == key for r in replies):
            raise PracticeContentError(f"{here}: 'key' must be a new lower-case identifier")
        keywords = table.get("keywords")
        if not keywords or not all(isinstance(k, str) and k.strip() for k in keywords):
            raise PracticeContentError(f"{here} ({key}): 'keywords' must list some words")
        replies.append(Reply(key, tuple(k.strip().lower() for k in keywords),
                             _texts(table, "topic", f"{here} ({key})"),
                             _texts(table, "text", f"{here} ({key})")))
    if not replies:
        raise PracticeContentError(f"{where}: the adviser needs some replies")
    words = data.get("question_words", [])
    if not all(isinstance(w, str) and w.strip() for w in words):
        raise PracticeContentError(f"{where}: 'question_words' must be a list of words")
    return Adviser(_texts(data, "name", where), tuple(replies),
                   _texts(data.get("default", {}), "text", f"{where}: [default]"),
                   frozenset(w.strip().lower() for w in words))


def _task(table: dict, index: int, adviser: Adviser, modules: set[str] | None) -> Task:
    key = table.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise PracticeContentError(f"tasks.toml: task {index + 1}: 'key' must be a lower-case "
                                   "identifier")
    where = f"tasks.toml: task {key}"
    kind = table.get("kind")
    if kind not in KINDS:
        raise PracticeContentError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
    module = table.get("module")
    if not isinstance(module, str) or (modules is not None and module not in modules):
        raise PracticeContentError(f"{where}: 'module' must be the key of a lesson module")
    goals = _texts(table, "goal", where)
    for text in goals.values():
        for placeholder in PLACEHOLDER.findall(text):
            number = DAY_MARK.fullmatch(placeholder)
            if kind != MELDEKORT or not number or not 1 <= int(number.group(1)) <= 14:
                raise PracticeContentError(f"{where}: the goal has an unknown placeholder "
                                           f"{placeholder} (a meldekort task may use {{day:1}} "
                                           "to {day:14})")
    expect = table.get("expect")
    if not isinstance(expect, dict):
        raise PracticeContentError(f"{where}: 'expect' is missing")
    if kind == LOGIN:
        expect = _login_goal(expect, where)
    elif kind == DIALOG:
        expect = _dialog_goal(expect, where, adviser)
    elif kind == MELDEKORT:
        expect = _meldekort_goal(expect, where)
    else:
        definition = registry().current(kind, date.max)  # the newest version
        if definition is None:
            raise PracticeContentError(f"{where}: there is no form '{kind}'")
        expect = _form_goal(expect, where, definition)
    return Task(key, kind, module, _texts(table, "title", where), goals, expect)


def _login_goal(expect: dict, where: str) -> dict:
    if expect.get("method") not in METHODS or set(expect) != {"method"}:
        raise PracticeContentError(f"{where}: expect = {{ method = one of {', '.join(METHODS)} }}")
    return dict(expect)


def _dialog_goal(expect: dict, where: str, adviser: Adviser) -> dict:
    topic = expect.get("topic")
    length = expect.get("max_length", 1000)
    if topic is not None and adviser.reply(topic) is None:
        raise PracticeContentError(f"{where}: 'topic' must be a reply key of adviser.toml")
    if not isinstance(expect.get("question", False), bool):
        raise PracticeContentError(f"{where}: 'question' must be true or false")
    if not isinstance(length, int) or not 50 <= length <= 1000:
        raise PracticeContentError(f"{where}: 'max_length' must be from 50 to 1000")
    unknown = set(expect) - {"topic", "question", "max_length"}
    if unknown:
        raise PracticeContentError(f"{where}: unknown expectations {sorted(unknown)}")
    return {"topic": topic, "question": expect.get("question", False), "max_length": length}


def _meldekort_goal(expect: dict, where: str) -> dict:
    answers = expect.get("answers")
    questions = [q.value for q in mk.CLASSIC_QUESTIONS]
    if (not isinstance(answers, dict) or set(answers) != set(questions)
            or not all(isinstance(v, bool) for v in answers.values())):
        raise PracticeContentError(f"{where}: expect.answers must answer {', '.join(questions)} "
                                   "with true or false")
    days = {}
    for number, table in (expect.get("days") or {}).items():
        if not is_ascii_digits(str(number)) or not 1 <= int(number) <= 14 or not isinstance(table, dict):
            raise PracticeContentError(f"{where}: expect.days: day '{number}' must be 1 to 14")
        unknown = set(table) - {"hours", *MARKS}
        if unknown or not all(isinstance(table.get(m, False), bool) for m in MARKS):
            raise PracticeContentError(f"{where}: day {number}: use hours = \"7.5\" and "
                                       "course, ill or absence = true")
        try:
            hours = mk.parse_hours(str(table["hours"])) if "hours" in table else None
        except mk.HoursNotANumber as error:
            raise PracticeContentError(f"{where}: day {number}: hours must be a number") from error
        days[int(number)] = DayGoal(hours, *(bool(table.get(m, False)) for m in MARKS))
    # The goal must be a card the meldekort's own rules accept: otherwise no one can pass.
    card = card_for(mk.Period(ANY_MONDAY), answers, days)
    problems = mk.validate(mk.normalise(card), mk.Benefit.DAGPENGER)
    if problems or mk.normalise(card) != card:
        found = problems[0].code if problems else "a day is marked in a row answered no"
        raise PracticeContentError(f"{where}: the meldekort rules refuse the goal ({found})")
    return {"answers": dict(answers), "days": days}


def card_for(period: mk.Period, answers: dict[str, bool], days: dict[int, DayGoal]) -> mk.Card:
    """The card a meldekort goal describes, in ``period``."""
    grid = mk.Grid()
    for number, goal in days.items():
        grid = grid.with_day(number, mk.Day(goal.hours, goal.course, goal.ill, goal.absence))
    return mk.Card(period, mk.Answers.from_dict(answers), grid)


def _form_goal(expect: dict, where: str, definition: FormDefinition) -> dict:
    from core.services.forms import answers as form_answers

    questions = definition.questions
    goal = {}
    for key, value in expect.items():
        question = questions.get(key)
        if question is None:
            raise PracticeContentError(f"{where}: the form {definition.key} has no question "
                                       f"'{key}'")
        if isinstance(value, dict):
            values = value.get("includes")
            if (question.type != "multichoice" or set(value) != {"includes"} or not values
                    or not set(values) <= {o.value for o in question.options}):
                raise PracticeContentError(f"{where}: {key}: 'includes' lists options of a "
                                           "multiple-choice question")
            goal[key] = Includes(tuple(values))
            continue
        try:
            parsed = form_answers.parse(question, str(value))
        except form_answers.AnswerError as error:
            raise PracticeContentError(f"{where}: {key}: the form refuses {value!r} "
                                       f"({error.code})") from error
        if parsed != value or question.type == "multichoice":
            raise PracticeContentError(f"{where}: {key}: write the answer as the form stores "
                                       f"it ({parsed!r})")
        goal[key] = value
    return goal


def load(directory: Path | None = None, *, modules: set[str] | None = None) -> Content:
    """The practice content in ``directory``. ``modules`` are the lesson modules tasks may
    belong to (None: any)."""
    directory = directory or DIRECTORY
    adviser = _adviser(_read(directory / "adviser.toml"))
    data = _read(directory / "tasks.toml")
    codes = _codes(data)
    tasks: dict[str, Task] = {}
    for index, table in enumerate(data.get("task", [])):
        task = _task(table if isinstance(table, dict) else {}, index, adviser, modules)
        if task.key in tasks:
            raise PracticeContentError(f"tasks.toml: the task {task.key} exists twice")
        tasks[task.key] = task
    if not tasks:
        raise PracticeContentError("tasks.toml: there are no tasks")
    return Content(codes, tasks, adviser)


@lru_cache(maxsize=1)
def content() -> Content:
    from core.services.learning.lessons import catalogue

    return load(modules=set(catalogue().modules))
