"""The databases every test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

A schema is migrated once per backend and test process (each pytest-xdist worker is one);
each test then starts from empty tables:

- SQLite: the migrated file is the template; every test gets a copy of it.
- PostgreSQL: every worker has a database of its own, named after TEST_DATABASE_URL's with
  the worker's id appended (``test_gw0``), created at the start of the run and dropped at
  its end; a run without workers uses TEST_DATABASE_URL's database itself. Before each
  test, the rows of every table that has any are deleted (with triggers and foreign keys
  off for that one statement batch: the audit log refuses DELETE otherwise) and the
  sequences used are reset, so the tables are empty and ids start at 1 again. Rows then
  come back in the order they were inserted, as after ``TRUNCATE``, because nothing frees
  the deleted rows' space for reuse: autovacuum is off on the test tables, and new rows
  go at the end. Every ``TRUNCATE_EVERY`` tests the touched tables are truncated instead,
  so dead rows never pile up. (TRUNCATE ... CASCADE before every test took 0.5 to 0.8 s:
  it makes new files for nearly every table and index; DELETE of a few rows takes
  milliseconds.)

A test that asks for the world (tests/conftest.py) starts instead from a database that
already holds it (tests/support/world_template.py): SQLite copies a second template file
with the world built in it; PostgreSQL, after emptying, inserts the world's rows again,
kept in memory from building it once, and sets the sequences where the build left them.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from core import migrate
from core.db import make_engine
from core.models import Base
from tests.support import world_template

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... under xdist
TRUNCATE_EVERY = 100  # PostgreSQL: tests between two truncations (see above)


class SqliteTemplate:
    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        engine = make_engine(f"sqlite:///{self.path}")
        migrate.upgrade(engine)
        engine.dispose()
        self.directory = directory
        self._built: dict[str, object] = {}  # key -> what its build returned

    def fresh(self, directory: Path) -> str:
        target = directory / "test.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"

    def fresh_with(self, directory: Path, key: str, build) -> tuple[str, object]:
        """A copy of a second template that ``build(url)`` filled when a test first asked
        for ``key``, and what that build returned."""
        template = self.directory / f"template-{key}.db"
        if key not in self._built:
            shutil.copyfile(self.path, template)
            self._built[key] = build(f"sqlite:///{template}")
        target = directory / "test.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}", self._built[key]

    def fresh_with_world(self, directory: Path) -> tuple[str, world_template.Shape]:
        return self.fresh_with(directory, "world", world_template.capture)


def _admin_engine(url):
    return make_engine(url.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT")


class PostgresSchema:
    """This process's PostgreSQL database: migrated once, emptied before every test."""

    def __init__(self) -> None:
        base = make_url(os.environ["TEST_DATABASE_URL"])
        self.own_database = None
        if WORKER:
            self.own_database = f"{base.database}_{WORKER}"
            self._run_on(base, f'DROP DATABASE IF EXISTS "{self.own_database}" WITH (FORCE)',
                         f'CREATE DATABASE "{self.own_database}"')
        self.base = base
        url = base.set(database=self.own_database) if self.own_database else base
        self.url = url.render_as_string(hide_password=False)
        self.engine = make_engine(self.url)
        with self.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(self.engine)
        # A test database need not survive a crash of the server: commits do not wait
        # for the disk (a commit then costs about a millisecond instead of five).
        with self.engine.begin() as connection:
            connection.execute(text(
                f'ALTER DATABASE "{url.database}" SET synchronous_commit = off'))
        self.engine.dispose()  # the setting holds for connections opened from now on
        self.tables = [table.name for table in Base.metadata.sorted_tables]
        with self.engine.begin() as connection:  # see the module's docstring
            for name in self.tables:
                connection.execute(text(f'ALTER TABLE "{name}" SET (autovacuum_enabled = off)'))
        # Tables with a row in them, children first (the reverse of sorted_tables).
        self._with_rows = text(" UNION ALL ".join(
            f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")"
            for name in reversed(self.tables)))
        # A table no test has written to since its TRUNCATE has no pages at all.
        self._touched = text(" UNION ALL ".join(
            f"SELECT '{name}' WHERE pg_relation_size('{name}') > 0" for name in self.tables))
        self._emptied = 0
        self._used_sequences = text(
            "SELECT schemaname || '.' || sequencename, start_value FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL")
        self._built: dict[str, tuple] = {}  # key -> (what build returned, rows, sequences)

    @staticmethod
    def _run_on(url, *statements: str) -> None:
        engine = _admin_engine(url)
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.execute(text(statement))
        finally:
            engine.dispose()

    def fresh(self) -> str:
        self._emptied += 1
        with self.engine.begin() as connection:
            if self._emptied % TRUNCATE_EVERY == 0:
                touched = [row[0] for row in connection.execute(self._touched)]
                if touched:
                    # Fresh files for the tables written to (even rolled back). TRUNCATE
                    # does not fire the audit log's UPDATE/DELETE triggers.
                    connection.execute(text(f"TRUNCATE {', '.join(touched)} CASCADE"))
            else:
                with_rows = [row[0] for row in connection.execute(self._with_rows)]
                if with_rows:
                    # Triggers (the audit log's append-only rule) and foreign-key checks
                    # off for these statements: every table with rows is emptied.
                    connection.execute(text("SET LOCAL session_replication_role = replica"))
                    for name in with_rows:
                        connection.execute(text(f'DELETE FROM "{name}"'))
            for sequence, start in connection.execute(self._used_sequences).all():
                connection.execute(text("SELECT setval(:sequence, :start, false)"),
                                   {"sequence": sequence, "start": start})
        return self.url

    def fresh_with(self, key: str, build) -> tuple[str, object]:
        """An emptied database holding what ``build(url)`` wrote when a test first asked
        for ``key`` (its rows kept in memory and inserted again), and what it returned."""
        url = self.fresh()
        if key not in self._built:
            made = build(url)
            with self.engine.connect() as connection:
                rows = {table: [dict(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)).mappings()]
                    for table in Base.metadata.sorted_tables}
                sequences = connection.execute(text(
                    "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = current_schema() AND last_value IS NOT NULL")).all()
            self._built[key] = made, {t: r for t, r in rows.items() if r}, sequences
            return url, made  # built in place just now
        made, rows, sequences = self._built[key]
        with self.engine.begin() as connection:
            # Parents first (sorted_tables); the audit log's triggers refuse only changes.
            for table, table_rows in rows.items():
                connection.execute(table.insert(), table_rows)
            for sequence, value in sequences:
                connection.execute(text("SELECT setval(:sequence, :value, true)"),
                                   {"sequence": sequence, "value": value})
        return url, made

    def fresh_with_world(self) -> tuple[str, world_template.Shape]:
        return self.fresh_with("world", world_template.capture)

    def close(self) -> None:
        self.engine.dispose()
        if self.own_database:
            self._run_on(self.base, f'DROP DATABASE IF EXISTS "{self.own_database}" WITH (FORCE)')
