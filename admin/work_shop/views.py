"""The work shops: a prison administrator creates them and chooses their staff; the
work-shop staff (or an administrator) add and remove the inmates who work there, and the
work-shop staff record attendance and see each of their inmates' page. Work-shop staff
see only their own work shops' inmates; administrators see who works where, never the
attendance (core.services.work_shop.shops). Every read and change is audited."""
from datetime import date

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from core.clock import to_oslo
from core.services.errors import NotFound, ServiceError
from core.models import StaffUser
from core.services.permissions import Can, allowed
from core.services.people import prisons
from core.services.work_shop import shops, statements
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.choices import prison_choices
from admin.work_shop.forms import MemberForm, NewShopForm, ShopStaffForm

bp = Blueprint("work_shops", __name__, url_prefix="/work-shops")
SEE = (Can.RUN_WORK_SHOP, Can.MANAGE_WORK_SHOPS)


def _today() -> date:
    return to_oslo(ext().now()).date()


def _new_form(form: NewShopForm | None = None) -> NewShopForm:
    form = form or NewShopForm()
    form.prison_id.choices = prison_choices(ext().db_session(), g.staff)
    return form


def _index(form: NewShopForm | None, status: int = 200):
    db = ext().db_session()
    found = shops.visible(db, g.staff)
    names = {p.id: p.name for p in prisons.list_for(db, g.staff)}
    counts = {s.id: len(shops.members(db, s)) for s in found}
    return render("work_shop/index.html", shops=found, form=form, prison_names=names,
                  counts=counts), status


@bp.get("/")
@access("staff", SEE)
def index():
    return _index(_new_form() if allowed(g.staff, Can.MANAGE_WORK_SHOPS) else None)


@bp.post("/")
@access("staff", Can.MANAGE_WORK_SHOPS)
def create():
    form = _new_form(NewShopForm())
    if form.validate_on_submit():
        e = ext()
        try:
            shop = shops.create(e.db_session(), e.now(), g.staff, form.prison_id.data,
                                form.name.data)
        except ServiceError as error:
            form.name.errors = [message(error)]
        else:
            flash(_("The work shop is created. Choose who runs it."), "success")
            return redirect(url_for("work_shops.show", shop_id=shop.id))
    return _index(form, 400)


def _shop(shop_id: int):
    try:
        return shops.get(ext().db_session(), g.staff, shop_id)
    except NotFound:
        abort(404)


def _show(shop, member_form=None, staff_form=None, error=None, status=200):
    e = ext()
    db = e.db_session()
    runs = shops.runs(db, g.staff, shop)
    managing = shops.manages(g.staff, shop)
    staff_form = staff_form or ShopStaffForm()
    staff_form.staff_id.choices = [SelectChoice(u.id, u.name)
                                   for u in shops.candidates(db, shop)]
    day = _day()
    rows = shops.members(db, shop)
    shops.audit_members_read(db, e.now(), g.staff, shop, rows)
    return render("work_shop/show.html", shop=shop, members=rows, runs=runs,
                  managing=managing, shop_staff=shops.staff_of(db, shop),
                  member_form=member_form or MemberForm(), staff_form=staff_form, day=day,
                  today=_today(), marks=shops.day_marks(db, g.staff, shop, day),
                  error=error), status


def _day() -> date:
    """The day of the attendance form (?day=YYYY-MM-DD, today by default, never later)."""
    try:
        day = date.fromisoformat(request.values.get("day", ""))
    except ValueError:
        return _today()
    return min(day, _today())


@bp.get("/<int:shop_id>")
@access("staff", SEE)
def show(shop_id: int):
    return _show(_shop(shop_id))


@bp.post("/<int:shop_id>/staff")
@access("staff", Can.MANAGE_WORK_SHOPS)
def set_staff(shop_id: int):
    shop = _shop(shop_id)
    e = ext()
    db = e.db_session()
    remove = request.form.get("remove", type=int)
    if remove:
        user = db.get(StaffUser, remove)
        if user is None:
            abort(404)
        shops.set_staff(db, e.now(), g.staff, shop, user, False)
        flash(_("%(name)s no longer runs the work shop.", name=user.name), "success")
        return redirect(url_for("work_shops.show", shop_id=shop.id))
    form = ShopStaffForm()
    form.staff_id.choices = [SelectChoice(u.id, u.name) for u in shops.candidates(db, shop)]
    if form.validate_on_submit():
        try:
            shops.set_staff(db, e.now(), g.staff, shop, db.get(StaffUser, form.staff_id.data),
                            True)
        except ServiceError as error:
            form.staff_id.errors = [message(error)]
        else:
            flash(_("The staff member now runs the work shop."), "success")
            return redirect(url_for("work_shops.show", shop_id=shop.id))
    return _show(shop, staff_form=form, status=400)


@bp.post("/<int:shop_id>/members")
@access("staff", SEE)
def add_member(shop_id: int):
    shop = _shop(shop_id)
    form = MemberForm()
    if form.validate_on_submit():
        e = ext()
        try:
            shops.add_member(e.db_session(), e.now(), g.staff, shop, form.inmate_number.data)
        except ServiceError as error:
            form.inmate_number.errors = [message(error)]
        else:
            flash(_("The inmate is added to the work shop."), "success")
            return redirect(url_for("work_shops.show", shop_id=shop.id))
    return _show(shop, member_form=form, status=400)


@bp.post("/<int:shop_id>/members/<int:member_id>/end")
@access("staff", SEE)
def end_member(shop_id: int, member_id: int):
    shop = _shop(shop_id)
    e = ext()
    try:
        shops.end_member(e.db_session(), e.now(), g.staff, shop, member_id)
    except NotFound:
        abort(404)
    flash(_("The inmate no longer works in the work shop."), "success")
    return redirect(url_for("work_shops.show", shop_id=shop.id))


@bp.post("/<int:shop_id>/attendance")
@access("staff", Can.RUN_WORK_SHOP)
def attendance(shop_id: int):
    shop = _shop(shop_id)
    e = ext()
    db = e.db_session()
    day = _day()
    marks = {}
    for member in shops.members(db, shop):
        value = request.form.get(f"attendance-{member.inmate_id}", "")
        if value:
            marks[member.inmate_id] = value
    try:
        done = shops.record_attendance(db, e.now(), g.staff, shop, day, marks)
    except NotFound:
        abort(404)
    except ServiceError as error:
        return _show(shop, error=message(error), status=400)
    flash(_("Attendance saved for %(num)s inmates.", num=done), "success")
    return redirect(url_for("work_shops.show", shop_id=shop.id, day=day.isoformat()))


@bp.get("/inmates/<int:inmate_id>")
@access("staff", Can.RUN_WORK_SHOP)
def inmate(inmate_id: int):
    """One inmate of the staff member's work shop: attendance and statements."""
    e = ext()
    db = e.db_session()
    try:
        found = shops.inmate_for(db, e.now(), g.staff, inmate_id)
    except NotFound:
        abort(404)
    summary, days = shops.attendance_of(db, g.staff, found, _today())
    return render("work_shop/inmate.html", inmate=found, summary=summary, days=days,
                  statements=statements.of_inmate(db, g.staff, found),
                  shop=shops.shops_of_inmate_run_by(db, g.staff, found.id),
                  consent=statements.consent_shown(db, g.staff, found.id)[1])
