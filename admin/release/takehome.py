"""The take-home sheet "Etter løslatelsen" printed by staff from the inmate's record: the
page (print it with the browser) and a PDF, in the inmate's language or the one chosen
(any kiosk language). Advisers and social workers in the prisons they serve; the read is audited
(core.services.release.takehome)."""
from flask import Blueprint, Response, abort, g, render_template, request
from markupsafe import Markup

from core.services.errors import NotFound
from core.services.permissions import Can
from core.services.release import takehome
from core.web import labels, pdf
from core.web.access import access
from core.web.translations import in_language
from admin import ext, render

bp = Blueprint("release_takehome", __name__)


def _sheet(inmate_id: int) -> takehome.Sheet:
    e = ext()
    chosen = request.args.get("lang")
    try:
        return takehome.for_staff(e.db_session(), e.now(), g.staff, inmate_id,
                                  chosen if chosen in takehome.LANGUAGES else None)
    except NotFound:
        abort(404)


def sheet_html(sheet: takehome.Sheet) -> Markup:
    with in_language(sheet.language):
        return Markup(render_template("takehome/sheet.html", sheet=sheet))


@bp.get("/inmates/<int:inmate_id>/takehome")
@access("staff", Can.RELEASE_HANDOVER)
def show(inmate_id: int):
    sheet = _sheet(inmate_id)
    return render("release/takehome.html", sheet=sheet, body=sheet_html(sheet),
                  # not ``languages``: that is the header chooser's (core.web.app)
                  sheet_languages={k: labels.LANGUAGES[k] for k in takehome.LANGUAGES})


@bp.get("/inmates/<int:inmate_id>/takehome.pdf")
@access("staff", Can.RELEASE_HANDOVER)
def pdf_file(inmate_id: int):
    sheet = _sheet(inmate_id)
    body = sheet_html(sheet)
    with in_language(sheet.language):
        html = render_template("pdf/takehome.html", body=body, pdf_lang=sheet.language)
    response = Response(pdf.render(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="etter-loslatelsen-{sheet.inmate.inmate_number}.pdf"')
    return response
