"""Every way in (issue 16): register a request for an inmate (with a scan or photo of the
paper note), forward a request to another team, and print a reply.

The rules are in core.services.requests.ways_in and .attachments; these views are thin.
An officer registers a paper note and then sees its reference only, never what it says.
"""
from flask import Blueprint, Response, abort, flash, g, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from sqlalchemy import select

from core import audit
from core.audit import Actor
from core.models import Inmate, Prison, Request, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.requests import attachments, filing, topics, ways_in
from core.services.requests.access import staff_may_work
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render

bp = Blueprint("ways_in", __name__, url_prefix="/requests")

UPLOADS = frozenset({"ways_in.log", "ways_in.add_attachment"})
FORM_ALLOWANCE = 64 * 1024  # the typed fields of the form, besides the file

# How a request came, for the form: every channel but the kiosk.
CHANNELS = {code: labels.CHANNELS[code] for code in ways_in.CHANNELS}


def upload_limit():
    """Before the CSRF check reads the form: the upload routes take the image's limit."""
    if request.endpoint in UPLOADS:
        request.max_content_length = ext().settings.attachment_max_bytes + FORM_ALLOWANCE


TEXT = [Length(max=filing.MAX_TEXT, message=_l("Use at most %(max)d characters.",
                                                max=filing.MAX_TEXT))]


class LogForm(FlaskForm):
    inmate_number = StringField(_l("Inmate number"), validators=[
        DataRequired(_l("Write the inmate number.")), Length(max=32)])
    channel = RadioField(_l("How did the request come?"), choices=[
        SelectChoice(code, label) for code, label in CHANNELS.items()],
                         validators=[DataRequired(_l("Choose how the request came."))])
    topic = SelectField(_l("What is it about?"), validators=[
        DataRequired(_l("Choose what it is about."))])
    kind = RadioField(_l("What does the inmate want?"), default="conversation", choices=[
        SelectChoice("conversation", _l("A conversation")),
        SelectChoice("question", _l("An answer to a question"))])
    description = TextAreaField(_l("What the inmate asks for"), validators=[
        DataRequired(_l("Write what the inmate asks for.")), *TEXT],
        description=_l("Write it as the inmate put it. The inmate reads this on the kiosk."))
    language = SelectField(_l("The inmate's language"), default="nb")
    image = FileField(_l("Scan or photo of the paper note (optional)"),
                      description=_l("JPEG, PNG or PDF. Location, camera and author details "
                                     "are removed before it is saved."))


class AttachmentForm(FlaskForm):
    image = FileField(_l("Scan or photo of the paper note"),
                      description=_l("JPEG, PNG or PDF. Location, camera and author details "
                                     "are removed before it is saved."))


class ForwardForm(FlaskForm):
    destination = RadioField(_l("Forward to"), validators=[
        DataRequired(_l("Choose the team to forward to."))])
    reason = TextAreaField(_l("Why (the inmate reads this)"), validators=[
        DataRequired(_l("Write why, in plain words for the inmate.")), *TEXT],
        description=_l("For example: Social work helps with housing. They will answer you."))


def _log_form(**kwargs) -> LogForm:
    form = LogForm(**kwargs)
    form.topic.choices = [SelectChoice("", _("Choose a topic"))] + [
        SelectChoice(t.code, str(labels.TOPICS[t.code])) for t in topics.TOPICS]
    form.language.choices = [SelectChoice(code, str(labels.LANGUAGES.get(code, code)))
                             for code in topics.LANGUAGES]
    return form


def _clean_upload(field):
    """(cleaned upload or None, error text or None) for an optional file field."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None, None
    try:
        return attachments.clean(upload.read(), upload.filename, upload.mimetype or "",
                                 ext().settings.attachment_max_bytes), None
    except ServiceError as error:
        return None, message(error)


@bp.route("/log", methods=["GET", "POST"])
@access("staff", Can.LOG_REQUESTS)
def log():
    """Register a request for an inmate, from the record (?inmate=) or the queue."""
    e = ext()
    db = e.db_session()
    form = _log_form()
    if request.method == "GET" and request.args.get("inmate", type=int):
        inmate = db.get(Inmate, request.args.get("inmate", type=int))
        if inmate is None or not ways_in.may_log(g.staff, inmate):
            abort(404)
        form.inmate_number.data = inmate.inmate_number
        form.language.data = inmate.language if inmate.language in topics.LANGUAGES else "nb"
    if not form.validate_on_submit():
        return render("ways_in/log.html", form=form), 400 if form.errors else 200
    try:
        inmate = ways_in.find_inmate(db, g.staff, form.inmate_number.data)
    except ServiceError as error:
        form.inmate_number.errors = [message(error)]
        return render("ways_in/log.html", form=form), 400
    # The image is checked first, but a bad one never costs the typed request.
    upload, problem = _clean_upload(form.image)
    try:
        item = ways_in.log(db, e.now(), g.staff, inmate, form.channel.data, filing.Draft(
            topic=form.topic.data, kind=form.kind.data, description=form.description.data,
            language=form.language.data))
    except ServiceError as error:
        form.description.errors = [message(error)]
        return render("ways_in/log.html", form=form), 400
    if upload is not None:
        attachments.add(db, e.now(), g.staff, item, upload, e.settings.attachment_dir)
    flash(_("The request is registered for %(name)s, reference %(ref)s. It is in the "
            "team's queue, and the inmate sees it on the kiosk.", name=inmate.name,
            ref=item.reference), "success")
    if problem:
        flash(_("The image was not added: %(problem)s The typed request is kept.",
                problem=problem), "error")
    return redirect(url_for("ways_in.logged", request_id=item.id))


def _logged(request_id: int) -> Request:
    try:
        return ways_in.logged_request(ext().db_session(), g.staff, request_id)
    except NotFound:
        abort(404)


def _logged_page(item: Request, form=None, status=200):
    db = ext().db_session()
    return render("ways_in/logged.html", item=item, inmate=db.get(Inmate, item.inmate_id),
                  form=form or AttachmentForm(), channels=CHANNELS,
                  images=attachments.count_of(db, item),
                  may_work=staff_may_work(g.staff, item)), status


@bp.get("/logged/<int:request_id>")
@access("staff", Can.LOG_REQUESTS)
def logged(request_id: int):
    """After registering: the reference, and adding the note's image (no request text)."""
    item = _logged(request_id)
    e = ext()
    audit.record(e.db_session(), e.now(), Actor("staff", g.staff.id), "request.logged_view",
                 subject_type="request", subject_id=item.id, prison_id=item.prison_id)
    return _logged_page(item)


@bp.post("/logged/<int:request_id>/attachment")
@access("staff", Can.LOG_REQUESTS)
def add_attachment(request_id: int):
    item = _logged(request_id)
    e = ext()
    form = AttachmentForm()
    if not form.validate_on_submit():
        return _logged_page(item, form, 400)
    upload, problem = _clean_upload(form.image)
    if upload is None:
        form.image.errors = [problem or _("Choose a file.")]
        return _logged_page(item, form, 400)
    try:
        attachments.add(e.db_session(), e.now(), g.staff, item, upload,
                        e.settings.attachment_dir)
    except ServiceError as error:
        form.image.errors = [message(error)]
        return _logged_page(item, form, 400)
    flash(_("The image is added to the request."), "success")
    return redirect(url_for("ways_in.logged", request_id=item.id))


@bp.get("/<int:request_id>/attachments/<int:attachment_id>")
@access("staff", Can.READ_REQUESTS)
def attachment(request_id: int, attachment_id: int):
    """The image, to those who may read the request's image; every serving audited."""
    e = ext()
    try:
        row, data = attachments.open_for(e.db_session(), e.now(), g.staff, request_id,
                                         attachment_id, e.settings.attachment_dir)
    except NotFound:
        abort(404)
    response = Response(data, mimetype=row.content_type)
    disposition = "attachment" if row.content_type == attachments.PDF else "inline"
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="paper-note-{request_id}-{row.id}.'
        f'{attachments.EXTENSIONS[row.content_type]}"')
    return response


# Forwarding ------------------------------------------------------------------------------

def _working(request_id: int, *, read: bool = False) -> Request:
    """The request, for its team; ``read``: the page shows it, audited as a read."""
    e = ext()
    item = e.db_session().get(Request, request_id)
    if item is None or not ways_in.staff_may_read(g.staff, item):
        abort(404)
    if not staff_may_work(g.staff, item):
        abort(403)  # shared with the team for reading only
    if read:
        filing.staff_request(e.db_session(), e.now(), g.staff, request_id)
    return item


def _destination_choices(db, item) -> list[SelectChoice]:
    names = {str(k): str(v) for k, v in labels.TEAMS.items()}
    return [SelectChoice(f"{d.prison.id}:{d.team.value}",
                         _("%(team)s in %(prison)s", team=names[d.team.value],
                           prison=d.prison.name)
                         + ("" if d.serves else " – " + _("nobody there serves the prison")))
            for d in ways_in.destinations(db, item)]


@bp.route("/<int:request_id>/forward", methods=["GET", "POST"])
@access("staff", Can.READ_REQUESTS)
def forward(request_id: int):
    """Forward the request to another team, with a reason the inmate reads."""
    item = _working(request_id, read=request.method == "GET")
    e = ext()
    db = e.db_session()
    form = ForwardForm()
    form.destination.choices = _destination_choices(db, item)
    if form.validate_on_submit():
        prison_id, _sep, team = form.destination.data.partition(":")
        try:
            ways_in.forward(db, e.now(), g.staff, item, team, int(prison_id),
                            form.reason.data)
        except ServiceError as error:
            field = form.reason if error.code in ("reason_required", "text_too_long") \
                else form.destination
            field.errors = [message(error)]
        else:
            flash(_("The request is forwarded to %(team)s. The inmate sees why.",
                    team=labels.TEAMS[team]), "success")
            if ways_in.staff_may_read(g.staff, item):
                return redirect(url_for("queue.show", request_id=item.id))
            return redirect(url_for("queue.index"))
    return render("ways_in/forward.html", form=form, item=item,
                  inmate=db.get(Inmate, item.inmate_id), labels=labels,
                  prison=db.get(Prison, item.prison_id)), 400 if form.errors else 200


# The printable reply ----------------------------------------------------------------------

@bp.get("/<int:request_id>/print")
@access("staff", Can.READ_REQUESTS)
def print_reply(request_id: int):
    """The replies for an inmate who cannot use a terminal: large type, their language,
    never internal notes. Audited; it stays in the prison."""
    _working(request_id)
    e = ext()
    try:
        printout = ways_in.printout(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)
    with force_locale(printout.language):
        return render("ways_in/print.html", printout=printout, labels=labels,
                      now=e.now(), language=printout.language)


# For the hooks in the request desk and the inmate record ----------------------------------

@bp.app_template_global()
def ways_in_of(item) -> dict:
    """What the desk shows of the ways in: how it came and who registered it (if the
    table lets the reader see it), the images (likewise) and the forwards."""
    db = ext().db_session()
    shown = ways_in.channel_shown(g.staff, item)
    logger = db.get(StaffUser, item.logged_by_id) if item.logged_by_id and shown else None
    return {"channel": CHANNELS.get(item.channel) if shown and item.channel else None,
            "logged_by": logger.name if logger else None,
            "images": attachments.of_request(db, g.staff, item),
            "forwards": ways_in.forwards_of(db, item),
            "prisons": dict(db.execute(select(Prison.id, Prison.name)).all()),
            "may_work": staff_may_work(g.staff, item)}
