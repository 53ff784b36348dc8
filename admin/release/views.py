"""The release plan of an inmate (issue 15), the arrival list and the upcoming releases.

Advisers, social workers and the school (Can.RELEASE_PLAN), in the prisons they serve;
each sees only the pathways their role may see (core.services.release.pathways.VISIBLE);
only advisers and social workers set the dates (Can.SET_RELEASE_DATES). Every read is
audited (core.services.release.plan_reads, plan_lists). The plan page keeps the old
checklist's URL.
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core.models import Inmate
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.release import plan as release_plan, plan_changes, plan_dates, plan_lists, plan_reads
from core.services.scoping import get_in_scope
from core.web import release_labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.release.forms import DatesForm, ItemForm, UpcomingForm

bp = Blueprint("release", __name__)
bp.add_app_template_global(release_labels.PLAN_ITEMS, "plan_item_labels")


def _inmate(inmate_id: int) -> Inmate:
    try:
        return get_in_scope(ext().db_session(), Inmate, inmate_id, g.staff)
    except NotFound:
        abort(404)


def _item_form(item: release_plan.Item) -> ItemForm:
    return ItemForm(formdata=None, data={
        "item": item.code, "status": item.status, "owner": item.owner,
        "due_on": item.due_on if item.due_chosen else None, "note": item.note,
        "visible_to_inmate": item.visible_to_inmate}).for_item(item.code)


def _page(inmate: Inmate, *, form: ItemForm | None = None, dates: DatesForm | None = None,
          status: int = 200):
    """The plan: the dates form, one form per item of the pathways the reader sees, and
    the history. ``form``/``dates`` is the one just sent, with its errors and what was
    typed (nothing typed is lost)."""
    e = ext()
    try:
        view = plan_reads.read(e.db_session(), e.now(), g.staff, inmate)
    except NotFound:
        abort(404)
    forms = {item.code: _item_form(item) for item in view.items}
    if form is not None and form.item.data in forms:
        forms[form.item.data] = form.for_item(form.item.data)
    if dates is None and view.dates is not None:
        dates = DatesForm(formdata=None, obj=view.dates)
    return render("release/plan.html", view=view, forms=forms, error_form=form,
                  dates_form=dates, release_labels=release_labels), status


@bp.get("/inmates/<int:inmate_id>/release")
@access("staff", Can.RELEASE_PLAN)
def show(inmate_id: int):
    return _page(_inmate(inmate_id))


@bp.post("/inmates/<int:inmate_id>/release")
@access("staff", Can.RELEASE_PLAN)
def update(inmate_id: int):
    """Save one item of the plan."""
    inmate = _inmate(inmate_id)
    form = ItemForm()
    if form.validate_on_submit():
        e = ext()
        change = plan_changes.ItemChange(form.status.data, form.owner.data, form.due_on.data,
                                         form.note.data or "", bool(form.visible_to_inmate.data))
        try:
            changed = plan_changes.set_item(e.db_session(), e.now(), g.staff, inmate,
                                            form.item.data, change)
        except NotFound:
            abort(404)
        except ServiceError as error:
            form.form_errors = [message(error)]
        else:
            if changed:
                flash(_("Saved: %(item)s.", item=release_labels.PLAN_ITEMS[form.item.data]), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("release.show", inmate_id=inmate.id,
                                    _anchor=form.item.data))
    if form.item.errors:  # no such item: nothing to show the error next to
        form.form_errors = list(form.item.errors)
        form.item.errors = []
    return _page(inmate, form=form, status=400)


@bp.post("/inmates/<int:inmate_id>/release/dates")
@access("staff", Can.SET_RELEASE_DATES)
def dates(inmate_id: int):
    """Save the arrival and release dates; errors next to each date, nothing typed lost."""
    inmate = _inmate(inmate_id)
    form = DatesForm()
    if form.validate_on_submit():
        e = ext()
        try:
            changed = plan_changes.set_dates(e.db_session(), e.now(), g.staff, inmate,
                                             plan_dates.Dates(
                                                 form.arrived_on.data, form.earliest_on.data,
                                                 form.expected_on.data, form.latest_on.data))
        except plan_dates.DatesInvalid as error:
            for name, code in error.errors.items():
                getattr(form, name).errors = [message(ServiceError(code))]
        except ServiceError as error:
            form.form_errors = [message(error)]
        else:
            flash(_("The dates are saved. Open due dates have moved with them.")
                  if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("release.show", inmate_id=inmate.id, _anchor="dates"))
    return _page(inmate, dates=form, status=400)


@bp.get("/release/")
@access("staff", Can.RELEASE_PLAN)
def upcoming():
    """Inmates released within the next N days, and every short stay, the soonest first,
    with where their plan stands and how many requests must be handed over."""
    e = ext()
    form = UpcomingForm(request.args)
    valid = form.validate()
    within = form.within.data if valid else plan_lists.RAISE_WITHIN_DAYS
    rows = plan_lists.upcoming(e.db_session(), e.now(), g.staff, within)
    return render("release/upcoming.html", rows=rows, form=form, within=within,
                  today=plan_dates.today(e.now()), release_labels=release_labels), 200 if valid else 400


@bp.get("/release/arrivals")
@access("staff", Can.RELEASE_PLAN)
def arrivals():
    """The arrival list: who arrived lately with arrival items still open (due within 5
    working days of arrival)."""
    e = ext()
    rows = plan_lists.arrival_list(e.db_session(), e.now(), g.staff)
    return render("release/arrivals.html", rows=rows, today=plan_dates.today(e.now()),
                  release_labels=release_labels)


@bp.app_template_global()
def release_summary(inmate: Inmate) -> release_plan.Summary | None:
    """Where an inmate's plan stands in the pathways the reader sees, for the inmate's
    record (templates/admin/inmates/_record_plan.html). The record's read is audited
    there."""
    e = ext()
    return release_plan.state(e.db_session(), inmate, g.staff.roles,
                              plan_dates.today(e.now()))


@bp.app_template_global()
def release_short_stay(inmate: Inmate) -> bool:
    e = ext()
    return plan_dates.is_short_stay(release_plan.plan_for_reading(e.db_session(), e.now(),
                                                                  inmate))
