"""Backups that are consistent while the apps run, and restoring them.

- SQLite: the online backup API copies the database page by page inside one read
  transaction, so writers (in WAL mode) go on and the copy is one consistent moment.
- PostgreSQL: `pg_dump --format=custom` (one snapshot), restored with `pg_restore`.

Backups are files named brobygger-<UTC time>.<sqlite|pgdump> in the backup folder; the
newest `keep` are kept. A restore refuses to overwrite a database that has data unless
told to (`force`), and should be followed by `brobygger audit verify`.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from core.config import sqlite_path

SUFFIXES = {"sqlite": ".sqlite", "postgresql": ".pgdump"}


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _kind(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        return "sqlite"
    if database_url.startswith("postgresql"):
        return "postgresql"
    raise BackupError(f"no backup method for {make_url(database_url).drivername}")


def _libpq(database_url: str) -> tuple[str, dict]:
    """A libpq connection string for pg_dump/pg_restore, with the password (if any) in
    the environment rather than on the command line."""
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def backup(database_url: str, folder: Path, now: datetime, keep: int = 14) -> Path:
    """Write a backup into ``folder`` and return its path; older ones beyond ``keep`` go."""
    kind = _kind(database_url)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    target = folder / f"brobygger-{now.strftime('%Y%m%dT%H%M%S%fZ')}{SUFFIXES[kind]}"
    partial = target.with_suffix(target.suffix + ".partial")
    if kind == "sqlite":
        source = sqlite_path(database_url)
        if source is None or not source.exists():
            raise BackupError(f"no SQLite database at {source}")
        _copy_sqlite(source, partial)
    else:
        dsn, env = _libpq(database_url)
        result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-acl",
                                 "--file", str(partial), dsn],
                                env=env, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    os.chmod(partial, 0o600)
    partial.replace(target)
    _prune(folder, SUFFIXES[kind], keep)
    return target


def _copy_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _prune(folder: Path, suffix: str, keep: int) -> None:
    backups = sorted(folder.glob(f"brobygger-*{suffix}"))
    for old in backups[:-keep] if keep > 0 else []:
        old.unlink()


def restore(backup_file: Path, database_url: str, *, force: bool = False) -> None:
    """Bring a backup back into the database at ``database_url``. The apps must be stopped."""
    kind = _kind(database_url)
    if not backup_file.is_file():
        raise BackupError(f"no backup file at {backup_file}")
    if backup_file.suffix != SUFFIXES[kind]:
        raise BackupError(f"{backup_file.name} is not a {kind} backup")
    if kind == "sqlite":
        target = sqlite_path(database_url)
        if target is None:
            raise BackupError("restore needs a SQLite file, not an in-memory database")
        if target.exists() and target.stat().st_size and not force:
            raise BackupError(f"{target} exists; give --force to overwrite it")
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (target.with_name(target.name + "-wal"),
                         target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        _copy_sqlite(backup_file, target)
        return
    dsn, env = _libpq(database_url)
    if not force:
        check = subprocess.run(["psql", "--no-psqlrc", "--tuples-only", "--command",
                                "SELECT count(*) FROM information_schema.tables "
                                "WHERE table_schema = 'public'", dsn],
                               env=env, capture_output=True, text=True, timeout=60)
        if check.returncode != 0:
            raise BackupError(f"cannot reach the database: {check.stderr.strip()}")
        if int(check.stdout.strip() or 0) > 0:
            raise BackupError("the database has tables; give --force to replace them")
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-acl",
                             "--single-transaction", "--dbname", dsn, str(backup_file)],
                            env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
