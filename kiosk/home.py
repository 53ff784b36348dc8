"""The kiosk home, the inmate's own details, and how to reach the health service."""
from __future__ import annotations

from flask import Blueprint, current_app, g
from flask_babel import get_locale

from core.services import subject_access
from core.web.access import access
from core.web import data_labels
from kiosk import render

bp = Blueprint("home", __name__)


@bp.get("/home")
@access("inmate")
def index():
    return render("home.html", inmate=g.inmate)


@bp.get("/me")
@access("inmate")
def me():
    return render("me.html", inmate=g.inmate)


@bp.get("/me/data")
@access("inmate")
def my_data():
    """Innsyn: everything held about the inmate, in plain words. The one kiosk page that
    shows staff's internal notes and the access log: the right of access covers them."""
    ext = current_app.extensions["brobygger"]
    report = subject_access.for_inmate(ext.db_session(), ext.now(), g.inmate)
    return render("me_data.html", report=report, groups=subject_access.GROUPS,
                  dl=data_labels, language=str(get_locale()))


@bp.get("/health")
@access("inmate")
def health():
    return render("health.html")
