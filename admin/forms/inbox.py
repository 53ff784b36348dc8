"""The forms inbox: the received forms an adviser, social worker or the school may read,
a submission's record (exactly what the inmate saw and answered), registering it with NAV
or returning it for correction, and "Meldekort due".

Scoping and audit are in core.services.forms.inbox and meldekort_due; exports are in
admin/forms/exports.py.
"""
from datetime import date

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core.clock import OSLO
from core.services.forms import inbox as form_inbox
from core.services.forms.meldekort import due as meldekort_due
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import registry
from core.services.forms.meldekort.record import period_label
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.translations import locale_code
from core.web.messages import message
from admin import ext, render
from admin.forms.inbox_forms import InboxFilterForm, RegisterForm, ReturnForm

bp = Blueprint("form_inbox", __name__, url_prefix="/forms")
MONTHS_SHOWN = 24  # the months received offered as a filter, this one and back



def _months(today: date) -> list[SelectChoice]:
    months, year, month = [], today.year, today.month
    for _i in range(MONTHS_SHOWN):
        months.append(SelectChoice(f"{year:04d}-{month:02d}",
                                   format_date(date(year, month, 1), "LLLL y")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def filter_form() -> InboxFilterForm:
    """The inbox's filters, with the choices this staff member has (also for exports)."""
    e = ext()
    form = InboxFilterForm(request.args)
    lang = locale_code()
    form.form.choices = [SelectChoice("", _("All forms"))] + [
        SelectChoice(key, registry().current(key, date.max).title(lang))
        for key in form_inbox.readable_forms(g.staff)]
    form.status.choices = [("", "")] + [(s, "") for s in form_inbox.RECEIVED]
    periods = form_inbox.meldekort_periods(e.db_session(), g.staff)
    form.period.choices = {None: [SelectChoice("", _("Any period"))]}
    if periods:
        form.period.choices[_("Meldekort period")] = [
            SelectChoice(p.id, period_label(p, lang)) for p in periods]
    form.period.choices[_("Month received")] = _months(e.now().astimezone(OSLO).date())
    form.order.choices = [SelectChoice("newest", _("Newest first")),
                          SelectChoice("oldest", _("Oldest first"))]
    return form


def filters_of(form: InboxFilterForm) -> form_inbox.Filters:
    return form_inbox.Filters(form=form.form.data or "", status=form.status.data or "",
                              period=form.period.data or "", order=form.order.data or "newest")


@bp.get("/")
@access("staff", Can.RECEIVE_FORMS)
def index():
    e = ext()
    db = e.db_session()
    form = filter_form()
    valid = form.validate()
    # A bad filter value is shown with its error, and the whole inbox meanwhile.
    filters = filters_of(form) if valid else form_inbox.Filters()
    rows = form_inbox.inbox(db, e.now(), g.staff, filters)
    counts = form_inbox.counts(db, g.staff, filters)
    form.status.choices = [SelectChoice("", _("All received (%(count)s)", count=counts[""]))] + [
        SelectChoice(s, f"{labels.FORM_STATUSES[s]} ({counts[s]})") for s in form_inbox.RECEIVED]
    query = {k: v for k, v in request.args.items() if k in form.data} if valid else {}
    return render("forms/index.html", rows=rows, form=form, counts=counts, labels=labels,
                  query=query, lang=locale_code()), 200 if valid else 400


def _readable(submission_id: int):
    try:
        return form_inbox.readable(ext().db_session(), g.staff, submission_id)
    except NotFound:
        abort(404)


def _record_page(submission, register_form=None, return_form=None, status=200):
    db = ext().db_session()
    return render("forms/show.html", record=form_inbox.record_of(db, submission, g.staff),
                  labels=labels, register_form=register_form or RegisterForm(),
                  return_form=return_form or ReturnForm(),
                  definition_title=_title(submission)), status


def _title(submission) -> str:
    definition = registry().get(submission.form_key, submission.form_version)
    return definition.title(locale_code()) if definition else submission.form_key


@bp.get("/<int:submission_id>")
@access("staff", Can.RECEIVE_FORMS, writes=True)  # opening marks it received
def show(submission_id: int):
    e = ext()
    try:
        submission = form_inbox.open_record(e.db_session(), e.now(), g.staff, submission_id)
    except NotFound:
        abort(404)
    return _record_page(submission)


@bp.post("/<int:submission_id>/register")
@access("staff", Can.RECEIVE_FORMS)
def register(submission_id: int):
    submission = _readable(submission_id)
    form = RegisterForm()
    if form.validate_on_submit():
        e = ext()
        try:
            form_inbox.register(e.db_session(), e.now(), g.staff, submission,
                                form.nav_reference.data)
        except ServiceError as error:
            form.nav_reference.errors = [message(error)]
        else:
            flash(_("The form is marked as registered with Nav."), "success")
            return redirect(url_for("form_inbox.show", submission_id=submission.id))
    return _record_page(submission, register_form=form, status=400)


@bp.post("/<int:submission_id>/return")
@access("staff", Can.RECEIVE_FORMS)
def return_(submission_id: int):
    submission = _readable(submission_id)
    form = ReturnForm()
    if form.validate_on_submit():
        e = ext()
        try:
            form_inbox.return_for_correction(e.db_session(), e.now(), g.staff, submission,
                                             form.return_message.data)
        except ServiceError as error:
            form.return_message.errors = [message(error)]
        else:
            flash(_("The form is returned. The inmate sees your message on the kiosk."),
                  "success")
            return redirect(url_for("form_inbox.show", submission_id=submission.id))
    return _record_page(submission, return_form=form, status=400)


@bp.get("/meldekort-due")
@access("staff", Can.MANAGE_BENEFITS)
def meldekort_due_list():
    e = ext()
    groups = meldekort_due.due(e.db_session(), e.now(), g.staff)
    return render("forms/due.html", groups=groups, labels=labels, lang=locale_code(),
                  period_label=period_label, now=e.now())
