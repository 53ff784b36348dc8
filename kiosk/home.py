"""The kiosk home, the inmate's own details, and how to reach the health service."""
from __future__ import annotations

from flask import Blueprint, current_app, g

from core.services.forms import submissions as forms
from core.services.requests import reads as request_reads
from core.services.records import subject_access
from core.web import labels
from core.web.access import access
from core.web.translations import locale_code
from core.web import data_labels
from kiosk import render

bp = Blueprint("home", __name__)


@bp.get("/home")
@access("inmate")
def index():
    """The tiles, and above them what is new: replies not read yet, forms sent back."""
    db = current_app.extensions["brobygger"].db_session()
    return render("home.html", inmate=g.inmate,
                  replies=request_reads.with_unread(db, g.inmate),
                  returned=forms.returned_to_inmate(db, g.inmate), labels=labels,
                  lang=locale_code())


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
                  dl=data_labels, language=locale_code())


@bp.get("/health")
@access("inmate")
def health():
    return render("health.html")
