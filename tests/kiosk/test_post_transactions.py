"""A request that changes something (POST, or a GET view declared to write) reads its
session and passes the access check in a read-only transaction, and takes SQLite's one
write lock (BEGIN IMMEDIATE) only for its view (core.db.write_from_here). Before, a POST
held the lock from its first query, the session's row, to its end, so every other writer
of both apps waited for its session, terminal, inmate and CSRF checks too (issue 20: make
bench, 16 terminals without pauses, half the requests POSTs, the two cores 64 % busy)."""
from sqlalchemy import event, select

from core.models import Terminal
from tests.conftest import csrf_from


def _statements(app) -> list[str]:
    engine = app.extensions["brobygger"].database.engine
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(statement))
    return seen


def _first(statements: list[str], needle: str) -> int:
    return next(i for i, s in enumerate(statements) if needle in s)


def test_a_post_takes_the_write_lock_only_after_the_access_check(kiosk_app, kiosk_user):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/home")
    statements = _statements(kiosk_app)
    response = kiosk_user.client.post("/session/extend",
                                      data={"csrf_token": csrf_from(page)})
    assert response.status_code in (200, 204, 302)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins[0] == "BEGIN DEFERRED"
    assert "BEGIN IMMEDIATE" in begins
    immediate = statements.index("BEGIN IMMEDIATE")
    # The session's row and the terminal (read with it) were read before the lock was taken.
    assert _first(statements, "FROM server_session") < immediate
    assert _first(statements, "terminal.credential_hash") < immediate


def test_a_post_refused_by_the_access_check_never_takes_the_write_lock(
        kiosk_app, kiosk_user, kiosk):
    kiosk_user.use_terminal("a")
    token = csrf_from(kiosk.get("/"))  # a valid CSRF token, then a terminal nobody enrolled
    terminal_id = kiosk_user.world.credentials["a"].split(".", 1)[0]
    kiosk.set_cookie("bb_terminal", f"{terminal_id}.a-secret-nobody-was-given")
    statements = _statements(kiosk_app)
    response = kiosk.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 403  # the enrolment page: refused by the access check
    assert _first(statements, "FROM terminal") >= 0  # the terminal was looked up ...
    assert "BEGIN IMMEDIATE" not in statements  # ... without the write lock


def test_what_the_access_check_kept_back_is_written_with_the_view(
        kiosk_app, kiosk_user, database, world, clock):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/home")
    clock.advance(seconds=90)  # the terminal's last-seen time is due (every minute)
    statements = _statements(kiosk_app)
    response = kiosk_user.client.post("/session/extend", data={"csrf_token": csrf_from(page)})
    assert response.status_code in (200, 204, 302)
    # The terminal's last-seen time (kept back while reading) went into the view's
    # write transaction: one BEGIN IMMEDIATE for the view, one for the session's row.
    assert [s for s in statements if s == "BEGIN IMMEDIATE"] == ["BEGIN IMMEDIATE"] * 2
    with database.session() as session:
        seen = session.scalar(select(Terminal.last_seen_at).where(
            Terminal.id == world.terminals["a"].id))
    assert seen is not None and seen.replace(tzinfo=None) == clock.now().replace(tzinfo=None)



def test_a_get_view_that_writes_takes_the_write_lock_only_after_the_access_check(
        kiosk_app, kiosk_user, world):
    from core.models import Inmate
    from core.services.requests import filing

    app_db = kiosk_app.extensions["brobygger"].database
    with app_db.session() as session:
        inmate = session.get(Inmate, world.inmates["a"].id)
        item = filing.file(session, kiosk_app.extensions["brobygger"].now(), inmate,
                           filing.Draft(topic="dagpenger", description="Når får jeg svar?"))
        request_id = item.id
    kiosk_user.sign_in("A100")
    statements = _statements(kiosk_app)
    response = kiosk_user.client.get(f"/requests/{request_id}")  # marks the replies read
    assert response.status_code == 200
    immediate = statements.index("BEGIN IMMEDIATE")
    assert _first(statements, "FROM server_session") < immediate
    assert _first(statements, "terminal.credential_hash") < immediate
