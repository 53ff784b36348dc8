"""Forms on the kiosk: one theme per page, saved at every step and as the inmate types,
a check-your-answers page, confirmation, the officer's countersignature and a receipt.

The meldekort has pages of its own (kiosk/forms/meldekort.py) on the same engine. Practice
mode runs the same pages, marked as practice on every page, and stores nothing after it.
"""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   session, url_for)

from core.models import FormDraft, Role
from core.services import throttle
from core.services.forms import answers as form_answers, submissions as forms
from core.services.directory import municipalities
from core.services.people import staff
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import registry
from core.web.access import access
from core.web.translations import locale_code
from core.web.app import client_ip
from core.web.form_texts import problem_text, status_label
from core.web.messages import message
from kiosk import render
from kiosk.signin_forms import OfficerForm

bp = Blueprint("forms", __name__, url_prefix="/forms")
GENERIC = ("jobseeker", "social_assistance")


def _ext():
    return current_app.extensions["brobygger"]


def _db():
    return _ext().db_session()



def _today():
    from core.clock import OSLO

    return _ext().now().astimezone(OSLO).date()


@bp.get("/")
@access("inmate")
def index():
    db = _db()
    drafts = {d.form_key: d for d in forms.drafts_of(db, g.inmate)}
    practice = {d.form_key: d for d in forms.drafts_of(db, g.inmate, practice=True)}
    available = [registry().current(key, _today()) for key in GENERIC]
    return render("forms/index.html", available=[d for d in available if d],
                  drafts=drafts, practice=practice, status_label=status_label,
                  submissions=forms.submissions_of(db, g.inmate), lang=locale_code())


@bp.post("/<form_key>/start")
@access("inmate")
def start(form_key: str):
    if form_key not in GENERIC:
        abort(404)
    definition = registry().current(form_key, _today())
    if definition is None:
        abort(404)
    draft = forms.start(_db(), _ext().now(), g.inmate, definition, terminal=g.terminal,
                        practice=request.form.get("practice") == "1")
    return redirect(_resume_url(draft))


def _resume_url(draft: FormDraft) -> str:
    definition = forms.definition_of(draft)
    step = draft.step if definition.step(draft.step) else definition.steps[0].key
    return url_for("forms.step", draft_id=draft.id, step_key=step)


def _draft(draft_id: int) -> FormDraft:
    try:
        draft = forms.own_draft(_db(), g.inmate, draft_id)
    except NotFound:
        abort(404)
    if forms.definition_of(draft).kind != "generic":
        abort(404)
    return draft


def _step_page(draft, step, values, problems, status=200):
    definition = forms.definition_of(draft)
    index = definition.steps.index(step)
    errors = {p.field: problem_text(p) for p in problems}
    return render("forms/step.html", draft=draft, definition=definition, step=step,
                  number=index + 1, total=len(definition.steps) + 1, values=values,
                  errors=errors, lang=locale_code(), change=request.args.get("change"),
                  visible=form_answers.visible, municipalities=municipalities.choices(),
                  back=(url_for("forms.step", draft_id=draft.id,
                                step_key=definition.steps[index - 1].key)
                        if index else url_for("forms.index"))), status


def _raw(step) -> dict:
    return {q.key: (request.form.getlist(q.key) if q.type == "multichoice"
                    else request.form.get(q.key, "")) for q in step.questions}


@bp.route("/d/<int:draft_id>/<step_key>", methods=["GET", "POST"])
@access("inmate")
def step(draft_id: int, step_key: str):
    draft = _draft(draft_id)
    definition = forms.definition_of(draft)
    current = definition.step(step_key)
    if current is None:
        abort(404)
    saved = forms.answers(draft)
    if request.method == "GET":
        return _step_page(draft, current, saved, [])
    values, problems = form_answers.check_step(current, _raw(current), saved)
    forms.save(_db(), _ext().now(), draft, values, step=current.key, terminal=g.terminal)
    # A follow-up question revealed by an answer on this page is asked, not an error.
    shown = set(request.form.getlist("shown"))
    revealed = [p for p in problems if p.field not in shown]
    problems = [p for p in problems if p.field in shown]
    if problems or revealed:
        return _step_page(draft, current, {**saved, **values}, problems,
                          status=400 if problems else 200)
    index = definition.steps.index(current)
    if request.args.get("change") or index + 1 == len(definition.steps):
        return redirect(url_for("forms.check", draft_id=draft.id))
    following = definition.steps[index + 1]
    forms.save(_db(), _ext().now(), draft, {}, step=following.key)
    return redirect(url_for("forms.step", draft_id=draft.id, step_key=following.key))


@bp.post("/d/<int:draft_id>/<step_key>/autosave")
@access("inmate")
def autosave(draft_id: int, step_key: str):
    """htmx, as the inmate types: keep what is typed, unchecked. Checking happens on Next."""
    draft = _draft(draft_id)
    current = forms.definition_of(draft).step(step_key)
    if current is None:
        abort(404)
    forms.save(_db(), _ext().now(), draft, _raw(current), terminal=g.terminal)
    return render_template("kiosk/forms/_saved.html", at=_ext().now())


def earlier_receipt():
    """A confirm whose submit key was used already (retried or double-clicked): a redirect
    to the first one's receipt; None otherwise. Another inmate's key is not found."""
    key = request.form.get("submit_key") if request.method == "POST" else None
    try:
        earlier = forms.submitted_with(_db(), g.inmate, key) if key else None
    except NotFound:
        abort(404)
    return redirect(url_for("forms.show", submission_id=earlier.id)) if earlier else None


@bp.route("/d/<int:draft_id>/check", methods=["GET", "POST"])
@access("inmate")
def check(draft_id: int):
    receipt = earlier_receipt()
    if receipt is not None:
        return receipt
    draft = _draft(draft_id)
    definition = forms.definition_of(draft)
    given = form_answers.clean(definition, forms.answers(draft))
    error = None
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            error = "confirm"
        else:
            try:
                result = forms.confirm_generic(
                    _db(), _ext().now(), g.inmate, draft, language=locale_code(), terminal=g.terminal,
                    supervisor_id=session.row.supervisor_id if session.row else None,
                    submit_key=request.form.get("submit_key"))
            except ServiceError as problem:
                return redirect(url_for("forms.step", draft_id=draft.id,
                                        step_key=problem.params.get("step"), change=1))
            if isinstance(result, forms.PracticeReceipt):
                return render("forms/practice_receipt.html", receipt=result)
            return redirect(url_for("forms.show", submission_id=result.id))
    problems = form_answers.check_all(definition, given)
    if problems:  # an old or unfinished draft: finish the step first
        first = next(s for s in definition.steps
                     if any(q.key == problems[0].field for q in s.questions))
        return redirect(url_for("forms.step", draft_id=draft.id, step_key=first.key))
    return render("forms/check.html", draft=draft, definition=definition,
                  snapshot=form_answers.snapshot(definition, given, locale_code()),
                  error=error, submit_key=forms.new_submit_key()), 400 if error else 200


@bp.post("/d/<int:draft_id>/discard")
@access("inmate")
def discard(draft_id: int):
    draft = _draft(draft_id)
    forms.discard(_db(), draft)
    return redirect(url_for("forms.index"))


def _own(submission_id: int):
    try:
        return forms.own_submission(_db(), g.inmate, submission_id)
    except NotFound:
        abort(404)


@bp.get("/s/<int:submission_id>")
@access("inmate")
def show(submission_id: int):
    submission = _own(submission_id)
    return render("forms/show.html", submission=submission,
                  snapshot=forms.snapshot_of(submission), status_label=status_label,
                  following=forms.successor(_db(), submission))


@bp.post("/s/<int:submission_id>/again")
@access("inmate")
def again(submission_id: int):
    """A returned form: start a new version from the answers sent."""
    submission = _own(submission_id)
    if submission.status != forms.RETURNED or forms.definition_of(submission).kind != "generic":
        abort(404)
    draft = forms.start(_db(), _ext().now(), g.inmate, forms.definition_of(submission),
                        terminal=g.terminal, previous=submission,
                        data=forms.answers_of(submission))
    return redirect(_resume_url(draft))


def _countersign_page(submission, form, error=None, status=200):
    # The officer signs here: the data-class table gives officers no form type (a neutral
    # "a form") and no answers.
    return render("forms/countersign.html", submission=submission,
                  label=forms.countersign_label(Role.OFFICER, submission, ""), form=form,
                  error=error), status


@bp.get("/s/<int:submission_id>/countersign")
@access("inmate")
def countersign(submission_id: int):
    submission = _own(submission_id)
    if submission.status != forms.AWAITING:
        return redirect(url_for("forms.show", submission_id=submission.id))
    return _countersign_page(submission, OfficerForm(minutes=60))


@bp.post("/s/<int:submission_id>/countersign")
@access("inmate")
def countersign_post(submission_id: int):
    """The officer re-authenticates on the terminal (password and TOTP) and countersigns.
    The page shows who sent the form and when, never the answers."""
    submission = _own(submission_id)
    form = OfficerForm()
    form.minutes.data = 60  # not asked here
    if not form.validate_on_submit():
        return _countersign_page(submission, form, status=400)
    ext = _ext()
    db = _db()
    try:
        officer = staff.verify_officer(
            db, ext.now(), form.username.data, form.password.data, form.code.data, ext.hasher,
            throttle.Limits.from_settings(ext.settings), prison_id=g.terminal.prison_id,
            ip=client_ip(), terminal_id=g.terminal.id)
        forms.countersign(db, ext.now(), officer, submission, "terminal")
    except ServiceError as error:
        db.commit()  # the failed attempt is recorded for throttling
        return _countersign_page(submission, form, error=message(error), status=400)
    return redirect(url_for("forms.show", submission_id=submission.id))
