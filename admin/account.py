"""A staff member's own account: details and password."""
from flask import Blueprint, flash, g, redirect, session, url_for
from flask_babel import gettext as _

from core.services.people import staff
from core.services.errors import ServiceError
from core.web.access import access
from core.web.app import client_ip
from core.web.messages import message
from admin import ext, render
from admin.common_forms import PasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/")
@access("staff")
def index():
    return render("account.html", form=PasswordForm())


@bp.post("/password")
@access("staff")
def password():
    """A wrong current password counts towards the lockout; the change ends every other
    session of the account (core.services.people.staff.change_own_password)."""
    form = PasswordForm()
    e = ext()
    if form.validate_on_submit():
        db = e.db_session()
        try:
            staff.change_own_password(
                db, e.now(), g.staff, form.current.data, form.new.data, e.hasher,
                threshold=e.settings.lockout_threshold, ip=client_ip(),
                keep_session_id=session.row.id if session.row is not None else None)
        except ServiceError as error:
            db.commit()  # the failed attempt counts
            if error.code == "locked":
                session.end("locked")
                return redirect(url_for("auth.login"))
            field = form.current if error.code == "current_password_wrong" else form.new
            field.errors = [message(error)]
        else:
            flash(_("Your password is changed."), "success")
            return redirect(url_for("account.index"))
    return render("account.html", form=form), 400
