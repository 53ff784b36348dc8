"""Strict headers on every response of both apps, pages and static files alike."""
import pytest

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split("; ")}


def _check(response, *, static=False):
    for name, value in EXPECTED.items():
        assert response.headers[name] == value, name
    csp = _csp(response)
    assert csp["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src",
                      "form-action"):
        assert csp[directive] == "'self'", directive
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    if not static:
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/enrol", "/nowhere", "/static/css/kiosk.css"])
def test_kiosk_headers(kiosk, path):
    _check(kiosk.get(path), static=path.startswith("/static"))


@pytest.mark.parametrize("path", ["/", "/sign-in", "/nowhere", "/static/js/brobygger.js"])
def test_admin_headers(admin, path):
    _check(admin.get(path), static=path.startswith("/static"))


def test_signed_in_pages_are_never_cached(kiosk_user, staff_user):
    kiosk_user.sign_in("A100")
    _check(kiosk_user.client.get("/home"))
    staff_user.sign_in("adviser")
    _check(staff_user.client.get("/inmates/"))


def test_no_inline_script_or_style_in_pages(kiosk_user, staff_user, world):
    import re

    kiosk_user.sign_in("A100")
    staff_user.sign_in("system_admin")
    pages = [kiosk_user.client.get(p) for p in ("/home", "/me", "/health")]
    pages += [staff_user.client.get(p) for p in ("/", "/inmates/", "/terminals/", "/staff/new")]
    for page in pages:
        html = page.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
        assert "<style" not in html and " style=" not in html, "inline style"
        assert not re.search(r"\son[a-z]+=", html), "inline event handler"
        assert not re.search(r"(src|href)=\"https?://", html), "another origin"
