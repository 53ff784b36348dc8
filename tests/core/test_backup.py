"""Backups taken while the apps write, restored and checked (row counts, audit chain)."""
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from core import audit, backup, migrate
from core.audit import Actor
from core.db import Database
from core.models import AuditEvent, SignInAttempt
from core.services import throttle


class Writers:
    """Two threads writing until stopped: audit events, and sign-in attempts."""

    def __init__(self, database: Database, clock) -> None:
        self.database, self.clock = database, clock
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(kind,), daemon=True)
                        for kind in ("audit", "attempt")]

    def _run(self, kind: str) -> None:
        try:
            while not self.stop.is_set():
                with self.database.session() as db:
                    if kind == "audit":
                        audit.record(db, self.clock.now(), Actor.system(), "test.write")
                    else:
                        throttle.record(db, self.clock.now(), "inmate", "X1", "failure")
        except BaseException as error:  # noqa: B036 - reported by the test
            self.errors.append(error)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def _counts(database: Database) -> tuple[int, int]:
    with database.session() as db:
        return (db.scalar(select(func.count()).select_from(AuditEvent)),
                db.scalar(select(func.count()).select_from(SignInAttempt)))


def _restore_target(database_url: str, tmp_path: Path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.db'}"
    url = make_url(database_url)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_a_backup_during_writes_restores_whole(database_url, database, clock, tmp_path):
    with database.session() as db:
        for _ in range(20):
            audit.record(db, clock.now(), Actor.system(), "test.before")
    with Writers(database, clock) as writers:
        while min(_counts(database)) < 40 and not writers.errors:  # both are under way
            pass
        before = _counts(database)
        written = backup.backup(database_url, tmp_path / "backups", clock.now())
        after = _counts(database)
    assert writers.errors == []
    assert written.exists() and written.stat().st_mode & 0o777 == 0o600
    target = _restore_target(database_url, tmp_path)
    backup.restore(written, target)
    restored = Database(target)
    try:
        counts = _counts(restored)
        assert before[0] <= counts[0] <= after[0] and before[1] <= counts[1] <= after[1]
        with restored.session() as db:
            total, problem = audit.verify_session(db)
            assert problem is None and total == counts[0]
            assert migrate.current(restored.engine) == migrate.head()
    finally:
        restored.dispose()


def test_a_restore_refuses_to_overwrite_without_force(database_url, database, clock,
                                                     tmp_path):
    written = backup.backup(database_url, tmp_path, clock.now())
    with pytest.raises(backup.BackupError, match="force"):
        backup.restore(written, database_url)


def test_old_backups_are_pruned(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    migrate.upgrade(Database(url).engine)
    made = [backup.backup(url, tmp_path / "b", clock.now() + timedelta(minutes=i), keep=3)
            for i in range(5)]
    assert sorted((tmp_path / "b").iterdir()) == made[2:]


def test_a_wrong_kind_of_file_is_refused(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    wrong = tmp_path / "brobygger-1.pgdump"
    wrong.write_bytes(b"x")
    with pytest.raises(backup.BackupError, match="not a sqlite backup"):
        backup.restore(wrong, url)
