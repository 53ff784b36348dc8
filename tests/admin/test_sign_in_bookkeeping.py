"""A staff sign-in is all or nothing (issue 12, finding 3): its session exists only if
its audit event and the used TOTP step were committed with it."""
from __future__ import annotations

from sqlalchemy import func, select

from core.models import AuditEvent, ServerSession, StaffUser
from core.security import totp
from tests.conftest import csrf_from
from tests.support.world import PASSWORD


def _sign_ins(database) -> int:
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "staff.sign_in"))


def _password(client, next_=None):
    page = client.get("/sign-in")
    return client.post("/sign-in", query_string={"next": next_} if next_ else None, data={
        "username": "adviser", "password": PASSWORD, "csrf_token": csrf_from(page)})


def _code(client, code):
    page = client.get("/sign-in/code")
    return client.post("/sign-in/code", data={"code": code, "csrf_token": csrf_from(page)})


def test_a_newline_in_next_signs_in_with_its_audit_event_and_spends_the_code(
        admin_app, world, database, clock):
    user = world.staff["adviser"]
    client = admin_app.test_client()
    _password(client, "/\nx")
    clock.advance(seconds=30)
    code = totp.code_at(user.totp_secret, clock.now())
    response = _code(client, code)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert _sign_ins(database) == 1
    with database.session() as db:
        assert db.get(StaffUser, user.id).totp_last_step is not None
    again = admin_app.test_client()
    _password(again)
    assert _code(again, code).status_code == 400  # the code is spent
    assert again.get("/").status_code == 302


def test_when_the_sign_in_fails_after_its_checks_there_is_no_session(
        admin_app, world, database, clock, monkeypatch):
    """The bookkeeping cannot be committed: the answer is an error and the browser holds
    no signed-in session, and nothing of the sign-in is kept."""
    admin_app.config["SHOW_CRASH_PAGE"] = True
    user = world.staff["adviser"]
    client = admin_app.test_client()
    _password(client)
    with database.session() as db:
        before = db.scalar(select(func.count()).select_from(ServerSession)
                           .where(ServerSession.signed_in_at.is_not(None)))

    def failing_commit(db):
        raise RuntimeError("the database went away during the commit")

    monkeypatch.setattr("admin.auth.commit_sign_in", failing_commit)
    clock.advance(seconds=30)
    response = _code(client, totp.code_at(user.totp_secret, clock.now()))
    assert response.status_code == 500
    assert client.get("/").status_code == 302  # not signed in
    assert _sign_ins(database) == 0
    with database.session() as db:
        assert db.get(StaffUser, user.id).totp_last_step is None
        assert db.scalar(select(func.count()).select_from(ServerSession)
                         .where(ServerSession.signed_in_at.is_not(None))) == before == 0


def test_when_the_response_fails_after_the_commit_no_cookie_is_left_half_made(
        admin_app, world, database, clock, monkeypatch):
    """A failure after the sign-in was committed: the session, if the browser has it, has
    its audit event; a crash page never carries a session that the database lacks."""
    admin_app.config["SHOW_CRASH_PAGE"] = True
    user = world.staff["adviser"]
    client = admin_app.test_client()
    _password(client)

    def failing_redirect(*_args, **_kwargs):
        raise RuntimeError("no response")

    monkeypatch.setattr("admin.auth.redirect", failing_redirect)
    clock.advance(seconds=30)
    response = _code(client, totp.code_at(user.totp_secret, clock.now()))
    assert response.status_code == 500
    if client.get("/").status_code == 200:  # signed in: then with its bookkeeping
        assert _sign_ins(database) == 1
        with database.session() as db:
            assert db.get(StaffUser, user.id).totp_last_step is not None
