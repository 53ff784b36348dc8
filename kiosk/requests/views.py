"""Contact NAV and others: a request in one-thing-per-page steps, and "My requests".

Every step saves the draft on the server, so an idle sign-out loses nothing: the next
visit to "New request" continues where the inmate stopped.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, g, redirect, request, url_for

from core.models import OPEN_STATUSES
from core.services.records import disclosures
from core.services.appointments import booking as appointments
from core.services.requests import (consents, drafts as request_drafts, filing as requests,
                                    reads as request_reads, routing, sla, topics)
from core.services.forms import submissions as forms
from core.services.errors import NotFound, ServiceError
from core.web import labels
from core.web.access import access
from core.web.messages import message
from kiosk import render
from kiosk.requests.forms import ConsentForm, DescribeForm, MessageForm, TopicForm, UrgencyForm

bp = Blueprint("requests", __name__, url_prefix="/requests")
STEPS = ("topic", "describe", "urgency", "consent")


def _ext():
    return current_app.extensions["brobygger"]


def _db():
    return _ext().db_session()


def _draft() -> dict:
    return request_drafts.load_draft(_db(), g.inmate)


def _save(changes: dict) -> None:
    request_drafts.save_draft(_db(), _ext().now(), g.inmate, changes)


def _next(step: str) -> str:
    if request.args.get("change"):
        return url_for("requests.check")
    position = STEPS.index(step)
    return url_for(f"requests.{STEPS[position + 1]}" if position + 1 < len(STEPS)
                   else "requests.check")


def _step(name: str, form, **context):
    status = 400 if form.errors else 200
    return render(f"requests/{name}.html", form=form, step=STEPS.index(name) + 1,
                  steps=len(STEPS) + 1, labels=labels, change=request.args.get("change"),
                  **context), status


@bp.get("/")
@access("inmate")
def index():
    db = _db()
    unread = request_reads.unread_counts(db, g.inmate)
    rows = [(r, unread.get(r.id, 0)) for r in requests.for_inmate(db, g.inmate)]
    return render("requests/index.html", rows=rows, labels=labels, has_draft=bool(_draft()))


@bp.route("/new/topic", methods=["GET", "POST"])
@access("inmate")
def topic():
    draft = _draft()
    form = TopicForm(data={"topic": draft.get("topic")} if request.method == "GET" else None)
    if form.validate_on_submit():
        _save({"topic": form.topic.data})
        return redirect(_next("topic"))
    return _step("topic", form, groups=topics.grouped())


def _require_topic():
    if not _draft().get("topic"):
        return redirect(url_for("requests.topic"))
    return None


@bp.route("/new/describe", methods=["GET", "POST"])
@access("inmate")
def describe():
    if (back := _require_topic()) is not None:
        return back
    draft = _draft()
    form = DescribeForm(data=draft if request.method == "GET" else None)
    if form.validate_on_submit():
        _save({"kind": form.kind.data, "description": (form.description.data or "").strip()})
        return redirect(_next("describe"))
    return _step("describe", form, max_length=requests.MAX_TEXT)


@bp.route("/new/urgency", methods=["GET", "POST"])
@access("inmate")
def urgency():
    if (back := _require_topic()) is not None:
        return back
    draft = _draft()
    if request.method == "GET":
        data = {**draft, "deadline_on": date.fromisoformat(draft["deadline_on"])
                if draft.get("deadline_on") else None}
        data.setdefault("language", g.inmate.language)
        form = UrgencyForm(data=data)
    else:
        form = UrgencyForm()
    if form.validate_on_submit():
        _save({"release_soon": form.release_soon.data,
               "letter_received": form.letter_received.data,
               "deadline_on": form.deadline_on.data.isoformat() if form.deadline_on.data else None,
               "language": form.language.data, "interpreter": form.interpreter.data})
        return redirect(_next("urgency"))
    return _step("urgency", form)


@bp.route("/new/consent", methods=["GET", "POST"])
@access("inmate")
def consent():
    if (back := _require_topic()) is not None:
        return back
    draft = _draft()
    form = ConsentForm(data={"recipients": draft.get("consents", [])}
                       if request.method == "GET" else None)
    if form.validate_on_submit():
        _save({"consents": form.recipients.data or []})
        return redirect(_next("consent"))
    # Who will read it: the team the prison's routing sends this topic to, by name.
    route = routing.route_for(_db(), g.inmate.prison_id, draft["topic"])
    return _step("consent", form, team=topics.get(draft["topic"]).group,
                 reader=labels.TEAMS[route.team.value], prison=g.inmate.prison.name,
                 purposes={r: consents.step_purpose(r) for r in requests.RECIPIENTS})


@bp.route("/new/check", methods=["GET", "POST"])
@access("inmate")
def check():
    key = request.form.get("submit_key") if request.method == "POST" else None
    try:
        filed = request_drafts.filed_with(_db(), g.inmate, key) if key else None
    except NotFound:
        abort(404)
    if filed is not None:  # a retried or double-clicked submit: the first one's receipt
        return redirect(url_for("requests.receipt", request_id=filed.id))
    if (back := _require_topic()) is not None:
        return back
    draft = _draft()
    if request.method == "POST":
        try:
            filed = request_drafts.file_draft(_db(), _ext().now(), g.inmate,
                                              request.form.get("submit_key"))
        except NotFound:
            abort(404)
        except ServiceError as error:
            return _check_page(draft, message(error)), 400
        return redirect(url_for("requests.receipt", request_id=filed.id))
    return _check_page(draft, None)


def _check_page(draft: dict, error: str | None):
    deadline = draft.get("deadline_on")
    return render("requests/check.html", draft=draft, labels=labels, error=error,
                  deadline=date.fromisoformat(deadline) if deadline else None,
                  submit_key=request.form.get("submit_key") or forms.new_submit_key())


def _own(request_id: int):
    try:
        return requests.inmate_request(_db(), g.inmate, request_id)
    except NotFound:
        abort(404)


@bp.get("/<int:request_id>/receipt")
@access("inmate")
def receipt(request_id: int):
    filed = _own(request_id)
    # The same deadline the staff's queue shows (core.services.requests.sla), said as a day.
    due = sla.unpaused_deadline(filed.created_at, filed.first_response_days)
    return render("requests/receipt.html", item=filed, due=due, labels=labels)


def _show(item, form=None, status=200):
    db = _db()
    thread = requests.inmate_thread(db, g.inmate, item.id)
    request_reads.mark_read(db, _ext().now(), g.inmate, item.id, shown=thread)
    return render("requests/show.html", item=item, thread=thread, labels=labels,
                  history=requests.history(db, item, for_inmate=True),
                  appointments=appointments.for_inmate_request(db, g.inmate, item.id),
                  form=form or MessageForm(),
                  open=item.status in {s.value for s in OPEN_STATUSES}), status


@bp.get("/<int:request_id>")
@access("inmate")  # the replies shown are marked read after reading (reads.mark_read)
def show(request_id: int):
    return _show(_own(request_id))


@bp.post("/<int:request_id>/reply")
@access("inmate")
def reply(request_id: int):
    item = _own(request_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            requests.inmate_reply(_db(), _ext().now(), g.inmate, item.id, form.body.data)
        except ServiceError as error:
            form.body.errors = [message(error)]
        else:
            return redirect(url_for("requests.show", request_id=item.id))
    return _show(item, form, status=400)


@bp.route("/<int:request_id>/cancel", methods=["GET", "POST"])
@access("inmate")
def cancel(request_id: int):
    """Withdraw a request, after a question: the page asks, and only "Yes" (confirm=yes)
    withdraws it. A closed request has nothing to ask: back to it."""
    item = _own(request_id)
    if item.status not in {s.value for s in OPEN_STATUSES}:
        return redirect(url_for("requests.show", request_id=item.id))
    if request.method == "POST" and request.form.get("confirm") == "yes":
        try:
            requests.cancel(_db(), _ext().now(), g.inmate, item.id)
        except ServiceError:
            pass  # closed meanwhile: showing it again says so
        return redirect(url_for("requests.show", request_id=item.id))
    return render("requests/cancel.html", item=item, labels=labels), \
        400 if request.method == "POST" else 200


@bp.get("/consents")
@access("inmate")
def my_consents():
    return render("requests/consents.html",
                  consents=consents.consents_with_requests(_db(), g.inmate),
                  standing=consents.STANDING, labels=labels)


@bp.post("/consents/<int:consent_id>/withdraw")
@access("inmate")
def withdraw(consent_id: int):
    """One step, at once, everywhere: every check reads the consent rows."""
    try:
        consents.withdraw_consent(_db(), _ext().now(), g.inmate, consent_id)
    except NotFound:
        abort(404)
    return redirect(url_for("requests.my_consents"))


@bp.post("/consents/give")
@access("inmate")
def give_consent():
    """A consent for the whole stay (meldekort help from social work, the work shop's
    statement to Nav), given from "My consents". An unknown recipient or purpose is
    refused with a clear message."""
    try:
        consents.give_standing(_db(), _ext().now(), g.inmate, request.form.get("recipient", ""),
                               request.form.get("purpose", ""))
    except ServiceError as error:
        return render("requests/consents.html",
                      consents=consents.consents_with_requests(_db(), g.inmate),
                      standing=consents.STANDING, labels=labels, error=message(error)), 400
    return redirect(url_for("requests.my_consents"))


@bp.get("/disclosures")
@access("inmate")
def disclosures_page():
    """Who has received information about me: every disclosure outside the prison."""
    return render("requests/disclosures.html",
                  disclosures=disclosures.for_inmate(_db(), g.inmate), labels=labels)
