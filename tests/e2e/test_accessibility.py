"""axe-core (WCAG 2.1 A and AA) on every page of both apps, in Norwegian and English.

Every GET route in the apps' url_maps is visited as a caller who can see it, chosen by
the route's access rule (for staff, by the rule's capability: requests are read by an
adviser, not by the system administrator); an unexpected 4xx or 5xx answer fails. The
pages reached only through a POST (enrolment code, PIN slip, TOTP setup, validation
errors, a request's check-your-answers and receipt, the idle dialog, 404 and CSRF pages
...) are scripted below. The world gains a request with a reply, an internal note and a
consent, so the request pages have content. A GET route no visit reached fails the test,
so a new page cannot skip this check. Every page must also load without a Content
Security Policy complaint in the console.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from core.models import Consent, Inmate, Role, StaffUser
from core.security import totp
from core.services import requests
from core.services.permissions import GRANTS
from core.web.access import Rule, rule_of
from tests.e2e.conftest import CSP_MARK
from tests.e2e.pages import (AdminCodePage, AdminLoginPage, AdminSetupPage, BasePage,
                             EnrolPage, FilledRequest, IdleDialog, InmatePage, KioskLoginPage,
                             KioskRequestPage, NewTerminalPage, ReceiptPage, RequestDeskPage,
                             SupervisionPage, TerminalPage, TopicStep, fill_request_steps,
                             sign_in_staff)
from tests.support.world import PASSWORD, PIN

pytestmark = pytest.mark.e2e

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Views that never render a page of their own, only redirect: reaching them counts.
REDIRECT_ONLY = {("kiosk", "signin.timeout")}
# Views that answer with an error status on purpose when visited here.
EXPECTED_STATUS = {("kiosk", "enrolment.demo_enrol"): 404}  # demo mode is off in tests
# Views that end the caller's session: visited last.
LAST = {("kiosk", "signin.timeout")}
_axe = Axe()


def get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"}


class Auditor:
    """Runs axe on a page, and remembers which routes and states were checked."""

    def __init__(self, servers: dict, lang: str) -> None:
        self.servers = servers  # app name -> LiveServer
        self.lang = lang
        self.visited: dict[str, set[str]] = {name: set() for name in servers}
        self.states: list[str] = []
        self.problems: list[str] = []
        self._chains: dict[int, list[tuple[str, str]]] = {}
        self._csp: dict[int, list[str]] = {}

    # -- watching ---------------------------------------------------------------------

    def watch(self, page: Page) -> Page:
        key = id(page)
        self._chains[key] = []
        self._csp[key] = []

        def on_request(request):
            try:
                if not request.is_navigation_request() or request.frame != page.main_frame:
                    return
            except Exception:  # a detached frame
                return
            if request.redirected_from is None:
                self._chains[key] = []
            self._chains[key].append((request.method, request.url))

        page.on("request", on_request)
        page.on("console", lambda msg: self._csp[key].append(msg.text)
                if CSP_MARK in msg.text else None)
        return page

    def _app_of(self, url: str):
        parts = urlsplit(url)
        for name, server in self.servers.items():
            if server.url == f"{parts.scheme}://{parts.netloc}":
                return name, server.app
        return None, None

    def endpoint_of(self, url: str) -> tuple[str | None, str | None]:
        name, app = self._app_of(url)
        if app is None:
            return None, None
        adapter = app.url_map.bind("127.0.0.1")
        try:
            endpoint, _args = adapter.match(urlsplit(url).path, method="GET")
        except (NotFound, MethodNotAllowed, RequestRedirect):
            return name, None
        return name, endpoint

    # -- checking ---------------------------------------------------------------------

    def check(self, page: Page, state: str) -> None:
        """axe on the page as it is now; ``state`` names it in reports."""
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        expect(page.locator("main")).to_be_visible()
        label = f"[{self.lang}] {state} ({page.url})"
        self.states.append(state)
        name, endpoint = self.endpoint_of(page.url)
        if endpoint:
            self.visited[name].add(endpoint)
        for method, url in self._chains.get(id(page), []):
            app_name, chained = self.endpoint_of(url)
            if method == "GET" and (app_name, chained) in REDIRECT_ONLY:
                self.visited[app_name].add(chained)
        results = _axe.run(page, options=WCAG).response
        for violation in results["violations"]:
            targets = "; ".join(", ".join(map(str, node["target"]))
                                for node in violation["nodes"])
            self.problems.append(f"{label}: {violation['id']} ({violation['impact']}) "
                                 f"{violation['help']} -> {targets}")
        csp = self._csp.get(id(page), [])
        for text in csp:
            self.problems.append(f"{label}: CSP: {text}")
        csp.clear()


@pytest.fixture
def servers(kiosk_server, admin_server):
    return {"kiosk": kiosk_server, "admin": admin_server}


def sign_in_inmate(page: Page, base: str, number: str, lang: str) -> None:
    login = KioskLoginPage(page, base)
    login.open()
    login.switch_language(lang)
    login.sign_in(number, PIN)
    BasePage(page, base).expect_path("/home")


def password_step(page: Page, base: str, username: str, lang: str) -> None:
    login = AdminLoginPage(page, base)
    login.open()
    login.switch_language(lang)
    login.submit_password(username, PASSWORD)
    expect(page.locator("#code")).to_be_visible()


def add_a_request(database, clock, world) -> dict:
    """A request of inmate a on dagpenger, with the adviser's reply and internal note, the
    inmate's answer and a consent: the URL values of the request pages."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(
            topic="dagpenger", description="Jeg vil vite om jeg kan få dagpenger.",
            release_soon=True, letter_received=True, deadline_on=date(2026, 12, 15),
            interpreter=True, language="pl"), consents={"home_nav"})
        requests.add_note(db, clock.now(), adviser, filed, "Internt: sjekk meldekortet.")
        requests.reply(db, clock.now(), adviser, filed, "Vi kan snakke om dagpenger på tirsdag.")
        requests.inmate_reply(db, clock.now(), inmate, filed.id, "Takk, tirsdag passer.")
        consent_id = db.scalar(select(Consent.id).where(Consent.request_id == filed.id))
        return {"request_id": filed.id, "consent_id": consent_id}


def may_visit(roles: set[Role], rule: Rule) -> bool:
    """Whether staff with ``roles`` pass the rule's capability (any of a tuple)."""
    capabilities = rule.capability if isinstance(rule.capability, tuple) else (
        (rule.capability,) if rule.capability else ())
    return not capabilities or any(roles & GRANTS[c] for c in capabilities)


def callers_for(rule: Rule, callers: dict) -> list[Page]:
    """The pages to visit a route with: for staff, the first signed-in staff member (a
    (roles, page) pair) whose roles hold the route's capability; else every page given."""
    if rule.kind == "staff":
        return [page for roles, page in callers.get("staff", []) if may_visit(roles, rule)][:1]
    return callers.get(rule.kind, [])


def visit_routes(auditor: Auditor, app_name: str, callers: dict, params: dict) -> None:
    """Every GET route of the app, as the caller its access rule calls for."""
    server = auditor.servers[app_name]
    app = server.app
    adapter = app.url_map.bind("127.0.0.1")
    rules = sorted((r for r in app.url_map.iter_rules()
                    if "GET" in r.methods and r.endpoint != "static"),
                   key=lambda r: ((app_name, r.endpoint) in LAST, r.rule))
    for rule in rules:
        kind = rule_of(app.view_functions[rule.endpoint])
        assert kind is not None, f"{app_name}:{rule.endpoint} declares no access rule"
        pages = callers_for(kind, callers)
        assert pages, (f"{app_name}:{rule.endpoint}: no caller for access kind {kind.kind!r}"
                       f" with capability {kind.capability!r}")
        missing = rule.arguments - params.keys()
        assert not missing, f"{app_name}:{rule.rule}: no world value for {sorted(missing)}"
        path = adapter.build(rule.endpoint, {k: params[k] for k in rule.arguments})
        for page in pages:
            response = page.goto(server.url + path)
            # A refused or missing page would pass axe without checking the route's page.
            expected = EXPECTED_STATUS.get((app_name, rule.endpoint))
            assert response is not None and (response.status == expected if expected
                                             else response.status < 400), (
                f"{app_name}:{rule.endpoint} as {kind.kind}: HTTP "
                f"{response.status if response else None} at {path}")
            auditor.check(page, f"{app_name}:{rule.endpoint} as {kind.kind}"
                                f"{f' ({kind.capability})' if kind.capability else ''}")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_passes_axe(lang, contexts, servers, world, clock, settings, database):
    auditor = Auditor(servers, lang)
    request_params = add_a_request(database, clock, world)
    kiosk = servers["kiosk"].url
    admin = servers["admin"].url

    def new_page(**kwargs) -> Page:
        return auditor.watch(contexts.new_page(**kwargs))

    # ---- kiosk ------------------------------------------------------------------------
    unenrolled = new_page()
    response = unenrolled.goto(kiosk + "/")
    assert response.status == 403
    EnrolPage(unenrolled, kiosk).switch_language(lang)
    EnrolPage(unenrolled, kiosk).expect_shown()
    auditor.check(unenrolled, "kiosk: enrolment page for an unenrolled browser (403)")
    enrol = EnrolPage(unenrolled, kiosk)
    enrol.open()
    enrol.enrol("")
    expect(enrol.error_summary).to_be_focused()
    auditor.check(unenrolled, "kiosk: enrolment, error summary")
    enrol.enrol("WRONG-CODE-1")
    expect(unenrolled.locator("#code-error")).to_be_visible()
    auditor.check(unenrolled, "kiosk: enrolment, wrong code")
    unenrolled.goto(kiosk + "/no-such-page")
    auditor.check(unenrolled, "kiosk: 404")

    terminal = new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(terminal, kiosk)
    login.open()
    login.switch_language(lang)
    login.expect_form()
    login.sign_in("", "")
    expect(login.error_summary).to_be_focused()
    auditor.check(terminal, "kiosk: sign-in, error summary")
    login.sign_in("ZZZ999", "000000")
    expect(login.error_alert).to_be_visible()
    auditor.check(terminal, "kiosk: sign-in, wrong PIN")
    for _ in range(settings.lockout_threshold):
        login.sign_in(world.inmates["a2"].inmate_number, "000000")
    expect(login.error_alert).to_be_visible()
    auditor.check(terminal, "kiosk: sign-in, account locked")
    for reason in ("idle", "absolute", "signed_out", "supervision"):
        login.open(ended=reason)
        expect(terminal.locator("main .aksel-alert")).to_be_visible()
        auditor.check(terminal, f"kiosk: sign-in, ended={reason}")
    supervision = SupervisionPage(terminal, kiosk)
    supervision.open()
    supervision.submit("/supervision")
    expect(supervision.error_summary).to_be_focused()
    auditor.check(terminal, "kiosk: supervision, error summary")
    supervision.open_terminal("nobody", "wrong password", "123456", 30)
    expect(supervision.error_alert).to_be_visible()
    auditor.check(terminal, "kiosk: supervision, wrong password")
    login.open()
    terminal.locator('main form[action="/"] input[name=csrf_token]').evaluate(
        "input => { input.value = 'expired'; }")
    login.sign_in("A100", PIN)
    auditor.check(terminal, "kiosk: CSRF expired")

    supervised = new_page(terminal_credential=world.credentials["a_supervised"])
    closed = KioskLoginPage(supervised, kiosk)
    closed.open()
    closed.switch_language(lang)
    closed.expect_closed_for_inmates()
    auditor.check(supervised, "kiosk: supervised terminal, closed")

    inmate_page = new_page(terminal_credential=world.credentials["a"])
    inmate_page.clock.install()
    sign_in_inmate(inmate_page, kiosk, world.inmates["a"].inmate_number, lang)
    dialog = IdleDialog(inmate_page)
    inmate_page.clock.fast_forward(
        (settings.kiosk_idle_seconds - settings.kiosk_idle_warning_seconds) * 1000)
    dialog.expect_open()
    expect(dialog.extend_button).to_be_focused()
    auditor.check(inmate_page, "kiosk: idle dialog open")

    # Contact NAV and others: a step with an error, a filled draft, the receipt, and a
    # reply with an error. A new draft is left behind, so every step renders below.
    topic = TopicStep(inmate_page, kiosk)
    topic.open()
    topic.next()
    expect(topic.error_summary).to_be_focused()
    expect(topic.error).to_be_visible()
    auditor.check(inmate_page, "kiosk: request topic, error summary")
    check = fill_request_steps(inmate_page, kiosk, FilledRequest(
        topic="dagpenger", description="Jeg har fått et brev om meldekort.", kind="question",
        release_soon=True, letter_received=True, deadline="2026-12-15", language="en",
        interpreter=True, consents=("home_nav", "school")))
    expect(check.change_link("consent")).to_be_visible()
    auditor.check(inmate_page, "kiosk: request, check your answers (filled draft)")
    check.send()
    receipt = ReceiptPage(inmate_page, kiosk)
    receipt.expect_shown()
    auditor.check(inmate_page, "kiosk: request receipt")
    thread = KioskRequestPage(inmate_page, kiosk, request_params["request_id"])
    thread.open()
    thread.reply("")
    expect(thread.error_summary).to_be_focused()
    auditor.check(inmate_page, "kiosk: request, reply error summary")
    topic.open()
    topic.choose("aap")
    topic.next()
    BasePage(inmate_page, kiosk).expect_path("/requests/new/describe")

    params = {"terminal_id": world.terminals["a"].id, "inmate_id": world.inmates["a"].id,
              "prison_id": world.prison.id, "staff_id": world.staff["trainer"].id,
              **request_params}
    visit_routes(auditor, "kiosk", {"open": [unenrolled], "terminal": [terminal],
                                    "inmate": [inmate_page]}, params)

    # ---- admin ------------------------------------------------------------------------
    anonymous = new_page()
    sign_in = AdminLoginPage(anonymous, admin)
    sign_in.open(ended="idle")
    sign_in.switch_language(lang)
    sign_in.open(ended="idle")
    expect(anonymous.locator("main .aksel-alert--info")).to_be_visible()
    auditor.check(anonymous, "admin: sign-in, ended=idle")
    sign_in.submit_password("", "")
    expect(sign_in.error_summary).to_be_focused()
    auditor.check(anonymous, "admin: sign-in, error summary")
    sign_in.submit_password("system-admin", "wrong password")
    expect(sign_in.error_alert).to_be_visible()
    auditor.check(anonymous, "admin: sign-in, wrong password")

    system_admin = world.staff["system_admin"]
    pending_admin = new_page()
    password_step(pending_admin, admin, system_admin.username, lang)
    code_page = AdminCodePage(pending_admin, admin)
    code_page.submit_code("")
    expect(code_page.error_summary).to_be_focused()
    auditor.check(pending_admin, "admin: code, error summary")
    clock.advance(seconds=30)
    step = int(clock.now().timestamp()) // totp.STEP
    accepted = {totp.code_at(system_admin.totp_secret, clock.now()),
                *(pyotp.TOTP(system_admin.totp_secret).generate_otp(s)
                  for s in (step - 1, step + 1))}
    code_page.submit_code(next(c for c in ("000000", "111111", "222222", "333333")
                               if c not in accepted))
    expect(code_page.error_alert).to_be_visible()
    auditor.check(pending_admin, "admin: code, wrong code")

    # A staff member whose two-step sign-in is reset lands on the setup page.
    staff_admin = new_page()
    sign_in_staff(staff_admin, admin, system_admin, clock, lang=lang)
    trainer = world.staff["trainer"]
    staff_admin.goto(f"{admin}/staff/{trainer.id}")
    BasePage(staff_admin, admin).submit(f"/staff/{trainer.id}/reset-totp")
    expect(staff_admin.locator("main .aksel-alert--success")).to_be_visible()
    auditor.check(staff_admin, "admin: staff member, TOTP reset (flash)")
    pending_trainer = new_page()
    password_step(pending_trainer, admin, trainer.username, lang)
    BasePage(pending_trainer, admin).expect_path("/sign-in/setup")

    # The admin's forms with errors, the pages only a POST shows, 404 and CSRF.
    page = BasePage(staff_admin, admin)
    for path in ("/prisons/new", "/terminals/new", "/inmates/new", "/staff/new"):
        page.open(path)
        page.submit_main_form()
        expect(page.error_summary).to_be_focused()
        auditor.check(staff_admin, f"admin: {path}, error summary")
    page.open("/account/")
    page.submit("/account/password")
    expect(page.error_summary).to_be_visible()
    auditor.check(staff_admin, "admin: account, error summary")
    page.open(f"/staff/{trainer.id}")
    page.submit(f"/staff/{trainer.id}/password")
    expect(page.error_summary).to_be_visible()
    auditor.check(staff_admin, "admin: staff password, error summary")
    page.open(f"/prisons/{world.prison.id}")
    page.submit(f"/prisons/{world.prison.id}/units")
    expect(page.error_summary).to_be_visible()
    auditor.check(staff_admin, "admin: prison units, error summary")

    new_terminal = NewTerminalPage(staff_admin, admin)
    new_terminal.open()
    new_terminal.register("E2E a11y", supervised=True)
    auditor.check(staff_admin, "admin: enrolment code page")

    locked = InmatePage(staff_admin, admin, world.inmates["a2"].id)
    locked.open()
    expect(locked.locked_warning).to_be_visible()
    auditor.check(staff_admin, "admin: inmate, locked")
    locked.give_pin()
    auditor.check(staff_admin, "admin: PIN slip")

    page.open("/no-such-page")
    auditor.check(staff_admin, "admin: 404")
    page.open("/account/")
    staff_admin.locator('form[action$="/account/password"] input[name=csrf_token]').evaluate(
        "input => { input.value = 'expired'; }")
    page.submit("/account/password")
    auditor.check(staff_admin, "admin: CSRF expired")

    # Supervision from the admin app: the window form, its errors, an open window.
    supervisor = new_page()
    sign_in_staff(supervisor, admin, world.staff["prison_admin"], clock, lang=lang)
    window = TerminalPage(supervisor, admin, world.terminals["a_supervised"].id)
    window.open()
    window.open_window(1)
    expect(window.error_summary).to_be_visible()
    auditor.check(supervisor, "admin: supervision window, error summary")
    window.open()
    window.open_window(30)
    expect(window.close_button).to_be_visible()
    auditor.check(supervisor, "admin: terminal with an open window")

    # The request desk, as an adviser (who reads NAV topics): reply and note with errors.
    adviser_user = world.staff["adviser"]
    adviser = new_page()
    sign_in_staff(adviser, admin, adviser_user, clock, lang=lang)
    desk = RequestDeskPage(adviser, admin, request_params["request_id"])
    desk.open()
    expect(desk.notes).to_have_count(1)
    desk.reply("")
    expect(desk.error_summary).to_be_focused()
    auditor.check(adviser, "admin: request desk, reply error summary")
    desk.open()
    desk.add_note("")
    expect(desk.error_summary).to_be_visible()
    auditor.check(adviser, "admin: request desk, note error summary")
    desk.open()
    desk.reply("Velkommen til samtale på tirsdag.", status="waiting_for_inmate")
    expect(desk.success).to_be_visible()
    auditor.check(adviser, "admin: request desk, reply sent (flash)")

    # Several requests at once: the error state, then the confirmation page.
    several = BasePage(adviser, admin)
    several.open("/requests/several")
    several.submit_main_form()
    expect(several.error_summary).to_be_focused()
    auditor.check(adviser, "admin: several requests, error summary")
    several.open("/requests/several")
    adviser.locator("input[name=ids]").first.check()
    adviser.locator("input[name=action][value=take]").check()
    adviser.locator("#bulk_reason").fill("Jeg er her i dag")
    several.submit_main_form()
    expect(adviser.locator("[data-confirm-list] li")).to_have_count(1)
    auditor.check(adviser, "admin: several requests, confirmation")

    visit_routes(auditor, "admin", {"public": [anonymous],
                                    "second_factor": [pending_admin, pending_trainer],
                                    "staff": [(system_admin.roles, staff_admin),
                                              (adviser_user.roles, adviser)]}, params)

    # The trainer finishes the setup (with an error first) and meets a 403.
    setup = AdminSetupPage(pending_trainer, admin)
    setup.open()
    setup.submit_code("")
    expect(setup.error_summary).to_be_focused()
    auditor.check(pending_trainer, "admin: TOTP setup, error summary")
    clock.advance(seconds=30)
    setup.submit_code(totp.code_at(setup.secret, clock.now()))
    setup.expect_path("/")
    setup.open("/staff/")
    auditor.check(pending_trainer, "admin: 403")

    unvisited = {name: sorted(get_endpoints(server.app) - auditor.visited[name])
                 for name, server in servers.items()}
    assert not any(unvisited.values()), f"GET routes without an accessibility check: {unvisited}"
    assert not auditor.problems, (
        f"{len(auditor.problems)} accessibility/CSP problems on {len(auditor.states)} pages:\n"
        + "\n".join(auditor.problems))
