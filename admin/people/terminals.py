"""Terminals: register, enrol, revoke, and open supervision windows."""
from flask import Blueprint, abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.models import Terminal
from core.services.people import terminals
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.scoping import get_in_scope, scoped
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.choices import prison_choices, unit_choices, unit_in_prison
from admin.common_forms import TerminalForm, WindowForm

bp = Blueprint("terminals", __name__, url_prefix="/terminals")
SEE = (Can.MANAGE_TERMINALS, Can.SUPERVISE_TERMINALS)


def _terminal(terminal_id: int) -> Terminal:
    try:
        return get_in_scope(ext().db_session(), Terminal, terminal_id, g.staff)
    except NotFound:
        abort(404)


def _form(**kwargs) -> TerminalForm:
    db = ext().db_session()
    form = TerminalForm(**kwargs)
    form.prison_id.choices = prison_choices(db, g.staff)
    form.unit_id.choices = unit_choices(db, g.staff)
    return form


@bp.get("/")
@access("staff", SEE)
def index():
    e = ext()
    db = e.db_session()
    rows = db.scalars(scoped(select(Terminal), Terminal.prison_id, g.staff)
                      .order_by(Terminal.prison_id, Terminal.name)).all()
    now = e.now()
    windows = {t.id: terminals.current_window(db, now, t.id) for t in rows}
    return render("terminals/index.html", terminals=rows, windows=windows)


def _code_page(terminal: Terminal, code: str):
    return render("terminals/code.html", terminal=terminal, code=code,
                  minutes=ext().settings.enrolment_code_minutes)


@bp.route("/new", methods=["GET", "POST"])
@access("staff", Can.MANAGE_TERMINALS)
def new():
    form = _form()
    e = ext()
    db = e.db_session()
    if form.validate_on_submit():
        if not unit_in_prison(db, form.unit_id.data, form.prison_id.data):
            form.unit_id.errors = [_("Choose a unit in the chosen prison.")]
        else:
            terminal, code = terminals.register(
                db, e.now(), g.staff, prison_id=form.prison_id.data, name=form.name.data,
                unit_id=form.unit_id.data or None, supervised=form.supervised.data,
                pinned_ip=form.pinned_ip.data, code_minutes=e.settings.enrolment_code_minutes)
            return _code_page(terminal, code)
    return render("terminals/new.html", form=form), 400 if form.errors else 200


def _show(terminal, form=None, window_form=None, status=200):
    e = ext()
    return render(
        "terminals/show.html", terminal=terminal,
        form=form or _form(obj=terminal, unit_id=terminal.unit_id or 0),
        window_form=window_form or WindowForm(minutes=e.settings.supervision_default_minutes),
        window=terminals.current_window(e.db_session(), e.now(), terminal.id),
        can_manage=allowed(g.staff, Can.MANAGE_TERMINALS),
        can_supervise=allowed(g.staff, Can.SUPERVISE_TERMINALS),
    ), status


@bp.get("/<int:terminal_id>")
@access("staff", SEE)
def show(terminal_id: int):
    return _show(_terminal(terminal_id))


@bp.post("/<int:terminal_id>")
@access("staff", Can.MANAGE_TERMINALS)
def update(terminal_id: int):
    terminal = _terminal(terminal_id)
    form = _form()
    form.prison_id.data = terminal.prison_id  # moving a terminal means enrolling it anew
    e = ext()
    db = e.db_session()
    if form.validate_on_submit():
        if not unit_in_prison(db, form.unit_id.data, terminal.prison_id):
            form.unit_id.errors = [_("Choose a unit in the chosen prison.")]
        else:
            terminals.update(db, e.now(), g.staff, terminal, name=form.name.data,
                             unit_id=form.unit_id.data or None, supervised=form.supervised.data,
                             pinned_ip=form.pinned_ip.data)
            flash(_("The terminal is saved."), "success")
            return redirect(url_for("terminals.show", terminal_id=terminal.id))
    return _show(terminal, form=form, status=400)


@bp.post("/<int:terminal_id>/code")
@access("staff", Can.MANAGE_TERMINALS)
def new_code(terminal_id: int):
    terminal = _terminal(terminal_id)
    e = ext()
    code = terminals.issue_enrolment_code(e.db_session(), e.now(), g.staff, terminal,
                                          e.settings.enrolment_code_minutes)
    return _code_page(terminal, code)


@bp.post("/<int:terminal_id>/revoke")
@access("staff", Can.MANAGE_TERMINALS)
def revoke(terminal_id: int):
    terminal = _terminal(terminal_id)
    e = ext()
    terminals.revoke(e.db_session(), e.now(), g.staff, terminal)
    flash(_("The terminal is revoked. It is shut out from its next request."), "success")
    return redirect(url_for("terminals.show", terminal_id=terminal.id))


@bp.post("/<int:terminal_id>/window")
@access("staff", Can.SUPERVISE_TERMINALS)
def open_window(terminal_id: int):
    terminal = _terminal(terminal_id)
    form = WindowForm()
    if form.validate_on_submit():
        e = ext()
        try:
            terminals.open_window(e.db_session(), e.now(), g.staff, terminal, form.minutes.data,
                                  "admin")
        except ServiceError as error:
            form.minutes.errors = [message(error)]
        else:
            flash(_("The terminal is open for inmates."), "success")
            return redirect(url_for("terminals.show", terminal_id=terminal.id))
    return _show(terminal, window_form=form, status=400)


@bp.post("/<int:terminal_id>/window/close")
@access("staff", Can.SUPERVISE_TERMINALS)
def close_window(terminal_id: int):
    terminal = _terminal(terminal_id)
    e = ext()
    terminals.close_windows(e.db_session(), e.now(), terminal, actor=g.staff)
    flash(_("The terminal is closed. Anyone signed in there was signed out."), "success")
    return redirect(url_for("terminals.show", terminal_id=terminal.id))
