"""The staff app: triage, supervision and administration."""
from __future__ import annotations

from flask import Flask, current_app, g, redirect, render_template, request, session, url_for

from core.config import Settings
from core.models import StaffUser
from core.services.requests import canned
from core.services.forms import definitions as form_definitions
from core.services.permissions import Can, allowed
from core.web.app import create_base_app, pick_language


def create_app(settings: Settings | None = None, **services) -> Flask:
    settings = settings or Settings.from_env()
    canned.all_replies()  # a broken reply file stops start-up here, naming the entry
    form_definitions.registry()  # so does a broken form definition
    app = create_base_app(
        "admin", settings, locale_selector=_locale, access_check=_check_access, **services
    )
    from admin import account, auth, home, languages
    from admin.appointments import views as appointments
    from admin.directory import views as directory
    from admin.requests import handover, queue, routing, ways_in
    from admin.people import inmates, prisons, staff, terminals
    from admin.records import reports

    for module in (auth, home, account, ways_in, queue, appointments, handover, prisons,
                   routing, terminals, inmates, staff, directory, reports, languages):
        app.register_blueprint(module.bp)
    # A paper note's scan or photo may be larger than the app's 1 MB for other posts: its
    # own limit plus room for the typed fields, set before the CSRF check reads the form.
    app.before_request_funcs.setdefault(None, []).insert(0, ways_in.upload_limit)
    from admin.release import views as release
    from admin.records import timeline  # the timelines
    from admin.release import handover as release_handover, takehome as release_takehome
    from admin.records import release_stats

    for module in (release, timeline, release_handover, release_takehome, release_stats):
        app.register_blueprint(module.bp)
    # forms for staff
    from admin.forms import benefits, countersign, exports as form_exports, inbox as form_inbox

    for module in (form_inbox, form_exports, countersign, benefits):
        app.register_blueprint(module.bp)
    from admin.learning import certificates  # lessons: certificates by code, lessons completed

    app.register_blueprint(certificates.bp)
    # classes run by a trainer; learning statistics
    from admin.learning import classes, statistics as learning_stats

    for module in (classes, learning_stats):
        app.register_blueprint(module.bp)
    # the work shop: work shops, attendance, work-capacity statements; shared case meetings
    from admin.requests import case_meeting
    from admin.work_shop import statements as work_statements, views as work_shops

    for module in (work_shops, work_statements, case_meeting):
        app.register_blueprint(module.bp)
    app.jinja_env.globals.update(can=_can, Can=Can)
    return app


def _locale() -> str:
    return pick_language(session.get("lang") if session else None,
                         request.accept_languages.best_match(["nb", "en"]))


def _can(capability: Can) -> bool:
    user = g.get("staff")
    return user is not None and allowed(user, capability)


def ext():
    return current_app.extensions["brobygger"]


def render(template: str, **context):
    return render_template(f"admin/{template}", **context)


def _check_access(rule):
    """Runs before every admin view. Deny by default: see core.web.access."""
    g.staff = None
    if rule.kind == "public":
        return None
    db = ext().db_session()
    if rule.kind == "second_factor":
        pending = session.get("pending_staff_id")
        user = db.get(StaffUser, pending) if pending else None
        if user is None or not user.active:
            return redirect(url_for("auth.login"))
        g.pending_staff = user
        return None
    staff_id = session.get("staff_id")
    user = db.get(StaffUser, staff_id) if staff_id else None
    if user is None or not user.active:
        if staff_id:
            session.end("signed_out")
        reason = getattr(session, "expired_reason", None)
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None, ended=reason))
    g.staff = user
    capabilities = rule.capability if isinstance(rule.capability, tuple) else (
        (rule.capability,) if rule.capability else ())
    if capabilities and not any(allowed(user, c) for c in capabilities):
        return render("error.html", code=403), 403
    return None
