"""SQLite with 50 writers at once, through the real kiosk app and the audit log's writer:
every one succeeds ("database is locked" never reaches anyone) and the chain holds."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from core import audit
from core.audit import Actor
from core.config import Settings
from core.db import Database
from core.models import Inmate, Request
from core.services.requests import drafts as request_drafts
from kiosk import create_app
from tests.conftest import KioskHelper
from tests.support import world as world_module

WRITERS = 50


def test_fifty_writers_at_once_all_succeed(sqlite_template, tmp_path, clock, hasher):
    url = sqlite_template.fresh(tmp_path)
    database = Database(url, pool_size=WRITERS, max_overflow=0)  # 50 connections at once
    try:
        with database.session() as db:
            world = world_module.build(db, clock.now(), hasher)
            numbers = world_module.add_inmates(db, clock.now(), hasher, world, WRITERS)
        app = create_app(Settings(env="test", database_url=url, secret_key="test-secret",
                                  **world_module.PIN_SETTINGS),
                         database=database,
                         clock=clock, hasher=hasher)
        app.config.update(TESTING=True)
        start = threading.Barrier(WRITERS)
        failures: list[str] = []

        def write(n: int) -> None:
            try:
                kiosk = KioskHelper(app.test_client(), world)
                start.wait(timeout=120)
                # An audit event that opens its transaction: it reads the last event first.
                with database.session() as db:
                    audit.record(db, clock.now(), Actor.system(), "test.write", detail={"n": n})
                assert kiosk.sign_in(numbers[n]).status_code == 302
                response = kiosk.post("/requests/new/topic", {"topic": "dagpenger"})
                assert response.status_code == 302, response.status_code
                with database.session() as db:  # the next steps, as the pages save them
                    inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == numbers[n]))
                    request_drafts.save_draft(db, clock.now(), inmate, {
                        "kind": "question", "description": f"Nr {n}", "language": "nb",
                        "consents": []})
                response = kiosk.post("/requests/new/check", {"submit_key": f"writer-{n:02d}"})
                assert response.status_code == 302, response.get_data(as_text=True)[:300]
                assert "/receipt" in response.headers["Location"]
            except BaseException as error:  # noqa: B036 - reported below
                failures.append(f"{n}: {type(error).__name__}: {error}"[:300])

        threads = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert failures == []
        assert not any(thread.is_alive() for thread in threads)
        with database.session() as db:
            assert db.scalar(select(func.count()).select_from(Request)) == WRITERS
            total, problem = audit.verify_session(db)
            assert problem is None and total > 2 * WRITERS
    finally:
        database.dispose()
