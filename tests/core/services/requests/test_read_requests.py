"""GET requests read in a read-only transaction and write at the end (core.web.app,
core.db): on SQLite they take no write lock while their view runs, a write slipped into
one fails every time (never only under load), and what they keep back for the end is
written, or dropped with the request when it fails."""
import threading

import pytest
from flask import template_rendered
from sqlalchemy import select, text

from core import audit
from core.db import ReadOnlyTransaction, after_reading, reading
from core.models import AuditEvent, ServerSession
from core.web.access import access


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # SQLite's write lock
def test_a_page_is_rendered_while_another_request_holds_the_write_lock(
        kiosk_user, kiosk_app, database, clock):
    kiosk_user.sign_in("A100")
    rendered = threading.Event()

    def on_render(_app, template, **_extra):
        if template.name == "kiosk/home.html":
            rendered.set()

    clock.advance(seconds=20)  # past ACTIVITY_STEP: the page's activity is written
    writer = database.sessionmaker()
    writer.execute(text("UPDATE prison SET name = name"))  # BEGIN IMMEDIATE: the lock
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        response=kiosk_user.client.get("/home")))
    with template_rendered.connected_to(on_render, kiosk_app):
        worker.start()
        try:
            # The page is rendered while the lock is held: its reads did not wait.
            assert rendered.wait(30), "the page waited for the write lock"
            assert worker.is_alive()  # its closing write (the session's row) waits
        finally:
            writer.commit()
            writer.close()
            worker.join(30)
    assert result["response"].status_code == 200
    with database.session() as db:
        row = db.scalar(select(ServerSession).where(ServerSession.inmate_id.is_not(None))
                        .order_by(ServerSession.id.desc()))
        assert row.last_seen_at == clock.now()  # written at the end, after the lock


def _with_view(app, rule, view):
    app.add_url_rule(rule, view.__name__, view)
    return app.test_client()


def test_a_get_view_that_writes_without_saying_so_fails_every_time(kiosk_app, database):
    @access("open")
    def sneaky_write():
        db = kiosk_app.extensions["brobygger"].db_session()
        db.execute(text("UPDATE prison SET name = name"))
        return "written"

    client = _with_view(kiosk_app, "/test/sneaky", sneaky_write)
    for _attempt in range(2):
        with pytest.raises(ReadOnlyTransaction):
            client.get("/test/sneaky")


def test_a_get_view_that_declares_its_writes_may_write(kiosk_app, database):
    @access("open", writes=True)
    def declared_write():
        db = kiosk_app.extensions["brobygger"].db_session()
        db.execute(text("UPDATE prison SET name = 'Skrevet' WHERE code = 'AAA'"))
        return "written"

    with database.session() as db:
        db.execute(text("INSERT INTO prison (code, name) VALUES ('AAA', 'Fengsel A')"))
    assert _with_view(kiosk_app, "/test/declared", declared_write).get(
        "/test/declared").get_data(as_text=True) == "written"
    with database.session() as db:
        assert db.execute(text("SELECT name FROM prison WHERE code = 'AAA'")).scalar() \
            == "Skrevet"


def test_what_a_read_keeps_back_is_written_after_it_or_dropped_when_it_fails(
        admin_app, database, clock):
    kept = []

    @access("public")
    def audited_read():
        db = admin_app.extensions["brobygger"].db_session()
        after_reading(db, lambda d: kept.append(reading(d)))  # in which transaction?
        audit.record(db, clock.now(), audit.Actor("system"), "test.read")
        return "read"

    @access("public")
    def failed_read():
        db = admin_app.extensions["brobygger"].db_session()
        audit.record(db, clock.now(), audit.Actor("system"), "test.failed_read")
        return "broken", 500

    admin_app.add_url_rule("/test/failed", "failed_read", failed_read)
    client = _with_view(admin_app, "/test/read", audited_read)
    assert client.get("/test/read").status_code == 200
    assert client.get("/test/failed").status_code == 500
    with database.session() as db:
        actions = db.scalars(select(AuditEvent.action)).all()
    assert kept == [False]  # it ran once, after the read, in a transaction that may write
    assert actions == ["test.read"]  # the failed request's event went with its rollback
