"""The request queue and a request's desk: reply, internal note, status.

Staff see only requests in the prisons they serve and on the topics their role handles;
every read is audited (core.services.requests and core.services.queue).
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core.models import Inmate, Status
from core.services import queue as queue_service, requests, topics
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.queue_forms import NoteForm, ReplyForm, StatusForm

bp = Blueprint("queue", __name__, url_prefix="/requests")
STATUS_FILTERS = ("open", *[s.value for s in Status], "")


@bp.get("/")
@access("staff", Can.READ_REQUESTS)
def index():
    status = request.args.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    topic = request.args.get("topic", "")
    handled = topics.handled_by(g.staff.roles)
    topic = topic if topic in handled else ""
    e = ext()
    rows = queue_service.queue(e.db_session(), e.now(), g.staff, status=status, topic=topic)
    return render("queue/index.html", rows=rows, status=status, topic=topic, now=e.now(),
                  topics=[t for t in topics.TOPICS if t.code in handled], labels=labels,
                  filters=STATUS_FILTERS)


def _request(request_id: int):
    e = ext()
    try:
        return requests.staff_request(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)


def _desk(item, reply_form=None, note_form=None, status_form=None, status=200):
    e = ext()
    db = e.db_session()
    return render(
        "queue/show.html", item=item, inmate=db.get(Inmate, item.inmate_id), labels=labels,
        thread=requests.staff_thread(db, item), clock=requests.first_response(db, item, e.now()),
        reply_form=reply_form or ReplyForm(), note_form=note_form or NoteForm(),
        status_form=status_form or StatusForm(), now=e.now(),
    ), status


@bp.get("/<int:request_id>")
@access("staff", Can.READ_REQUESTS)
def show(request_id: int):
    return _desk(_request(request_id))


@bp.post("/<int:request_id>/reply")
@access("staff", Can.READ_REQUESTS)
def reply(request_id: int):
    item = _request(request_id)
    form = ReplyForm()
    if form.validate_on_submit():
        e = ext()
        try:
            requests.reply(e.db_session(), e.now(), g.staff, item, form.body.data,
                           Status(form.status.data))
        except ServiceError as error:
            form.body.errors = [message(error)]
        else:
            flash(_("The reply is sent. The inmate sees it at the next sign-in."), "success")
            return redirect(url_for("queue.show", request_id=item.id))
    return _desk(item, reply_form=form, status=400)


@bp.post("/<int:request_id>/note")
@access("staff", Can.READ_REQUESTS)
def note(request_id: int):
    item = _request(request_id)
    form = NoteForm()
    if form.validate_on_submit():
        e = ext()
        requests.add_note(e.db_session(), e.now(), g.staff, item, form.note.data)
        flash(_("The note is saved. Only staff can see it."), "success")
        return redirect(url_for("queue.show", request_id=item.id))
    return _desk(item, note_form=form, status=400)


@bp.post("/<int:request_id>/status")
@access("staff", Can.READ_REQUESTS)
def status(request_id: int):
    item = _request(request_id)
    form = StatusForm()
    if form.validate_on_submit():
        e = ext()
        try:
            requests.set_status(e.db_session(), e.now(), g.staff, item,
                                Status(form.new_status.data), form.reason.data or "")
        except ServiceError as error:
            field = form.reason if error.code == "reason_required" else form.new_status
            field.errors = [message(error)]
        else:
            flash(_("The status is changed."), "success")
            return redirect(url_for("queue.show", request_id=item.id))
    return _desk(item, status_form=form, status=400)
