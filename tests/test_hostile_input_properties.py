"""Property tests (issue 12): no request a user can make gets a 5xx.

Every URL rule of both apps is walked (as the authorization matrix does), signed in as
an inmate on a terminal (kiosk) and as a staff member with every role (admin). Each
path parameter, query string value and form field is drawn from a broad strategy: huge
and negative integers, other scripts' digits, control characters, NUL, CR/LF, very long
strings, and the real ids of a small world. The answer must never be a 5xx; with
``TESTING`` on, a crash raises here with its traceback. Runs on each database backend.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from admin import create_app as create_admin
from core import PROJECT_ROOT
from core.models import Role, SignInAttempt
from core.security import totp
from core.services.people import staff as staff_service
from kiosk import create_app as create_kiosk
from tests.support.world import PASSWORD, PIN
from tests.test_authorization_matrix import (ADMIN, KIOSK, _a_certificate, _a_class, _a_form, _a_meldekort,
                                             _a_practice_attempt, _a_received_form,
                                             _a_participant, _a_request, _a_statement,
                                             _an_appointment)

EXAMPLES = settings(max_examples=10, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
SKIPPED = {"static", "healthz"}  # Flask's file view (tests/test_malformed_requests.py)

_HOSTILE = ["", "0", "-1", "1", str(2**31), str(2**63 - 1), str(2**63), "9" * 40, "²",
            "¹²", "١٢", "٣", "1e3", "0x10", "nan", "all", "on", "true", " 1", "1 ",
            "\x00", "a\x00b", "\r\n", "/\r\nx", "/\t/evil.example", "//evil.example",
            "\\\\evil", "..", "../..", "%00", "%0a", "{{7*7}}", "<script>", "'\"", "=1+1",
            "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "12:61", "1@²",
            f"{2**63}@1", "\u202e", "\ufeff", "\U0001f600"]


def _long(text: str, times: int) -> str:
    return text * times


TEXT = st.one_of(
    st.sampled_from(_HOSTILE),
    st.text(max_size=40),  # any code point but surrogates: controls, NUL, CR/LF included
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(_long, st.sampled_from(["x", "é", "\x00", "9", "\r\n", "ø "]),
              st.integers(min_value=500, max_value=20_000)),
)
_FIELD = re.compile(r"request\.(?:form|args|values)\.get(?:list)?\(\s*[\"'](\w+)")
_FORM_FIELD = re.compile(r"^\s+(\w+)\s*=\s*\w*Field\(", re.M)


def _field_names(package: str) -> list[str]:
    """Every form field and request parameter the app's code names, and the usual few."""
    names = {"next", "lang", "csrf_token", "q", "page", "prison", "submit_key"}
    for path in Path(PROJECT_ROOT, package).rglob("*.py"):  # the capabilities' packages too
        source = path.read_text(encoding="utf-8")
        names |= set(_FIELD.findall(source)) | set(_FORM_FIELD.findall(source))
    return sorted(names)


def test_the_field_names_come_from_every_package_of_the_app():
    """The views live in capability packages (kiosk/practice/, admin/requests/ ...): their
    fields must be drawn too, not only those of the modules at the top (17 of the kiosk's
    42 names and 29 of the staff app's 122 were, after the layout of issue 13)."""
    assert {"national_id", "large_text", "description"} <= set(_field_names("kiosk"))
    assert {"bulk_reason", "attendance", "assignee"} <= set(_field_names("admin"))


def _parameters(names: list[str]):
    return st.dictionaries(st.sampled_from(names), TEXT, max_size=6)


def _value(rule, name: str, known: dict):
    converter = rule._converters[name]
    kind = type(converter).__name__
    real = known.get(name)
    if "Integer" in kind or "BoundedInt" in kind:
        ints = st.one_of(st.integers(min_value=10**6, max_value=2**80),
                         st.sampled_from([0, 2**31, 2**63 - 1, 2**63])).map(str)
        return st.one_of(st.just(str(real)), ints) if real is not None else ints
    if "Any" in kind:
        return st.one_of(st.sampled_from(sorted(converter.items)), TEXT)
    return st.one_of(st.just(str(real)), TEXT) if real is not None else TEXT


_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _path(rule, values: dict) -> str:
    return _ARGUMENT.sub(lambda m: quote(values[m.group(1)], safe=""), rule.rule)


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _check(client, rule, method: str, known: dict, names: list[str]) -> None:
    path_values = st.fixed_dictionaries({a: _value(rule, a, known) for a in rule.arguments})

    @EXAMPLES
    @given(values=path_values, query=_parameters(names), form=_parameters(names),
           htmx=st.booleans())
    def never_a_server_error(values, query, form, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.open(_path(rule, values), method=method, query_string=query,
                               data=form if method != "GET" else None, headers=headers)
        assert response.status_code < 500, (rule.rule, method, response.status_code)

    never_a_server_error()


def _walk(app, known: dict, names: list[str], ensure_signed_in) -> set[tuple[str, str]]:
    """Every route with drawn values; the routes walked, as (endpoint, method)."""
    walked = set()
    for rule, method in _routes(app):
        _check(ensure_signed_in(), rule, method, known, names)
        walked.add((rule.endpoint, method))
    return walked


def _known(database, clock, world, hasher=None) -> dict:
    """The real ids of a small world, so that drawn values reach the views' own code."""
    from sqlalchemy import select

    from core.models import WorkShopMember

    request_id, consent = _a_request(database, clock, world)
    statement = _a_statement(database, clock, world)
    with database.session() as db:
        member, shop = db.execute(select(WorkShopMember.id, WorkShopMember.work_shop_id)).one()
    work = {"statement_id": statement, "member_id": member, "shop_id": shop}
    if hasher is not None:
        work["participant_id"] = _a_participant(database, clock, world, hasher, request_id)
    draft, submission = _a_form(database, clock, world)
    period, card = _a_meldekort(database, clock, world)
    hours, appointment = _an_appointment(database, clock, world, request_id)
    return {"terminal_id": world.terminals["a_supervised"].id, "request_id": request_id,
            "consent_id": consent, "form_key": "jobseeker", "draft_id": draft,
            "step_key": "work", "submission_id": submission, "period_id": period,
            "card_id": card, "module_key": "terminal", "step_id": "touch", "language": "nb",
            "certificate_id": _a_certificate(database, clock, world), "module": "terminal",
            "step": "touch", "task_key": "login_bankid",
            "attempt_id": _a_practice_attempt(database, clock, world),
            "inmate_id": world.inmates["a"].id, "prison_id": world.prison.id,
            "staff_id": world.staff["trainer"].id, "topic": "dagpenger", "hours_id": hours,
            "appointment_id": appointment, "number": "0301",
            "received_id": _a_received_form(database, clock, world),
            "class_id": _a_class(database, clock, world), **work}


def _app(factory, settings_, database, clock, hasher):
    app = factory(settings_, database=database, clock=clock, hasher=hasher)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)  # CSRF: tests/test_csrf.py
    return app


def _forget_failed_sign_ins(database) -> None:
    """Drawn sign-in attempts fail and would throttle the test's own sign-in."""
    with database.session() as db:
        db.execute(delete(SignInAttempt))


def test_no_kiosk_route_answers_a_server_error(settings, database, clock, hasher, world):
    app = _app(create_kiosk, settings, database, clock, hasher)
    known = _known(database, clock, world)
    known["terminal_id"] = world.terminals["a"].id
    client = app.test_client()
    client.set_cookie("bb_terminal", world.credentials["a"])

    def ensure_signed_in():
        if client.get("/session/warning").status_code != 200:
            _forget_failed_sign_ins(database)
            client.set_cookie("bb_terminal", world.credentials["a"])
            response = client.post("/", data={"inmate_number": "A100", "pin": PIN})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    walked = _walk(app, known, _field_names("kiosk"), ensure_signed_in)
    assert walked == set(KIOSK) - {("healthz", "GET")}  # every route of the matrix


def test_no_admin_route_answers_a_server_error(settings, database, clock, hasher, world):
    app = _app(create_admin, settings, database, clock, hasher)
    known = _known(database, clock, world, hasher)
    with database.session() as db:  # every role in prison A: every route is reached
        user = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "every-role", "Every Role", set(Role), {world.prison.id}), PASSWORD, hasher)
        user.totp_secret, user.totp_confirmed_at = totp.new_secret(), clock.now()
        from core.models import WorkShop
        from core.services.work_shop import shops

        shops.set_staff(db, clock.now(), user, db.get(WorkShop, known["shop_id"]), user, True)
        secret = user.totp_secret
    client = app.test_client()

    def ensure_signed_in():
        if client.get("/account/").status_code != 200:
            _forget_failed_sign_ins(database)
            clock.advance(seconds=30)
            client.post("/sign-in", data={"username": "every-role", "password": PASSWORD})
            response = client.post("/sign-in/code",
                                   data={"code": totp.code_at(secret, clock.now())})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    walked = _walk(app, known, _field_names("admin"), ensure_signed_in)
    assert walked == set(ADMIN) - {("healthz", "GET")}  # every route of the matrix
