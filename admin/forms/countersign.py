"""Countersigning from the staff app: officers and prison administrators see the forms
waiting for a countersignature in their prisons (who, when it was confirmed, on which
terminal, and a neutral "a form": the data-class table never lets them have the form's
type, whose title would tell that the person is, say, a social-services client, nor its
answers) and countersign one. Countersigning on the terminal
itself is in kiosk/forms/pages.py; both go through core.services.forms.submissions.countersign.
"""
from flask import Blueprint, abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from core import audit
from core.audit import Actor
from core.models import FormSubmission, Terminal
from core.services.forms import submissions as forms
from core.services.errors import ServiceError
from core.services.permissions import Can, in_scope
from core.web.access import access
from core.web.translations import locale_code
from core.web.messages import message
from admin import ext, render

bp = Blueprint("countersign", __name__, url_prefix="/countersign")


@bp.get("/")
@access("staff", Can.COUNTERSIGN)
def index():
    e = ext()
    db = e.db_session()
    waiting = forms.awaiting_countersign(db, g.staff)
    audit.record(db, e.now(), Actor("staff", g.staff.id), "form.countersign_list",
                 detail={"count": len(waiting)})
    ids = {s.terminal_id for s in waiting if s.terminal_id}
    terminals = {t.id: t.name for t in map(lambda i: db.get(Terminal, i), ids) if t}
    titles = {s.id: forms.countersign_label(g.staff, s, locale_code()) or _("a form")
              for s in waiting}
    return render("forms/countersign.html", waiting=waiting, terminals=terminals,
                  titles=titles)


@bp.post("/<int:submission_id>")
@access("staff", Can.COUNTERSIGN)
def sign(submission_id: int):
    e = ext()
    db = e.db_session()
    submission = db.get(FormSubmission, submission_id)
    if submission is None or not in_scope(g.staff, submission.prison_id):
        abort(404)
    try:
        forms.countersign(db, e.now(), g.staff, submission, "admin")
    except ServiceError as error:
        flash(message(error), "info")
    else:
        flash(_("Countersigned. The form %(ref)s is sent.", ref=submission.reference),
              "success")
    return redirect(url_for("countersign.index"))
