"""/healthz, the JSON log lines (and what they must never hold), and request metrics."""
import json
from types import SimpleNamespace

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import sessionmaker

from core.models import Inmate, Request, ServerSession
from core.web.access import access
from tests.support.world import PIN

NAME = "Kari Nordmann-Eksempel"
DESCRIPTION = "Jeg skylder husleie for tre måneder og er redd for å miste leiligheten"


def _dead_engine():
    """A database that cannot be reached."""
    return create_engine("sqlite:////proc/no-such-folder/brobygger.db")


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("app_name", ["kiosk", "admin"])
def test_healthz_answers_without_a_session(app_name, request, database):
    client = request.getfixturevalue(app_name)
    request.getfixturevalue("admin" if app_name == "kiosk" else "kiosk")  # the other one too
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
    assert response.mimetype == "text/plain"
    assert "Set-Cookie" not in response.headers
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(ServerSession)) == 0


@pytest.mark.parametrize("app_name", ["kiosk", "admin"])
def test_healthz_is_503_when_the_database_is_down(app_name, request, database):
    app = request.getfixturevalue(f"{app_name}_app")
    app.extensions["brobygger"].database = SimpleNamespace(engine=_dead_engine())
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable\n"


def test_a_page_during_an_outage_is_the_friendly_error_page(kiosk_app, world, capsys):
    kiosk_app.config.update(SHOW_CRASH_PAGE=True, PROPAGATE_EXCEPTIONS=False)  # as in production
    dead = _dead_engine()
    kiosk_app.extensions["brobygger"].database = SimpleNamespace(
        engine=dead, sessionmaker=sessionmaker(dead), read_sessionmaker=sessionmaker(dead))
    client = kiosk_app.test_client()
    client.set_cookie("bb_terminal", world.credentials["a"])
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and "Set-Cookie" not in response.headers
    assert "Noe gikk galt" in html and "Traceback" not in html and "sqlite" not in html
    error = next(line for line in _lines(capsys.readouterr().err) if line["level"] == "error")
    assert error["exc_type"].startswith("sqlalchemy.exc.OperationalError (sqlite3.")
    assert error["stack"] and all("unable to open" not in frame for frame in error["stack"])


def test_the_enrolment_page_needs_no_database(kiosk_app):
    """Without a terminal or a session nothing is read, and nothing is stored: a visitor's
    CSRF token travels in a signed cookie (core.web.sessions), not a session row."""
    kiosk_app.config.update(SHOW_CRASH_PAGE=True, PROPAGATE_EXCEPTIONS=False)
    dead = _dead_engine()
    kiosk_app.extensions["brobygger"].database = SimpleNamespace(
        engine=dead, sessionmaker=sessionmaker(dead), read_sessionmaker=sessionmaker(dead))
    response = kiosk_app.test_client().get("/")
    assert response.status_code == 403 and 'action="/enrol"' in response.get_data(as_text=True)


def test_every_request_is_one_json_line(kiosk_user, capsys):
    kiosk_user.sign_in("A100")
    kiosk_user.client.get("/requests/", headers={"X-Request-Id": "nginx-0123456789abcdef"})
    kiosk_user.client.get("/healthz")
    lines = [line for line in _lines(capsys.readouterr().err) if line["message"] == "request"]
    last = lines[-1]
    assert set(last) == {"time", "level", "app", "message", "request_id", "endpoint", "method",
                         "status", "duration_ms"}
    assert (last["app"], last["level"], last["endpoint"], last["method"], last["status"],
            last["request_id"]) == ("kiosk", "info", "requests.index", "GET", 200,
                                    "nginx-0123456789abcdef")
    assert last["time"].endswith("+00:00") and last["duration_ms"] >= 0
    assert "healthz" not in {line["endpoint"] for line in lines}  # debug level: not written
    assert {"signin.login", "signin.login_post"} <= {line["endpoint"] for line in lines}


def test_no_name_pin_or_request_text_reaches_the_log(kiosk_user, staff_user, kiosk_app,
                                                   admin_app, database, world, capsys):
    with database.session() as db:
        db.get(Inmate, world.inmates["a"].id).name = NAME
    # Crashes whose message, or query parameters, hold personal data.
    for app in (kiosk_app, admin_app):
        app.config["SHOW_CRASH_PAGE"] = True

    @access("open")
    def crash_with_message():
        raise ValueError(f"could not file for {NAME} with PIN {PIN}: {DESCRIPTION}")

    @access("public")
    def crash_in_a_query():
        db = admin_app.extensions["brobygger"].db_session()
        db.execute(text("SELECT * FROM inmate WHERE name = :name AND"), {"name": NAME})

    kiosk_app.add_url_rule("/crash", "crash", crash_with_message)
    admin_app.add_url_rule("/crash", "crash", crash_in_a_query)

    assert kiosk_user.sign_in("A100", pin="000000").status_code == 400  # a wrong PIN too
    assert kiosk_user.sign_in("A100", pin=PIN).status_code == 302
    kiosk_user.post("/requests/new/topic", {"topic": "dagpenger"})
    kiosk_user.post("/requests/new/describe", {"kind": "question", "description": DESCRIPTION})
    kiosk_user.post("/requests/new/urgency", {"language": "nb"})
    kiosk_user.post("/requests/new/consent", {"recipients": []})
    assert kiosk_user.post("/requests/new/check", {"submit_key": "k" * 32}).status_code == 302
    assert kiosk_user.client.get("/crash").status_code == 500
    staff_user.sign_in("adviser")
    assert NAME in staff_user.client.get("/inmates/", query_string={"q": NAME}).get_data(
        as_text=True)
    assert staff_user.client.get("/crash").status_code == 500

    written = capsys.readouterr().err
    with database.session() as db:
        assert db.scalar(select(Request.description)) == DESCRIPTION  # it was all sent
    lines = _lines(written)
    assert len(lines) == len(written.splitlines())  # nothing but JSON lines
    crashes = [line for line in lines if line["level"] == "error"]
    assert len(crashes) == 2 and crashes[0]["exc_type"] == "builtins.ValueError"
    assert crashes[1]["exc_type"].startswith(("sqlalchemy.exc.OperationalError (sqlite3.",
                                              "sqlalchemy.exc.ProgrammingError (psycopg."))
    assert all(c["stack"] for c in crashes)
    for secret in (NAME, "Nordmann", PIN, "000000", DESCRIPTION, "husleie", "A100",
                   world.credentials["a"]):
        assert secret not in written, secret


def test_requests_are_counted_per_endpoint_never_per_url(kiosk_user, world):
    def count(endpoint, status):
        return REGISTRY.get_sample_value("brobygger_http_requests_total", {
            "app": "kiosk", "endpoint": endpoint, "method": "GET", "status": status}) or 0

    def timed(endpoint):
        return REGISTRY.get_sample_value("brobygger_http_request_duration_seconds_count",
                                         {"app": "kiosk", "endpoint": endpoint}) or 0

    kiosk_user.sign_in("A100")
    before = (count("requests.show", "404"), count("requests.index", "200"),
              timed("requests.index"), count("unmatched", "404"))
    for request_id in (99991, 99992):
        assert kiosk_user.client.get(f"/requests/{request_id}").status_code == 404
    kiosk_user.client.get("/requests/")
    kiosk_user.client.get("/no/such/page")
    after = (count("requests.show", "404"), count("requests.index", "200"),
             timed("requests.index"), count("unmatched", "404"))
    assert [a - b for a, b in zip(after, before)] == [2, 1, 1, 1]
    labels = {s.labels.get("endpoint") for m in REGISTRY.collect() for s in m.samples}
    assert not any("/" in str(label) for label in labels)
