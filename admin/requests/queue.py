"""The request queue and a request's desk: reply, internal note, status.

Staff see only requests in the prisons they serve and on the topics their role handles;
every read is audited (core.services.requests.filing and core.services.requests.queue).
"""
import hashlib
from functools import partial

from flask import Blueprint, abort, flash, g, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from core.models import Inmate, Request, StaffUser, Status
from core.services.requests import (access as request_access, canned, clocks as request_clocks,
                                    filing as requests, queue as queue_service,
                                    several as several_service, topics)
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.requests.queue_forms import (AssignForm, BulkForm, NoteForm, QueueFilterForm, ReplyForm,
                                        StatusForm)

bp = Blueprint("queue", __name__, url_prefix="/requests")
REFRESH_LIMIT = 5 * 1024  # issue 6: an htmx partial is at most 5 KB


def _choices(pairs, counts: dict) -> list[SelectChoice]:
    """Options labelled with how many requests each would show."""
    return [SelectChoice(value, f"{name} ({counts.get(key, 0)})")
            for value, name, key in pairs]


def _filter_form(db, colleagues) -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    form.status.choices = [("open", ""), *[(s.value, "") for s in Status], ("", "")]
    form.waiting_on.choices = [("", "")] + [(k, "") for k in queue_service.WAITING_ON]
    form.topic.choices = [("", "")] + [(t.code, "") for t in topics.TOPICS]
    form.assignee.choices = [("", ""), (str(queue_service.NOBODY), "")] + [
        (str(u.id), "") for u in colleagues]
    form.language.choices = [("", "")] + [(code, "") for code in labels.LANGUAGES]
    return form


def _filters(form: QueueFilterForm) -> queue_service.Filters:
    assignee = int(form.assignee.data) if form.assignee.data else None
    return queue_service.Filters(
        status=form.status.data, topic=form.topic.data, language=form.language.data,
        waiting_on=form.waiting_on.data,
        assignee_id=g.staff.id if form.mine.data else assignee, late_only=form.late.data,
        release_within_days=form.release_within.data)


def _label_choices(form: QueueFilterForm, counts: dict, colleagues) -> None:
    """Every option's label, with its count (the other filters kept)."""
    form.status.choices = _choices(
        [("open", _("All open"), "open")] + [(s.value, labels.STATUSES[s.value], s.value)
                                              for s in Status] + [("", _("All"), "")],
        counts["status"])
    form.waiting_on.choices = _choices(
        [("", _("Anyone"), ""), ("staff", _("Us (staff)"), "staff"),
         ("inmate", _("The inmate"), "inmate"), ("others", _("Others"), "others")],
        counts["waiting_on"])
    shown = [t for t in topics.TOPICS if counts["topic"].get(t.code)
             or t.code == form.topic.data]
    form.topic.choices = _choices([("", _("All my topics"), "")] + [
        (t.code, labels.TOPICS[t.code], t.code) for t in shown], counts["topic"])
    form.assignee.choices = _choices(
        [("", _("Anyone"), ""), (str(queue_service.NOBODY), _("Nobody"), queue_service.NOBODY)]
        + [(str(u.id), u.name, u.id) for u in colleagues], counts["assignee"])
    form.language.choices = _choices([("", _("All languages"), "")] + [
        (code, name, code) for code, name in labels.LANGUAGES.items()], counts["language"])


def _page_url(page: int, endpoint: str = "queue.index") -> str:
    """This list's address on another page, every filter kept."""
    args = request.args.to_dict()
    args.pop("page", None)
    if page > 1:
        args["page"] = str(page)
    return url_for(endpoint, **args)


def _page_number() -> int:
    """?page= from the page links; anything but a page number is the first page (a page
    past the last shows the last one: core.services.requests.queue.queue_page)."""
    number = request.args.get("page", type=int) or 1
    return number if number > 0 else 1


def _results_only() -> bool:
    """htmx asks for the results alone (the refresh every minute): no form, no counts."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-Target") == "queue-results")


def _digest(listing: str) -> str:
    """What the results show, in short: the refresh sends it back (X-Queue-Shown)."""
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def _refreshed(listing: Markup, shown: str, status: int):
    """The answer to the refresh every minute, never more than REFRESH_LIMIT: 204 No
    Content when the results show what the page shows already; the results when they
    changed; and when they would be larger than that (a full page of the longest names
    and every flag), a short "the list has changed" with a link, in the page's notice
    area, after which htmx stops asking (286)."""
    if status == 200 and request.headers.get("X-Queue-Shown") == shown:
        return make_response("", 204)  # htmx swaps nothing on 204
    body = render("queue/_results.html", listing=listing, shown=shown)
    if len(body.encode()) <= REFRESH_LIMIT:
        return make_response(body, status)
    response = make_response(render("queue/_changed.html"), 286)
    response.headers["HX-Retarget"] = "#queue-notice"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


@bp.get("/")
@access("staff", Can.READ_REQUESTS)
def index():
    e = ext()
    db = e.db_session()
    colleagues = several_service.colleagues(db, g.staff)
    form = _filter_form(db, colleagues)
    valid = form.validate()
    # A bad filter value is shown with its error, and the default queue meanwhile.
    filters = _filters(form) if valid else queue_service.Filters()
    page = queue_service.queue_page(db, e.now(), g.staff, filters,
                                    page=_page_number() if valid else 1)
    assignees = {u.id: u.name for u in colleagues}
    missing = {r.request.assignee_id for r in page.rows} - set(assignees) - {None}
    if missing:  # assigned to someone who no longer shares a team and a prison
        assignees.update(db.execute(select(StaffUser.id, StaffUser.name)
                                    .where(StaffUser.id.in_(missing))).all())
    listing = Markup(render("queue/_listing.html", page=page, rows=page.rows,
                            assignees=assignees, labels=labels, page_url=_page_url))
    shown = _digest(listing)
    status = 200 if valid else 400
    if _results_only():
        response = _refreshed(listing, shown, status)
    else:
        _label_choices(form, queue_service.counts(db, e.now(), g.staff, filters), colleagues)
        response = make_response(render(
            "queue/index.html", form=form, listing=listing, shown=shown, labels=labels,
            shared=request_access.shared_with(db, g.staff)), status)
    # The same address answers with a page, the results, or nothing new.
    response.vary.update(("HX-Request", "HX-Target", "X-Queue-Shown"))
    return response


def _request(request_id: int, *, work: bool = False):
    """The request for the desk, its read audited. ``work``: for a change (reply, note,
    status, assignment); a team the inmate only shared the request with may read it but
    not act on it (403, before anything is read)."""
    e = ext()
    if work:
        found = e.db_session().get(Request, request_id)
        if found is not None and request_access.shared_only(g.staff, found):
            abort(403)
    try:
        return requests.staff_request(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)


def _assign_form(db, item, form=None) -> AssignForm:
    form = form or AssignForm(assignee=item.assignee_id or g.staff.id)
    form.assignee.choices = [SelectChoice(0, _("Nobody"))] + [
        SelectChoice(u.id, u.name) for u in requests.eligible_assignees(db, item)]
    return form


def _reply_form(item) -> tuple[ReplyForm, str | None]:
    """The reply form, started from a standard reply when one is asked for (?reply_with=),
    in the inmate's language; also the language the text is in."""
    reply = canned.get(request.args.get("reply_with", ""), requests.teams_of(g.staff))
    if reply is None:
        return ReplyForm(), None
    text, language = reply.text(item.language)
    return ReplyForm(body=text), language


def _desk(item, reply_form=None, note_form=None, status_form=None, assign_form=None,
          status=200):
    e = ext()
    db = e.db_session()
    assignee = db.get(StaffUser, item.assignee_id) if item.assignee_id else None
    started_from = None
    if reply_form is None:
        reply_form, started_from = _reply_form(item)
    clocks = request_clocks.clocks(db, item, e.now())
    may_work = requests.staff_may_work(g.staff, item)
    return render(
        "queue/show.html", item=item, inmate=db.get(Inmate, item.inmate_id), labels=labels,
        thread=requests.staff_thread(db, item, g.staff), clock=clocks.first_response, clocks=clocks,
        replies=canned.for_teams(requests.teams_of(g.staff)), started_from=started_from,
        reply_form=reply_form, note_form=note_form or NoteForm(),
        status_form=status_form or StatusForm(), now=e.now(), assignee=assignee,
        assign_form=_assign_form(db, item, assign_form),
        history=requests.history(db, item, for_inmate=not may_work), may_work=may_work,
    ), status


@bp.get("/<int:request_id>")
@access("staff", Can.READ_REQUESTS)
def show(request_id: int):
    return _desk(_request(request_id))


@bp.post("/<int:request_id>/reply")
@access("staff", Can.READ_REQUESTS)
def reply(request_id: int):
    item = _request(request_id, work=True)
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
    item = _request(request_id, work=True)
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
    item = _request(request_id, work=True)
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
    item = _request(request_id, work=True)
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


def _bulk_form(db, form=None) -> BulkForm:
    form = form or BulkForm()
    form.bulk_assignee.choices = [SelectChoice(0, _("Choose a person"))] + [
        SelectChoice(u.id, u.name) for u in several_service.colleagues(db, g.staff)]
    return form


def _several(db, form: BulkForm, status: int = 200):
    """The open requests to choose from, a page at a time, in the queue's order (the
    form posts to this address, so a form with errors shows the same page again)."""
    e = ext()
    page = queue_service.queue_page(db, e.now(), g.staff, page=_page_number(),
                                    per_page=queue_service.SEVERAL_PER_PAGE)
    return render("queue/several.html", page=page, rows=page.rows, form=form, labels=labels,
                  now=e.now(), page_url=partial(_page_url, endpoint="queue.several")), status


@bp.get("/several")
@access("staff", Can.READ_REQUESTS)
def several():
    """Work on several open requests at once: choose them, then confirm."""
    db = ext().db_session()
    return _several(db, _bulk_form(db))


@bp.post("/several")
@access("staff", Can.READ_REQUESTS)
def several_post():
    e = ext()
    db = e.db_session()
    form = _bulk_form(db, BulkForm())
    valid = form.validate_on_submit()
    if valid and form.action.data == "assign" and not form.bulk_assignee.data:
        form.bulk_assignee.errors = [_("Choose the person to assign them to.")]
        valid = False
    if not valid:
        return _several(db, form, 400)
    assignee = db.get(StaffUser, form.bulk_assignee.data) if form.action.data == "assign" \
        else None
    if form.confirm.data != "yes":
        chosen = queue_service.chosen(db, e.now(), g.staff, form.ids.data)
        form.confirm.data = "yes"
        return render("queue/several_confirm.html", rows=chosen, form=form, labels=labels,
                      now=e.now(), assignee=assignee)
    done, skipped = several_service.bulk(db, e.now(), g.staff, form.ids.data, form.action.data,
                                  form.bulk_reason.data, assignee)
    flash(ngettext("%(num)s request updated.", "%(num)s requests updated.", done) + (
        " " + _("%(skipped)s could not be changed.", skipped=skipped) if skipped else ""),
          "success")
    return redirect(url_for("queue.index"))
