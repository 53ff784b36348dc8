"""PostgreSQL restarted under load: the kiosk carries on without a restart of its own
(the pool checks a connection before handing it out), and what is asked during the
outage gets the friendly "try again" page (503), never a stack trace or a dropped
connection. The restart is of a private PostgreSQL instance (initdb in a temporary
folder), never of the machine's shared server.

It runs when PostgreSQL is part of the run (TEST_DATABASE_URL set, as in CI), and then
needs PostgreSQL 15's initdb and pg_ctl (tests.support.servers.PG_BIN).
"""
from __future__ import annotations

import os
import threading
import time

from core import audit, migrate
from core.db import Database, make_engine
from tests.support import world as world_module
from tests.support.servers import Dropped, Gunicorn, PrivatePostgres, kiosk_browser, wait_for
from tests.support.world import PIN

BROWSERS = 3
FRIENDLY = ("Noe gikk galt", "Prøv igjen")


class Load(threading.Thread):
    """A signed-in inmate browsing and starting a request, over and over, noting when
    each answer was asked for, and what it was."""

    def __init__(self, client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.stop = threading.Event()
        self.answers: list[tuple[float, float, str]] = []  # asked, answered, what
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                for call in (lambda: self.client.get("/requests/"),
                             lambda: self.client.post("/requests/new/topic",
                                                      {"topic": "dagpenger"})):
                    asked = time.monotonic()
                    what = _what(call)
                    self.answers.append((asked, time.monotonic(), what))
        except BaseException as error:  # noqa: B036 - reported by the test
            self.error = error

    def ok_since(self, moment: float) -> int:
        return sum(1 for asked, _, what in self.answers if asked > moment and what == "ok")


def _what(call) -> str:
    try:
        status, _, body = call()
    except Dropped:
        return "dropped"
    if "Traceback" in body:
        return "stack trace"
    if status in (200, 302):
        return "ok"
    if status == 503 and all(text in body for text in FRIENDLY):
        return "friendly 503"
    return f"HTTP {status}"


def _restart_under_load(tmp_path, clock, hasher) -> None:
    postgres = PrivatePostgres()
    server = None
    loads: list[Load] = []
    try:
        engine = make_engine(postgres.url)
        migrate.upgrade(engine)
        engine.dispose()
        database = Database(postgres.url)
        with database.session() as db:
            world = world_module.build(db, clock.now(), hasher)
            numbers = world_module.add_inmates(db, clock.now(), hasher, world, BROWSERS)
        server = Gunicorn("kiosk", postgres.url, tmp_path, workers=2)
        loads = [Load(kiosk_browser(server.port, world.credentials["a"], n, PIN))
                 for n in numbers]
        watcher = kiosk_browser(server.port, world.credentials["a"], "A100", PIN)
        for load in loads:
            load.start()
        started = time.monotonic()
        wait_for(lambda: all(load.ok_since(started) >= 3 for load in loads), 120, "the load")

        stopping = time.monotonic()
        postgres.stop("fast")  # every session ended at once, as in a restart
        stopped = time.monotonic()
        # During the outage: the friendly page for pages and forms, 503 for the health check.
        assert _what(lambda: watcher.get("/requests/")) == "friendly 503"
        assert _what(lambda: watcher.post("/requests/new/topic", {"topic": "dagpenger"})
                     ) == "friendly 503"
        assert server.request_status("/healthz") == 503
        wait_for(lambda: all(any(asked > stopped for asked, _, _ in load.answers)
                             for load in loads), 60, "requests during the outage")

        restarting = time.monotonic()
        postgres.start()  # returns once it takes connections
        restarted = time.monotonic()
        # The same workers, the same signed-in sessions: no restart of the app needed.
        assert _what(lambda: watcher.get("/requests/")) == "ok"
        assert server.request_status("/healthz") == 200
        wait_for(lambda: all(load.ok_since(restarted) >= 3 for load in loads), 120,
                 "the load after the restart")
        for load in loads:
            load.stop.set()
        for load in loads:
            load.join(timeout=60)
        assert [load.error for load in loads] == [None] * BROWSERS

        answers = [a for load in loads for a in load.answers]
        before = {what for asked, answered, what in answers if answered < stopping}
        outage = {what for asked, answered, what in answers
                  if asked > stopped and answered < restarting}
        in_flight = {what for asked, answered, what in answers
                     if asked < stopping < answered}  # asked as the server went down
        after = {what for asked, answered, what in answers if asked > restarted}
        assert (before, after) == ({"ok"}, {"ok"})
        assert outage == {"friendly 503"}
        assert in_flight <= {"ok", "friendly 503"}
        with database.session() as db:
            assert audit.verify_session(db)[1] is None
        database.dispose()
    finally:
        for load in loads:
            load.stop.set()
        if server is not None:
            server.stop()
        postgres.destroy()


if os.environ.get("TEST_DATABASE_URL"):  # PostgreSQL is part of this run
    def test_a_postgres_restart_under_load_needs_no_app_restart(tmp_path, clock, hasher):
        _restart_under_load(tmp_path, clock, hasher)
