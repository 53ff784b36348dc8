"""Checking a practice task's result against its goal: each difference is a ``Mistake``.

Pure: no database and no texts. A mistake has a stable ``code`` and language-neutral
``params`` (question keys, option values, day numbers and dates, counts), so it is kept
in PracticeAttempt.mistakes and explained later in whatever language the page is in
(kiosk/practice/texts.py). An empty list is a pass.

Codes:
- the pretend login: login_not_finished, login_other_method {method},
  login_wrong_national_id / login_wrong_code / login_wrong_password {times}, login_locked;
- the dialog: dialog_no_message, dialog_topic_missing {topic}, dialog_no_question,
  dialog_too_long {length, max}, dialog_secret;
- the forms: form_not_finished {form}; answer_wrong {form, question, expected, given};
  answer_missing_choice {form, question, missing};
- the meldekort: meldekort_answer {question, expected, given}, meldekort_hours {day, date,
  expected, given}, meldekort_mark {day, date, row, expected}.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.services.forms.meldekort import rules as mk
from core.services.learning.practice.content import (MARKS, Adviser, Codes, DayGoal, Includes,
                                                     Reply, Task)

LOGIN_FIELDS = ("national_id", "code", "password")
NATIONAL_ID_LIKE = re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")
QUESTION_MARKS = "?؟"  # and Arabic's question mark (U+061F)
SENTENCE_END = re.compile(r"[.!?؟\n]+")


@dataclass(frozen=True)
class Mistake:
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict) -> Mistake:
        return cls(str(data.get("code", "")), dict(data.get("params") or {}))


# The pretend login ------------------------------------------------------------------------

@dataclass
class LoginState:
    """Where an inmate is in the pretend login, and what went wrong on the way."""

    step: str = "choose"  # choose, national_id, code, password, done
    method: str | None = None
    tried: list[str] = field(default_factory=list)  # other methods chosen, in order
    wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LOGIN_FIELDS, 0))
    locked: bool = False
    lockouts: int = 0

    def as_dict(self) -> dict:
        return {"step": self.step, "method": self.method, "tried": list(self.tried),
                "wrong": dict(self.wrong), "locked": self.locked, "lockouts": self.lockouts}

    @classmethod
    def from_dict(cls, data: dict | None) -> LoginState:
        data = data or {}
        wrong = dict.fromkeys(LOGIN_FIELDS, 0)
        wrong.update({k: int(v) for k, v in (data.get("wrong") or {}).items() if k in wrong})
        return cls(data.get("step", "choose"), data.get("method"), list(data.get("tried", [])),
                   wrong, bool(data.get("locked")), int(data.get("lockouts", 0)))


def check_login(task: Task, state: LoginState) -> list[Mistake]:
    mistakes = []
    if state.step != "done" or state.method != task.expect["method"]:
        mistakes.append(Mistake("login_not_finished"))
    for method in dict.fromkeys(state.tried):
        if method != task.expect["method"]:
            mistakes.append(Mistake("login_other_method", {"method": method}))
    for name in LOGIN_FIELDS:
        if state.wrong[name]:
            mistakes.append(Mistake(f"login_wrong_{name}", {"times": state.wrong[name]}))
    if state.lockouts or state.locked:
        mistakes.append(Mistake("login_locked"))
    return mistakes


# The dialog ----------------------------------------------------------------------------------

def mentions(text: str, keywords) -> bool:
    """Whether a word of ``text`` starts with one of ``keywords`` (any case)."""
    return any(re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) for word in keywords)


def choose_reply(text: str, adviser: Adviser) -> Reply | None:
    """The adviser's reply to a message: the first with a keyword in it (None: the default)."""
    return next((r for r in adviser.replies if mentions(text, r.keywords)), None)


def is_question(text: str, adviser: Adviser) -> bool:
    """A question mark anywhere ("?", Arabic "؟"), or a sentence that starts with a
    question word ("Når ...", "Can ...")."""
    if any(mark in text for mark in QUESTION_MARKS):
        return True
    for sentence in SENTENCE_END.split(text):
        words = re.findall(r"\w+", sentence.lower())
        if words and words[0] in adviser.question_words:
            return True
    return False


def shares_a_secret(text: str, codes: Codes) -> bool:
    """A password, a one-time code or a national identity number has no place in a message."""
    lowered = text.casefold()
    return (codes.password.casefold() in lowered or codes.one_time_code in text
            or bool(NATIONAL_ID_LIKE.search(text)))


def _message_mistakes(task: Task, text: str, adviser: Adviser) -> list[Mistake]:
    goal = task.expect
    mistakes = []
    topic = adviser.reply(goal["topic"]) if goal["topic"] else None
    if topic is not None and not mentions(text, topic.keywords):
        mistakes.append(Mistake("dialog_topic_missing", {"topic": topic.key}))
    if goal["question"] and not is_question(text, adviser):
        mistakes.append(Mistake("dialog_no_question"))
    if len(text) > goal["max_length"]:
        mistakes.append(Mistake("dialog_too_long", {"length": len(text),
                                                    "max": goal["max_length"]}))
    return mistakes


def check_dialog(task: Task, messages: list[str], adviser: Adviser, codes: Codes
                 ) -> list[Mistake]:
    """The inmate's messages of the task: one must meet the goal (the last one is judged
    when none does), and none may share a secret."""
    if not messages:
        return [Mistake("dialog_no_message")]
    judged = [_message_mistakes(task, text, adviser) for text in messages]
    mistakes = next((m for m in judged if not m), judged[-1])
    if any(shares_a_secret(text, codes) for text in messages):
        mistakes = [*mistakes, Mistake("dialog_secret")]
    return mistakes


# Forms -------------------------------------------------------------------------------------------

def check_form(task: Task, answers: dict, finished: bool) -> list[Mistake]:
    """A job-seeker or financial-help form: the answers the task asks for, by question."""
    form = task.kind
    mistakes = [] if finished else [Mistake("form_not_finished", {"form": form})]
    for key, wanted in task.expect.items():
        given = answers.get(key)
        if isinstance(wanted, Includes):
            chosen = given if isinstance(given, list) else []
            missing = [v for v in wanted.values if v not in chosen]
            if missing:
                mistakes.append(Mistake("answer_missing_choice",
                                        {"form": form, "question": key, "missing": missing}))
        elif given != wanted:
            mistakes.append(Mistake("answer_wrong", {"form": form, "question": key,
                                                     "expected": wanted, "given": given}))
    return mistakes


@dataclass(frozen=True)
class DayResult:
    date: date
    hours: Decimal | str | None = None  # as read, or the text as typed
    course: bool = False
    ill: bool = False
    absence: bool = False


@dataclass(frozen=True)
class CardResult:
    """A meldekort as the inmate left it: the five answers and the 14 days."""

    answers: dict[str, bool | None]
    days: tuple[DayResult, ...]

    @classmethod
    def from_card(cls, card: mk.Card) -> CardResult:
        days = tuple(DayResult(moment, day.hours, day.course, day.ill, day.absence)
                     for moment, day in zip(card.period.days, card.grid.days))
        return cls(card.answers.as_dict(), days)

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> CardResult:
        """From the record a confirmed card keeps (meldekort.record.snapshot)."""
        answers = {item["key"]: item["answer"] for item in snapshot["steps"][0]["items"]}
        start = date.fromisoformat(snapshot["period"]["start"])
        days = [DayResult(date.fromordinal(start.toordinal() + n)) for n in range(14)]
        for week in (snapshot.get("grid") or {}).get("weeks", []):
            for day in week["days"]:
                moment = date.fromisoformat(day["date"])
                days[(moment - start).days] = DayResult(
                    moment, None if day["hours"] is None else Decimal(day["hours"]),
                    bool(day["course"]), bool(day["ill"]), bool(day["absence"]))
        return cls(answers, tuple(days))


def _hours(value) -> Decimal | str:
    """Hours to compare: empty is 0; text that is not a number stays as typed."""
    try:
        number = mk.hours_value(value)
    except mk.HoursNotANumber:
        return str(value)
    return Decimal(0) if number is None else number


def _shown(value) -> str | None:
    if value is None or value == "":
        return None
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def check_meldekort(task: Task, card: CardResult, finished: bool) -> list[Mistake]:
    goal = task.expect
    mistakes = [] if finished else [Mistake("form_not_finished", {"form": "meldekort"})]
    for question in mk.CLASSIC_QUESTIONS:
        wanted, given = goal["answers"][question.value], card.answers.get(question.value)
        if given is not wanted:
            mistakes.append(Mistake("meldekort_answer", {"question": question.value,
                                                         "expected": wanted, "given": given}))
    for number, day in enumerate(card.days, start=1):
        wanted = goal["days"].get(number, DayGoal())
        where = {"day": number, "date": day.date.isoformat()}
        if _hours(day.hours) != _hours(wanted.hours):
            mistakes.append(Mistake("meldekort_hours", {
                **where, "expected": _shown(wanted.hours), "given": _shown(day.hours)}))
        for mark in MARKS:
            if getattr(day, mark) != getattr(wanted, mark):
                mistakes.append(Mistake("meldekort_mark", {**where, "row": mark,
                                                           "expected": getattr(wanted, mark)}))
    return mistakes
