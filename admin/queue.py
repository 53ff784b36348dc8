"""The request queue and a request's desk: reply, internal note, status.

Staff see only requests in the prisons they serve and on the topics their role handles;
every read is audited (core.services.requests and core.services.queue).
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from core.models import Inmate, StaffUser, Status
from core.services import queue as queue_service, requests, topics
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.queue_forms import (AssignForm, BulkForm, NoteForm, QueueFilterForm, ReplyForm,
                               StatusForm)

bp = Blueprint("queue", __name__, url_prefix="/requests")


def _filter_form(db) -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    counts = queue_service.status_counts(db, g.staff)
    form.status.choices = [SelectChoice(v, f"{name} ({counts.get(v, 0)})") for v, name in (
        ("open", _("All open")), *[(s.value, labels.STATUSES[s.value]) for s in Status],
        ("", _("All")))]
    handled = topics.handled_by(g.staff.roles)
    form.topic.choices = [SelectChoice("", _("All my topics"))] + [
        SelectChoice(t.code, labels.TOPICS[t.code]) for t in topics.TOPICS if t.code in handled]
    form.language.choices = [SelectChoice("", _("All languages"))] + [
        SelectChoice(code, name) for code, name in labels.LANGUAGES.items()]
    return form


@bp.get("/")
@access("staff", Can.READ_REQUESTS)
def index():
    e = ext()
    db = e.db_session()
    form = _filter_form(db)
    valid = form.validate()
    # A bad filter value is shown with its error, and the default queue meanwhile.
    filters = queue_service.Filters(
        status=form.status.data, topic=form.topic.data, language=form.language.data,
        assignee_id=g.staff.id if form.mine.data else None, late_only=form.late.data,
        release_within_days=form.release_within.data,
    ) if valid else queue_service.Filters()
    rows = queue_service.queue(db, e.now(), g.staff, filters)
    ids = {r.request.assignee_id for r in rows if r.request.assignee_id}
    assignees = {u.id: u.name for u in db.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))}
    return render("queue/index.html", rows=rows, form=form, assignees=assignees,
                  labels=labels, now=e.now()), 200 if valid else 400


def _request(request_id: int):
    e = ext()
    try:
        return requests.staff_request(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)


def _assign_form(db, item, form=None) -> AssignForm:
    form = form or AssignForm(assignee=item.assignee_id or g.staff.id)
    form.assignee.choices = [SelectChoice(0, _("Nobody"))] + [
        SelectChoice(u.id, u.name) for u in requests.eligible_assignees(db, item)]
    return form


def _desk(item, reply_form=None, note_form=None, status_form=None, assign_form=None,
          status=200):
    e = ext()
    db = e.db_session()
    assignee = db.get(StaffUser, item.assignee_id) if item.assignee_id else None
    return render(
        "queue/show.html", item=item, inmate=db.get(Inmate, item.inmate_id), labels=labels,
        thread=requests.staff_thread(db, item), clock=requests.first_response(db, item, e.now()),
        reply_form=reply_form or ReplyForm(), note_form=note_form or NoteForm(),
        status_form=status_form or StatusForm(), now=e.now(), assignee=assignee,
        assign_form=_assign_form(db, item, assign_form),
        history=requests.history(db, item, for_inmate=False),
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


@bp.post("/<int:request_id>/assign")
@access("staff", Can.READ_REQUESTS)
def assign(request_id: int):
    """Take, assign, reassign or release a request; the reason is always recorded."""
    item = _request(request_id)
    e = ext()
    db = e.db_session()
    form = _assign_form(db, item, AssignForm())
    if form.validate_on_submit():
        assignee = db.get(StaffUser, form.assignee.data) if form.assignee.data else None
        try:
            requests.assign(db, e.now(), g.staff, item, assignee, form.assign_reason.data)
        except ServiceError as error:
            form.assignee.errors = [message(error)]
        else:
            flash(_("The assignment is saved."), "success")
            return redirect(url_for("queue.show", request_id=item.id))
    return _desk(item, assign_form=form, status=400)


@bp.get("/several")
@access("staff", Can.READ_REQUESTS)
def several():
    """Work on several open requests at once: choose them, then confirm."""
    e = ext()
    rows = queue_service.queue(e.db_session(), e.now(), g.staff)
    return render("queue/several.html", rows=rows, form=BulkForm(), labels=labels, now=e.now())


@bp.post("/several")
@access("staff", Can.READ_REQUESTS)
def several_post():
    e = ext()
    db = e.db_session()
    form = BulkForm()
    if not form.validate_on_submit():
        rows = queue_service.queue(db, e.now(), g.staff)
        return render("queue/several.html", rows=rows, form=form, labels=labels,
                      now=e.now()), 400
    if form.confirm.data != "yes":
        chosen = [r for r in queue_service.queue(db, e.now(), g.staff)
                  if r.request.id in set(form.ids.data)]
        form.confirm.data = "yes"
        return render("queue/several_confirm.html", rows=chosen, form=form, labels=labels,
                      now=e.now())
    done, skipped = requests.bulk(db, e.now(), g.staff, form.ids.data, form.action.data,
                                  form.bulk_reason.data)
    flash(ngettext("%(num)s request updated.", "%(num)s requests updated.", done) + (
        " " + _("%(skipped)s could not be changed.", skipped=skipped) if skipped else ""),
          "success")
    return redirect(url_for("queue.index"))
