"""CSRF on every state-changing request; a failure reads as an expired session."""
import pytest

from core.web.access import access
from tests.conftest import csrf_from

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only


def test_kiosk_post_without_token_is_refused_kindly(kiosk_user):
    kiosk_user.use_terminal("a")
    response = kiosk_user.client.post("/", data={"inmate_number": "A100", "pin": "482915"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Traceback" not in html and 'href="/"' in html


def test_admin_post_with_a_forged_token_is_refused(admin, world):
    admin.get("/sign-in")
    response = admin.post("/sign-in", data={"username": "adviser", "password": "x",
                                            "csrf_token": "forged"})
    assert response.status_code == 400 and "Traceback" not in response.get_data(as_text=True)


def test_token_from_another_session_is_refused(admin_app, world):
    first, second = admin_app.test_client(), admin_app.test_client()
    token = csrf_from(first.get("/sign-in"))
    second.get("/sign-in")
    response = second.post("/sign-in", data={"username": "adviser", "password": "x",
                                              "csrf_token": token})
    assert response.status_code == 400


def test_htmx_sends_the_token_in_a_header(kiosk_user):
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/home")
    headers = {"HX-Request": "true", "X-CSRFToken": csrf_from(home)}
    assert kiosk_user.client.post("/session/extend", headers=headers).status_code == 200
    assert kiosk_user.client.post("/session/extend", headers={"HX-Request": "true"}).status_code == 400


def test_csrf_page_is_translated(kiosk_user):
    kiosk_user.use_terminal("a")
    kiosk_user.client.get("/")
    nb = kiosk_user.client.post("/sign-out").get_data(as_text=True)
    kiosk_user.post("/language", {"lang": "en"})
    en = kiosk_user.client.post("/sign-out").get_data(as_text=True)
    assert nb != en and 'lang="en"' in en and 'lang="nb"' in nb


def test_a_crash_shows_no_stack_trace(admin_app, world):
    admin_app.config["SHOW_CRASH_PAGE"] = True

    @admin_app.get("/boom")
    @access("public")
    def boom():
        raise RuntimeError("internal detail")

    response = admin_app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "internal detail" not in html and "Traceback" not in html



def test_a_session_signs_its_token_once_and_the_signed_token_stays_valid(kiosk_user,
                                                                        monkeypatch):
    """core.web.framework.give_signed_csrf_token: a session's pages carry its token as first signed,
    not signed again on every page (issue 20); minutes later it still validates, and a
    new session gets a token of its own."""
    from itsdangerous.timed import TimestampSigner

    now = [1_900_000_000]  # the signer's clock (Flask-WTF's tokens carry its moment)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: now[0])
    kiosk_user.sign_in("A100")
    kiosk_user.client.get("/home")  # the session's token is made (and signed by Flask-WTF)
    first = csrf_from(kiosk_user.client.get("/home"))
    now[0] += 300  # five minutes on: Flask-WTF alone would sign it anew
    assert csrf_from(kiosk_user.client.get("/requests/")) == first
    headers = {"HX-Request": "true", "X-CSRFToken": first}
    assert kiosk_user.client.post("/session/extend", headers=headers).status_code == 200
    kiosk_user.client.post("/sign-out", data={"csrf_token": first})
    kiosk_user.sign_in("A100")  # a new session
    assert csrf_from(kiosk_user.client.get("/home")) != first
