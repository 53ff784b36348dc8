"""Every ``next`` parameter keeps the browser on this site, read as a browser reads it
(issue 12, finding 2): staff sign-in, /language in both apps, and the kiosk's
/session/extend and /lessons/large-text."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from core.security import totp
from core.web.redirects import safe_next
from tests.conftest import csrf_from
from tests.support.world import PASSWORD

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

ORIGIN = "http://localhost/"
# Each of these leaves the site in some browser, or is not a plain path.
HOSTILE = [
    "//evil.example/phish", "/\t/evil.example/phish", "/\n/evil.example/phish",
    "/\r/evil.example/phish", "\t//evil.example", " //evil.example", "\x00//evil.example",
    "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/\\/evil.example",
    "/\t\\evil.example", "///evil.example", "https://evil.example/", "http:evil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "evil.example", "./evil", "\u3000//evil",
    "/\u2028/evil.example", "/%09/evil.example",  # the last stays encoded: harmless, kept?
    "//evil.example\t/", "/ /evil.example", "data:text/html,x", "\x0b//evil.example",
]
HOSTILE_EXCEPT_ENCODED = [h for h in HOSTILE if h != "/%09/evil.example"]
HARMLESS = ["/", "/requests/", "/requests/12?tab=reply#x", "/%09/evil.example",
            "/lessons/terminal/steps/touch", "/search?q=a%20b&next=//x"]


def browser_host(location: str) -> str:
    """The host a browser at ORIGIN goes to for this Location (WHATWG URL parsing: tab
    and newlines dropped, C0 controls and spaces trimmed, backslash as slash)."""
    seen = location.replace("\t", "").replace("\n", "").replace("\r", "")
    seen = seen.strip("".join(chr(c) for c in range(0x21))).replace("\\", "/")
    return urlsplit(urljoin(ORIGIN, seen)).netloc


@pytest.mark.parametrize("target", HOSTILE_EXCEPT_ENCODED)
def test_safe_next_refuses_what_a_browser_reads_as_another_place(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", HARMLESS)
def test_safe_next_keeps_a_path_on_the_site(target):
    assert safe_next(target, "/home") == target
    assert browser_host(target) == "localhost"


def _signed_in_with_next(admin, world, clock, target):
    user = world.staff["adviser"]
    page = admin.get("/sign-in")
    admin.post("/sign-in", query_string={"next": target}, data={
        "username": user.username, "password": PASSWORD, "csrf_token": csrf_from(page)})
    page = admin.get("/sign-in/code")
    clock.advance(seconds=30)
    return admin.post("/sign-in/code", data={
        "code": totp.code_at(user.totp_secret, clock.now()), "csrf_token": csrf_from(page)})


@pytest.mark.parametrize("target", HOSTILE)
def test_staff_sign_in_stays_on_the_site(admin, world, clock, target):
    response = _signed_in_with_next(admin, world, clock, target)
    assert response.status_code == 302
    assert browser_host(response.headers["Location"]) == "localhost"


def test_staff_sign_in_follows_a_path_on_the_site(admin, world, clock):
    response = _signed_in_with_next(admin, world, clock, "/inmates/?q=x")
    assert response.headers["Location"] == "/inmates/?q=x"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_stays_on_the_site_in_both_apps(kiosk_user, admin, target):
    kiosk_user.use_terminal("a")
    page = admin.get("/sign-in")
    for response in (kiosk_user.post("/language", {"lang": "en", "next": target}),
                     admin.post("/language", data={"lang": "en", "next": target,
                                                   "csrf_token": csrf_from(page)})):
        assert response.status_code == 302
        assert browser_host(response.headers["Location"]) == "localhost"


@pytest.mark.parametrize("target", HOSTILE)
def test_kiosk_session_and_large_text_stay_on_the_site(kiosk_user, target):
    kiosk_user.sign_in("A100")
    for path in ("/session/extend", "/lessons/large-text"):
        response = kiosk_user.post(path, {"next": target, "large_text": "1"})
        assert response.status_code == 302
        assert browser_host(response.headers["Location"]) == "localhost"


def test_kiosk_pages_follow_a_path_on_the_site(kiosk_user):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/lessons/large-text", {"next": "/lessons/", "large_text": "1"})
    assert response.headers["Location"] == "/lessons/"
