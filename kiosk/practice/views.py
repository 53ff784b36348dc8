"""The practice copy of NAV's services ("Øv på NAVs tjenester"): practice tasks with a
goal, the pretend ID-porten login (kiosk/practice/login.py), the pretend adviser
(kiosk/practice/dialog.py) and practice forms on the form engine.

Every page is marked "Øving / Practice" and nothing here sends anything anywhere. The
pretend login, the dialog and the task in progress live in the kiosk session under
"practice" and end with it; what is stored is a PracticeAttempt per task tried.

A task is started here (a fresh practice draft for a form task), done on the practice
pages or on the forms' own pages (where _practice.html shows the task), and checked with
"Check my task". A generic form confirmed on its own check page ends on the forms'
practice receipt: the receipt's snapshot is checked there too (``_check_on_receipt``), so
doing the task the way the real service is used is enough.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import (abort, before_render_template, current_app, g, redirect,
                   request, url_for)

from core.models import PracticeAttempt
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as meldekort_forms, record as meldekort_record
from core.services.learning.practice import attempts as practice
from core.services.errors import NotFound, ServiceError
from core.services.learning.lessons import catalogue
from core.services.forms.meldekort.rules import Period
from core.services.learning.practice.content import MELDEKORT, Task, content
from core.web.access import access
from core.web.translations import locale_code
from kiosk.practice.texts import goal_text, mistake_text
from kiosk import render
from kiosk.practice.common import bp, dialog_thread, login_state, save, save_login, save_thread, state

RECEIPT = "kiosk/forms/practice_receipt.html"


def _ext():
    return current_app.extensions["brobygger"]


def _db():
    return _ext().db_session()



@dataclass(frozen=True)
class ActiveTask:
    task: Task
    attempt_id: int
    draft_id: int | None
    goal: str


def _active() -> dict | None:
    return state().get("task")


def _task_period(task: Task, draft_id: int | None) -> Period | None:
    """The period a meldekort task's days are in: its draft's, else the practice period."""
    if task.kind != MELDEKORT:
        return None
    draft = practice.practice_draft(_db(), g.inmate, draft_id)
    if draft is not None and draft.period_start:
        return Period(draft.period_start)
    return meldekort_forms.practice_period(_ext().now())


def active_task() -> ActiveTask | None:
    """The task the inmate is doing now, for the task bar."""
    found = _active()
    if g.get("inmate") is None or not found:
        return None
    task = content().tasks.get(found.get("key"))
    if task is None:
        return None
    return ActiveTask(task, found["attempt"], found.get("draft"),
                      goal_text(task, locale_code(), _task_period(task, found.get("draft"))))


@bp.app_context_processor
def _practice_helpers():
    """For any kiosk template: the task bar's task, and the tasks of a lesson module (the
    lessons' "Practise this" box, kiosk/practice/_for_module.html)."""
    return {"practice_active_task": active_task,
            "practice_tasks_for": lambda module_key: content().for_module(module_key)}


def _url_for_draft(draft) -> str:
    """The first page of a practice draft. The meldekort's pages are the meldekort's own
    (kiosk/forms/meldekort.py, /forms/meldekort/...); the others are the generic form pages."""
    if draft.form_key == MELDEKORT:
        return f"/forms/meldekort/d/{draft.id}/questions"
    definition = forms.definition_of(draft)
    step = draft.step if definition.step(draft.step) else definition.steps[0].key
    return url_for("forms.step", draft_id=draft.id, step_key=step)


# The practice area ----------------------------------------------------------------------

def _task(task_key: str) -> Task:
    task = content().tasks.get(task_key)
    if task is None:
        abort(404)
    return task


def _lesson_title(task: Task) -> str:
    module = catalogue().modules.get(task.module)
    return module.text(locale_code()).title if module else ""


@bp.get("/")
@access("inmate")
def index():
    return render("practice/index.html", tasks=list(content().tasks.values()),
                  progress=practice.progress(_db(), g.inmate), lesson_title=_lesson_title,
                  logged_in=login_state().step == "done")


@bp.get("/tasks/<task_key>")
@access("inmate")
def task(task_key: str):
    found = _task(task_key)
    attempts = practice.attempts_of(_db(), g.inmate, found.key, limit=5)
    period = _task_period(found, None)
    return render("practice/task.html", item=found, goal=goal_text(found, locale_code(), period),
                  period=period, lesson=_lesson_title(found), attempts=attempts,
                  codes=content().codes, period_label=meldekort_record.period_label,
                  doing=(_active() or {}).get("key") == found.key)


@bp.post("/tasks/<task_key>/start")
@access("inmate")
def start(task_key: str):
    """Start (or start again) a task from a clean slate."""
    found = _task(task_key)
    db, now = _db(), _ext().now()
    attempt = practice.start_attempt(db, now, g.inmate, found)
    draft = None
    if found.kind == "login":
        save_login(None)
        target = url_for("practice.login")
    elif found.kind == "dialog":
        save_thread(None)
        target = url_for("practice.dialog")
    else:
        draft = practice.start_form(db, now, g.inmate, g.terminal, found.form_key, fresh=True)
        target = _url_for_draft(draft)
    save(task={"key": found.key, "attempt": attempt.id, "draft": draft.id if draft else None})
    return redirect(target)


@bp.post("/task/stop")
@access("inmate")
def stop():
    """Put the task away unchecked: the attempt stays unfinished."""
    save(task=None)
    return redirect(url_for("practice.index"))


def _own_attempt(attempt_id: int) -> PracticeAttempt:
    try:
        return practice.own_attempt(_db(), g.inmate, attempt_id)
    except NotFound:
        abort(404)


@bp.post("/attempts/<int:attempt_id>/check")
@access("inmate")
def check(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.finished_at is not None:
        return redirect(url_for("practice.result", attempt_id=attempt.id))
    found = _task(attempt.task)
    active = _active() or {}
    ours = active.get("attempt") == attempt.id
    db, now = _db(), _ext().now()
    result = None
    if found.form_key:
        draft = practice.practice_draft(db, g.inmate, active.get("draft")) if ours else None
        result = practice.finish_form(db, now, g.inmate, draft, locale_code())
    mistakes = practice.check_task(
        found, content(), login=login_state() if ours else None,
        thread=dialog_thread() if ours else None, result=result)
    practice.finish_attempt(db, now, attempt, mistakes)
    if ours:
        save(task=None)
    return redirect(url_for("practice.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@access("inmate")
def result(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    found = _task(attempt.task)
    lang = locale_code()
    mistakes = [mistake_text(m, lang, content()) for m in practice.mistakes_of(attempt)]
    active = _active() or {}
    return render("practice/result.html", attempt=attempt, item=found, mistakes=mistakes,
                  goal=goal_text(found, lang, _task_period(found, None)),
                  lesson=_lesson_title(found), active=active.get("attempt") == attempt.id)


@bp.post("/meldekort/start")
@access("inmate")
def meldekort():
    """A practice meldekort of the last period that has ended, to practise freely, on the
    card type chosen (the inmate's own card when none is)."""
    card_type = request.form.get("card_type") or None
    draft = practice.start_form(_db(), _ext().now(), g.inmate, g.terminal, MELDEKORT,
                                fresh=False, card_type=card_type)
    return redirect(_url_for_draft(draft))


# A practice form confirmed on the form pages: check the task there ----------------------

def _check_on_receipt(app, template, context, **_extra) -> None:
    """Before the forms' practice receipt is drawn: when the confirmed draft is the one of
    the task in progress, judge the receipt's snapshot and show the result with it."""
    if template.name != RECEIPT or g.get("inmate") is None or "receipt" not in context:
        return
    active = _active()
    receipt = context["receipt"]
    draft_id = (request.view_args or {}).get("draft_id")
    if not active or active.get("draft") is None or active.get("draft") != draft_id:
        return
    found = content().tasks.get(active.get("key"))
    if found is None or found.form_key != receipt.form_key:
        return
    db = _db()
    try:
        attempt = practice.own_attempt(db, g.inmate, active["attempt"])
        mistakes = practice.check_form_task(found, practice.result_of_receipt(receipt))
        practice.finish_attempt(db, _ext().now(), attempt, mistakes)
    except ServiceError:  # gone, or already judged
        return
    save(task=None)
    context["practice_attempt"] = attempt


@bp.record_once
def _connect(state) -> None:
    before_render_template.connect(_check_on_receipt, state.app)

