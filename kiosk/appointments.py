"""My appointments: when, where and with whom, on the inmate's own side."""
from __future__ import annotations

from flask import Blueprint, current_app, g

from core.services.appointments import booking as appointments
from core.web.access import access
from core.web.dates import long_date
from kiosk import render

bp = Blueprint("appointments", __name__, url_prefix="/appointments")
bp.add_app_template_filter(long_date, "long_date")


@bp.get("/")
@access("inmate")
def index():
    ext = current_app.extensions["brobygger"]
    upcoming = appointments.upcoming_for_inmate(ext.db_session(), ext.now(), g.inmate,
                                                with_cancelled=True)
    return render("appointments/index.html", appointments=upcoming)
