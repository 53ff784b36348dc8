"""The staff start page: what this person can do, in the prisons they serve."""
from flask import Blueprint, g

from core.services.requests import escalations
from core.services.people import prisons
from core.web import labels
from core.web.access import access
from admin import ext, render

bp = Blueprint("home", __name__)


@bp.get("/")
@access("staff")
def index():
    db = ext().db_session()
    return render("home.html", prisons=prisons.list_for(db, g.staff),
                  escalated=escalations.for_lead(db, g.staff), labels=labels)
