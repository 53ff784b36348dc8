"""Every URL rule of both apps, against every kind of caller.

Each endpoint declares its expected answer per caller below. A route without a
declaration fails the test, so no route can be added without saying who may reach it.
Outcomes: ok (served), enrol (kiosk enrolment page, 403), login (sent to sign in),
forbidden (403), not_found (404: outside the caller's prisons, or does not exist).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest

from admin import create_app as create_admin
from sqlalchemy import select

from core.clock import FrozenClock
from core.config import Settings
from core.db import Database
from core.models import Consent, Inmate, Request, Role, StaffUser, WorkShopMember
from core.security import totp
from core.services.appointments import booking as appointments, office_hours
from core.services.requests import filing as requests
from core.services.people import terminals
from core.services.people import staff as staff_service
from kiosk import create_app as create_kiosk
from tests.support import world as world_module, world_template
from tests.support.world import PASSWORD, PIN

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

# --- kiosk ----------------------------------------------------------------------------
KIOSK_CALLERS = ("unenrolled", "revoked_terminal", "terminal", "inmate", "inmate_elsewhere")
OPEN = dict.fromkeys(KIOSK_CALLERS, "ok")
TERMINAL = {"unenrolled": "enrol", "revoked_terminal": "enrol", "terminal": "ok",
            "inmate": "ok", "inmate_elsewhere": "login"}
INMATE = {**TERMINAL, "terminal": "login"}

KIOSK = {
    ("healthz", "GET"): OPEN,  # for the load balancer and monitoring: no session, no data
    ("enrolment.enrol_form", "GET"): OPEN,
    ("enrolment.enrol", "POST"): OPEN,
    ("enrolment.demo_enrol", "GET"): dict.fromkeys(KIOSK_CALLERS, "not_found"),  # demo off
    # Open to all; with no "next" it sends everyone to the start page, which is sign-in.
    ("signin.language", "POST"): dict.fromkeys(KIOSK_CALLERS, "login"),
    ("signin.languages", "GET"): TERMINAL,  # the language page: every kiosk language
    ("signin.login", "GET"): TERMINAL,
    ("signin.login_post", "POST"): TERMINAL,
    ("signin.supervision", "GET"): TERMINAL,
    ("signin.supervision_post", "POST"): TERMINAL,
    ("signin.timeout", "GET"): {**TERMINAL, "terminal": "login", "inmate": "login"},
    ("signin.logout", "POST"): {**INMATE, "inmate": "login"},  # signing out lands on sign-in
    ("signin.extend", "POST"): INMATE,
    ("signin.warning", "GET"): INMATE,
    # Choosing one's own PIN after one from staff (issue 12); without one it sends home.
    ("pin.choose", "GET"): INMATE,
    ("pin.choose_post", "POST"): INMATE,
    ("home.index", "GET"): INMATE,
    ("home.me", "GET"): INMATE,
    ("home.health", "GET"): INMATE,
    ("home.my_data", "GET"): INMATE,
    ("requests.index", "GET"): INMATE,
    ("requests.topic", "GET"): INMATE,
    ("requests.topic", "POST"): INMATE,
    ("requests.describe", "GET"): INMATE,
    ("requests.describe", "POST"): INMATE,
    ("requests.urgency", "GET"): INMATE,
    ("requests.urgency", "POST"): INMATE,
    ("requests.consent", "GET"): INMATE,
    ("requests.consent", "POST"): INMATE,
    ("requests.check", "GET"): INMATE,
    ("requests.check", "POST"): INMATE,
    ("requests.receipt", "GET"): INMATE,
    ("requests.show", "GET"): INMATE,
    ("requests.reply", "POST"): INMATE,
    ("requests.cancel", "GET"): INMATE,  # the question "withdraw it?" first
    ("requests.cancel", "POST"): INMATE,
    ("requests.my_consents", "GET"): INMATE,
    ("requests.withdraw", "POST"): INMATE,
    ("requests.give_consent", "POST"): INMATE,  # issue 14: a consent for the whole stay
    ("requests.disclosures_page", "GET"): INMATE,  # who has received information about me
    # Issue 16: the work shop's statement (A100's, ready to read), its consent, and letting
    # another team take part in a request (no team chosen: 400, the inmate's own page).
    ("work_shop.index", "GET"): INMATE,
    ("work_shop.show", "GET"): INMATE,
    ("work_shop.mark_read", "POST"): INMATE,
    ("work_shop.give_consent", "POST"): INMATE,
    ("case_meeting.give", "POST"): INMATE,
    ("appointments.index", "GET"): INMATE,
    # Min plan for løslatelsen (issue 15): the inmate's own plan, and asking for help.
    ("release_plan.index", "GET"): INMATE,
    ("takehome.index", "GET"): INMATE,  # the take-home sheet "Etter løslatelsen"
    ("release_plan.ask", "POST"): INMATE,
    ("forms.index", "GET"): INMATE,
    ("forms.start", "POST"): INMATE,
    ("forms.step", "GET"): INMATE,
    ("forms.step", "POST"): INMATE,
    ("forms.autosave", "POST"): INMATE,
    ("forms.check", "GET"): INMATE,
    ("forms.check", "POST"): INMATE,
    ("forms.discard", "POST"): INMATE,
    ("forms.show", "GET"): INMATE,
    # Only a form sent back by staff can be sent again; this one is waiting for an officer.
    ("forms.again", "POST"): {**INMATE, "inmate": "not_found"},
    ("forms.countersign", "GET"): INMATE,
    ("forms.countersign_post", "POST"): INMATE,
    # The meldekort (_a_meldekort): the period of 2 February has a sent card.
    ("meldekort.index", "GET"): INMATE,
    ("meldekort.start", "POST"): INMATE,
    ("meldekort.correct", "POST"): INMATE,
    # Only a card sent back by staff is filled in again; this one is sent.
    ("meldekort.again", "POST"): {**INMATE, "inmate": "not_found"},
    ("meldekort.practice", "POST"): INMATE,
    ("meldekort.questions", "GET"): INMATE,
    ("meldekort.questions", "POST"): INMATE,
    ("meldekort.grid", "GET"): INMATE,
    ("meldekort.grid", "POST"): INMATE,
    ("meldekort.reason", "GET"): INMATE,
    ("meldekort.reason", "POST"): INMATE,
    ("meldekort.autosave", "POST"): INMATE,
    ("meldekort.check", "GET"): INMATE,
    ("meldekort.check", "POST"): INMATE,
    ("meldekort.discard", "POST"): INMATE,
    ("lessons.index", "GET"): INMATE,
    ("lessons.step", "GET"): INMATE,
    ("lessons.step", "POST"): INMATE,  # no answer chosen: 400, the page with its error
    ("lessons.summary", "GET"): INMATE,
    ("lessons.restart", "POST"): INMATE,
    ("lessons.glossary", "GET"): INMATE,
    ("lessons.audio", "GET"): INMATE,
    ("lessons.large_text", "POST"): INMATE,
    ("certificates.index", "GET"): INMATE,
    ("certificates.issue", "POST"): INMATE,
    ("certificates.show", "GET"): INMATE,  # A100's own; another's is 404 (test_certificates)
    # Classes run by a trainer: joining, and the class's notice on a lesson step.
    ("lesson_class.join", "GET"): INMATE,
    ("lesson_class.join_post", "POST"): INMATE,
    ("lesson_class.status", "GET"): INMATE,
    # The practice copy of NAV's services; the attempt is inmate A100's own.
    ("practice.index", "GET"): INMATE,
    ("practice.task", "GET"): INMATE,
    ("practice.start", "POST"): INMATE,
    ("practice.stop", "POST"): INMATE,
    ("practice.check", "POST"): INMATE,
    ("practice.result", "GET"): INMATE,
    ("practice.meldekort", "POST"): INMATE,
    ("practice.login", "GET"): INMATE,
    ("practice.login_post", "POST"): INMATE,
    ("practice.bankid", "GET"): INMATE,
    ("practice.bankid", "POST"): INMATE,
    ("practice.bankid_code", "GET"): INMATE,
    ("practice.bankid_code", "POST"): INMATE,
    ("practice.bankid_password", "GET"): INMATE,
    ("practice.bankid_password", "POST"): INMATE,
    ("practice.min_side", "GET"): INMATE,
    ("practice.logout", "POST"): INMATE,
    ("practice.dialog", "GET"): INMATE,
    ("practice.dialog", "POST"): INMATE,
}

# --- admin ----------------------------------------------------------------------------
ROLES = tuple(r.value for r in Role)
ADMIN_CALLERS = ("anonymous", "pending_second_factor", *ROLES, "other_prison_admin")
ALL_STAFF = frozenset(ROLES) | {"other_prison_admin"}


def public():
    return dict.fromkeys(ADMIN_CALLERS, "ok")


def second_factor():
    return {c: "ok" if c == "pending_second_factor" else "login" for c in ADMIN_CALLERS}


def staff(allowed: set[str], scoped: bool = False):
    """Roles in ``allowed`` are served; for ``scoped`` routes on prison A's objects, staff
    of prison B who hold the role get 404, as if the object did not exist."""
    expected = {"anonymous": "login", "pending_second_factor": "login"}
    for role in ROLES:
        expected[role] = "ok" if role in allowed else "forbidden"
    other = "prison_admin" in allowed
    expected["other_prison_admin"] = ("not_found" if scoped else "ok") if other else "forbidden"
    return expected


MANAGE_TERMINALS = {"prison_admin", "system_admin"}
SEE_TERMINALS = MANAGE_TERMINALS | {"officer"}
SUPERVISE = {"officer", "prison_admin"}
MANAGE_INMATES = {"prison_admin", "system_admin"}
RESET_PINS = {"officer", "prison_admin", "system_admin"}
EVERY_ROLE = set(ROLES)
MANAGE_ROUTING = {"prison_admin", "system_admin"}
VIEW_DIRECTORY = {"adviser", "social_worker", "school", "prison_admin", "system_admin"}
MANAGE_DIRECTORY = {"prison_admin", "system_admin"}
VIEW_REPORTS = {"adviser", "social_worker", "school", "prison_admin", "system_admin"}
RELEASE_PLAN = {"adviser", "social_worker", "school"}  # each sees its pathways only
SET_RELEASE_DATES = {"adviser", "social_worker"}
RELEASE_HANDOVER = {"adviser", "social_worker"}
VIEW_TIMELINE = {"adviser", "social_worker", "school", "prison_admin", "system_admin"}
RUN_CLASSES = {"trainer"}
RUN_WORK_SHOP = {"work_shop"}
MANAGE_WORK_SHOPS = {"prison_admin", "system_admin"}
SEE_WORK_SHOPS = RUN_WORK_SHOP | MANAGE_WORK_SHOPS
VIEW_LEARNING_STATS = {"trainer", "prison_admin", "system_admin"}

def request_desk():
    """A NAV request in prison A: only advisers work it. Social workers and the school
    may read requests, but not on this topic, so for them it does not exist."""
    expected = staff({"adviser", "social_worker", "school"})
    expected.update(social_worker="not_found", school="not_found")
    return expected


RECEIVE = {"adviser", "social_worker", "school"}  # who publishes office hours


def own_hours():
    """The adviser's office hours in prison A: only the adviser may remove them."""
    expected = staff(RECEIVE)
    expected.update(social_worker="not_found", school="not_found")
    return expected


MANAGE_BENEFITS = {"adviser", "social_worker"}
LOG_REQUESTS = {"adviser", "social_worker", "school", "officer", "prison_admin"}


def logged_by_adviser():
    """A request the adviser registered in prison A: the others who may register find
    nothing (404), the rest are refused (403)."""
    expected = staff(LOG_REQUESTS)
    expected.update({role: "not_found" for role in LOG_REQUESTS - {"adviser"}},
                    other_prison_admin="not_found")
    return expected


def form_record():
    """A meldekort from prison A: the school receives forms, but not this one, so for the
    school it does not exist."""
    expected = staff(RECEIVE)
    expected.update(school="not_found")
    return expected


ADMIN = {
    ("healthz", "GET"): public(),  # for the load balancer and monitoring: no session, no data
    ("auth.login", "GET"): public(),
    ("auth.login_post", "POST"): public(),
    ("auth.language", "POST"): public(),
    ("auth.code", "GET"): second_factor(),
    ("auth.code_post", "POST"): second_factor(),
    ("auth.setup", "GET"): second_factor(),
    ("auth.setup_post", "POST"): second_factor(),
    ("auth.logout", "POST"): {**staff(EVERY_ROLE), **{r: "login" for r in ALL_STAFF}},
    ("home.index", "GET"): staff(EVERY_ROLE),
    ("account.index", "GET"): staff(EVERY_ROLE),
    ("account.password", "POST"): staff(EVERY_ROLE),
    ("prisons.index", "GET"): staff({"prison_admin", "system_admin"}),
    ("languages.index", "GET"): staff({"prison_admin", "system_admin"}),
    ("prisons.new", "GET"): staff({"system_admin"}),
    ("prisons.new", "POST"): staff({"system_admin"}),
    ("prisons.show", "GET"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("prisons.rename", "POST"): staff({"system_admin"}, scoped=True),
    ("prisons.add_unit", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("terminals.index", "GET"): staff(SEE_TERMINALS),
    ("terminals.new", "GET"): staff(MANAGE_TERMINALS),
    ("terminals.new", "POST"): staff(MANAGE_TERMINALS),
    ("terminals.show", "GET"): staff(SEE_TERMINALS, scoped=True),
    ("terminals.update", "POST"): staff(MANAGE_TERMINALS, scoped=True),
    ("terminals.new_code", "POST"): staff(MANAGE_TERMINALS, scoped=True),
    ("terminals.revoke", "POST"): staff(MANAGE_TERMINALS, scoped=True),
    ("terminals.open_window", "POST"): staff(SUPERVISE, scoped=True),
    ("terminals.close_window", "POST"): staff(SUPERVISE, scoped=True),
    ("inmates.index", "GET"): staff(EVERY_ROLE - {"trainer", "work_shop"}),
    ("inmates.new", "GET"): staff(MANAGE_INMATES),
    ("inmates.new", "POST"): staff(MANAGE_INMATES),
    ("inmates.show", "GET"): staff(EVERY_ROLE - {"trainer", "work_shop"}, scoped=True),
    ("inmates.edit", "GET"): staff(MANAGE_INMATES, scoped=True),
    ("inmates.edit", "POST"): staff(MANAGE_INMATES, scoped=True),
    ("inmates.reset_pin", "POST"): staff(RESET_PINS, scoped=True),
    ("inmates.innsyn", "GET"): staff(MANAGE_INMATES, scoped=True),
    ("inmates.unlock", "POST"): staff(RESET_PINS, scoped=True),
    ("queue.index", "GET"): staff({"adviser", "social_worker", "school"}),
    ("queue.show", "GET"): request_desk(),
    ("queue.reply", "POST"): request_desk(),
    ("queue.note", "POST"): request_desk(),
    ("queue.status", "POST"): request_desk(),
    ("queue.assign", "POST"): request_desk(),
    ("queue.several", "GET"): staff({"adviser", "social_worker", "school"}),
    ("queue.several_post", "POST"): staff({"adviser", "social_worker", "school"}),
    ("routing.index", "GET"): staff(MANAGE_ROUTING, scoped=True),
    ("routing.edit", "GET"): staff(MANAGE_ROUTING, scoped=True),
    ("routing.edit", "POST"): staff(MANAGE_ROUTING, scoped=True),
    ("routing.lead", "POST"): staff(MANAGE_ROUTING, scoped=True),
    # The directory is national: an administrator of another prison changes it too.
    ("directory.index", "GET"): staff(VIEW_DIRECTORY),
    ("directory.show", "GET"): staff(VIEW_DIRECTORY),
    ("directory.edit", "POST"): staff(MANAGE_DIRECTORY),
    ("directory.import_csv", "GET"): staff(MANAGE_DIRECTORY),
    ("directory.import_csv", "POST"): staff(MANAGE_DIRECTORY),
    ("directory.export", "GET"): staff(MANAGE_DIRECTORY),
    ("handover.show", "GET"): request_desk(),
    # Marking the summary sent (issue 14): the desk's callers; the consent is checked inside.
    ("handover.mark_sent", "POST"): request_desk(),
    ("release.show", "GET"): staff(RELEASE_PLAN, scoped=True),
    ("release.update", "POST"): staff(RELEASE_PLAN, scoped=True),
    ("release.dates", "POST"): staff(SET_RELEASE_DATES, scoped=True),
    ("release.upcoming", "GET"): staff(RELEASE_PLAN),
    ("release.arrivals", "GET"): staff(RELEASE_PLAN),
    # The person's hand-over (issue 15): without the inmate's consent a copy is refused
    # with a redirect to the page; the appointment id is not one after release (404).
    ("release_handover.show", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.print_page", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.pdf_file", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.csv_file", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.json_file", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.receipt", "POST"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.add_appointment", "POST"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_handover.remove_appointment", "POST"): {
        **staff(RELEASE_HANDOVER), "adviser": "not_found", "social_worker": "not_found"},
    ("release_handover.outcome", "POST"): {
        **staff(RELEASE_HANDOVER), "adviser": "not_found", "social_worker": "not_found"},
    ("release_takehome.show", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("release_takehome.pdf_file", "GET"): staff(RELEASE_HANDOVER, scoped=True),
    ("timeline.for_inmate", "GET"): staff(VIEW_TIMELINE, scoped=True),
    ("timeline.for_request", "GET"): request_desk(),
    ("staff.index", "GET"): staff({"prison_admin", "system_admin"}),
    ("staff.new", "GET"): staff({"prison_admin", "system_admin"}),
    ("staff.new", "POST"): staff({"prison_admin", "system_admin"}),
    ("staff.show", "GET"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.show", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.password", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.reset_totp", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.unlock", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("appointments.hours", "GET"): staff(RECEIVE),
    ("appointments.add_hours", "POST"): staff(RECEIVE),
    ("appointments.remove_hours", "POST"): own_hours(),
    ("appointments.new", "GET"): request_desk(),
    ("appointments.book", "POST"): request_desk(),
    ("appointments.cancel_form", "GET"): request_desk(),
    ("appointments.cancel", "POST"): request_desk(),
    ("appointments.daily", "GET"): staff(EVERY_ROLE - {"trainer", "work_shop"}),
    # Each caller's own prison by default; another prison's id is 404 (tests/admin/test_reports).
    ("reports.index", "GET"): staff(VIEW_REPORTS),
    ("reports.requests_csv", "GET"): staff(VIEW_REPORTS),
    ("release_stats.index", "GET"): staff(VIEW_REPORTS),
    ("release_stats.csv_file", "GET"): staff(VIEW_REPORTS),
    # Forms for staff: a meldekort sent from prison A (advisers and social workers).
    ("form_inbox.index", "GET"): staff(RECEIVE),
    ("form_inbox.show", "GET"): form_record(),
    ("form_inbox.register", "POST"): form_record(),
    ("form_inbox.return_", "POST"): form_record(),
    ("form_inbox.meldekort_due_list", "GET"): staff(MANAGE_BENEFITS),
    ("form_exports.record_csv", "GET"): form_record(),
    ("form_exports.record_print", "GET"): form_record(),
    ("form_exports.set_csv", "GET"): staff(RECEIVE),
    ("form_exports.set_print", "GET"): staff(RECEIVE),
    ("countersign.index", "GET"): staff(SUPERVISE),
    ("countersign.sign", "POST"): staff(SUPERVISE, scoped=True),
    # Issue 14: a social worker sets the benefit only with the inmate's consent to meldekort
    # help from social work, or when no Nav adviser serves the prison (one does in A).
    ("benefits.edit", "GET"): {**staff(MANAGE_BENEFITS, scoped=True),
                               "social_worker": "forbidden"},
    ("benefits.save", "POST"): {**staff(MANAGE_BENEFITS, scoped=True),
                                "social_worker": "forbidden"},
    # Issue 17: exemptions and etterregistrering, on the same page and by the same rule.
    ("benefits.add_exemption", "POST"): {**staff(MANAGE_BENEFITS, scoped=True),
                                         "social_worker": "forbidden"},
    ("benefits.withdraw_exemption", "POST"): {**staff(MANAGE_BENEFITS, scoped=True),
                                              "social_worker": "forbidden"},
    ("benefits.add_etterregistrering", "POST"): {**staff(MANAGE_BENEFITS, scoped=True),
                                                 "social_worker": "forbidden"},
    # Every role may look a certificate up; what it shows depends on the prison
    # (tests/admin/learning/test_certificates.py).
    ("certificates.index", "GET"): staff(EVERY_ROLE),
    # A trainer's own classes (a class of the world's trainer in prison A); only its
    # trainer reaches it, another trainer gets 404 (tests/admin/learning/test_classes.py).
    ("classes.index", "GET"): staff(RUN_CLASSES),
    ("classes.create", "POST"): staff(RUN_CLASSES),
    ("classes.show", "GET"): staff(RUN_CLASSES, scoped=True),
    ("classes.live", "GET"): staff(RUN_CLASSES, scoped=True),
    ("classes.step", "POST"): staff(RUN_CLASSES, scoped=True),
    ("classes.pause", "POST"): staff(RUN_CLASSES, scoped=True),
    ("classes.new_code", "POST"): staff(RUN_CLASSES, scoped=True),
    ("classes.end", "POST"): staff(RUN_CLASSES, scoped=True),
    ("classes.summary", "GET"): staff(RUN_CLASSES, scoped=True),
    # Each caller's own prisons by default; another prison's id is 404.
    ("learning_stats.index", "GET"): staff(VIEW_LEARNING_STATS),
    # Every way in (issue 16): registering a request for an inmate (the form; an inmate
    # outside the caller's prisons is refused inside, tests/admin/requests/test_ways_in.py).
    ("ways_in.log", "GET"): staff(LOG_REQUESTS),
    ("ways_in.log", "POST"): staff(LOG_REQUESTS),  # an empty form: 400, the page
    # The confirmation page of a request the adviser registered: the adviser (who
    # registered it and works it); everyone else who may register gets 404.
    ("ways_in.logged", "GET"): logged_by_adviser(),
    ("ways_in.add_attachment", "POST"): logged_by_adviser(),
    # The paper note's image: whoever may read the request's image (the desk's callers).
    ("ways_in.attachment", "GET"): request_desk(),
    ("ways_in.forward", "GET"): request_desk(),
    ("ways_in.forward", "POST"): request_desk(),
    ("ways_in.print_reply", "GET"): request_desk(),
    # Issue 16: the work shop in prison A, run by the world's work-shop staff member, with
    # inmate A100 and a statement of theirs. Work-shop staff see only their own shop's
    # inmates; administrators manage the shop but never read attendance or statements.
    ("work_shops.index", "GET"): staff(SEE_WORK_SHOPS),
    ("work_shops.create", "POST"): staff(MANAGE_WORK_SHOPS),
    ("work_shops.show", "GET"): staff(SEE_WORK_SHOPS, scoped=True),
    ("work_shops.set_staff", "POST"): staff(MANAGE_WORK_SHOPS, scoped=True),
    ("work_shops.add_member", "POST"): staff(SEE_WORK_SHOPS, scoped=True),
    ("work_shops.end_member", "POST"): staff(SEE_WORK_SHOPS, scoped=True),
    ("work_shops.attendance", "POST"): staff(RUN_WORK_SHOP),
    ("work_shops.inmate", "GET"): staff(RUN_WORK_SHOP),
    ("work_statements.new", "GET"): staff(RUN_WORK_SHOP),
    ("work_statements.new", "POST"): staff(RUN_WORK_SHOP),
    ("work_statements.show", "GET"): staff(RUN_WORK_SHOP),
    ("work_statements.update", "POST"): staff(RUN_WORK_SHOP),
    ("work_statements.ready", "POST"): staff(RUN_WORK_SHOP),
    ("work_statements.send", "POST"): staff(RUN_WORK_SHOP),
    # A shared case meeting on the NAV request: a second social worker takes part, with
    # the inmate's consent; the routed team (advisers) adds, removes and books.
    ("case_meeting.add", "POST"): request_desk(),
    ("case_meeting.remove", "POST"): request_desk(),
    ("case_meeting.join_appointment", "POST"): request_desk(),
    ("case_meeting.note", "POST"): request_desk(),
}


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method



def _url(app, endpoint, values):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


def _a_request(database, clock, world) -> tuple[int, int]:
    """A dagpenger request for inmate A100 in prison A, with a consent, registered by the
    adviser from a paper note (issue 16: it behaves as the inmate's own)."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                              consents={"home_nav"}, channel="paper_note",
                              logged_by=db.get(StaffUser, world.staff["adviser"].id))
        consent = db.scalar(select(Consent.id).where(Consent.request_id == filed.id))
        return filed.id, consent


def _an_attachment(database, clock, world, settings, request_id) -> int:
    """A photo of the paper note the request was registered from."""
    import io

    from PIL import Image

    from core.services.requests import attachments

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    with database.session() as db:
        return attachments.add(
            db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
            db.get(Request, request_id),
            attachments.clean(out.getvalue(), "lapp.jpg", "image/jpeg", 1 << 20),
            settings.attachment_dir).id


def _an_appointment(database, clock, world, request_id) -> tuple[int, int]:
    """The adviser's office hours in prison A, and an appointment in them on the request."""
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        hours = office_hours.publish(db, clock.now(), adviser, office_hours.HoursData(
            prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12),
            slot_minutes=30, room="Rom 1", valid_from=date(2026, 3, 2)))
        booked = appointments.book(db, clock.now(), adviser, db.get(Inmate, world.inmates["a"].id),
                                   adviser.id, datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc),
                                   request=db.get(Request, request_id))
        return hours.id, booked.id


def _a_class(database, clock, world) -> int:
    """A class of the world's trainer in prison A, which inmate A100 has joined."""
    from core.services.learning import classes

    with database.session() as db:
        trainer = db.get(StaffUser, world.staff["trainer"].id)
        lesson_class = classes.create(db, clock.now(), trainer, "terminal", world.prison.id,
                                      clock.now())
        classes.join(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                     lesson_class.join_code)
        return lesson_class.id


def _a_form(database, clock, world) -> tuple[int, int]:
    """A job-seeker draft of inmate A100, and a confirmed form waiting for an officer."""
    from core.services.forms import submissions as forms
    from core.services.forms.definitions import registry

    answers = {"level": "none", "situation": "never", "work_inside": "no",
               "limitations": "no", "wants": ["cv"]}
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        definition = registry().current("jobseeker", clock.now().date())
        sent = forms.start(db, clock.now(), inmate, definition, terminal=None, data=answers)
        submission = forms.confirm_generic(db, clock.now(), inmate, sent, language="nb",
                                           terminal=None, supervisor_id=None, submit_key=None)
        draft = forms.start(db, clock.now(), inmate, definition, terminal=None)
        return draft.id, submission.id


def _a_received_form(database, clock, world) -> int:
    """A meldekort of inmate A100 in prison A, countersigned: in the inbox."""
    from tests.support.forms import meldekort

    with database.session() as db:
        return meldekort(db, clock.now(), world).id


def _a_meldekort(database, clock, world) -> tuple[str, int]:
    """Inmate A100's meldekort plan from 2 February 2026: the card of that period sent and
    countersigned, and a draft for the period of 16 February with work and a sick day."""
    from core.services.forms import submissions as forms
    from core.services.forms.meldekort import engine as mf, plan as meldekort_plan, rules as mk

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        meldekort_plan.set_plan(db, clock.now(), adviser, inmate, "dagpenger", date(2026, 2, 2))
        sent = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 2)))
        card = mf.card_of(sent).as_dict()
        card["answers"].update(arbeidet=False, kurs=False, syk=False, annetFravaer=False,
                               arbeidssoker=True)
        forms.save(db, clock.now(), sent, {"card": card})
        submission = mf.confirm(db, clock.now(), inmate, sent, language="nb", terminal=None,
                                supervisor_id=None, submit_key=None)
        forms.countersign(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                          submission, "admin")
        draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
        card = mf.card_of(draft).as_dict()
        card["answers"].update(arbeidet=True, kurs=False, syk=True, annetFravaer=False,
                               arbeidssoker=True)
        card["days"][0]["hours"], card["days"][3]["ill"] = "7.5", True
        forms.save(db, clock.now(), draft, {"card": card})
        return mk.Period(date(2026, 2, 2)).id, draft.id
def _an_exemption(database, clock, world) -> int:
    """An exemption from sending meldekort of inmate A100 (whose plan _a_received_form makes)."""
    from core.services.forms.meldekort import exemptions

    with database.session() as db:
        return exemptions.record(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                                 db.get(Inmate, world.inmates["a"].id), reason="nav_decision",
                                 starts_on=date(2026, 2, 2)).id


def _a_certificate(database, clock, world) -> int:
    """A certificate of inmate A100 for the first lesson."""
    from core.services.learning import progress as learning
    from core.services.learning.lessons import catalogue

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for step in catalogue().modules["terminal"].text("nb").steps:
            learning.answer(db, clock.now(), inmate, "terminal", step.id, step.question.correct)
        return learning.issue_certificate(db, clock.now(), inmate).id
def _a_statement(database, clock, world) -> int:
    """A work shop in prison A with inmate A100, and a statement of theirs ready to read."""
    from tests.support import work_shop

    with database.session() as db:
        work_shop.shop(db, clock.now(), world, "a")
        return work_shop.statement(db, clock.now(), world, read=False, consent=False).id


def _a_participant(database, clock, world, hasher, request_id) -> int:
    """Another social worker in a shared case meeting on the request, with consent."""
    from core.services.requests import participants

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        other = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "social2", "Social 2", {Role.SOCIAL_WORKER}, {world.prison.id}), PASSWORD, hasher)
        participants.give(db, clock.now(), inmate, request_id, "social_worker")
        return participants.add(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                                db.get(Request, request_id), other).id


def _a_practice_attempt(database, clock, world) -> int:
    """Inmate A100's attempt at a practice task, not yet checked."""
    from core.services.learning.practice import attempts as practice
    from core.services.learning.practice.content import content

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        return practice.start_attempt(db, clock.now(), inmate,
                                      content().tasks["dialog_money"]).id


def _outcome(response, login_path) -> str:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
    if response.status_code == 403 and 'action="/enrol"' in body:
        return "enrol"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not_found"
    if response.status_code == 302 and urlparse(response.headers["Location"]).path == login_path:
        return "login"
    return "ok"


def _app(factory, settings, database, clock, hasher):
    app = factory(settings, database=database, clock=clock, hasher=hasher)
    # Authorization only: CSRF is tested on its own (tests/test_csrf.py).
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    return app


def _endpoints(table):
    return sorted(table)


# Each matrix builds its world, its objects and its callers' sign-ins once per test process
# (the password and code steps, or the PIN, for every caller: about 0.4 s a test when each
# test did it again), and every test starts from a copy of that database, with the
# callers' session cookies, on its own app and clock: what one test changes, no other sees.
@dataclass(frozen=True)
class Prepared:
    path: Path  # the database: world, objects, sessions
    attachments: Path  # the files its attachments point to
    values: dict  # the URL rules' values
    cookies: dict[str, dict[str, str]]  # caller -> the cookies their client holds
    now: datetime  # the clock when the last caller had signed in


def _settings(url: str, attachments: Path) -> Settings:
    return Settings(env="test", database_url=url, secret_key="test-secret",
                    attachment_dir=str(attachments), **world_module.PIN_SETTINGS)


def _prepare(sqlite_template, folder: Path, factory, build, sign_in) -> Prepared:
    """The world, what ``build`` adds (the URL values), and each caller signed in by
    ``sign_in(app, world, clock)`` (caller -> client), in a database at ``folder``."""
    url, shape = sqlite_template.fresh_with_world(folder)
    database, clock = Database(url), FrozenClock()
    try:
        world = world_template.load(database, shape)
        settings = _settings(url, folder / "attachments")
        values = build(database, clock, world, settings)
        app = _app(factory, settings, database, clock, world_template.HASHER)
        cookie = app.config["SESSION_COOKIE_NAME"]
        clients = sign_in(app, world, clock)
        cookies = {caller: {name: found.value for name in (cookie, "bb_terminal")
                            if (found := client.get_cookie(name)) is not None}
                   for caller, client in clients.items()}
    finally:
        database.dispose()
    (folder / "attachments").mkdir(exist_ok=True)
    return Prepared(Path(url.removeprefix("sqlite:///")), folder / "attachments", values,
                    cookies, clock.now())


@dataclass
class Case:
    app: object
    clock: FrozenClock
    values: dict
    cookies: dict[str, dict[str, str]]

    def client(self, caller: str):
        client = self.app.test_client()
        for name, value in self.cookies.get(caller, {}).items():
            client.set_cookie(name, value)
        return client


@pytest.fixture
def case_of(tmp_path, hasher):
    """A test's own copy of a Prepared database, with its app and clock."""
    opened = []

    def make(prepared: Prepared, factory) -> Case:
        target = tmp_path / "test.db"
        shutil.copyfile(prepared.path, target)
        shutil.copytree(prepared.attachments, tmp_path / "attachments")
        url = f"sqlite:///{target}"
        database = Database(url)
        opened.append(database)
        clock = FrozenClock(prepared.now)
        app = _app(factory, _settings(url, tmp_path / "attachments"), database, clock, hasher)
        return Case(app, clock, prepared.values, prepared.cookies)

    yield make
    for database in opened:
        database.dispose()


def _kiosk_objects(database, clock, world, settings) -> dict:
    with database.session() as db:
        revoked = db.get(type(world.terminals["a2"]), world.terminals["a2"].id)
        terminals.revoke(db, clock.now(), world.staff["prison_admin"], revoked)
    nav_request, consent = _a_request(database, clock, world)
    draft, submission = _a_form(database, clock, world)
    period, card = _a_meldekort(database, clock, world)
    certificate = _a_certificate(database, clock, world)
    attempt = _a_practice_attempt(database, clock, world)
    statement = _a_statement(database, clock, world)
    return {"statement_id": statement, "terminal_id": world.terminals["a"].id,
            "request_id": nav_request, "consent_id": consent,
            "form_key": "jobseeker", "draft_id": draft, "step_key": "work",
            "submission_id": submission, "period_id": period,
            "card_id": card, "module_key": "terminal",
            "step_id": "touch", "language": "nb",
            "certificate_id": certificate, "module": "terminal",
            "step": "touch", "task_key": "login_bankid",
            "attempt_id": attempt}


def _kiosk_sign_ins(app, world, clock) -> dict:
    clients = {}
    for caller in KIOSK_CALLERS:
        client = clients[caller] = app.test_client()
        if caller == "revoked_terminal":
            client.set_cookie("bb_terminal", world.credentials["a2"])
        elif caller != "unenrolled":
            client.set_cookie("bb_terminal", world.credentials["a"])
        if caller in ("inmate", "inmate_elsewhere"):
            response = client.post("/", data={"inmate_number": "A100", "pin": PIN})
            assert response.status_code == 302
        if caller == "inmate_elsewhere":
            client.set_cookie("bb_terminal", world.credentials["b"])
    return clients


@pytest.fixture(scope="module")
def kiosk_prepared(sqlite_template, tmp_path_factory) -> Prepared:
    return _prepare(sqlite_template, tmp_path_factory.mktemp("kiosk-matrix"), create_kiosk,
                    _kiosk_objects, _kiosk_sign_ins)


@pytest.mark.parametrize("endpoint, method", _endpoints(KIOSK))
def test_kiosk_matrix(endpoint, method, kiosk_prepared, case_of):
    case = case_of(kiosk_prepared, create_kiosk)
    url = _url(case.app, endpoint, case.values)
    got = {caller: _outcome(case.client(caller).open(url, method=method), "/")
           for caller in KIOSK_CALLERS}
    assert got == KIOSK[(endpoint, method)]


def _admin_objects(database, clock, world, settings) -> dict:
    with database.session() as db:
        target = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "target", "Target", {Role.TRAINER}, {world.prison.id}), PASSWORD,
            world_template.HASHER)
    nav_request, _consent = _a_request(database, clock, world)
    hours, appointment = _an_appointment(database, clock, world, nav_request)
    submission = _a_received_form(database, clock, world)
    attachment = _an_attachment(database, clock, world, settings, nav_request)
    statement = _a_statement(database, clock, world)
    with database.session() as db:
        member = db.scalar(select(WorkShopMember.id))
        shop = db.scalar(select(WorkShopMember.work_shop_id))
    participant = _a_participant(database, clock, world, world_template.HASHER, nav_request)
    return {"attachment_id": attachment,
            "shop_id": shop, "member_id": member, "statement_id": statement,
            "participant_id": participant,
            "terminal_id": world.terminals["a_supervised"].id,
            "inmate_id": world.inmates["a"].id,
            "prison_id": world.prison.id, "staff_id": target.id, "request_id": nav_request,
            "topic": "dagpenger", "hours_id": hours, "appointment_id": appointment,
            "number": "0301", "submission_id": submission,
            "class_id": _a_class(database, clock, world),
            "exemption_id": _an_exemption(database, clock, world)}


def _admin_sign_ins(app, world, clock) -> dict:
    clients = {}
    for caller in ADMIN_CALLERS:
        client = clients[caller] = app.test_client()
        if caller == "pending_second_factor":
            client.post("/sign-in", data={"username": "adviser", "password": PASSWORD})
        elif caller != "anonymous":
            clock.advance(seconds=30)  # a fresh TOTP step for every sign-in
            user = world.staff[caller]
            client.post("/sign-in", data={"username": user.username, "password": PASSWORD})
            response = client.post("/sign-in/code", data={
                "code": totp.code_at(user.totp_secret, clock.now())})
            assert response.status_code == 302, (caller, response.get_data(as_text=True)[:300])
    return clients


@pytest.fixture(scope="module")
def admin_prepared(sqlite_template, tmp_path_factory) -> Prepared:
    return _prepare(sqlite_template, tmp_path_factory.mktemp("admin-matrix"), create_admin,
                    _admin_objects, _admin_sign_ins)


@pytest.mark.parametrize("endpoint, method", _endpoints(ADMIN))
def test_admin_matrix(endpoint, method, admin_prepared, case_of):
    case = case_of(admin_prepared, create_admin)
    url = _url(case.app, endpoint, case.values)
    got = {caller: _outcome(case.client(caller).open(url, method=method), "/sign-in")
           for caller in ADMIN_CALLERS}
    assert got == ADMIN[(endpoint, method)]


def _admin_outcomes(app, url, method, world, clock) -> dict[str, str]:
    """Each caller signed in afresh, then the route (for a test with its own world)."""
    got = {}
    for caller, client in _admin_sign_ins(app, world, clock).items():
        got[caller] = _outcome(client.open(url, method=method), "/sign-in")
    return got


def _changes_by_system_admin_only():
    expected = staff({"prison_admin", "system_admin"})
    expected.update(prison_admin="forbidden", other_prison_admin="forbidden")
    return expected


# An administrator of a prison managing an account that also serves another prison
# (issue 12, finding 1): both prisons' administrators see it; only a system
# administrator changes it. Every route on one staff account is listed here.
SHARED_ACCOUNT = {
    ("staff.show", "GET"): staff({"prison_admin", "system_admin"}),
    ("staff.show", "POST"): _changes_by_system_admin_only(),
    ("staff.password", "POST"): _changes_by_system_admin_only(),
    ("staff.reset_totp", "POST"): _changes_by_system_admin_only(),
    ("staff.unlock", "POST"): _changes_by_system_admin_only(),
}


@pytest.mark.parametrize("endpoint, method", _endpoints(SHARED_ACCOUNT))
def test_admin_matrix_for_an_account_that_also_serves_another_prison(
        endpoint, method, settings, database, clock, hasher, world):
    app = _app(create_admin, settings, database, clock, hasher)
    with database.session() as db:
        shared = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "shared", "Shared", {Role.ADVISER}, {world.prison.id, world.other_prison.id}),
            PASSWORD, hasher)
    url = _url(app, endpoint, {"staff_id": shared.id})
    assert _admin_outcomes(app, url, method, world, clock) == SHARED_ACCOUNT[(endpoint, method)]
    with database.session() as db:  # whatever was refused left the account as it was
        again = db.get(StaffUser, shared.id)
        assert again.prison_ids == {world.prison.id, world.other_prison.id}


def test_every_route_on_one_staff_account_is_in_the_shared_account_matrix(
        settings, database, clock, hasher):
    app = create_admin(settings, database=database, clock=clock, hasher=hasher)
    on_an_account = {(rule.endpoint, method) for rule, method in _rules(app)
                     if "staff_id" in rule.arguments and rule.endpoint.startswith("staff.")}
    assert on_an_account == set(SHARED_ACCOUNT)


def test_every_route_has_a_declared_expectation(settings, database, clock, hasher):
    for factory, table in ((create_kiosk, KIOSK), (create_admin, ADMIN)):
        app = factory(settings, database=database, clock=clock, hasher=hasher)
        routes = {(rule.endpoint, method) for rule, method in _rules(app)}
        assert routes - set(table) == set(), "routes without an expectation"
        assert set(table) - routes == set(), "expectations for routes that do not exist"


def test_every_view_declares_an_access_rule(settings, database, clock, hasher):
    from core.web.access import rule_of

    for factory in (create_kiosk, create_admin):
        app = factory(settings, database=database, clock=clock, hasher=hasher)
        missing = [name for name, view in app.view_functions.items()
                   if name != "static" and rule_of(view) is None]
        assert missing == []


def test_a_view_without_a_rule_is_refused(settings, database, clock, hasher):
    app = create_admin(settings, database=database, clock=clock, hasher=hasher)
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    response = app.test_client().get("/undeclared")
    assert response.status_code == 403 and "secret" not in response.get_data(as_text=True)
