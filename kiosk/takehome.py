"""The take-home sheet "Etter løslatelsen" on the inmate's own side: the same sheet staff
print (core.services.release.takehome), in the kiosk's language when the sheet has it (else
bokmål), with no internal notes."""
from __future__ import annotations

from flask import Blueprint, current_app, g, render_template
from markupsafe import Markup

from core.services.release import takehome
from core.web.access import access
from core.web.translations import in_language, locale_code
from kiosk import render

bp = Blueprint("takehome", __name__, url_prefix="/after-release")


@bp.get("/")
@access("inmate")
def index():
    ext = current_app.extensions["brobygger"]
    sheet = takehome.for_inmate(ext.db_session(), ext.now(), g.inmate, locale_code())
    # The sheet is in the kiosk's language (takehome.LANGUAGES: all ten).
    with in_language(sheet.language):
        body = Markup(render_template("takehome/sheet.html", sheet=sheet))
    return render("takehome.html", body=body)
