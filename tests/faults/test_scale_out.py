"""Scale out: two gunicorn instances of each app on their own ports against one database.
A person signs in through one and carries on through the other, and sessions, CSRF
tokens, sign-in throttling and TOTP replay protection hold across them: nothing lives in
one process's memory. Run on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL
(the production case: several servers in front of one database)."""
from __future__ import annotations

from datetime import datetime, timezone

from core.security.totp import code_at
from tests.support.servers import Client, Gunicorn
from tests.support.world import PASSWORD, PIN

LOCKED = "Kontoen er låst etter for mange feil forsøk"


def _pair(app: str, database_url: str, tmp_path) -> tuple[Gunicorn, Gunicorn]:
    first = Gunicorn(app, database_url, tmp_path, workers=1)
    try:
        return first, Gunicorn(app, database_url, tmp_path, workers=1)
    except BaseException:
        first.stop()
        raise


def _on(client: Client, server: Gunicorn) -> Client:
    """The same browser (cookies, CSRF token), now talking to ``server``."""
    client.port = server.port
    return client


def test_an_inmate_signs_in_on_one_instance_and_carries_on_on_the_other(
        database_url, database, world, tmp_path):
    one, two = _pair("kiosk", database_url, tmp_path)
    try:
        browser = Client(one.port)
        browser.cookies["bb_terminal"] = world.credentials["a"]
        assert browser.get("/")[0] == 200  # the sign-in form and its CSRF token, from one
        status, headers, _ = _on(browser, two).post(
            "/", {"inmate_number": "A100", "pin": PIN})  # the token is good on two
        assert status == 302 and headers["Location"].endswith("/home"), status
        status, _, home = _on(browser, one).get("/home")  # the session is known on one
        assert status == 200 and "Innsatt A100" in home
        assert _on(browser, two).get("/requests/")[0] == 200
        forged = _on(browser, one).request("POST", "/sign-out", {"csrf_token": "forged"})
        assert forged[0] == 400  # CSRF is checked on every instance
        assert _on(browser, one).post("/sign-out")[0] == 302  # the real token, from two
        status, headers, _ = _on(browser, two).get("/home")
        assert status == 302 and "/home" not in headers["Location"]  # ended everywhere
    finally:
        one.stop()
        two.stop()


def test_wrong_pins_on_both_instances_count_towards_one_lock(
        database_url, database, world, tmp_path):
    one, two = _pair("kiosk", database_url, tmp_path)
    try:
        browser = Client(one.port)
        browser.cookies["bb_terminal"] = world.credentials["a"]
        browser.get("/")
        for server in (one, two, one, two):
            status, _, page = _on(browser, server).post(
                "/", {"inmate_number": "A100", "pin": "000000"})
            assert status == 400 and LOCKED not in page
        status, _, page = _on(browser, one).post("/", {"inmate_number": "A100", "pin": "000000"})
        assert status == 400 and LOCKED in page  # the fifth, whichever instance it reaches
        status, _, page = _on(browser, two).post("/", {"inmate_number": "A100", "pin": PIN})
        assert status == 400 and LOCKED in page  # even the right PIN, on the other one
    finally:
        one.stop()
        two.stop()


def test_staff_sign_in_spans_instances_and_a_code_works_once_on_either(
        database_url, database, world, tmp_path):
    one, two = _pair("admin", database_url, tmp_path)
    adviser = world.staff["adviser"]
    try:
        first, second = Client(one.port), Client(two.port)
        code = None
        for browser, server in ((first, two), (second, one)):
            browser.get("/sign-in")
            status, headers, _ = _on(browser, server).post(
                "/sign-in", {"username": adviser.username, "password": PASSWORD})
            assert status == 302 and "/sign-in/code" in headers["Location"], status
            _on(browser, one if server is two else two).get("/sign-in/code")
            code = code or code_at(adviser.totp_secret, datetime.now(timezone.utc))
            status, headers, page = browser.post("/sign-in/code", {"code": code})
            if browser is first:
                assert status == 302, page[:300]  # password on two, code on one
                assert _on(browser, two).get("/requests/")[0] == 200
            else:
                assert status == 400 and "allerede brukt" in page  # used through the other
    finally:
        one.stop()
        two.stop()
