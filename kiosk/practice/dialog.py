"""Writing to a pretend adviser, like the dialog on nav.no: a thread and a text field.
The message stays in the kiosk session (never a request or a message to staff), and the
pretend adviser answers at once with a pre-written reply. A page of the practice
blueprint."""
from __future__ import annotations

from flask import current_app, redirect, url_for

from core.services.learning.practice import attempts as practice
from core.services.errors import ServiceError
from core.services.learning.practice.content import content
from core.web.access import access
from core.web.messages import message
from kiosk.practice.texts import message_time
from kiosk import render
from kiosk.practice.common import bp, dialog_thread, save_thread
from kiosk.practice.forms import DialogForm


def _page(form: DialogForm, status: int = 200):
    adviser = content().adviser
    return render("practice/dialog.html", form=form, thread=dialog_thread(), adviser=adviser,
                  time_of=message_time), status


@bp.route("/dialog", methods=["GET", "POST"])
@access("inmate")
def dialog():
    form = DialogForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    now = current_app.extensions["brobygger"].now()
    try:
        save_thread(practice.send_message(dialog_thread(), now, content(), form.body.data))
    except ServiceError as problem:
        form.body.errors = [message(problem)]
        return _page(form, status=400)
    return redirect(url_for("practice.dialog", _anchor="latest"))
