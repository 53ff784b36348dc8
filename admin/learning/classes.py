"""A trainer's classes: "My classes" (create, list with join codes), the live class
(every participant's step, answers and who is stuck, polled by htmx every 5 seconds as a
background request), sending everyone to a step, pausing, a new code, ending, and the
printable summary with attendance.

Only the trainer who created a class reaches it (any other class is 404), and sees only
the participants' names, inmate numbers and progress in the class's module. Every read of
participant data and every action is audited (core.services.learning.classes).
"""
from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core.clock import OSLO, to_oslo
from core.services.learning import class_progress, classes
from core.services.errors import NotFound, ServiceError
from core.services.learning.lessons import catalogue
from core.services.permissions import Can
from core.web.access import access
from core.web.translations import locale_code
from core.web.messages import message
from admin import ext, render
from admin.choices import prison_choices
from admin.learning.class_forms import NewClassForm, StepForm

bp = Blueprint("classes", __name__, url_prefix="/classes")
FIELD_OF = {"module_unknown": "module", "prison_not_served": "prison_id",
            "class_in_past": "starts", "class_too_far": "day"}


@bp.context_processor
def _rules():
    return {"stuck_minutes": class_progress.STUCK_AFTER.seconds // 60}



def _new_form(form: NewClassForm | None = None) -> NewClassForm:
    if form is None:
        start = to_oslo(ext().now()) + timedelta(minutes=15)
        start = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
        form = NewClassForm(day=start.date(), starts=start.time())
    form.module.choices = [SelectChoice("", _("Choose a module"))] + [
        SelectChoice(m.key, f"{m.order}. {m.text(locale_code()).title}")
        for m in catalogue().ordered()]
    form.prison_id.choices = prison_choices(ext().db_session(), g.staff)
    return form


def _index(form: NewClassForm, status: int = 200):
    e = ext()
    rows = classes.for_trainer(e.db_session(), e.now(), g.staff)
    return render("classes/index.html", form=form, rows=rows, now=e.now(),
                  current=[r for r in rows if r.status != "ended"],
                  earlier=[r for r in rows if r.status == "ended"]), status


@bp.get("/")
@access("staff", Can.RUN_CLASSES)
def index():
    return _index(_new_form())


@bp.post("/")
@access("staff", Can.RUN_CLASSES)
def create():
    form = _new_form(NewClassForm())
    if form.validate_on_submit():
        e = ext()
        starts_at = datetime.combine(form.day.data, form.starts.data, tzinfo=OSLO)
        try:
            lesson_class = classes.create(e.db_session(), e.now(), g.staff, form.module.data,
                                          form.prison_id.data, starts_at)
        except ServiceError as error:
            getattr(form, FIELD_OF.get(error.code, "module")).errors = [message(error)]
        else:
            flash(_("The class is created. Give the inmates the code %(code)s.",
                    code=lesson_class.join_code), "success")
            return redirect(url_for("classes.show", class_id=lesson_class.id))
    return _index(form, 400)


def _class(class_id: int):
    try:
        return classes.own_class(ext().db_session(), g.staff, class_id)
    except NotFound:
        abort(404)


def _step_form(lesson_class, form: StepForm | None = None) -> StepForm:
    module = classes.module_of(lesson_class)
    form = form or StepForm(step=lesson_class.step or module.step_ids[0])
    form.step.choices = [SelectChoice(s.id, f"{n}. {s.title}") for n, s in
                         enumerate(module.text(locale_code()).steps, start=1)]
    return form


def _show(lesson_class, step_form: StepForm | None = None, status: int = 200):
    e = ext()
    view = class_progress.live(e.db_session(), e.now(), g.staff, lesson_class)
    return render("classes/show.html", live=view, step_form=_step_form(lesson_class, step_form),
                  code_works=classes.code_works(lesson_class, e.now()),
                  ends_at=classes.ends_at(lesson_class)), status


@bp.get("/<int:class_id>")
@access("staff", Can.RUN_CLASSES)
def show(class_id: int):
    return _show(_class(class_id))


@bp.get("/<int:class_id>/live")
@access("staff", Can.RUN_CLASSES)
def live(class_id: int):
    """The participants' table alone, for htmx; the whole page without it."""
    lesson_class = _class(class_id)
    if request.headers.get("HX-Request") != "true":
        return _show(lesson_class)
    e = ext()
    view = class_progress.live(e.db_session(), e.now(), g.staff, lesson_class, action="class.live")
    return render("classes/_live.html", live=view)


def _act(class_id: int, action, done: str):
    """Run a trainer's action on their class; a refused one is shown as an error."""
    lesson_class = _class(class_id)
    e = ext()
    try:
        action(e.db_session(), e.now(), lesson_class)
    except ServiceError as error:
        flash(message(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("classes.show", class_id=lesson_class.id))


@bp.post("/<int:class_id>/step")
@access("staff", Can.RUN_CLASSES)
def step(class_id: int):
    lesson_class = _class(class_id)
    form = _step_form(lesson_class, StepForm())
    if form.validate_on_submit():
        e = ext()
        try:
            classes.send_to_step(e.db_session(), e.now(), g.staff, lesson_class, form.step.data)
        except ServiceError as error:
            form.step.errors = [message(error)]
        else:
            number = classes.step_number(classes.module_of(lesson_class), form.step.data)
            flash(_("Everyone is sent to step %(number)s. The terminals follow within "
                    "10 seconds.", number=number), "success")
            return redirect(url_for("classes.show", class_id=lesson_class.id))
    return _show(lesson_class, form, 400)


@bp.post("/<int:class_id>/pause")
@access("staff", Can.RUN_CLASSES)
def pause(class_id: int):
    paused = request.form.get("paused") == "1"
    return _act(class_id, lambda db, now, c: classes.set_paused(db, now, g.staff, c, paused),
                _("The class is paused. The terminals show it within 10 seconds.") if paused
                else _("The class goes on."))


@bp.post("/<int:class_id>/code")
@access("staff", Can.RUN_CLASSES)
def new_code(class_id: int):
    return _act(class_id, lambda db, now, c: classes.new_join_code(db, now, g.staff, c),
                _("The class has a new code. The old code no longer works."))


@bp.post("/<int:class_id>/end")
@access("staff", Can.RUN_CLASSES)
def end(class_id: int):
    return _act(class_id, lambda db, now, c: classes.end(db, now, g.staff, c),
                _("The class has ended. The summary can be printed."))


@bp.get("/<int:class_id>/summary")
@access("staff", Can.RUN_CLASSES)
def summary(class_id: int):
    e = ext()
    view = class_progress.live(e.db_session(), e.now(), g.staff, _class(class_id),
                        action="class.summary")
    return render("classes/summary.html", live=view, ends_at=classes.ends_at(view.lesson_class))
