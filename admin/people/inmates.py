"""Inmates: the list, a record, PINs and unlocking. Every read is audited."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from core import audit
from core.audit import Actor
from core.models import Inmate, InmateStatus
from core.services.release import plan as release_plan, plan_lifecycle
from core.services.people import inmates
from core.web.translations import locale_code
from core.services.requests import filing as requests
from core.services.records import subject_access
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.scoping import get_in_scope
from core.web import data_labels, labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.choices import municipality_choices, options, prison_choices, unit_choices, unit_in_prison
from admin.common_forms import InmateForm, status_labels

bp = Blueprint("inmates", __name__, url_prefix="/inmates")


def _inmate(inmate_id: int) -> Inmate:
    try:
        inmate = get_in_scope(ext().db_session(), Inmate, inmate_id, g.staff)
    except NotFound:
        abort(404)
    if inmate.status == InmateStatus.PURGED.value:  # only a tombstone is left
        abort(404)
    return inmate


def _audit_read(action: str, inmate: Inmate | None = None, **detail) -> None:
    e = ext()
    audit.record(e.db_session(), e.now(), Actor("staff", g.staff.id), action,
                 subject_type="inmate" if inmate else None,
                 subject_id=inmate.id if inmate else None,
                 prison_id=inmate.prison_id if inmate else None, detail=detail)


def _form(**kwargs) -> InmateForm:
    db = ext().db_session()
    form = InmateForm(**kwargs)
    form.prison_id.choices = prison_choices(db, g.staff)
    form.unit_id.choices = unit_choices(db, g.staff)
    form.municipality.choices = municipality_choices()
    form.status.choices = options(status_labels().items())
    return form


def _data(form: InmateForm) -> inmates.InmateData:
    return inmates.InmateData(
        inmate_number=form.inmate_number.data, name=form.name.data,
        prison_id=form.prison_id.data, unit_id=form.unit_id.data or None,
        municipality_number=form.municipality.data or None, language=form.language.data,
        expected_release=form.expected_release.data, status=form.status.data,
    )


def _save(form: InmateForm, inmate: Inmate | None):
    """Create or update; returns the inmate, or None with errors put on the form."""
    e = ext()
    db = e.db_session()
    if not unit_in_prison(db, form.unit_id.data, form.prison_id.data):
        form.unit_id.errors = [_("Choose a unit in the chosen prison.")]
        return None
    try:
        if inmate is None:
            return inmates.create(db, e.now(), g.staff, _data(form))
        inmates.update(db, e.now(), g.staff, inmate, _data(form))
        return inmate
    except ServiceError as error:
        field = {"inmate_number_format": form.inmate_number,
                 "inmate_number_taken": form.inmate_number,
                 "municipality_unknown": form.municipality}.get(error.code, form.name)
        field.errors = [message(error)]
        return None


@bp.get("/")
@access("staff", Can.VIEW_INMATES)
def index():
    query = request.args.get("q", "").strip()[:80]
    rows = inmates.list_for(ext().db_session(), g.staff, query)
    # Whether a search was made, never what was typed: it may be a name, and the audit log
    # is kept for good (core.services.records.retention).
    _audit_read("inmate.list", searched=bool(query), count=len(rows))
    return render("inmates/index.html", inmates=rows, query=query)


@bp.route("/new", methods=["GET", "POST"])
@access("staff", Can.MANAGE_INMATES)
def new():
    form = _form()
    if form.validate_on_submit():
        inmate = _save(form, None)
        if inmate is not None:
            flash(_("The inmate is registered. Give them a PIN code below."), "success")
            return redirect(url_for("inmates.show", inmate_id=inmate.id))
    return render("inmates/form.html", form=form, inmate=None), 400 if form.errors else 200


@bp.get("/<int:inmate_id>")
@access("staff", Can.VIEW_INMATES)
def show(inmate_id: int):
    inmate = _inmate(inmate_id)
    _audit_read("inmate.view", inmate)
    e = ext()
    open_requests = [(r, requests.staff_may_read(g.staff, r))
                     for r in requests.open_for_inmate(e.db_session(), inmate)]
    return render("inmates/show.html", inmate=inmate, statuses=status_labels(),
                  open_requests=open_requests, topic_labels=labels.TOPICS,
                  locked=inmates.is_locked(e.db_session(), inmate, e.settings.lockout_threshold),
                  can_manage=allowed(g.staff, Can.MANAGE_INMATES),
                  can_reset=allowed(g.staff, Can.RESET_PINS))


@bp.route("/<int:inmate_id>/edit", methods=["GET", "POST"])
@access("staff", Can.MANAGE_INMATES)
def edit(inmate_id: int):
    inmate = _inmate(inmate_id)
    if request.method == "GET":
        _audit_read("inmate.view", inmate)
        form = _form(obj=inmate, unit_id=inmate.unit_id or 0,
                     municipality=inmate.municipality_number or "")
    else:
        form = _form()
        form.inmate_number.data = inmate.inmate_number  # the number never changes
        was = inmate.status
        if form.validate_on_submit() and _save(form, inmate) is not None:
            flash(_("The changes are saved."), "success")
            handover = plan_lifecycle.handover_on_release(ext().db_session(), inmate, was)
            if handover:  # release closes nothing: say what is left to hand over
                flash(ngettext("%(num)s request is still open and must be handed over. "
                               "See the list below.",
                               "%(num)s requests are still open and must be handed over. "
                               "See the list below.", handover), "warning")
            elif handover == 0:
                flash(_("No requests are open, so there is nothing to hand over."), "info")
            plan = release_plan.find_plan(ext().db_session(), inmate)
            if handover is not None and plan is not None and plan.frozen_at is not None:
                left = len(release_plan.frozen_open(plan))
                flash(ngettext("The release plan is closed. %(num)s item was left open.",
                               "The release plan is closed. %(num)s items were left open.",
                               left) if left else _("The release plan is closed. Nothing was "
                                                    "left open."), "info")
            return redirect(url_for("inmates.show", inmate_id=inmate.id))
    return render("inmates/form.html", form=form, inmate=inmate), 400 if form.errors else 200


@bp.get("/<int:inmate_id>/innsyn")
@access("staff", Can.MANAGE_INMATES)
def innsyn(inmate_id: int):
    """A complete, printable export of everything held about the inmate, for a
    subject-access request (innsyn). Audited."""
    inmate = _inmate(inmate_id)
    e = ext()
    report = subject_access.export(e.db_session(), e.now(), g.staff, inmate)
    return render("inmates/innsyn.html", inmate=inmate, report=report, now=e.now(),
                  groups=subject_access.GROUPS, dl=data_labels, language=locale_code())


@bp.post("/<int:inmate_id>/pin")
@access("staff", Can.RESET_PINS)
def reset_pin(inmate_id: int):
    """The new PIN is shown once, on a printable slip, and never stored in clear."""
    inmate = _inmate(inmate_id)
    e = ext()
    pin = inmates.reset_pin(e.db_session(), e.now(), g.staff, inmate, e.pin_hasher)
    return render("inmates/slip.html", inmate=inmate, pin=pin)


@bp.post("/<int:inmate_id>/unlock")
@access("staff", Can.RESET_PINS)
def unlock(inmate_id: int):
    inmate = _inmate(inmate_id)
    e = ext()
    inmates.unlock(e.db_session(), e.now(), g.staff, inmate)
    flash(_("The account is unlocked."), "success")
    return redirect(url_for("inmates.show", inmate_id=inmate.id))
