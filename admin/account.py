"""A staff member's own account: details and password."""
from flask import Blueprint, flash, g, redirect, url_for
from flask_babel import gettext as _

from core.services import staff
from core.services.errors import ServiceError
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.forms import PasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/")
@access("staff")
def index():
    return render("account.html", form=PasswordForm())


@bp.post("/password")
@access("staff")
def password():
    form = PasswordForm()
    e = ext()
    if form.validate_on_submit():
        if not e.hasher.verify(g.staff.password_hash, form.current.data):
            form.current.errors = [_("The current password is wrong.")]
        else:
            try:
                staff.set_password(e.db_session(), e.now(), g.staff, g.staff, form.new.data,
                                   e.hasher)
            except ServiceError as error:
                form.new.errors = [message(error)]
            else:
                flash(_("Your password is changed."), "success")
                return redirect(url_for("account.index"))
    return render("account.html", form=form), 400
