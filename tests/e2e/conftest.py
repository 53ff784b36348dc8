"""End-to-end fixtures: both apps served for real, driven by a real Chromium.

Each test gets its own database (SQLite, plus PostgreSQL when TEST_DATABASE_URL is set,
through the fixtures of tests/conftest.py), its own kiosk and admin servers on free ports
of 127.0.0.1, and fresh browser contexts. The servers and the test share one FrozenClock;
the browser's own timers are driven through Playwright's clock API. Nothing sleeps.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from werkzeug.serving import make_server

from admin import create_app as create_admin
from kiosk import create_app as create_kiosk
from tests.e2e import axe
from tests.support import htmx_pages, serving

# Debian's Chromium headless shell (package chromium-headless-shell: the same Chromium
# release and Blink, without the desktop browser around it; Playwright's own choice for
# headless runs) uses 29 % less CPU than the full browser in headless mode on the same axe
# walk (56.6 s to 40.2 s for one kiosk language). The full browser is the fallback; the
# terminals' own Chromium is tested as shipped in tests/deploy.
CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
CSP_MARK = "Content Security Policy"


@pytest.fixture(scope="session")
def e2e_browser(playwright) -> Browser:
    options = {"args": CHROMIUM_ARGS}
    found = next((path for path in CHROMIUMS if os.path.exists(path)), None)
    if found:
        options["executable_path"] = found
    browser = playwright.chromium.launch(**options)
    yield browser
    browser.close()


class LiveServer:
    """One WSGI app on a free port, served from a daemon thread (with axe beside it, for
    the accessibility checks: tests/e2e/axe.py)."""

    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, axe.serving(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = serving.serve(self.server)

    def stop(self) -> None:
        serving.stop(self.server, self.thread)


@pytest.fixture
def e2e_apps(settings, database, clock, hasher, world):
    """(kiosk_server, admin_server) sharing the test's database and clock."""
    kiosk_app = create_kiosk(settings, database=database, clock=clock, hasher=hasher)
    admin_app = create_admin(settings, database=database, clock=clock, hasher=hasher)
    watched = [htmx_pages.watch(kiosk_app), htmx_pages.watch(admin_app)]
    servers = [LiveServer(kiosk_app), LiveServer(admin_app)]
    yield servers
    for server in servers:
        server.stop()
    without_htmx = [page for found in watched for page in found]
    assert not without_htmx, f"pages with hx- attributes that do not load htmx: {without_htmx}"


@pytest.fixture
def kiosk_server(e2e_apps) -> LiveServer:
    return e2e_apps[0]


@pytest.fixture
def admin_server(e2e_apps) -> LiveServer:
    return e2e_apps[1]


@dataclass
class Watch:
    """What every page in a test reported: CSP violations and server errors."""

    csp: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", lambda msg: self.csp.append(f"{page.url}: {msg.text}")
                if CSP_MARK in msg.text else None)
        page.on("response", lambda response: self.server_errors.append(
            f"{response.status} {response.request.method} {response.url}")
            if response.status >= 500 else None)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))


class Contexts:
    """Fresh browser contexts on demand; every page opened is watched."""

    def __init__(self, browser: Browser, kiosk_url: str, watch: Watch) -> None:
        self.browser = browser
        self.kiosk_url = kiosk_url
        self.watch = watch
        self.opened: list[BrowserContext] = []

    def new_page(self, terminal_credential: str | None = None, session_cookie: str | None = None,
                 locale: str = "nb-NO") -> Page:
        context = self.browser.new_context(locale=locale)
        context.set_default_timeout(10_000)
        self.opened.append(context)
        cookies = []
        if terminal_credential:
            cookies.append({"name": "bb_terminal", "value": terminal_credential,
                            "url": self.kiosk_url})
        if session_cookie:
            cookies.append({"name": "bb_kiosk_session", "value": session_cookie,
                            "url": self.kiosk_url})
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        self.watch.attach(page)
        return page

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def contexts(e2e_browser, kiosk_server, watch):
    made = Contexts(e2e_browser, kiosk_server.url, watch)
    yield made
    made.close()
    assert not watch.server_errors, f"server errors: {watch.server_errors}"
    assert not watch.csp, f"Content Security Policy violations: {watch.csp}"
    assert not watch.page_errors, f"uncaught script errors: {watch.page_errors}"
