"""The meldekort on the kiosk: the inmate's periods, and a card in NAV's steps. This module
holds the routes; what the pages show is built in kiosk/forms/meldekort_pages.py.

The periods page lists what core.services.forms.meldekort.period_list.periods gives: the
next period (not yet open), and the newest periods with their status and card type, with a
way to start or continue a card, correct a sent card once, or fill in again a card staff
sent back; a period an exemption covers says that nothing is due. A card's pages follow its
card type (kiosk/forms/meldekort_steps.py) and are saved at every step and, with htmx, as
the inmate types; the check page confirms it with a submit key, and the receipt is the forms'
own (forms.show), where the officer countersigns. A late card says what lateness costs
before it is sent and after. Practice runs the same pages on the last period that has
ended, on the card type the inmate chooses (their own by default), marked as practice on
every page, and leaves nothing behind.
"""
from __future__ import annotations

from flask import (Blueprint, abort, g, redirect, render_template, request,
                   session, url_for)

from core.models import FormDraft
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, period_list, record, rules as mk, validation
from core.services.forms.meldekort.plan import FORM
from core.services.forms.meldekort.card_types import ReasonMode
from core.services.errors import NotFound, ServiceError
from kiosk.forms import meldekort_texts as texts
from core.web.access import access
from core.web.messages import message
from kiosk import ext, render
from kiosk.forms.pages import earlier_receipt
from kiosk.forms.meldekort_pages import (change, common, due, page, periods_page, practice_draft,
                                         practice_types)
from kiosk.forms.meldekort_steps import READERS, STEPS, CardState, problems, step_of

bp = Blueprint("meldekort", __name__, url_prefix="/forms/meldekort")


@bp.app_context_processor
def _tile():
    """The forms page's meldekort tile asks, when it is shown, how many cards are due; the
    choice of card type to practise (here and in the practice copy) asks for its options."""
    return {"meldekort_due": due, "meldekort_practice_types": practice_types}


@bp.get("/")
@access("inmate")
def index():
    return periods_page()


def _row(period_id: str) -> period_list.PeriodRow:
    try:
        return period_list.period_row(ext().db_session(), g.inmate, ext().now(), period_id)
    except NotFound:
        abort(404)


@bp.post("/p/<period_id>/start")
@access("inmate")
def start(period_id: str):
    """Start the card of an open or late period, or continue its draft."""
    row = _row(period_id)
    if not row.can_start:  # sent meanwhile, or not open yet: the page says what to do
        return redirect(url_for("meldekort.index"))
    draft = mf.start(ext().db_session(), ext().now(), g.inmate, g.terminal, row.period)
    return redirect(_resume_url(draft))


@bp.post("/p/<period_id>/correct")
@access("inmate")
def correct(period_id: str):
    """Correct a sent card: once, and never a correction."""
    row = _row(period_id)
    if row.submission is None:
        abort(404)
    try:
        draft = mf.start_correction(ext().db_session(), ext().now(), g.inmate, row.submission, g.terminal)
    except ServiceError as error:
        return periods_page(error=message(error), status=400)
    return redirect(_resume_url(draft))


@bp.post("/p/<period_id>/again")
@access("inmate")
def again(period_id: str):
    """Fill in again a card that staff sent back for correction."""
    row = _row(period_id)
    if row.submission is None or row.submission.status != forms.RETURNED:
        abort(404)
    draft = mf.start_again(ext().db_session(), ext().now(), g.inmate, row.submission, g.terminal)
    return redirect(_resume_url(draft))


@bp.post("/practice")
@access("inmate")
def practice():
    """Practise on the last period that has ended, on the card type chosen (the inmate's
    own card by default); a practice already begun on that card type continues."""
    chosen = request.form.get("card_type") or None
    if chosen is not None and chosen not in texts.PRACTICE_CARD_TYPES:
        chosen = None
    draft = practice_draft()
    if draft is None or (chosen and forms.answers(draft).get("card_type") != chosen):
        now = ext().now()
        draft = mf.start(ext().db_session(), now, g.inmate, g.terminal, mf.practice_period(now),
                         practice=True, card_type=chosen)
    return redirect(_resume_url(draft))


def _resume_url(draft: FormDraft) -> str:
    step = draft.step if draft.step in (*STEPS, "check") else "questions"
    return url_for(f"meldekort.{step}", card_id=draft.id)


# A card's pages --------------------------------------------------------------------------

def _state(card_id: int) -> CardState:
    try:
        draft = forms.own_draft(ext().db_session(), g.inmate, card_id)
    except NotFound:
        abort(404)
    if draft.form_key != FORM:
        abort(404)
    return CardState.of(ext().db_session(), g.inmate, draft, ext().now())


def _step(card_id: int, step: str):
    state = _state(card_id)
    if not state.applies(step):  # e.g. the grid when every answer is "no"
        if step == "questions" and state.steps:  # the new tiltakspenger card: days first
            return redirect(url_for(f"meldekort.{state.steps[0]}", card_id=card_id))
        return redirect(url_for("meldekort.check", card_id=card_id))
    if request.method == "GET":
        return page(state, step)
    db, now = ext().db_session(), ext().now()
    forms.save(db, now, state.draft, READERS[step](state, request.form), step=step,
               terminal=g.terminal)
    found = problems(state, step)
    if found:
        return page(state, step, found, status=400)
    return redirect(_following(state, step))


def _following(state: CardState, step: str) -> str:
    """The next page that applies. After a change from the check page, only the pages
    the change left unfinished, then the check page again."""
    db, now = ext().db_session(), ext().now()
    for name in STEPS[STEPS.index(step) + 1:]:
        if state.applies(name) and (not change() or problems(state, name)):
            forms.save(db, now, state.draft, {}, step=name)
            return url_for(f"meldekort.{name}", card_id=state.draft.id, change=change())
    forms.save(db, now, state.draft, {}, step="check")
    return url_for("meldekort.check", card_id=state.draft.id)


@bp.route("/d/<int:card_id>/questions", methods=["GET", "POST"])
@access("inmate")
def questions(card_id: int):
    return _step(card_id, "questions")


@bp.route("/d/<int:card_id>/days", methods=["GET", "POST"])
@access("inmate")
def grid(card_id: int):
    return _step(card_id, "grid")


@bp.route("/d/<int:card_id>/reason", methods=["GET", "POST"])
@access("inmate")
def reason(card_id: int):
    return _step(card_id, "reason")


@bp.post("/d/<int:card_id>/autosave")
@access("inmate")
def autosave(card_id: int):
    """htmx, as the inmate types: keep what is typed, unchecked. Checking happens on Next."""
    state = _state(card_id)
    step = request.form.get("page", "")
    if step not in READERS or not state.applies(step):
        abort(400)
    forms.save(ext().db_session(), ext().now(), state.draft, READERS[step](state, request.form),
               terminal=g.terminal)
    return render_template("kiosk/forms/_saved.html", at=ext().now())


@bp.route("/d/<int:card_id>/check", methods=["GET", "POST"])
@access("inmate")
def check(card_id: int):
    receipt = earlier_receipt()
    if receipt is not None:
        return receipt
    state = _state(card_id)
    found = problems(state)
    if found:  # an unfinished card: finish that page first
        return redirect(url_for(f"meldekort.{step_of(found[0].field)}", card_id=card_id,
                                change=1))
    error = None
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            error = texts.problem_text(mk.Problem("confirm", "confirm_required"))
        else:
            return _confirm(state)
    card = validation.normalise(state.card, state.rules)
    reason = state.data.get("reason") if state.context.is_correction \
        and state.spec.reason is not ReasonMode.NONE else None
    snapshot = record.snapshot(state.definition, card, texts.language(), benefit=state.benefit,
                           late=state.context.late, reason=reason, context=state.rules)
    return render("meldekort/check.html", **common(state, "check"), snapshot=snapshot,
                  fixed={q.value for q in state.fixed}, error=error,
                  free_text_reason=state.spec.reason is ReasonMode.FREE_TEXT,
                  submit_key=forms.new_submit_key()), 400 if error else 200


def _confirm(state: CardState):
    try:
        result = mf.confirm(ext().db_session(), ext().now(), g.inmate, state.draft, language=texts.language(),
                            terminal=g.terminal,
                            supervisor_id=session.row.supervisor_id if session.row else None,
                            submit_key=request.form.get("submit_key"))
    except ServiceError as problem:
        step = step_of(problem.params.get("field", ""))
        return redirect(url_for(f"meldekort.{step}", card_id=state.draft.id, change=1))
    if isinstance(result, forms.PracticeReceipt):
        return render("meldekort/practice_receipt.html", receipt=result)
    return redirect(url_for("forms.show", submission_id=result.id))


@bp.post("/d/<int:card_id>/discard")
@access("inmate")
def discard(card_id: int):
    """Stop practising (or throw a draft away): the draft is deleted."""
    forms.discard(ext().db_session(), _state(card_id).draft)
    return redirect(url_for("meldekort.index"))
