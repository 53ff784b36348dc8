"""Both apps name an icon of their own in every page's head, served from the same origin
(issue 11, fault 14: there was none, so the browser asked for /favicon.ico and got 404)."""
import re

import pytest

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only


def _icon(html: str) -> str:
    match = re.search(r'<link rel="icon" href="([^"]+)"[^>]*>', html)
    assert match, "no <link rel=\"icon\"> in the page's head"
    head = html[:html.index("</head>")]
    assert match.group(0) in head
    return match.group(1)


def _check(client, page_path: str) -> None:
    icon = _icon(client.get(page_path).get_data(as_text=True))
    assert icon.startswith("/static/")  # same origin, nothing from outside
    response = client.get(icon)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.get_data()


@pytest.mark.parametrize("path", ["/", "/enrol"])
def test_the_kiosk_links_its_icon_even_before_enrolment(kiosk, path):
    _check(kiosk, path)


def test_the_kiosk_links_its_icon_when_signed_in(kiosk_user):
    kiosk_user.sign_in("A100")
    _check(kiosk_user.client, "/home")


def test_the_staff_app_links_its_icon(admin, staff_user):
    _check(admin, "/sign-in")
    staff_user.sign_in("adviser")
    _check(admin, "/")
