"""The practice copy of NAV's services: tasks and their attempts, the pretend login, the
pretend adviser, and practice forms on the form engine.

Practice sends nothing anywhere. Its forms are practice drafts of the form engine:
finishing one gives a PracticeReceipt and deletes the draft, so no FormSubmission is ever
made. The pretend login and the dialog live in the kiosk session only (the caller keeps
the dicts this module reads and returns), so they end with it. What is stored is the
learning: a PracticeAttempt per task tried, with whether it passed and its mistakes. No
audit event is written: nothing here is a real action, and staff must never see it as one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import FormDraft, Inmate, PracticeAttempt, Terminal
from core.parsing import is_ascii_digits
from core.services.forms import answers as form_answers, submissions as forms
from core.services.forms.meldekort import engine as meldekort_forms
from core.services.learning.practice import checks
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import registry
from core.services.forms.meldekort.periods import oslo_date
from core.services.learning.practice.checks import LoginState, Mistake
from core.services.learning.practice.content import (DIALOG, FORM_KINDS, LOGIN, MELDEKORT, METHODS,
                                                     Content, Task)

MAX_MESSAGE = 1000
MAX_THREAD = 20  # messages kept in the practice dialog (the oldest go first)
LOCK_AFTER = 3  # wrong passwords in a row that lock the pretend BankID


# Attempts ------------------------------------------------------------------------------

def start_attempt(db: Session, now: datetime, inmate: Inmate, task: Task) -> PracticeAttempt:
    attempt = PracticeAttempt(inmate_id=inmate.id, task=task.key, started_at=now,
                              mistakes="[]")
    db.add(attempt)
    db.flush()
    return attempt


def own_attempt(db: Session, inmate: Inmate, attempt_id: int) -> PracticeAttempt:
    attempt = db.get(PracticeAttempt, attempt_id)
    if attempt is None or attempt.inmate_id != inmate.id:
        raise NotFound()
    return attempt


def finish_attempt(db: Session, now: datetime, attempt: PracticeAttempt,
                   mistakes: list[Mistake]) -> None:
    """Record the result once: a finished attempt is not judged again."""
    if attempt.finished_at is not None:
        raise ServiceError("practice_finished")
    attempt.finished_at = now
    attempt.passed = not mistakes
    attempt.mistakes = json.dumps([m.as_dict() for m in mistakes], ensure_ascii=False)


def mistakes_of(attempt: PracticeAttempt) -> list[Mistake]:
    return [Mistake.from_dict(m) for m in json.loads(attempt.mistakes or "[]")]


def attempts_of(db: Session, inmate: Inmate, task_key: str, *, limit: int = 5
                ) -> list[PracticeAttempt]:
    """The inmate's latest finished attempts at a task, newest first."""
    return list(db.scalars(select(PracticeAttempt).where(
        PracticeAttempt.inmate_id == inmate.id, PracticeAttempt.task == task_key,
        PracticeAttempt.finished_at.is_not(None))
        .order_by(PracticeAttempt.finished_at.desc(), PracticeAttempt.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Progress:
    tried: int
    passed: bool


def progress(db: Session, inmate: Inmate) -> dict[str, Progress]:
    """Per task key: how many attempts were finished, and whether one passed."""
    found: dict[str, Progress] = {}
    for attempt in db.scalars(select(PracticeAttempt).where(
            PracticeAttempt.inmate_id == inmate.id, PracticeAttempt.finished_at.is_not(None))):
        earlier = found.get(attempt.task, Progress(0, False))
        found[attempt.task] = Progress(earlier.tried + 1, earlier.passed or bool(attempt.passed))
    return found


# Practice forms ---------------------------------------------------------------------------

def _practice_drafts(db: Session, inmate: Inmate, form_key: str) -> list[FormDraft]:
    return [d for d in forms.drafts_of(db, inmate, practice=True) if d.form_key == form_key]


# The meldekort card types an inmate may practise: every one but etterregistrering, which
# only an adviser makes.
PRACTICE_CARD_TYPES = frozenset({"dagpenger", "aap_arena", "aap_kelvin", "tiltakspenger_arena",
                                 "tiltakspenger_new"})


def start_form(db: Session, now: datetime, inmate: Inmate, terminal: Terminal | None,
               form_key: str, *, fresh: bool, card_type: str | None = None) -> FormDraft:
    """A practice draft of a form (the meldekort: of the last period that has ended, on
    ``card_type`` when it is one the inmate may practise, else their own card's type).
    ``fresh`` throws away the practice drafts of that form first, for a task's clean
    start; otherwise the inmate continues where they stopped (on another card type:
    afresh)."""
    period = meldekort_forms.practice_period(now) if form_key == MELDEKORT else None
    for draft in _practice_drafts(db, inmate, form_key):
        if fresh or (period and draft.period_start != period.start):  # an old period's
            forms.discard(db, draft)
    if period is not None:
        if card_type not in PRACTICE_CARD_TYPES:
            card_type = None
            begun = _practice_drafts(db, inmate, form_key)
            if begun:  # no card type chosen: the practice begun goes on, whatever its type
                return begun[0]
        return meldekort_forms.start(db, now, inmate, terminal, period, practice=True,
                                     card_type=card_type)
    if form_key not in FORM_KINDS:
        raise NotFound()
    definition = registry().current(form_key, oslo_date(now))
    if definition is None:
        raise NotFound()
    return forms.start(db, now, inmate, definition, terminal=terminal, practice=True)


def practice_draft(db: Session, inmate: Inmate, draft_id: int | None) -> FormDraft | None:
    """The inmate's practice draft ``draft_id``, if it is still there."""
    if draft_id is None:
        return None
    draft = db.get(FormDraft, draft_id)
    if draft is None or draft.inmate_id != inmate.id or not draft.practice:
        return None
    return draft


@dataclass(frozen=True)
class FormResult:
    """What a practice form came to: answers (a generic form) or a card (the meldekort),
    and whether the form engine would have taken it."""

    finished: bool
    answers: dict | None = None
    card: checks.CardResult | None = None


def result_of_receipt(receipt: forms.PracticeReceipt) -> FormResult:
    """The result of a practice form the inmate confirmed: its snapshot."""
    if receipt.form_key == MELDEKORT:
        return FormResult(True, card=checks.CardResult.from_snapshot(receipt.snapshot))
    return FormResult(True, answers={item["key"]: item["answer"]
                                     for step in receipt.snapshot["steps"]
                                     for item in step["items"]})


def finish_form(db: Session, now: datetime, inmate: Inmate, draft: FormDraft | None,
                language: str) -> FormResult:
    """End a practice form for checking: a complete one is confirmed through the form
    engine (a PracticeReceipt: nothing stored, nothing sent); an unfinished one is
    judged as it is. Either way the practice draft is gone afterwards."""
    if draft is None:
        return FormResult(False, answers={})
    if not draft.practice or draft.inmate_id != inmate.id:
        raise NotFound()
    if draft.form_key == MELDEKORT:
        if not meldekort_forms.validate(db, draft, now):
            return result_of_receipt(meldekort_forms.confirm(
                db, now, inmate, draft, language=language, terminal=None, supervisor_id=None,
                submit_key=None))
        card = checks.CardResult.from_card(meldekort_forms.card_of(draft))
        forms.discard(db, draft)
        return FormResult(False, card=card)
    definition = forms.definition_of(draft)
    given = form_answers.clean(definition, forms.answers(draft))
    if not form_answers.check_all(definition, given):
        return result_of_receipt(forms.confirm_generic(
            db, now, inmate, draft, language=language, terminal=None, supervisor_id=None,
            submit_key=None))
    forms.discard(db, draft)
    return FormResult(False, answers=given)


def check_form_task(task: Task, result: FormResult) -> list[Mistake]:
    if task.kind == MELDEKORT:
        if result.card is None:
            return [Mistake("form_not_finished", {"form": MELDEKORT})]
        return checks.check_meldekort(task, result.card, result.finished)
    return checks.check_form(task, result.answers or {}, result.finished)


# The pretend login ---------------------------------------------------------------------------

def choose_method(state: LoginState, method: str) -> LoginState:
    """The choice on the pretend ID-porten page. Only BankID goes on; another choice is
    remembered (a practice task may have asked for BankID) and explained."""
    if method not in METHODS:
        raise ServiceError("practice_method_unknown")
    if method != "bankid":
        state.tried.append(method)
        return state
    if state.locked:
        state.lockouts += 1
    state.step, state.method, state.locked = "national_id", "bankid", False
    return state


def _digits(text: str) -> str:
    return "".join(text.split())


def enter_national_id(state: LoginState, content: Content, text: str) -> LoginState:
    number = _digits(text or "")
    if not is_ascii_digits(number) or len(number) != 11:
        state.wrong["national_id"] += 1
        raise ServiceError("practice_national_id_format")
    if number != content.codes.national_id:
        state.wrong["national_id"] += 1
        raise ServiceError("practice_national_id_wrong")
    state.step = "code"
    return state


def enter_code(state: LoginState, content: Content, text: str) -> LoginState:
    code = _digits(text or "")
    if not is_ascii_digits(code) or len(code) != 6:
        state.wrong["code"] += 1
        raise ServiceError("practice_code_format")
    if code != content.codes.one_time_code:
        state.wrong["code"] += 1
        raise ServiceError("practice_code_wrong")
    state.step = "password"
    return state


def enter_password(state: LoginState, content: Content, text: str) -> LoginState:
    """The personal password; after LOCK_AFTER wrong ones in a row the pretend BankID locks,
    as the real one does, until the login is started again."""
    if state.locked:
        raise ServiceError("practice_locked")
    if (text or "") != content.codes.password:
        state.wrong["password"] += 1
        if state.wrong["password"] % LOCK_AFTER == 0:
            state.locked = True
            raise ServiceError("practice_locked")
        raise ServiceError("practice_password_wrong",
                           left=LOCK_AFTER - state.wrong["password"] % LOCK_AFTER)
    state.step = "done"
    return state


def step_reached(state: LoginState, step: str) -> bool:
    order = ("choose", "national_id", "code", "password", "done")
    return order.index(state.step) >= order.index(step)


# The pretend adviser -------------------------------------------------------------------------

def send_message(thread: list[dict], now: datetime, content: Content, text: str
                 ) -> list[dict]:
    """The inmate's message and the pretend adviser's reply, at once. The reply is kept by
    its key, so it shows in whatever language the page is in."""
    body = (text or "").strip()
    if not body:
        raise ServiceError("text_required")
    if len(body) > MAX_MESSAGE:
        raise ServiceError("text_too_long", max=MAX_MESSAGE)
    reply = checks.choose_reply(body, content.adviser)
    at = now.isoformat()
    thread = [*thread, {"by": "inmate", "text": body, "at": at},
              {"by": "adviser", "reply": reply.key if reply else None, "at": at}]
    return thread[-MAX_THREAD:]


def check_task(task: Task, content: Content, *, login: LoginState | None = None,
               thread: list[dict] | None = None, result: FormResult | None = None
               ) -> list[Mistake]:
    """The mistakes of a task's result (an empty list is a pass)."""
    if task.kind == LOGIN:
        return checks.check_login(task, login or LoginState())
    if task.kind == DIALOG:
        messages = [m["text"] for m in thread or [] if m.get("by") == "inmate"]
        return checks.check_dialog(task, messages, content.adviser, content.codes)
    return check_form_task(task, result or FormResult(False, answers={}))
