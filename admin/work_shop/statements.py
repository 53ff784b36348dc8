"""The work-capacity statement, on the staff side: the work shop writes it, makes it ready
for the inmate to read on the kiosk, and sends it to the Nav advisers of the inmate's
prison once the inmate has read it, and only with the inmate's consent; without it, the
page says which consent is missing and how the inmate gives it. Nav advisers read sent
statements on the inmate's record (``work_statements_of``). Rules and audit:
core.services.work_shop.statements."""
from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core.models import Inmate
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.work_shop import shops, statements
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.work_shop.forms import StatementForm, scale_choices

bp = Blueprint("work_statements", __name__, url_prefix="/work-shops")


@bp.app_template_global()
def work_statements_of(inmate: Inmate) -> list:
    """The sent statements a Nav adviser reads on the inmate's record (audited)."""
    e = ext()
    return statements.received(e.db_session(), e.now(), g.staff, inmate)


@bp.app_template_global()
def work_scale_label(value: str) -> str:
    return str({c.value: c.label for c in scale_choices()}.get(value, value))


def _data(form: StatementForm) -> statements.StatementData:
    return statements.StatementData(
        attendance=form.attendance.data, punctuality=form.punctuality.data,
        cooperation=form.cooperation.data, tasks=form.tasks.data or "",
        what_helps=form.what_helps.data or "", comment=form.comment.data or "")


def _inmate(inmate_id: int) -> Inmate:
    e = ext()
    try:
        return shops.inmate_for(e.db_session(), e.now(), g.staff, inmate_id)
    except NotFound:
        abort(404)


@bp.route("/inmates/<int:inmate_id>/statements/new", methods=["GET", "POST"])
@access("staff", Can.RUN_WORK_SHOP)
def new(inmate_id: int):
    inmate = _inmate(inmate_id)
    form = StatementForm()
    if form.validate_on_submit():
        e = ext()
        try:
            made = statements.create(e.db_session(), e.now(), g.staff, inmate, _data(form))
        except ServiceError as error:
            form.comment.errors = [message(error)]
        else:
            flash(_("The statement is saved as a draft."), "success")
            return redirect(url_for("work_statements.show", statement_id=made.id))
    return render("work_shop/statement_form.html", form=form, inmate=inmate,
                  statement=None), 400 if form.errors else 200


def _statement(statement_id: int):
    try:
        return statements.for_staff(ext().db_session(), g.staff, statement_id)
    except NotFound:
        abort(404)


def _show(statement, form=None, error=None, status=200):
    e = ext()
    db = e.db_session()
    inmate = db.get(Inmate, statement.inmate_id)
    if form is None and (statement.status == "draft" or (
            statement.status != "sent" and request.args.get("edit"))):
        form = StatementForm(obj=statement)
    shops.audit_statement_read(db, e.now(), g.staff, statement)
    return render("work_shop/statement.html", statement=statement, inmate=inmate, form=form,
                  missing=statements.missing_for_sending(db, g.staff, statement)
                  if statement.status != "sent" else [], error=error), status


@bp.get("/statements/<int:statement_id>")
@access("staff", Can.RUN_WORK_SHOP)
def show(statement_id: int):
    return _show(_statement(statement_id))


@bp.post("/statements/<int:statement_id>")
@access("staff", Can.RUN_WORK_SHOP)
def update(statement_id: int):
    statement = _statement(statement_id)
    form = StatementForm()
    if form.validate_on_submit():
        e = ext()
        try:
            statements.update(e.db_session(), e.now(), g.staff, statement, _data(form))
        except ServiceError as error:
            return _show(statement, form, error=message(error), status=400)
        flash(_("The statement is saved as a draft."), "success")
        return redirect(url_for("work_statements.show", statement_id=statement.id))
    return _show(statement, form, status=400)


@bp.post("/statements/<int:statement_id>/ready")
@access("staff", Can.RUN_WORK_SHOP)
def ready(statement_id: int):
    statement = _statement(statement_id)
    e = ext()
    try:
        statements.make_ready(e.db_session(), e.now(), g.staff, statement)
    except ServiceError as error:
        return _show(statement, error=message(error), status=400)
    flash(_("The inmate can now read the statement on the kiosk, under \"Work shop\"."),
          "success")
    return redirect(url_for("work_statements.show", statement_id=statement.id))


@bp.post("/statements/<int:statement_id>/send")
@access("staff", Can.RUN_WORK_SHOP)
def send(statement_id: int):
    statement = _statement(statement_id)
    e = ext()
    try:
        statements.send(e.db_session(), e.now(), g.staff, statement)
    except NotFound:
        abort(404)
    except ServiceError as error:
        return _show(statement, error=message(error), status=400)
    flash(_("The statement is sent to the Nav advisers in the prison. The inmate sees it "
            "under \"Who has received information about me\"."), "success")
    return redirect(url_for("work_statements.show", statement_id=statement.id))
