"""Every URL rule of both apps, against every kind of caller.

Each endpoint declares its expected answer per caller below. A route without a
declaration fails the test, so no route can be added without saying who may reach it.
Outcomes: ok (served), enrol (kiosk enrolment page, 403), login (sent to sign in),
forbidden (403), not_found (404: outside the caller's prisons, or does not exist).
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from admin import create_app as create_admin
from sqlalchemy import select

from core.models import Consent, Inmate, Role
from core.security import totp
from core.services import requests, terminals
from core.services import staff as staff_service
from kiosk import create_app as create_kiosk
from tests.support.world import PASSWORD, PIN

# --- kiosk ----------------------------------------------------------------------------
KIOSK_CALLERS = ("unenrolled", "revoked_terminal", "terminal", "inmate", "inmate_elsewhere")
OPEN = dict.fromkeys(KIOSK_CALLERS, "ok")
TERMINAL = {"unenrolled": "enrol", "revoked_terminal": "enrol", "terminal": "ok",
            "inmate": "ok", "inmate_elsewhere": "login"}
INMATE = {**TERMINAL, "terminal": "login"}

KIOSK = {
    ("enrolment.enrol_form", "GET"): OPEN,
    ("enrolment.enrol", "POST"): OPEN,
    ("enrolment.demo_enrol", "GET"): dict.fromkeys(KIOSK_CALLERS, "not_found"),  # demo off
    # Open to all; with no "next" it sends everyone to the start page, which is sign-in.
    ("signin.language", "POST"): dict.fromkeys(KIOSK_CALLERS, "login"),
    ("signin.login", "GET"): TERMINAL,
    ("signin.login_post", "POST"): TERMINAL,
    ("signin.supervision", "GET"): TERMINAL,
    ("signin.supervision_post", "POST"): TERMINAL,
    ("signin.timeout", "GET"): {**TERMINAL, "terminal": "login", "inmate": "login"},
    ("signin.logout", "POST"): {**INMATE, "inmate": "login"},  # signing out lands on sign-in
    ("signin.extend", "POST"): INMATE,
    ("signin.warning", "GET"): INMATE,
    ("home.index", "GET"): INMATE,
    ("home.me", "GET"): INMATE,
    ("home.health", "GET"): INMATE,
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
    ("requests.cancel", "POST"): INMATE,
    ("requests.my_consents", "GET"): INMATE,
    ("requests.withdraw", "POST"): INMATE,
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

def request_desk():
    """A NAV request in prison A: only advisers work it. Social workers and the school
    may read requests, but not on this topic, so for them it does not exist."""
    expected = staff({"adviser", "social_worker", "school"})
    expected.update(social_worker="not_found", school="not_found")
    return expected


ADMIN = {
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
    ("inmates.index", "GET"): staff(EVERY_ROLE),
    ("inmates.new", "GET"): staff(MANAGE_INMATES),
    ("inmates.new", "POST"): staff(MANAGE_INMATES),
    ("inmates.show", "GET"): staff(EVERY_ROLE, scoped=True),
    ("inmates.edit", "GET"): staff(MANAGE_INMATES, scoped=True),
    ("inmates.edit", "POST"): staff(MANAGE_INMATES, scoped=True),
    ("inmates.reset_pin", "POST"): staff(RESET_PINS, scoped=True),
    ("inmates.unlock", "POST"): staff(RESET_PINS, scoped=True),
    ("queue.index", "GET"): staff({"adviser", "social_worker", "school"}),
    ("queue.show", "GET"): request_desk(),
    ("queue.reply", "POST"): request_desk(),
    ("queue.note", "POST"): request_desk(),
    ("queue.status", "POST"): request_desk(),
    ("queue.assign", "POST"): request_desk(),
    ("queue.several", "GET"): staff({"adviser", "social_worker", "school"}),
    ("queue.several_post", "POST"): staff({"adviser", "social_worker", "school"}),
    ("staff.index", "GET"): staff({"prison_admin", "system_admin"}),
    ("staff.new", "GET"): staff({"prison_admin", "system_admin"}),
    ("staff.new", "POST"): staff({"prison_admin", "system_admin"}),
    ("staff.show", "GET"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.show", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.password", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.reset_totp", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
    ("staff.unlock", "POST"): staff({"prison_admin", "system_admin"}, scoped=True),
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
    """A dagpenger request by inmate A100 in prison A, with a consent."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                              consents={"home_nav"})
        consent = db.scalar(select(Consent.id).where(Consent.request_id == filed.id))
        return filed.id, consent


def _outcome(response, login_path) -> str:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    body = response.get_data(as_text=True)
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


@pytest.mark.parametrize("endpoint, method", _endpoints(KIOSK))
def test_kiosk_matrix(endpoint, method, settings, database, clock, hasher, world):
    app = _app(create_kiosk, settings, database, clock, hasher)
    with database.session() as db:
        revoked = db.get(type(world.terminals["a2"]), world.terminals["a2"].id)
        terminals.revoke(db, clock.now(), world.staff["prison_admin"], revoked)
    nav_request, consent = _a_request(database, clock, world)
    url = _url(app, endpoint, {"terminal_id": world.terminals["a"].id,
                               "request_id": nav_request, "consent_id": consent})
    got = {}
    for caller in KIOSK_CALLERS:
        client = app.test_client()
        if caller == "revoked_terminal":
            client.set_cookie("bb_terminal", world.credentials["a2"])
        elif caller != "unenrolled":
            client.set_cookie("bb_terminal", world.credentials["a"])
        if caller in ("inmate", "inmate_elsewhere"):
            response = client.post("/", data={"inmate_number": "A100", "pin": PIN})
            assert response.status_code == 302
        if caller == "inmate_elsewhere":
            client.set_cookie("bb_terminal", world.credentials["b"])
        response = client.open(url, method=method)
        got[caller] = _outcome(response, "/")
    assert got == KIOSK[(endpoint, method)]


@pytest.mark.parametrize("endpoint, method", _endpoints(ADMIN))
def test_admin_matrix(endpoint, method, settings, database, clock, hasher, world):
    app = _app(create_admin, settings, database, clock, hasher)
    with database.session() as db:
        target = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "target", "Target", {Role.TRAINER}, {world.prison.id}), PASSWORD, hasher)
    nav_request, _consent = _a_request(database, clock, world)
    url = _url(app, endpoint, {
        "terminal_id": world.terminals["a_supervised"].id, "inmate_id": world.inmates["a"].id,
        "prison_id": world.prison.id, "staff_id": target.id, "request_id": nav_request})
    got = {}
    for caller in ADMIN_CALLERS:
        client = app.test_client()
        if caller == "pending_second_factor":
            client.post("/sign-in", data={"username": "adviser", "password": PASSWORD})
        elif caller != "anonymous":
            clock.advance(seconds=30)
            user = world.staff[caller]
            client.post("/sign-in", data={"username": user.username, "password": PASSWORD})
            response = client.post("/sign-in/code", data={
                "code": totp.code_at(user.totp_secret, clock.now())})
            assert response.status_code == 302, (caller, response.get_data(as_text=True)[:300])
        response = client.open(url, method=method)
        got[caller] = _outcome(response, "/sign-in")
    assert got == ADMIN[(endpoint, method)]


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
