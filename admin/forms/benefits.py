"""An inmate's benefit, card type and meldekort schedule, set by advisers and social
workers, with the exemptions from sending meldekort and the etterregistrering cards.

One page (/inmates/<id>/benefit) shows the plan, the exemptions and the periods that had no
card; each of its forms posts to its own route. The inmate record shows the plan through
the template global at the end, called from its hook partial
(templates/admin/inmates/_record_benefit.html). Every change is audited by the services
(core.services.forms.meldekort.plan.set_plan and create_etterregistrering,
core.services.forms.meldekort.exemptions).
"""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core import audit
from core.audit import Actor
from core.models import Inmate, MeldekortExemption
from core.services.forms.meldekort import (deadlines, exemptions, missing, plan as meldekort_plan,
                                           record, rules as mk)
from core.services.forms.meldekort.access import may_manage_plan
from core.services.forms.meldekort.card_types import CARD_TYPES_FOR, CardType
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.scoping import get_in_scope
from core.web import labels
from core.web.access import access
from core.web.translations import locale_code
from core.web.messages import message
from admin import ext, render
from admin.forms.inbox_forms import BenefitForm, EtterregistreringForm, ExemptionForm

bp = Blueprint("benefits", __name__, url_prefix="/inmates")


def _inmate(inmate_id: int) -> Inmate:
    """The inmate, when the data-class table lets the staff member have the benefit (a
    social worker needs the inmate's consent to meldekort help, or no Nav adviser)."""
    try:
        inmate = get_in_scope(ext().db_session(), Inmate, inmate_id, g.staff)
    except NotFound:
        abort(404)
    if not may_manage_plan(ext().db_session(), g.staff, inmate):
        abort(403)
    return inmate


# The card types the adviser chooses from: every type but etterregistrering, which is made
# for one period below.
PLAN_CARD_TYPES = [t for t in CardType if t is not CardType.ETTERREGISTRERING]
# Form fields by the service's error codes, for the message next to the field.
PLAN_FIELDS = {"benefit_unknown": "benefit", "card_type_not_for_benefit": "card_type",
               "decision_days_invalid": "days_per_period",
               "decision_dates_invalid": "decision_to"}
EXEMPTION_FIELDS = {"exemption_reason_unknown": "reason", "exemption_dates": "ends_on",
                    "exemption_note_required": "note", "exemption_note_too_long": "note"}


def _form(**kwargs) -> BenefitForm:
    form = BenefitForm(**kwargs)
    form.benefit.choices = [SelectChoice(b.value, labels.BENEFITS[b.value]) for b in mk.Benefit]
    form.card_type.choices = [SelectChoice(t.value, labels.CARD_TYPES[t.value])
                              for t in PLAN_CARD_TYPES]
    return form


def _exemption_form(**kwargs) -> ExemptionForm:
    form = ExemptionForm(prefix="exemption", **kwargs)
    form.reason.choices = [SelectChoice(r, labels.EXEMPTION_REASONS[r]) for r in exemptions.REASONS]
    return form


def _etterregistrering_form(inmate, **kwargs) -> EtterregistreringForm:
    e = ext()
    form = EtterregistreringForm(prefix="etterregistrering", **kwargs)
    lang = locale_code()
    form.period.choices = [SelectChoice("", _("Choose a period"))] + [
        SelectChoice(p.id, record.period_label(p, lang))
        for p in missing.periods_without_card(e.db_session(), inmate, e.now())]
    return form



def _page(inmate, form=None, exemption_form=None, etterregistrering_form=None, status=200):
    e = ext()
    db = e.db_session()
    plan = meldekort_plan.plan_of(db, inmate)
    if form is None:
        form = _form(benefit=plan.benefit, first_period=plan.first_period,
                     card_type=plan.card_type, decision_from=plan.decision_from,
                     decision_to=plan.decision_to, days_per_period=plan.days_per_period
                     ) if plan else _form()
    schedule = _schedule(plan, e.now()) if plan and plan.active else None
    return render("forms/benefit.html", inmate=inmate, form=form, plan=plan,
                  schedule=schedule, labels=labels,
                  card_types_for={b.value: [t.value for t in CARD_TYPES_FOR[b]] for b in mk.Benefit},
                  exemptions=exemptions.of_inmate(db, inmate),
                  exemption_form=exemption_form or _exemption_form(),
                  etterregistreringer=missing.etterregistreringer_of(db, inmate),
                  etterregistrering_form=etterregistrering_form or _etterregistrering_form(inmate),
                  period_label=lambda p: record.period_label(p, locale_code()),
                  Period=mk.Period), status


def _schedule(plan, now) -> dict:
    """The period running now (or the first, before it starts) and the next one to open."""
    schedule = mk.Schedule.starting_on(plan.first_period)
    current = schedule.current(now) or schedule.first
    card_type = plan.card_type
    return {"current": current, "opens": deadlines.opens_on(card_type, current),
            "deadline": deadlines.deadline(card_type, current)}


@bp.get("/<int:inmate_id>/benefit")
@access("staff", Can.MANAGE_BENEFITS)
def edit(inmate_id: int):
    inmate = _inmate(inmate_id)
    e = ext()
    db = e.db_session()
    audit.record(db, e.now(), Actor("staff", g.staff.id), "inmate.view",
                 subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"part": "benefit"})
    return _page(inmate)


@bp.post("/<int:inmate_id>/benefit")
@access("staff", Can.MANAGE_BENEFITS)
def save(inmate_id: int):
    inmate = _inmate(inmate_id)
    e = ext()
    db = e.db_session()
    if request.form.get("stop") == "1":
        plan = meldekort_plan.plan_of(db, inmate)
        if plan is None or not plan.active:
            return redirect(url_for("benefits.edit", inmate_id=inmate.id))
        meldekort_plan.set_plan(db, e.now(), g.staff, inmate, plan.benefit,
                                plan.first_period, active=False)
        flash(_("The meldekort plan is stopped. The inmate is no longer asked for "
                "meldekort."), "success")
        return redirect(url_for("inmates.show", inmate_id=inmate.id))
    form = _form()
    if form.validate_on_submit():
        tiltakspenger_new = form.card_type.data == CardType.TILTAKSPENGER_NEW.value
        try:
            meldekort_plan.set_plan(
                db, e.now(), g.staff, inmate, form.benefit.data, form.first_period.data,
                card_type=form.card_type.data,
                decision_from=form.decision_from.data if tiltakspenger_new else None,
                decision_to=form.decision_to.data if tiltakspenger_new else None,
                days_per_period=form.days_per_period.data if tiltakspenger_new else None)
        except ServiceError as error:
            field = getattr(form, PLAN_FIELDS.get(error.code, "first_period"))
            field.errors = [message(error)]
        else:
            flash(_("The benefit and meldekort schedule are saved."), "success")
            return redirect(url_for("inmates.show", inmate_id=inmate.id))
    return _page(inmate, form, status=400)


@bp.post("/<int:inmate_id>/benefit/exemptions")
@access("staff", Can.MANAGE_BENEFITS)
def add_exemption(inmate_id: int):
    """Record an exemption from sending meldekort: no card is due or late while it lasts."""
    inmate = _inmate(inmate_id)
    e = ext()
    form = _exemption_form()
    if form.validate_on_submit():
        try:
            exemptions.record(e.db_session(), e.now(), g.staff, inmate, reason=form.reason.data,
                              starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                              note=form.note.data or "")
        except ServiceError as error:
            getattr(form, EXEMPTION_FIELDS.get(error.code, "starts_on")).errors = [message(error)]
        else:
            flash(_("The exemption is recorded. No meldekort is due while it lasts."), "success")
            return redirect(url_for("benefits.edit", inmate_id=inmate.id, _anchor="exemptions"))
    return _page(inmate, exemption_form=form, status=400)


@bp.post("/<int:inmate_id>/benefit/exemptions/<int:exemption_id>/withdraw")
@access("staff", Can.MANAGE_BENEFITS)
def withdraw_exemption(inmate_id: int, exemption_id: int):
    """Withdraw an exemption recorded by mistake: it is kept, and counts no more."""
    inmate = _inmate(inmate_id)
    e = ext()
    db = e.db_session()
    exemption = db.get(MeldekortExemption, exemption_id)
    if exemption is None or exemption.inmate_id != inmate.id:
        abort(404)
    try:
        exemptions.withdraw(db, e.now(), g.staff, exemption)
    except ServiceError as error:
        flash(message(error), "error")
    else:
        flash(_("The exemption is withdrawn."), "success")
    return redirect(url_for("benefits.edit", inmate_id=inmate.id, _anchor="exemptions"))


@bp.post("/<int:inmate_id>/benefit/etterregistrering")
@access("staff", Can.MANAGE_BENEFITS)
def add_etterregistrering(inmate_id: int):
    """An etterregistrering card for a period that had no card: the inmate then fills it
    in on the kiosk, with no question 5 and no deadline."""
    inmate = _inmate(inmate_id)
    e = ext()
    form = _etterregistrering_form(inmate)
    if form.validate_on_submit():
        try:
            meldekort_plan.create_etterregistrering(
                e.db_session(), e.now(), g.staff, inmate, mk.Period.from_id(form.period.data),
                form.reason.data)
        except (ServiceError, ValueError) as error:
            form.period.errors = [message(error) if isinstance(error, ServiceError)
                                  else _("Choose the period.")]
        else:
            flash(_("The etterregistrering card is made. The inmate finds it under Meldekort "
                    "on the kiosk."), "success")
            return redirect(url_for("benefits.edit", inmate_id=inmate.id,
                                    _anchor="etterregistrering"))
    return _page(inmate, etterregistrering_form=form, status=400)


# For the hook in the inmate record ---------------------------------------------------

@bp.app_template_global()
def benefit_plan_of(inmate):
    """The inmate's benefit plan, for the record (whose read is audited); None for staff
    who do not manage benefits."""
    if g.get("staff") is None or not allowed(g.staff, Can.MANAGE_BENEFITS):
        return None
    e = ext()
    if not may_manage_plan(e.db_session(), g.staff, inmate):
        return None
    plan = meldekort_plan.plan_of(e.db_session(), inmate)
    if plan is None:
        return {"plan": None}
    return {"plan": plan, "label": labels.BENEFITS.get(plan.benefit, plan.benefit),
            "card_type": labels.CARD_TYPES.get(plan.card_type, plan.card_type),
            "schedule": _schedule(plan, e.now()) if plan.active else None}
