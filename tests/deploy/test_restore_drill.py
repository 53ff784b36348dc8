"""The restore drill of deploy/README.md ("Backups"), step by step with the `brobygger`
command and the settings of deploy/server/brobygger.env.example: back up as the nightly
unit does, restore the newest backup into a scratch database, run `brobygger audit
verify` on it, and find every row again."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from core import audit
from core.audit import Actor
from core.cli import main
from core.db import Database
from core.models import AuditEvent, Inmate, Request
from tests.deploy.nginx_site import SERVER

ENV_FILE = SERVER / "brobygger.env.example"


def _production_env(database_url: str) -> dict[str, str]:
    """The example settings file as systemd reads it, with a real key and database."""
    env = {}
    for line in ENV_FILE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    assert env["BROBYGGER_ENV"] == "production"
    return {**env, "SECRET_KEY": "drill-secret", "PIN_PEPPER": "drill-pepper-0123456789abcdef0123",
            "DATABASE_URL": database_url}


def _brobygger(database_url: str, *args: str):
    result = CliRunner().invoke(main, list(args), env=_production_env(database_url))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def scratch(database_url, tmp_path):
    """The drill's scratch database: a new SQLite file, or a new PostgreSQL database
    beside the test database (created like `createdb`, dropped like `dropdb`)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'drill.db'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_drill"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def _counts(database: Database) -> dict[str, int]:
    with database.session() as db:
        return {model.__name__: db.scalar(select(func.count()).select_from(model))
                for model in (AuditEvent, Inmate, Request)}


def test_the_restore_drill(database_url, database, world, clock, tmp_path, scratch):
    with database.session() as db:
        for _ in range(5):
            audit.record(db, clock.now(), Actor.system(), "test.before_backup")
    before = _counts(database)
    assert before["AuditEvent"] >= 5 and before["Inmate"] > 0

    # brobygger-backup.service
    made = _brobygger(database_url, "backup", "--dir", str(tmp_path / "brobygger-backup"))
    newest = sorted((tmp_path / "brobygger-backup").iterdir())[-1]
    assert newest.name in made and newest.stat().st_mode & 0o777 == 0o600

    # The drill: restore into the scratch database, then check the audit chain.
    restored = _brobygger(scratch, "restore", str(newest))
    assert f"Audit chain intact: {before['AuditEvent']} events." in restored
    verified = _brobygger(scratch, "audit", "verify")
    assert re.search(rf"Audit chain intact: {before['AuditEvent']} events", verified)
    copy = Database(scratch)
    try:
        assert _counts(copy) == before
    finally:
        copy.dispose()
