"""The work shop's statement of how the inmate manages at work ("Work shop"): the inmate
reads each statement the work shop has made ready before it is sent, says so, and gives
(or sees) the consent it needs to go to Nav (core.services.work_shop.statements)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, url_for

from core.services.errors import NotFound
from core.services.requests import consents
from core.services.work_shop import statements
from core.web import labels
from core.web.access import access
from kiosk import render

bp = Blueprint("work_shop", __name__, url_prefix="/work")


def _ext():
    return current_app.extensions["brobygger"]


def _db():
    return _ext().db_session()


@bp.app_template_global()
def has_work_statements() -> bool:
    """Whether the home page shows the work shop's tile."""
    inmate = g.get("inmate")
    return inmate is not None and statements.any_for_inmate(_db(), inmate)


@bp.get("/")
@access("inmate")
def index():
    return render("work_shop/index.html", statements=statements.for_inmate(_db(), g.inmate),
                  consent=statements.consent_of(_db(), g.inmate.id), labels=labels)


def _own(statement_id: int):
    try:
        return statements.inmate_statement(_db(), g.inmate, statement_id)
    except NotFound:
        abort(404)


@bp.get("/statements/<int:statement_id>")
@access("inmate")
def show(statement_id: int):
    return render("work_shop/statement.html", statement=_own(statement_id),
                  consent=statements.consent_of(_db(), g.inmate.id), labels=labels)


@bp.post("/statements/<int:statement_id>/read")
@access("inmate")
def mark_read(statement_id: int):
    _own(statement_id)
    statements.mark_read(_db(), _ext().now(), g.inmate, statement_id)
    return redirect(url_for("work_shop.show", statement_id=statement_id))


@bp.post("/consent")
@access("inmate")
def give_consent():
    """The consent for the whole stay that the statement needs to go to Nav."""
    consents.give_standing(_db(), _ext().now(), g.inmate, statements.RECIPIENT,
                           statements.PURPOSE)
    return redirect(url_for("work_shop.index"))
