"""An inmate's benefit type and meldekort schedule, set by advisers and social workers.

The inmate record shows the plan through the template global at the end, called from its
hook partial (templates/admin/inmates/_record_benefit.html). Setting or stopping a plan is
audited by core.services.forms.meldekort.engine.set_plan.
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core import audit
from core.audit import Actor
from core.models import Inmate
from core.services.forms.meldekort import engine as meldekort_forms, rules as mk
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.scoping import get_in_scope
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.forms.inbox_forms import BenefitForm

bp = Blueprint("benefits", __name__, url_prefix="/inmates")


def _inmate(inmate_id: int) -> Inmate:
    """The inmate, when the data-class table lets the staff member have the benefit (a
    social worker needs the inmate's consent to meldekort help, or no Nav adviser)."""
    try:
        inmate = get_in_scope(ext().db_session(), Inmate, inmate_id, g.staff)
    except NotFound:
        abort(404)
    if not meldekort_forms.may_manage_plan(ext().db_session(), g.staff, inmate):
        abort(403)
    return inmate


def _form(**kwargs) -> BenefitForm:
    form = BenefitForm(**kwargs)
    form.benefit.choices = [SelectChoice(b.value, labels.BENEFITS[b.value]) for b in mk.Benefit]
    return form


def _page(inmate, form, status=200):
    e = ext()
    plan = meldekort_forms.plan_of(e.db_session(), inmate)
    schedule = _schedule(plan, e.now()) if plan and plan.active else None
    return render("forms/benefit.html", inmate=inmate, form=form, plan=plan,
                  schedule=schedule, labels=labels), status


def _schedule(plan, now) -> dict:
    """The period running now (or the first, before it starts) and the next one to open."""
    schedule = mk.Schedule.starting_on(plan.first_period)
    current = schedule.current(now) or schedule.first
    return {"current": current, "opens": mk.opens_on(current), "deadline": mk.deadline(current)}


@bp.get("/<int:inmate_id>/benefit")
@access("staff", Can.MANAGE_BENEFITS)
def edit(inmate_id: int):
    inmate = _inmate(inmate_id)
    e = ext()
    db = e.db_session()
    audit.record(db, e.now(), Actor("staff", g.staff.id), "inmate.view",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"part": "benefit"})
    plan = meldekort_forms.plan_of(db, inmate)
    form = _form(benefit=plan.benefit, first_period=plan.first_period) if plan else _form()
    return _page(inmate, form)


@bp.post("/<int:inmate_id>/benefit")
@access("staff", Can.MANAGE_BENEFITS)
def save(inmate_id: int):
    inmate = _inmate(inmate_id)
    e = ext()
    db = e.db_session()
    if request.form.get("stop") == "1":
        plan = meldekort_forms.plan_of(db, inmate)
        if plan is None or not plan.active:
            return redirect(url_for("benefits.edit", inmate_id=inmate.id))
        meldekort_forms.set_plan(db, e.now(), g.staff, inmate, plan.benefit,
                                 plan.first_period, active=False)
        flash(_("The meldekort plan is stopped. The inmate is no longer asked for "
                "meldekort."), "success")
        return redirect(url_for("inmates.show", inmate_id=inmate.id))
    form = _form()
    if form.validate_on_submit():
        try:
            meldekort_forms.set_plan(db, e.now(), g.staff, inmate, form.benefit.data,
                                     form.first_period.data)
        except ServiceError as error:
            field = form.benefit if error.code == "benefit_unknown" else form.first_period
            field.errors = [message(error)]
        else:
            flash(_("The benefit and meldekort schedule are saved."), "success")
            return redirect(url_for("inmates.show", inmate_id=inmate.id))
    return _page(inmate, form, status=400)


# For the hook in the inmate record ---------------------------------------------------

@bp.app_template_global()
def benefit_plan_of(inmate):
    """The inmate's benefit plan, for the record (whose read is audited); None for staff
    who do not manage benefits."""
    if g.get("staff") is None or not allowed(g.staff, Can.MANAGE_BENEFITS):
        return None
    e = ext()
    if not meldekort_forms.may_manage_plan(e.db_session(), g.staff, inmate):
        return None
    plan = meldekort_forms.plan_of(e.db_session(), inmate)
    if plan is None:
        return {"plan": None}
    return {"plan": plan, "label": labels.BENEFITS.get(plan.benefit, plan.benefit),
            "schedule": _schedule(plan, e.now()) if plan.active else None}
