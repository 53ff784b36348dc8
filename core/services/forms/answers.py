"""Answers to a generic form's questions: parsing what was typed, checking it against the
definition, showing it back, and the snapshot a submission keeps.

Answers are stored as JSON values: text for text, textarea, choice, date (ISO) and
municipality (the 4-digit number); "yes"/"no" for yesno; a list for multichoice; an int
for number and money. Questions hidden by `show_if` have no answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from babel.numbers import format_decimal

from core import locale_formats
from core.services.forms.definitions import FormDefinition, Question, Step
from core.services.directory.municipalities import by_number

# In every kiosk language (core.locale_formats): the record keeps the inmate's language.
YES_NO = {lang: {"yes": yes, "no": no} for lang, (yes, no) in locale_formats.YES_NO.items()}
NOT_ANSWERED = locale_formats.NOT_ANSWERED
NUMBER = re.compile(r"^-?[0-9]+$")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one answer: ``field`` is the question's key (the input's id),
    ``code`` a stable error code, ``params`` what the message needs."""

    field: str
    code: str
    params: dict = field(default_factory=dict)


class AnswerError(ValueError):
    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def visible(question: Question, answers: dict) -> bool:
    condition = question.show_if
    return condition is None or answers.get(condition.question) in condition.equals


def _number(raw: str, question: Question) -> int:
    text = raw.replace("\u00a0", "").replace(" ", "").lower().removesuffix("kr").strip()
    text = text.removesuffix(",-").removesuffix(".-")
    if not NUMBER.match(text):
        raise AnswerError("number_format")
    value = int(text)
    if not question.minimum <= value <= question.maximum:
        raise AnswerError("number_range", min=question.minimum, max=question.maximum)
    return value


def _date(raw: str) -> str:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date().isoformat()
        except ValueError:
            continue
    raise AnswerError("date_format")


def parse(question: Question, raw):
    """The stored value for what was typed or chosen, or AnswerError."""
    if question.type == "multichoice":
        values = [v for v in (raw if isinstance(raw, list) else [raw] if raw else [])]
        if not set(values) <= {o.value for o in question.options}:
            raise AnswerError("choice_unknown")
        if not values and question.required:
            raise AnswerError("choose_one_or_more")
        return [o.value for o in question.options if o.value in values] or None
    text = (raw[0] if isinstance(raw, list) and raw else raw or "")
    text = str(text).strip()
    if not text:
        if question.required:
            raise AnswerError("choose_one" if question.type in ("yesno", "choice",
                                                                 "municipality")
                              else "answer_required")
        return None
    if question.type in ("text", "textarea"):
        if len(text) > question.max_length:
            raise AnswerError("text_too_long", max=question.max_length)
        return text
    if question.type in ("number", "money"):
        return _number(text, question)
    if question.type == "yesno":
        if text not in ("yes", "no"):
            raise AnswerError("choice_unknown")
        return text
    if question.type == "choice":
        if question.option(text) is None:
            raise AnswerError("choice_unknown")
        return text
    if question.type == "date":
        return _date(text)
    if question.type == "municipality":
        if by_number(text) is None:
            raise AnswerError("municipality_unknown")
        return text
    raise AnswerError("choice_unknown")  # pragma: no cover - types are checked at load


def check_step(step: Step, raw: dict, earlier: dict) -> tuple[dict, list[Problem]]:
    """Parse a step's answers. ``raw`` maps question keys to what was typed (str or list);
    ``earlier`` holds the answers given so far (for show_if). Returns (values, problems):
    every question of the step gets a value (None when hidden or left empty)."""
    values, problems = {}, []
    for question in step.questions:
        context = {**earlier, **values}
        if not visible(question, context):
            values[question.key] = None
            continue
        try:
            values[question.key] = parse(question, raw.get(question.key))
        except AnswerError as error:
            values[question.key] = raw.get(question.key)  # kept, so nothing typed is lost
            problems.append(Problem(question.key, error.code, error.params))
    return values, problems


def check_all(definition: FormDefinition, answers: dict) -> list[Problem]:
    """Every step again, on the stored answers (a draft may be old or tampered with)."""
    problems, seen = [], {}
    for step in definition.steps:
        raw = {k: _as_raw(answers.get(k)) for k in (q.key for q in step.questions)}
        values, found = check_step(step, raw, seen)
        seen.update(values)
        problems += found
    return problems


def _as_raw(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return value
    return str(value)


def clean(definition: FormDefinition, answers: dict) -> dict:
    """The answers with hidden questions removed (after a change elsewhere)."""
    result = {}
    for step in definition.steps:
        for question in step.questions:
            if visible(question, result) and answers.get(question.key) not in (None, "", []):
                result[question.key] = answers[question.key]
    return result


def display(question: Question, value, language: str) -> str:
    """An answer as the inmate and staff read it, in ``language``."""
    lang = locale_formats.language(language)
    if value in (None, "", []):
        return NOT_ANSWERED[lang]
    if question.type == "yesno":
        return YES_NO[lang].get(value, str(value))
    if question.type == "choice":
        option = question.option(value)
        return option.label(lang) if option else str(value)
    if question.type == "multichoice":
        return "; ".join(o.label(lang) for o in question.options if o.value in value)
    if question.type == "money":
        return f"{format_decimal(value, locale=lang)} kr"
    if question.type == "number":
        return format_decimal(value, locale=lang)
    if question.type == "date":
        # day, month in words, year, as core.web.dates writes dates (never the US order)
        return locale_formats.date_text(date.fromisoformat(value), lang)
    if question.type == "municipality":
        place = by_number(value)
        return f"{place.name} ({place.number})" if place else str(value)
    return str(value)


def _bokmal(text, language: str, name: str) -> dict:
    """Bokmål's text beside one in another language, for the staff's reading of the record
    (issue 18: staff see every question in bokmål beside what the inmate saw)."""
    return {} if language == "nb" else {f"{name}_nb": text("nb")}


def snapshot(definition: FormDefinition, answers: dict, language: str) -> dict:
    """Every text the inmate saw, as rendered in ``language``, with each answer: the
    record a submission keeps, readable whatever later happens to the definition."""
    steps = []
    for step in definition.steps:
        items = [{"key": q.key, "label": q.label(language),
                  "hint": q.hint(language) if q.hint else "",
                  "answer": answers.get(q.key), "shown": display(q, answers.get(q.key), language),
                  **_bokmal(q.label, language, "label")}
                 for q in step.questions if visible(q, answers)]
        steps.append({"key": step.key, "title": step.title(language),
                      "guidance": step.guidance(language) if step.guidance else "",
                      "items": items, **_bokmal(step.title, language, "title")})
    return {"form": definition.key, "version": definition.version, "language": language,
            "title": definition.title(language), "intro": definition.intro(language),
            "steps": steps, "confirm": definition.confirm(language),
            "receipt": definition.receipt(language)}
