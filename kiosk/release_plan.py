"""Min plan for løslatelsen (issue 15): the inmate's own release plan in plain words, and
"I need help with ...", which files an ordinary request to the right team with the plan
item linked (core.services.release.plan_inmate.ask_for_help). Only the items marked
visible to the inmate; never a staff note. The appointments after release are the take-home sheet's
(core.services.release.takehome.first_appointments)."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.services.appointments import booking as appointments
from core.services.forms.submissions import new_submit_key
from core.services.release import pathways as pw
from core.services.release import plan_dates, plan_inmate
from core.services.release import takehome
from core.services.requests.filing import MAX_TEXT
from core.web import release_labels
from core.web.access import access
from kiosk import render

bp = Blueprint("release_plan", __name__, url_prefix="/plan")


class HelpForm(FlaskForm):
    choice = RadioField(_l("What do you need help with?"), validators=[
        DataRequired(_l("Choose what you need help with."))],
        choices=[SelectChoice(code, release_labels.PLAN_HELP[code]) for code in pw.HELP])
    text = TextAreaField(_l("Tell us a little more (optional)"), validators=[
        Optional(), Length(max=MAX_TEXT, message=_l("Use at most %(max)d characters.",
                                                    max=MAX_TEXT))])
    submit_key = HiddenField()


def _page(form: HelpForm, status: int = 200):
    ext = current_app.extensions["brobygger"]
    db, now = ext.db_session(), ext.now()
    mine = plan_inmate.for_inmate(db, now, g.inmate)
    booked = appointments.upcoming_for_inmate(db, now, g.inmate)
    if not form.submit_key.data:
        form.submit_key.data = new_submit_key()
    after = takehome.first_appointments(db, now, g.inmate)  # after release: facts only
    return render("release_plan/index.html", plan=mine, form=form, appointments=booked,
                  after_release=after, today=plan_dates.today(now), release_labels=release_labels), status


@bp.get("/")
@access("inmate")
def index():
    return _page(HelpForm(formdata=None))


@bp.post("/help")
@access("inmate")
def ask():
    form = HelpForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    ext = current_app.extensions["brobygger"]
    request = plan_inmate.ask_for_help(ext.db_session(), ext.now(), g.inmate, form.choice.data,
                                       form.text.data or "", g.inmate.language,
                                       submit_key=form.submit_key.data or None)
    # The receipt of an ordinary request: its reference and the prison's promise.
    return redirect(url_for("requests.receipt", request_id=request.id))
