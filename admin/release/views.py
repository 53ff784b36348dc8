"""The release checklist of an inmate, and the upcoming releases: the hand-over list.

Advisers and social workers only (Can.RELEASE_CHECKLIST), in the prisons they serve;
every read is audited (core.services.release.checklist).
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core.models import Inmate
from core.services.release import checklist
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.scoping import get_in_scope
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.release.forms import ItemForm, UpcomingForm

bp = Blueprint("release", __name__)
bp.add_app_template_global(labels.CHECKLIST, "checklist_labels")


def _inmate(inmate_id: int) -> Inmate:
    try:
        return get_in_scope(ext().db_session(), Inmate, inmate_id, g.staff)
    except NotFound:
        abort(404)


def _page(inmate: Inmate, form: ItemForm | None = None, status: int = 200):
    """The checklist, one form per item; ``form`` is the one just sent, with its errors."""
    e = ext()
    sheet = checklist.read(e.db_session(), e.now(), g.staff, inmate)
    forms = {entry.code: ItemForm(formdata=None, data={
        "item": entry.code, "done": entry.done, "note": entry.note}).for_item(entry.code)
        for entry in sheet.entries}
    if form is not None and form.item.data in forms:
        forms[form.item.data] = form.for_item(form.item.data)
    return render("release/checklist.html", sheet=sheet, forms=forms, error_form=form,
                  labels=labels), status


@bp.get("/inmates/<int:inmate_id>/release")
@access("staff", Can.RELEASE_CHECKLIST)
def show(inmate_id: int):
    return _page(_inmate(inmate_id))


@bp.post("/inmates/<int:inmate_id>/release")
@access("staff", Can.RELEASE_CHECKLIST)
def update(inmate_id: int):
    inmate = _inmate(inmate_id)
    form = ItemForm()
    if form.validate_on_submit():
        e = ext()
        try:
            changed = checklist.set_item(e.db_session(), e.now(), g.staff, inmate,
                                         form.item.data, form.done.data, form.note.data or "")
        except ServiceError as error:
            form.note.errors = [message(error)]
        else:
            if changed:
                flash(_("Saved: %(item)s.", item=labels.CHECKLIST[form.item.data]), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("release.show", inmate_id=inmate.id,
                                    _anchor=form.item.data))
    if form.item.errors:  # no such item: nothing to show the error next to
        form.form_errors = list(form.item.errors)
        form.item.errors = []
    return _page(inmate, form, status=400)


@bp.get("/release/")
@access("staff", Can.RELEASE_CHECKLIST)
def upcoming():
    """Inmates released within the next N days, the soonest first, with how far their
    checklist has come and how many requests must be handed over."""
    e = ext()
    form = UpcomingForm(request.args)
    valid = form.validate()
    within = form.within.data if valid else checklist.RAISE_WITHIN_DAYS
    rows = checklist.upcoming(e.db_session(), e.now(), g.staff, within)
    return render("release/upcoming.html", rows=rows, form=form, within=within,
                  total=len(checklist.CODES)), 200 if valid else 400


@bp.app_template_global()
def release_summary(inmate: Inmate) -> checklist.Summary:
    """Where an inmate's checklist stands, for the part of the inmate record that shows it
    (templates/admin/inmates/_record_checklist.html). The record's read is audited there."""
    e = ext()
    return checklist.summarize(checklist.entries(e.db_session(), inmate),
                               checklist.today(e.now()))
