"""The staff start page: what this person can do, in the prisons they serve."""
from flask import Blueprint, g

from core.services import prisons
from core.web.access import access
from admin import ext, render

bp = Blueprint("home", __name__)


@bp.get("/")
@access("staff")
def index():
    return render("home.html", prisons=prisons.list_for(ext().db_session(), g.staff))
