"""The kiosk's languages and how far each is translated (issue 18), for administrators."""
from flask import Blueprint

from core.services.languages.status import all_statuses
from core.services.permissions import Can
from core.web.access import access
from admin import render

bp = Blueprint("languages", __name__, url_prefix="/languages")


@bp.get("/")
@access("staff", Can.MANAGE_UNITS)
def index():
    return render("languages/index.html", statuses=all_statuses())
