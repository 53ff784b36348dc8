"""Appointments: my office hours, booking from a request, cancelling, and the officers'
printable daily list (times and places only, never what an appointment is about).

The request desk and the inmate record show appointments through the template globals
at the end, called from their hook partials.
"""
from collections import defaultdict

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import Inmate, StaffUser
from core.services.appointments import booking as appointments, office_hours
from core.services.people import prisons
from core.services.requests import filing as requests
from core.services.errors import NotFound, ServiceError
from core.services.appointments.office_hours import HoursData
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.dates import long_date
from core.web.messages import message
from admin import ext, render
from admin.appointments.forms import WEEKDAYS, BookForm, CancelForm, DailyForm, HoursForm

bp = Blueprint("appointments", __name__)
bp.add_app_template_filter(long_date, "long_date")

HOURS_FIELDS = {"prison_not_served": "prison_id", "weekday_unknown": "weekday",
                "slot_length": "slot_minutes", "no_slot_fits": "slot_minutes",
                "hours_order": "ends", "valid_until_before": "valid_until",
                "room_required": "room", "room_too_long": "room", "hours_overlap": "starts"}


# My office hours ---------------------------------------------------------------------

def _hours_page(form=None, status=200):
    e = ext()
    db = e.db_session()
    if form is None:
        form = HoursForm(valid_from=to_oslo(e.now()).date())
    form.prison_id.choices = [SelectChoice(p.id, p.name) for p in g.staff.prisons]
    names = {p.id: p.name for p in g.staff.prisons}
    return render("appointments/hours.html", form=form, weekdays=WEEKDAYS, prisons=names,
                  hours=office_hours.hours_of(db, e.now(), g.staff)), status


@bp.get("/appointments/hours")
@access("staff", Can.PUBLISH_OFFICE_HOURS)
def hours():
    return _hours_page()


@bp.post("/appointments/hours")
@access("staff", Can.PUBLISH_OFFICE_HOURS)
def add_hours():
    form = HoursForm()
    form.prison_id.choices = [SelectChoice(p.id, p.name) for p in g.staff.prisons]
    if form.validate_on_submit():
        e = ext()
        try:
            office_hours.publish(e.db_session(), e.now(), g.staff, HoursData(
                prison_id=form.prison_id.data, weekday=form.weekday.data,
                starts=form.starts.data, ends=form.ends.data,
                slot_minutes=form.slot_minutes.data, room=form.room.data,
                valid_from=form.valid_from.data, valid_until=form.valid_until.data))
        except ServiceError as error:
            form[HOURS_FIELDS.get(error.code, "starts")].errors = [message(error)]
        else:
            flash(_("The office hours are published. Inmates can be booked into them."),
                  "success")
            return redirect(url_for("appointments.hours"))
    return _hours_page(form, 400)


@bp.post("/appointments/hours/<int:hours_id>/remove")
@access("staff", Can.PUBLISH_OFFICE_HOURS)
def remove_hours(hours_id: int):
    e = ext()
    try:
        kept = office_hours.remove(e.db_session(), e.now(), g.staff, hours_id)
    except NotFound:
        abort(404)
    text = _("The office hours are removed.")
    if kept:
        text += " " + ngettext(
            "%(num)s booked appointment in them is kept. Cancel it from its request if "
            "needed.", "%(num)s booked appointments in them are kept. Cancel them from "
            "their requests if needed.", kept)
    flash(text, "success")
    return redirect(url_for("appointments.hours"))


# Booking from a request --------------------------------------------------------------

def _request(request_id: int):
    e = ext()
    try:
        return requests.staff_request(e.db_session(), e.now(), g.staff, request_id)
    except NotFound:
        abort(404)


def _slot_groups(db, now, inmate: Inmate):
    """Free slots per staff member (the booker first), each as (day, slots) pairs."""
    by_staff = defaultdict(lambda: defaultdict(list))
    for slot in office_hours.free_slots(db, now, inmate.prison_id, inmate_id=inmate.id):
        by_staff[slot.staff_id][to_oslo(slot.starts_at).date()].append(slot)
    people = {s.id: s for s in db.scalars(select(StaffUser).where(
        StaffUser.id.in_(list(by_staff))))}
    order = sorted(by_staff, key=lambda i: (i != g.staff.id, people[i].name))
    return [(people[i], list(by_staff[i].items())) for i in order]


def _book_page(item, form=None, status=200):
    e = ext()
    db = e.db_session()
    inmate = db.get(Inmate, item.inmate_id)
    return render("appointments/new.html", item=item, inmate=inmate, labels=labels,
                  form=form or BookForm(), groups=_slot_groups(db, e.now(), inmate),
                  booked=appointments.for_request(db, item)), status


@bp.get("/requests/<int:request_id>/appointments/new")
@access("staff", Can.BOOK_APPOINTMENTS)
def new(request_id: int):
    return _book_page(_request(request_id))


@bp.post("/requests/<int:request_id>/appointments/new")
@access("staff", Can.BOOK_APPOINTMENTS)
def book(request_id: int):
    item = _request(request_id)
    form = BookForm()
    if form.validate_on_submit():
        e = ext()
        db = e.db_session()
        chosen = office_hours.parse_key(form.slot.data)
        if chosen is None:
            form.slot.errors = [_("Choose a time from the list.")]
            return _book_page(item, form, 400)
        try:
            appointments.book(db, e.now(), g.staff, db.get(Inmate, item.inmate_id), chosen[0],
                              chosen[1], request=item, room=form.room.data or "")
        except NotFound:
            abort(404)
        except ServiceError as error:
            field = form.room if error.code.startswith("room_") else form.slot
            field.errors = [message(error)]
        else:
            flash(_("The appointment is booked. The inmate sees it on the kiosk."), "success")
            return redirect(url_for("queue.show", request_id=item.id))
    return _book_page(item, form, 400)


# Cancelling ----------------------------------------------------------------------------

def _appointment(appointment_id: int):
    try:
        return appointments.staff_appointment(ext().db_session(), g.staff, appointment_id)
    except NotFound:
        abort(404)


def _back(appointment) -> str:
    if appointment.request_id:
        return url_for("queue.show", request_id=appointment.request_id)
    return url_for("inmates.show", inmate_id=appointment.inmate_id)


def _cancel_page(appointment, form=None, status=200):
    return render("appointments/cancel.html", appointment=appointment,
                  form=form or CancelForm(), back=_back(appointment), now=ext().now()), status


@bp.get("/appointments/<int:appointment_id>/cancel")
@access("staff", Can.BOOK_APPOINTMENTS)
def cancel_form(appointment_id: int):
    appointment = _appointment(appointment_id)
    e = ext()
    audit.record(e.db_session(), e.now(), Actor("staff", g.staff.id), "appointment.view",
                 subject_type="appointment", subject_id=appointment.id,
                 prison_id=appointment.prison_id)
    return _cancel_page(appointment)


@bp.post("/appointments/<int:appointment_id>/cancel")
@access("staff", Can.BOOK_APPOINTMENTS)
def cancel(appointment_id: int):
    appointment = _appointment(appointment_id)
    form = CancelForm()
    if form.validate_on_submit():
        e = ext()
        try:
            appointments.cancel(e.db_session(), e.now(), g.staff, appointment, form.reason.data)
        except ServiceError as error:
            form.reason.errors = [message(error)]
        else:
            flash(_("The appointment is cancelled. The inmate sees it on the kiosk."),
                  "success")
            return redirect(_back(appointment))
    return _cancel_page(appointment, form, 400)


# The daily list ----------------------------------------------------------------------

@bp.get("/appointments/daily")
@access("staff", Can.VIEW_DAILY_LIST)
def daily():
    """When and where, per unit: for officers who take inmates to their appointments."""
    e = ext()
    db = e.db_session()
    today = to_oslo(e.now()).date()
    form = DailyForm(request.args, day=today)
    units = [SelectChoice(0, _("All units"))] + [
        SelectChoice(u.id, f"{p.name}: {u.name}") for p in prisons.list_for(db, g.staff)
        for u in p.units]
    form.unit.choices = units
    valid = form.validate()
    day, unit = (form.day.data, form.unit.data or None) if valid else (today, None)
    rows = appointments.daily_list(db, e.now(), g.staff, day, unit)
    groups = defaultdict(list)
    for row in rows:
        groups[(row.prison, row.unit)].append(row)
    return render("appointments/daily.html", form=form, day=day, groups=list(groups.items()),
                  count=len(rows), unit_name=dict((c.value, c.label) for c in units).get(unit),
                  now=e.now()), 200 if valid else 400


# For the hooks in the request desk and the inmate record ----------------------------

@bp.app_template_global()
def appointments_of_request(item) -> list:
    """Every appointment of a request (the desk has checked that the caller reads it)."""
    return appointments.for_request(ext().db_session(), item)


@bp.app_template_global()
def upcoming_appointments_of(inmate) -> list:
    """An inmate's booked appointments that have not ended (the record is in scope)."""
    e = ext()
    return appointments.upcoming_for_inmate(e.db_session(), e.now(), inmate)
