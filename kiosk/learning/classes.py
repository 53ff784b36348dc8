"""Joining a trainer's class on the kiosk, and the class's notice on the lesson steps.

- /lessons/join: a form for the code. After joining, the inmate lands on the class's
  module at the step the trainer sent the class to (or its first step).
- The step pages of the lessons include templates/kiosk/lessons/_class.html at the top.
  It shows the class (module and trainer); when the trainer has paused the class, a
  notice, and the rest of the page is hidden until the class goes on (CSS, see the
  "Classes" section of static/css/kiosk.css: nothing can be answered meanwhile); when the
  trainer has sent the class to another step, a notice with a link to it.
- With JavaScript the notice keeps itself up to date: htmx asks /lessons/class/<module>/
  <step> every 10 seconds, marked as background (X-Brobygger-Background: 1) so that it
  does not keep an idle session alive. The answer is 204 when nothing changed, the new
  notice when something did, a redirect (HX-Redirect) to the step the trainer sent the
  class to since the page was shown, and 286 (htmx: stop polling) when the class is over.
  Without JavaScript a refresh shows the same notice.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from core.services.learning import classes, progress as learning
from core.services.errors import ServiceError
from core.services.learning.lessons import catalogue
from core.web.access import access
from core.web.messages import message
from kiosk import render

bp = Blueprint("lesson_class", __name__, url_prefix="/lessons")


class JoinForm(FlaskForm):
    code = StringField(_l("The class code"), validators=[
        DataRequired(_l("Type the code your trainer gives you."))],
        description=_l("6 letters and digits, for example KPX 4RT. Ask your trainer."))


def _ext():
    return current_app.extensions["brobygger"]


def step_url(module_key: str, step_id: str) -> str:
    """A step page of the lessons (the lessons' own blueprint serves it)."""
    return url_for("lessons.step", module_key=module_key, step_id=step_id)


def _banner(module_key: str):
    """For the lesson pages' templates: the inmate's class in this module, if any."""
    if g.get("inmate") is None or not module_key:
        return None
    e = _ext()
    return classes.banner(e.db_session(), e.now(), g.inmate, module_key)


@bp.app_context_processor
def _template_helpers():
    return {"class_banner": _banner, "class_step_url": step_url}


def _join_page(form: JoinForm, status: int = 200):
    """The code form, and the way back to the classes the inmate is in now."""
    e = _ext()
    db = e.db_session()
    joined = []
    for lesson_class in classes.running_for(db, e.now(), g.inmate):
        module = catalogue().modules.get(lesson_class.module)
        if module is not None:
            joined.append((module, learning.state(db, g.inmate, module.key).current_step))
    return render("lessons/join.html", form=form, joined=joined), status


@bp.get("/join")
@access("inmate")
def join():
    return _join_page(JoinForm())


@bp.post("/join")
@access("inmate")
def join_post():
    form = JoinForm()
    if form.validate_on_submit():
        e = _ext()
        try:
            lesson_class = classes.join(e.db_session(), e.now(), g.inmate, form.code.data,
                                        terminal_id=g.terminal.id)
        except ServiceError as error:
            form.code.errors = [message(error)]
        else:
            return redirect(step_url(lesson_class.module, classes.first_step(lesson_class)))
    return _join_page(form, 400)


def _state(banner) -> str:
    """What a notice shows: paused or not, and the step the class was sent to."""
    return f"{int(banner.paused)}:{banner.class_step or ''}"


@bp.get("/class/<module>/<step>")
@access("inmate", writes=True)  # the participant's place in the class
def status(module: str, step: str):
    """The class's notice for a step page: a partial for htmx, a page without it."""
    lesson = catalogue().modules.get(module)
    here = next((s for s in lesson.text("nb").steps if s.id == step), None) if lesson else None
    banner = _banner(module) if here else None
    htmx = request.headers.get("HX-Request") == "true"
    seen = request.args.get("seen", "")
    if htmx:
        if banner is None:
            return Response("", 286)  # the class is over: htmx stops asking
        move = banner.move_to(step, seen)
        if move:
            response = Response("", 200)
            response.headers["HX-Redirect"] = step_url(module, move)
            return response
        if request.args.get("state") == _state(banner):
            return Response("", 204)
        return render("lessons/_class.html", module=lesson, step=here, class_seen=seen,
                      class_notice=banner)
    return render("lessons/class_status.html", module=lesson, step=here, class_seen=seen,
                  class_notice=banner)
