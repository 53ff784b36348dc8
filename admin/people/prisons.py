"""Prisons and units (avdelinger)."""
from flask import Blueprint, abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from core.models import Prison
from core.services.people import prisons
from core.services.errors import ServiceError
from core.services.permissions import Can, allowed, in_scope
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.common_forms import PrisonForm, PrisonNameForm, UnitForm

bp = Blueprint("prisons", __name__, url_prefix="/prisons")


@bp.get("/")
@access("staff", Can.MANAGE_UNITS)
def index():
    return render("prisons/index.html", prisons=prisons.list_for(ext().db_session(), g.staff))


@bp.route("/new", methods=["GET", "POST"])
@access("staff", Can.MANAGE_PRISONS)
def new():
    form = PrisonForm()
    if form.validate_on_submit():
        e = ext()
        try:
            prison = prisons.create(e.db_session(), e.now(), g.staff, form.code.data,
                                    form.name.data)
        except ServiceError as error:
            form.code.errors = [message(error)]
        else:
            flash(_("The prison is created."), "success")
            return redirect(url_for("prisons.show", prison_id=prison.id))
    return render("prisons/new.html", form=form), 400 if form.errors else 200


def _prison(prison_id: int) -> Prison:
    db = ext().db_session()
    prison = db.get(Prison, prison_id)
    if prison is None or not in_scope(g.staff, prison.id):
        abort(404)
    return prison


def _show(prison, name_form=None, unit_form=None, status=200):
    return render("prisons/show.html", prison=prison,
                  name_form=name_form or PrisonNameForm(name=prison.name),
                  unit_form=unit_form or UnitForm(),
                  can_rename=allowed(g.staff, Can.MANAGE_PRISONS)), status


@bp.get("/<int:prison_id>")
@access("staff", Can.MANAGE_UNITS)
def show(prison_id: int):
    return _show(_prison(prison_id))


@bp.post("/<int:prison_id>/name")
@access("staff", Can.MANAGE_PRISONS)
def rename(prison_id: int):
    prison = _prison(prison_id)
    form = PrisonNameForm()
    if not form.validate_on_submit():
        return _show(prison, name_form=form, status=400)
    e = ext()
    prisons.rename(e.db_session(), e.now(), g.staff, prison, form.name.data)
    flash(_("The name is saved."), "success")
    return redirect(url_for("prisons.show", prison_id=prison.id))


@bp.post("/<int:prison_id>/units")
@access("staff", Can.MANAGE_UNITS)
def add_unit(prison_id: int):
    prison = _prison(prison_id)
    form = UnitForm()
    if form.validate_on_submit():
        e = ext()
        try:
            prisons.add_unit(e.db_session(), e.now(), g.staff, prison, form.name.data)
        except ServiceError as error:
            form.name.errors = [message(error)]
        else:
            flash(_("The unit is added."), "success")
            return redirect(url_for("prisons.show", prison_id=prison.id))
    return _show(prison, unit_form=form, status=400)
