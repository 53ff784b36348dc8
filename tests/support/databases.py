"""The databases every test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

A schema is migrated once per backend; each test then starts from empty tables.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import text

from core import migrate
from core.db import Database, make_engine
from core.models import Base

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


class SqliteTemplate:
    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        engine = make_engine(f"sqlite:///{self.path}")
        migrate.upgrade(engine)
        engine.dispose()

    def fresh(self, directory: Path) -> str:
        target = directory / "test.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


class PostgresSchema:
    def __init__(self) -> None:
        self.url = os.environ["TEST_DATABASE_URL"]
        engine = make_engine(self.url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(engine)
        engine.dispose()
        self.database = Database(self.url)

    def fresh(self) -> str:
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with self.database.engine.begin() as connection:
            # TRUNCATE does not fire the audit log's UPDATE/DELETE triggers.
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return self.url
