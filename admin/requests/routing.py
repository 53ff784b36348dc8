"""Routing rules per prison: which team works each topic, automatic assignment, the
response-time promises, and the prison's lead (who gets broken promises)."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core.models import Prison, Role, StaffUser
from core.services.requests import routing, topics
from core.services.errors import ServiceError
from core.services.permissions import Can, in_scope
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.common_forms import role_labels
from admin.requests.routing_forms import LeadForm, RouteForm, assign_by_labels

bp = Blueprint("routing", __name__, url_prefix="/prisons/<int:prison_id>")


def _prison(prison_id: int) -> Prison:
    prison = ext().db_session().get(Prison, prison_id)
    if prison is None or not in_scope(g.staff, prison.id):
        abort(404)
    return prison


def _lead_form(db, prison: Prison, form=None) -> LeadForm:
    lead = routing.lead_of(db, prison.id)
    form = form or LeadForm(lead=lead.id if lead else 0)
    form.lead.choices = [SelectChoice(0, _("Nobody"))] + [
        SelectChoice(u.id, u.name) for u in routing.staff_of(db, prison.id)]
    return form


def _index(prison: Prison, lead_form=None, status=200):
    db = ext().db_session()
    return render("routing/index.html", prison=prison, routes=routing.routes_of(db, prison.id),
                  topics=topics.TOPICS, labels=labels, roles=role_labels(),
                  assign_by=assign_by_labels(), lead=routing.lead_of(db, prison.id),
                  lead_form=_lead_form(db, prison, lead_form)), status


@bp.get("/routing")
@access("staff", Can.MANAGE_ROUTING)
def index(prison_id: int):
    return _index(_prison(prison_id))


def _topic(code: str):
    topic = topics.get(code)
    if topic is None:
        abort(404)
    return topic


@bp.route("/routing/<topic>", methods=["GET", "POST"])
@access("staff", Can.MANAGE_ROUTING)
def edit(prison_id: int, topic: str):
    prison = _prison(prison_id)
    chosen = _topic(topic)
    e = ext()
    db = e.db_session()
    current = routing.route_for(db, prison.id, chosen.code)
    if request.method == "GET":
        form = RouteForm(team=current.team.value, assign_by=current.assign_by,
                         first_response_days=current.first_response_days,
                         resolution_days=current.resolution_days)
    else:
        form = RouteForm()
    if form.validate_on_submit():
        try:
            routing.save_rule(db, e.now(), g.staff, prison.id, chosen.code, routing.Route(
                Role(form.team.data), form.assign_by.data, form.first_response_days.data,
                form.resolution_days.data))
        except ServiceError as error:
            field = {"resolution_before_first": form.resolution_days,
                     "days_range": form.first_response_days}.get(error.code, form.team)
            field.errors = [message(error)]
        else:
            flash(_("The rule for %(topic)s is saved. New requests follow it; requests already "
                    "sent keep their team and promise.", topic=labels.TOPICS[chosen.code]),
                  "success")
            return redirect(url_for("routing.index", prison_id=prison.id))
    return render("routing/edit.html", prison=prison, topic=chosen, form=form, labels=labels,
                  default=routing.default_route(chosen.code), roles=role_labels()), \
        400 if form.errors else 200


@bp.post("/lead")
@access("staff", Can.MANAGE_ROUTING)
def lead(prison_id: int):
    prison = _prison(prison_id)
    e = ext()
    db = e.db_session()
    form = _lead_form(db, prison, LeadForm())
    if form.validate_on_submit():
        chosen = db.get(StaffUser, form.lead.data) if form.lead.data else None
        try:
            routing.set_lead(db, e.now(), g.staff, prison.id, chosen)
        except ServiceError as error:
            form.lead.errors = [message(error)]
        else:
            flash(_("The lead is saved."), "success")
            return redirect(url_for("routing.index", prison_id=prison.id))
    return _index(prison, lead_form=form, status=400)
