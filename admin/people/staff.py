"""Staff accounts, for system and prison administrators."""
import re

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from core import audit
from core.audit import Actor
from core.models import Role, StaffUser
from core.services.requests import routing
from core.services.people import staff
from core.web import labels as core_labels
from core.services.errors import ServiceError
from core.services.permissions import Can, grantable_roles
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.choices import options, prison_choices
from admin.common_forms import NewPasswordForm, StaffForm, role_labels

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _user(staff_id: int) -> StaffUser:
    """An account the signed-in administrator may see (core.services.people.staff.can_view)."""
    user = ext().db_session().get(StaffUser, staff_id)
    if user is None or not staff.can_view(g.staff, user):
        abort(404)
    return user


def _refused(user: StaffUser):
    """None when the administrator may change the account; else its page, read-only,
    saying that a system administrator changes it (403): it serves other prisons too."""
    return None if staff.can_manage(g.staff, user) else _page(user, None, status=403)


def _page(user: StaffUser, form: StaffForm | None, password_form=None, status: int = 200):
    """An account's page: the form when the administrator may change it, else read-only."""
    e = ext()
    db = e.db_session()
    manageable = staff.can_manage(g.staff, user)
    if manageable and form is None:
        form = _edit_form(db, user)
    return render("staff/form.html", form=form, user=user, manageable=manageable,
                  own=user.id == g.staff.id, labels=role_labels(),
                  password_form=password_form or NewPasswordForm(),
                  locked=staff.is_locked(db, user, e.settings.lockout_threshold)), status


def _form(**kwargs) -> StaffForm:
    form = StaffForm(**kwargs)
    labels = role_labels()
    form.roles.choices = options((r.value, labels[r]) for r in Role
                                 if r in grantable_roles(g.staff))
    form.prisons.choices = prison_choices(ext().db_session(), g.staff)
    form.languages.choices = options(
        (code, name) for code, name in core_labels.LANGUAGES.items() if code != "other")
    return form


def _areas(form: StaffForm) -> set[str]:
    return {part for part in re.split(r"[\s,;]+", form.areas.data or "") if part}


def _coverage_ok(form: StaffForm) -> bool:
    """Areas and languages for automatic assignment; False with an error on the form."""
    try:
        routing.check_coverage(_areas(form), set(form.languages.data or []))
    except ServiceError as error:
        field = form.languages if error.code == "language_unknown" else form.areas
        field.errors = [message(error)]
        return False
    return True


def _save_coverage(db, now, user: StaffUser, form: StaffForm) -> None:
    routing.set_coverage(db, now, g.staff, user, _areas(form), set(form.languages.data or []))


def _data(form: StaffForm, user: StaffUser | None = None) -> staff.StaffData:
    """What the form says; the roles of one's own account are not on it (None keeps
    them: another administrator changes them)."""
    own = user is not None and user.id == g.staff.id
    return staff.StaffData(
        username=form.username.data, name=form.name.data,
        roles=None if own else {Role(r) for r in form.roles.data or []},
        prison_ids=set(form.prisons.data or []), active=form.active.data,
    )


FIELD_OF = {"username_format": "username", "username_taken": "username",
            "password_short": "password", "password_long": "password",
            "roles_required": "roles", "role_not_grantable": "roles",
            "prisons_required": "prisons", "prison_not_grantable": "prisons",
            "prison_unknown": "prisons", "cannot_deactivate_self": "active",
            "own_roles": "roles"}


def _put_error(form, error: ServiceError) -> None:
    getattr(form, FIELD_OF.get(error.code, "name")).errors = [message(error)]


def _edit_form(db, user: StaffUser) -> StaffForm:
    """The form filled in with the account as it is, every current role and prison ticked
    (not ``obj=user``: its ``roles`` and ``prisons`` are enums and Prison rows, which
    match no choice, so nothing was ticked and a save dropped them)."""
    return _form(name=user.name, active=user.active, roles=[r.value for r in user.roles],
                 prisons=sorted(user.prison_ids), areas=", ".join(routing.areas_of(db, user.id)),
                 languages=routing.languages_of(db, user.id))


@bp.get("/")
@access("staff", Can.MANAGE_STAFF)
def index():
    e = ext()
    db = e.db_session()
    users = staff.list_for(db, g.staff)
    audit.record(db, e.now(), Actor("staff", g.staff.id), "staff.list",
                 detail={"count": len(users)})
    return render("staff/index.html", users=users, labels=role_labels())


@bp.route("/new", methods=["GET", "POST"])
@access("staff", Can.MANAGE_STAFF)
def new():
    form = _form()
    if form.validate_on_submit():
        e = ext()
        if not form.password.data:
            form.password.errors = [_("Give a first password.")]
        else:
            db = e.db_session()
            try:
                if not _coverage_ok(form):
                    raise ServiceError("coverage")
                user = staff.create(db, e.now(), g.staff, _data(form), form.password.data,
                                    e.hasher)
                _save_coverage(db, e.now(), user, form)
            except ServiceError as error:
                if error.code != "coverage":
                    _put_error(form, error)
            else:
                flash(_("The account is created."), "success")
                return redirect(url_for("staff.show", staff_id=user.id))
    return render("staff/form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/<int:staff_id>", methods=["GET", "POST"])
@access("staff", Can.MANAGE_STAFF)
def show(staff_id: int):
    e = ext()
    db = e.db_session()
    if request.method == "GET":
        user = _user(staff_id)
        audit.record(db, e.now(), Actor("staff", g.staff.id), "staff.view",
                     subject_type="staff", subject_id=user.id)
        return _page(user, None)
    user = _user(staff_id)
    if refused := _refused(user):
        return refused
    form = _form()
    form.username.data = user.username
    if form.validate_on_submit():
        try:
            if not _coverage_ok(form):
                raise ServiceError("coverage")
            staff.update(db, e.now(), g.staff, user, _data(form, user))
            _save_coverage(db, e.now(), user, form)
        except ServiceError as error:
            if error.code != "coverage":
                _put_error(form, error)
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("staff.show", staff_id=user.id))
    return _page(user, form, status=400 if form.errors else 200)


@bp.post("/<int:staff_id>/password")
@access("staff", Can.MANAGE_STAFF)
def password(staff_id: int):
    user = _user(staff_id)
    if refused := _refused(user):
        return refused
    form = NewPasswordForm()
    e = ext()
    if form.validate_on_submit():
        try:
            staff.set_password(e.db_session(), e.now(), g.staff, user, form.password.data,
                               e.hasher)
        except ServiceError as error:
            form.password.errors = [message(error)]
        else:
            flash(_("The password is changed."), "success")
            return redirect(url_for("staff.show", staff_id=user.id))
    return _page(user, None, password_form=form, status=400)


@bp.post("/<int:staff_id>/reset-totp")
@access("staff", Can.MANAGE_STAFF)
def reset_totp(staff_id: int):
    user = _user(staff_id)
    if refused := _refused(user):
        return refused
    e = ext()
    staff.reset_totp(e.db_session(), e.now(), g.staff, user)
    flash(_("Two-step sign-in is reset. They set it up again at their next sign-in."), "success")
    return redirect(url_for("staff.show", staff_id=user.id))


@bp.post("/<int:staff_id>/unlock")
@access("staff", Can.MANAGE_STAFF)
def unlock(staff_id: int):
    user = _user(staff_id)
    if refused := _refused(user):
        return refused
    e = ext()
    staff.unlock(e.db_session(), e.now(), g.staff, user)
    flash(_("The account is unlocked."), "success")
    return redirect(url_for("staff.show", staff_id=user.id))
