"""The person's hand-over to the home Nav office (core.services.release.handover): the
page, and the copies made for the office (the page printed, a PDF, CSV and JSON:
core.services.release.handover_export), each a disclosure the inmate sees on the kiosk;
the office's receipt and the appointments after release with the first one's outcome
(core.services.release.handover_follow_up).

Advisers and social workers (Can.RELEASE_HANDOVER) in the prisons they serve; 404
elsewhere. Every read is audited by the service."""
import csv
import io

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.release import handover, handover_export, handover_follow_up
from core.web import labels, pdf, release_labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.release.handover_forms import (CHANNEL_LABELS, OUTCOME_LABELS, AppointmentForm,
                                          OutcomeForm, ReceiptForm)

bp = Blueprint("release_handover", __name__)


def _build(inmate_id: int) -> handover.PersonHandover:
    e = ext()
    try:
        return handover.build(e.db_session(), e.now(), g.staff, inmate_id)
    except NotFound:
        abort(404)


def _context(h: handover.PersonHandover) -> dict:
    return {"h": h, "labels": labels, "release_labels": release_labels, "channel_labels": CHANNEL_LABELS,
            "outcome_labels": OUTCOME_LABELS}


def _page(inmate_id: int, receipt: ReceiptForm | None = None,
          appointment: AppointmentForm | None = None, status: int = 200):
    h = _build(inmate_id)
    follow = handover_follow_up.follow_up(ext().db_session(), g.staff, inmate_id)
    outcome_forms = {a.id: OutcomeForm(formdata=None, data={"outcome": a.outcome or "unknown"},
                                       prefix=f"a{a.id}") for a in follow.appointments}
    return render("release/handover.html", **_context(h), follow=follow,
                  receipt_form=receipt or ReceiptForm(formdata=None),
                  appointment_form=appointment or AppointmentForm(formdata=None),
                  outcome_forms=outcome_forms), status


@bp.get("/inmates/<int:inmate_id>/handover")
@access("staff", Can.RELEASE_HANDOVER)
def show(inmate_id: int):
    return _page(inmate_id)


def _made(h: handover.PersonHandover, fmt: str) -> bool:
    """Record the copy; False (and a message) when the inmate has agreed to nothing."""
    e = ext()
    try:
        handover.made(e.db_session(), e.now(), g.staff, h, fmt)
    except ServiceError as error:
        flash(message(error), "error")
        return False
    return True


def _refused(h: handover.PersonHandover):
    return redirect(url_for("release_handover.show", inmate_id=h.inmate.id))


def _name(h: handover.PersonHandover, suffix: str) -> str:
    return f"overlevering-{h.inmate.inmate_number}-{h.made_at:%Y%m%d}.{suffix}"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/inmates/<int:inmate_id>/handover/print")
@access("staff", Can.RELEASE_HANDOVER)
def print_page(inmate_id: int):
    """The page to print and send: made only with the inmate's consent."""
    h = _build(inmate_id)
    if not _made(h, "print"):
        return _refused(h)
    return render("release/handover_print.html", **_context(h))


@bp.get("/inmates/<int:inmate_id>/handover.pdf")
@access("staff", Can.RELEASE_HANDOVER)
def pdf_file(inmate_id: int):
    h = _build(inmate_id)
    if not _made(h, "pdf"):
        return _refused(h)
    html = render_template("pdf/handover.html", **_context(h))
    return _download(pdf.render(html), "application/pdf", _name(h, "pdf"))


@bp.get("/inmates/<int:inmate_id>/handover.json")
@access("staff", Can.RELEASE_HANDOVER)
def json_file(inmate_id: int):
    h = _build(inmate_id)
    if not _made(h, "json"):
        return _refused(h)
    return _download(handover_export.to_json(h), "application/json", _name(h, "json"))


def _cell(value: str) -> str:
    """Text that Excel would run as a formula starts with an apostrophe instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/inmates/<int:inmate_id>/handover.csv")
@access("staff", Can.RELEASE_HANDOVER)
def csv_file(inmate_id: int):
    h = _build(inmate_id)
    if not _made(h, "csv"):
        return _refused(h)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["section", "field", "value"])
    for row in handover_export.rows(h):
        writer.writerow([_cell(v) for v in row])
    return _download("\ufeff" + out.getvalue(), "text/csv", _name(h, "csv"))


@bp.post("/inmates/<int:inmate_id>/handover/receipt")
@access("staff", Can.RELEASE_HANDOVER)
def receipt(inmate_id: int):
    form = ReceiptForm()
    if form.validate_on_submit():
        e = ext()
        try:
            handover_follow_up.confirm_receipt(e.db_session(), e.now(), g.staff, inmate_id,
                                               form.received_on.data, form.person.data,
                                               form.channel.data)
        except NotFound:
            abort(404)
        except ServiceError as error:
            form.received_on.errors = [message(error)]
        else:
            flash(_("Saved: the home Nav office has confirmed receipt."), "success")
            return redirect(url_for("release_handover.show", inmate_id=inmate_id,
                                    _anchor="receipt-heading"))
    return _page(inmate_id, receipt=form, status=400)


@bp.post("/inmates/<int:inmate_id>/handover/appointments")
@access("staff", Can.RELEASE_HANDOVER)
def add_appointment(inmate_id: int):
    form = AppointmentForm()
    if form.validate_on_submit():
        e = ext()
        try:
            handover_follow_up.add_appointment(e.db_session(), e.now(), g.staff, inmate_id,
                                               day=form.day.data, at=form.at.data,
                                               place=form.place.data,
                                               address=form.address.data or "",
                                               with_whom=form.with_whom.data or "",
                                               what=form.what.data or "")
        except NotFound:
            abort(404)
        except ServiceError as error:
            form.day.errors = [message(error)]
        else:
            flash(_("Saved: the appointment after release."), "success")
            return redirect(url_for("release_handover.show", inmate_id=inmate_id,
                                    _anchor="appointments-heading"))
    return _page(inmate_id, appointment=form, status=400)


APPOINTMENT = "/inmates/<int:inmate_id>/handover/appointments/<int:appointment_id>"


@bp.post(f"{APPOINTMENT}/remove")
@access("staff", Can.RELEASE_HANDOVER)
def remove_appointment(inmate_id: int, appointment_id: int):
    e = ext()
    try:
        handover_follow_up.remove_appointment(e.db_session(), e.now(), g.staff, inmate_id,
                                              appointment_id)
    except NotFound:
        abort(404)
    flash(_("The appointment is removed."), "success")
    return redirect(url_for("release_handover.show", inmate_id=inmate_id,
                            _anchor="appointments-heading"))


@bp.post(f"{APPOINTMENT}/outcome")
@access("staff", Can.RELEASE_HANDOVER)
def outcome(inmate_id: int, appointment_id: int):
    form = OutcomeForm(prefix=f"a{appointment_id}")
    e = ext()
    valid = form.validate_on_submit()
    try:  # an unknown choice is refused by the service, after the appointment is found
        handover_follow_up.record_outcome(e.db_session(), e.now(), g.staff, inmate_id,
                                          appointment_id, form.outcome.data if valid else "")
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(message(error), "error")
    else:
        flash(_("Saved: the outcome of the appointment."), "success")
    return redirect(url_for("release_handover.show", inmate_id=inmate_id,
                            _anchor="appointments-heading"))
