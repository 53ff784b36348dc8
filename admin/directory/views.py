"""The home-municipality directory: every municipality, its NAV office and that office's
contact person for the prison service. Read by advisers, social workers, the school and
administrators; changed, imported and exported by system and prison administrators.
Every read and change is audited (core.services.directory.entries)."""
from flask import Blueprint, Response, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from core.models import Inmate, StaffUser
from core.services.directory import csv_files as directory_csv, entries as directory
from core.services.directory.entries import MAX_LENGTH, ContactData, Entry, InvalidContact
from core.services.errors import NotFound
from core.services.permissions import Can, allowed
from core.web.access import access
from core.web.messages import message
from admin import ext, render
from admin.directory.forms import ContactForm, DirectoryFilterForm, ImportForm

bp = Blueprint("directory", __name__, url_prefix="/directory")


@bp.app_template_global()
def home_office(inmate: Inmate) -> Entry | None:
    """The directory entry of an inmate's home municipality, for the inmate's record
    (whose own read is audited); None for staff who may not see the directory."""
    if g.get("staff") is None or not allowed(g.staff, Can.VIEW_DIRECTORY):
        return None
    e = ext()
    return directory.for_inmate(e.db_session(), e.now(), inmate)


@bp.get("/")
@access("staff", Can.VIEW_DIRECTORY)
def index():
    e = ext()
    form = DirectoryFilterForm(request.args)
    form.county.choices = [SelectChoice("", _("All counties"))] + [
        SelectChoice(number, name) for number, name in directory.counties()]
    valid = form.validate()
    # A bad filter value is shown with its error, and the whole directory meanwhile.
    filters = (form.q.data or "", form.county.data, form.state.data) if valid else ("", "", "")
    entries = directory.listing(e.db_session(), e.now(), g.staff, *filters)
    return render("directory/index.html", form=form, entries=entries,
                  checking=sum(1 for x in entries if x.needs_checking),
                  missing=sum(1 for x in entries if x.contact is None)), 200 if valid else 400


def _entry(number: str) -> Entry:
    e = ext()
    try:
        return directory.entry(e.db_session(), e.now(), g.staff, number)
    except NotFound:
        abort(404)


def _show(entry: Entry, form: ContactForm | None = None, status: int = 200):
    if form is None and allowed(g.staff, Can.MANAGE_DIRECTORY):
        contact = entry.contact or ContactData()
        form = ContactForm(data={"nav_office": contact.nav_office,
                                 "contact_name": contact.contact_name, "phone": contact.phone,
                                 "email": contact.email, "address": contact.address,
                                 "verified_on": contact.verified_on})
    db = ext().db_session()
    updater = db.get(StaffUser, entry.updated_by) if entry.updated_by else None
    return render("directory/show.html", entry=entry, form=form, updater=updater), status


@bp.get("/<number>")
@access("staff", Can.VIEW_DIRECTORY)
def show(number: str):
    return _show(_entry(number))


@bp.post("/<number>")
@access("staff", Can.MANAGE_DIRECTORY)
def edit(number: str):
    entry = _entry(number)
    form = ContactForm()
    if form.validate_on_submit():
        e = ext()
        data = ContactData(**{name: getattr(form, name).data or "" for name in MAX_LENGTH},
                           verified_on=form.verified_on.data)
        try:
            changed = directory.save(e.db_session(), e.now(), g.staff, entry.number, data)
        except InvalidContact as error:
            for problem in error.problems:
                getattr(form, problem.field).errors = [message(problem.error)]
        else:
            flash(_("The changes are saved.") if changed else _("Nothing was changed."),
                  "success")
            return redirect(url_for("directory.show", number=entry.number))
    return _show(entry, form, 400)


@bp.route("/import", methods=["GET", "POST"])
@access("staff", Can.MANAGE_DIRECTORY)
def import_csv():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        e = ext()
        result = directory_csv.import_csv(e.db_session(), e.now(), g.staff,
                                          form.file.data.read())
        if result.imported:
            flash(_("The file is imported: %(created)s new, %(updated)s changed and "
                    "%(unchanged)s unchanged.", created=result.created, updated=result.updated,
                    unchanged=result.unchanged), "success")
            return redirect(url_for("directory.index"))
        problems = result.problems
        form.file.errors = [ngettext(
            "The file has %(num)s problem. Nothing was imported. Correct it and try again.",
            "The file has %(num)s problems. Nothing was imported. Correct them and try again.",
            len(problems))]
    return render("directory/import.html", form=form, problems=problems,
                  messages=[message(p.error) for p in problems]), 400 if form.errors else 200


@bp.get("/export.csv")
@access("staff", Can.MANAGE_DIRECTORY)
def export():
    e = ext()
    body = directory_csv.export_csv(e.db_session(), e.now(), g.staff)
    name = f"kommuner-nav-kontor-{directory.today(e.now()).isoformat()}.csv"
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})
