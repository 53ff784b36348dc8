"""The terminal's lock, proved in Debian's real Chromium with deploy/terminal's managed
policy installed as /etc/chromium/policies/managed/50-brobygger.json in a private mount
namespace (tests/deploy/locked_browser.py), against the real kiosk app on loopback.

How the browser is driven: most checks drive it through its remote-debugging port (the
Chrome DevTools Protocol, with Playwright's connect_over_cdp). The shipped policy forbids
exactly that, twice: `RemoteDebuggingAllowed: false` (no port at all) and
`DeveloperToolsAvailability: 2` (no DevTools on any page, which also hides every page from
the protocol). So the driven browser runs the shipped policy WITHOUT those two keys, and
those two keys are proved on their own, with the full policy, by
test_remote_debugging_is_refused and test_developer_tools_reach_no_page.

Downloads are proved in test_terminal_downloads.py (the protocol's download behaviour, which
Playwright sets, bypasses the policy), printing and the cage session in
test_terminal_session.py (headful, nothing driving the browser)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from core.services.learning.lessons import catalogue
from tests.deploy.locked_browser import OTHER_HOSTS, policy
from tests.deploy.nginx_site import KIOSK_HOST
from tests.deploy.policy_kiosk import KIOSK, Browser
from tests.e2e.pages import KioskHomePage, KioskLoginPage
from tests.support import world as world_module

pytestmark = pytest.mark.deploy

BLOCKED = "net::ERR_BLOCKED_BY_ADMINISTRATOR"
# What only the test needs: the protocol it drives the browser with (see above).
MODULE = catalogue().modules["terminal"]
DRIVEN = {"RemoteDebuggingAllowed": None, "DeveloperToolsAvailability": None}


@pytest.fixture(scope="module")
def driven(kiosk, playwright):
    """The shipped policy minus the two keys that forbid driving it, connected to."""
    browser = Browser(kiosk, {"50-brobygger.json": policy(**DRIVEN)})
    cdp = playwright.chromium.connect_over_cdp(browser.endpoint)
    yield cdp.contexts[0]
    cdp.close()
    browser.stop()


def _refused(context, url: str) -> None:
    page = context.new_page()
    try:
        with pytest.raises(PlaywrightError, match=re.escape(BLOCKED)):
            page.goto(url, timeout=15_000)
    finally:
        page.close()


def test_the_kiosk_loads_and_works_under_the_policy(driven, kiosk):
    inmate = kiosk.world.inmates["a"]
    driven.add_cookies([{"name": "bb_terminal", "value": kiosk.world.credentials["a"],
                         "url": KIOSK}])
    page = driven.new_page()
    page.set_default_timeout(15_000)
    login = KioskLoginPage(page, KIOSK.rstrip("/"))
    login.open()
    login.sign_in(inmate.inmate_number, world_module.PIN)
    KioskHomePage(page, KIOSK.rstrip("/")).expect_shown(inmate.name)
    # A page with htmx (a lesson step: the class notice polls): htmx loads and its
    # requests reach the kiosk, marked as htmx's (HX-Request).
    step = f"/lessons/{MODULE.key}/steps/{MODULE.text('nb').steps[0].id}"
    page.goto(KIOSK.rstrip("/") + step)
    expect(page.locator("main h1")).to_be_visible()
    before = kiosk.mark()
    page.evaluate(f"() => htmx.ajax('GET', '{step}', {{target: 'main', swap: 'none'}})")
    kiosk.wait_for(f"htmx {KIOSK_HOST}{step}", before)
    page.close()


@pytest.mark.parametrize("url", [
    f"http://{KIOSK_HOST}/",                       # the kiosk's name without TLS
    *[f"https://{host}/" for host in OTHER_HOSTS],  # other names, on the kiosk's own server
    "https://127.0.0.1:{port}/",                    # the kiosk's server by address
    "http://127.0.0.2:{port}/",                     # another address in 127.0.0.0/8
    "http://127.0.0.1:1/",                          # another port
    "file:///etc/passwd",
    "chrome://settings", "chrome://downloads", "chrome://policy", "chrome://inspect",
    f"view-source:https://{KIOSK_HOST}/",
    "devtools://devtools/bundled/inspector.html",
    "data:text/html,<p>made up</p>",
])
def test_everything_but_the_kiosk_is_refused(driven, kiosk, url):
    _refused(driven, url.format(port=kiosk.server.port))


def test_a_javascript_url_does_not_run(driven):
    page = driven.new_page()
    page.goto(KIOSK)
    with pytest.raises(PlaywrightError):
        page.goto("javascript:document.body.dataset.owned='yes'", timeout=15_000)
    assert page.evaluate("document.body.dataset.owned") is None
    page.close()


def test_a_new_window_reaches_only_the_kiosk(driven, kiosk):
    """A window or tab the page opens (the protocol's clicks count as the user's, so the
    popup blocker lets them through) shows the kiosk, or the policy's refusal."""
    page = driven.new_page()
    page.goto(KIOSK)
    for url, allowed in ((f"https://{OTHER_HOSTS[0]}/", False), (KIOSK, True)):
        with driven.expect_page(timeout=15_000) as opened:
            page.evaluate(f"() => {{ window.open('{url}'); }}")
        window = opened.value
        window.wait_for_load_state()
        if allowed:
            assert window.url.startswith(KIOSK), window.url  # /, or /home when signed in
        else:
            # An error page, and the server (which that name leads to) never asked.
            assert window.url.startswith("chrome-error://"), window.url
            assert not any(OTHER_HOSTS[0] in request for request in kiosk.requests)
        window.close()
    page.close()


def test_remote_debugging_is_refused(start_browser, kiosk):
    """The full shipped policy: the kiosk loads, and no debugging port is ever opened."""
    before = kiosk.mark()
    browser = start_browser({"50-brobygger.json": policy()})
    browser.process.wait_for("DevTools remote debugging is disallowed by the system admin")
    kiosk.wait_for(f"page {KIOSK_HOST}/", before)
    assert "DevTools listening" not in browser.process.output
    assert not (browser.profile / "DevToolsActivePort").exists()


def test_developer_tools_reach_no_page(start_browser, kiosk, playwright):
    """With the debugging port allowed but DeveloperToolsAvailability as shipped, the
    DevTools protocol sees no page at all, not even the kiosk the browser shows."""
    before = kiosk.mark()
    browser = start_browser({"50-brobygger.json": policy(RemoteDebuggingAllowed=None)})
    kiosk.wait_for(f"page {KIOSK_HOST}/", before)
    cdp = playwright.chromium.connect_over_cdp(browser.endpoint)
    assert [page.url for page in cdp.contexts[0].pages] == []
    cdp.close()
