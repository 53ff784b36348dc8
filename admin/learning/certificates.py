"""Certificates of completed lessons, from the staff side: the lookup by code, and what an
inmate has completed (on the inmate record, for advisers and social workers).

The rule for prisons (core.services.learning.certificates): staff who serve the inmate's prison
see the certificate's content and the inmate's name; other staff learn only that the
code is real and which prison issued it. Every lookup is audited, found or not.
"""
from flask import Blueprint, g, request

from core.models import Inmate
from core.services.learning import certificates
from core.services.permissions import Can
from core.web.access import access
from admin import ext, render
from admin.learning.certificate_forms import CodeForm

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
bp.add_app_template_filter(certificates.grouped, "certificate_code")


@bp.get("/")
@access("staff", Can.VERIFY_CERTIFICATES)
def index():
    form = CodeForm(request.args)
    if "code" not in request.args:
        return render("certificates/index.html", form=form, searched=False, lookup=None)
    if not form.validate():
        return render("certificates/index.html", form=form, searched=False, lookup=None), 400
    e = ext()
    lookup = certificates.look_up(e.db_session(), e.now(), g.staff, form.code.data)
    return render("certificates/index.html", form=form, searched=True, lookup=lookup)


@bp.app_template_global()
def learning_of(inmate: Inmate) -> certificates.Learning:
    """Which lessons an inmate has completed, for the inmate record
    (templates/admin/inmates/_record_learning.html); the record's read is audited there."""
    return certificates.learning_of(ext().db_session(), inmate)
