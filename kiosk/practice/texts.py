"""Texts of the practice copy: each mistake of a practice task in plain words, the pretend
BankID's errors, and a task's goal with its days filled in, in the user's language."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext

from core import locale_formats
from core.clock import to_oslo
from core.services.forms import answers as form_answers
from core.services.forms.definitions import registry
from core.services.forms.meldekort.rules import Period
from core.services.learning.practice.checks import Mistake
from core.services.learning.practice.content import DAY_MARK, Content, Task

METHOD_NAMES = {"bankid": "BankID", "minid": "MinID", "buypass": "Buypass ID",
                "commfides": "Commfides"}


def day_label(day: date, language: str) -> str:
    """"mandag 16. februar" / "Monday 16 February" / "poniedziałek 16 lutego": in the
    page's language, as the meldekort's own grid writes days."""
    return locale_formats.weekday_day_month(day, language)


def goal_text(task: Task, language: str, period: Period | None = None) -> str:
    """The goal, with a meldekort task's {day:N} as the day's name and date in ``period``."""
    text = task.goal(language)
    if period is None:
        return text
    return DAY_MARK.sub(lambda m: day_label(period.day(int(m.group(1))), language), text)


def spaced_national_id(number: str) -> str:
    """"01017012345" as it is usually written: "010170 12345"."""
    return f"{number[:6]} {number[6:]}"


def login_error(code: str, params: dict) -> str:
    """What the pretend BankID says to a refused entry, as the real one would."""
    texts = {
        "practice_method_unknown": lambda: _("Choose one of the ways to log in."),
        "practice_national_id_format": lambda: _("A national identity number has 11 digits."),
        "practice_national_id_wrong": lambda: _("We found no BankID for this national identity "
                                                "number. Check the number and try again."),
        "practice_code_format": lambda: _("The one-time code has 6 digits."),
        "practice_code_wrong": lambda: _("Wrong one-time code. Try again."),
        "practice_password_wrong": lambda: ngettext(
            "Wrong password. You have %(num)d try left.",
            "Wrong password. You have %(num)d tries left.", params.get("left", 1)),
        "practice_locked": lambda: _("Your BankID is locked after too many wrong passwords."),
    }
    return texts.get(code, lambda: _("Check this and try again."))()


# Mistakes -----------------------------------------------------------------------------

def _number(value, language: str) -> str:
    try:
        return format_decimal(Decimal(str(value)), locale=language)
    except (InvalidOperation, ValueError):
        return str(value)


def _question(form: str, key: str):
    definition = registry().current(form, date.max)
    return definition.questions.get(key) if definition else None


def _form_title(form: str, language: str) -> str:
    definition = registry().current(form, date.max)
    return definition.title(language) if definition else form


def _answer(form: str, key: str, value, language: str) -> str:
    question = _question(form, key)
    return form_answers.display(question, value, language) if question else str(value)


def _label(form: str, key: str, language: str) -> str:
    question = _question(form, key)
    return question.label(language) if question else key


def _yes_no(value, language: str) -> str:
    if value is None:
        return form_answers.NOT_ANSWERED.get(language, form_answers.NOT_ANSWERED["nb"])
    return form_answers.YES_NO.get(language, form_answers.YES_NO["nb"])[
        "yes" if value else "no"]


def _row(row: str, language: str) -> str:
    definition = registry().current("meldekort", date.max)
    return definition.texts[f"row_{row}"](language) if definition else row


def _answer_mistake(params: dict, form: str, language: str) -> str:
    key = params.get("question")
    question = _label(form, key, language)
    expected = _answer(form, key, params.get("expected"), language)
    if params.get("given") in (None, "", []):
        return _("«%(question)s» You did not answer. The task said «%(expected)s».",
                 question=question, expected=expected)
    return _("«%(question)s» You answered «%(given)s». The task said «%(expected)s».",
             question=question, given=_answer(form, key, params.get("given"), language),
             expected=expected)


def _meldekort_answer_mistake(params: dict, language: str) -> str:
    question = _label("meldekort", params.get("question"), language)
    expected = _yes_no(params.get("expected"), language)
    if params.get("given") is None:
        return _("«%(question)s» You did not answer. The task said %(expected)s.",
                 question=question, expected=expected)
    return _("«%(question)s» You answered %(given)s. The task said %(expected)s.",
             question=question, given=_yes_no(params.get("given"), language),
             expected=expected)


def _hours_mistake(params: dict, language: str) -> str:
    day = day_label(date.fromisoformat(params["date"]), language)
    given, wanted = params.get("given"), params.get("expected")
    if wanted is None:
        return _("On %(day)s you wrote %(given)s hours. The task said you did not work that "
                 "day.", day=day, given=_number(given, language))
    if given is None:
        return _("On %(day)s you wrote no hours. The task said %(expected)s hours.", day=day,
                 expected=_number(wanted, language))
    return _("On %(day)s you wrote %(given)s hours. The task said %(expected)s.", day=day,
             given=_number(given, language), expected=_number(wanted, language))


def _mark_mistake(params: dict, language: str) -> str:
    day = day_label(date.fromisoformat(params["date"]), language)
    row = _row(params["row"], language)
    if params.get("expected"):
        return _("On %(day)s you did not tick «%(row)s». The task said you should.",
                 day=day, row=row)
    return _("On %(day)s you ticked «%(row)s». The task did not say so.", day=day, row=row)


def mistake_text(mistake: Mistake, language: str, content: Content) -> str:
    """One mistake, in plain words: what was done, and what the task asked for."""
    p = mistake.params
    codes = content.codes
    form = p.get("form", "")
    texts = {
        "login_not_finished": lambda: _("You did not get all the way in to Min side. Log in "
                                        "with BankID to the end, then check the task."),
        "login_other_method": lambda: _("You chose %(method)s. The task said BankID.",
                                        method=METHOD_NAMES.get(p.get("method"), "?")),
        "login_wrong_national_id": lambda: ngettext(
            "You typed a wrong national identity number %(num)d time. The practice number "
            "is %(number)s.",
            "You typed a wrong national identity number %(num)d times. The practice number "
            "is %(number)s.", p.get("times", 1), number=spaced_national_id(codes.national_id)),
        "login_wrong_code": lambda: ngettext(
            "You typed a wrong one-time code %(num)d time. The practice code is %(code)s. "
            "Check each digit before you go on.",
            "You typed a wrong one-time code %(num)d times. The practice code is %(code)s. "
            "Check each digit before you go on.", p.get("times", 1), code=codes.one_time_code),
        "login_wrong_password": lambda: ngettext(
            "You typed a wrong password %(num)d time. The practice password is «%(password)s».",
            "You typed a wrong password %(num)d times. The practice password is "
            "«%(password)s».", p.get("times", 1), password=codes.password),
        "login_locked": lambda: _("The pretend BankID was locked after too many wrong "
                                  "passwords. A real BankID is locked the same way, and then "
                                  "you must contact your bank."),
        "dialog_no_message": lambda: _("You did not send a message to the adviser."),
        "dialog_topic_missing": lambda: _(
            "Your message does not say that it is about %(topic)s. Write the word, so the "
            "adviser knows what you mean.", topic=_topic(content, p.get("topic"), language)),
        "dialog_no_question": lambda: _("Your message does not ask anything. Write a "
                                        "question, and end it with a question mark (?)."),
        "dialog_too_long": lambda: _("Your message has %(length)s characters. Keep it short: "
                                     "at most %(max)s.", length=p.get("length"),
                                     max=p.get("max")),
        "dialog_secret": lambda: _("You wrote a password, a code or a national identity "
                                   "number. Never write these in a message. Nav never asks "
                                   "for them."),
        "form_not_finished": lambda: _("You did not finish «%(form)s». Answer every question "
                                       "and send it on the last page.",
                                       form=_form_title(form, language)),
        "answer_wrong": lambda: _answer_mistake(p, form, language),
        "answer_missing_choice": lambda: _(
            "«%(question)s» You did not choose «%(missing)s».",
            question=_label(form, p.get("question"), language),
            missing=_answer(form, p.get("question"), p.get("missing") or [], language)),
        "meldekort_answer": lambda: _meldekort_answer_mistake(p, language),
        "meldekort_hours": lambda: _hours_mistake(p, language),
        "meldekort_mark": lambda: _mark_mistake(p, language),
    }
    text = texts.get(mistake.code)
    return text() if text else _("Something was not as the task said.")


def _topic(content: Content, key: str | None, language: str) -> str:
    reply = content.adviser.reply(key or "")
    return reply.topic(language) if reply else str(key)


def message_time(moment: str) -> str:
    """An ISO time kept in the session, as HH:MM in Oslo."""
    return to_oslo(datetime.fromisoformat(moment)).strftime("%H:%M")

