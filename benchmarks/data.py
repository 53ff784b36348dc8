"""National-scale data for the load benchmark, loaded once and kept.

SQLite: `brobygger demo --scale national` into instance/bench/national-<key>.db, where the
key is a digest of core/demo/national.py, the migrations' head and every migration's text,
so a changed loader or schema (a revision edited in place too) loads again by itself;
each run works on a copy, so every run starts from the same data. PostgreSQL: loaded into
the given database once (the key is kept as the prison table's comment); runs add their
few thousand rows to it.
"""
from __future__ import annotations

import hashlib
import os
import resource
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from core import PROJECT_ROOT, migrate
from core.demo import bulk, national, national_audit
from kiosk import TERMINAL_COOKIE

BENCH_DIR = PROJECT_ROOT / "instance" / "bench"
COUNTED = (("prison", None), ("terminal", None), ("staff_user", None),
           ("inmate", "status = 'present'"), ("inmate", "status = 'released'"),
           ("request", None), ("request", "status NOT IN ('closed', 'declined', 'cancelled')"),
           ("request_event", None), ("request_message", None),
           ("form_submission", "form_key = 'meldekort'"), ("benefit_plan", None),
           ("audit_event", None))


def scale_label(scale: float) -> str:
    """0.5 -> "0.5x", 1.0 -> "1x", 4.0 -> "4x"."""
    return f"{scale:g}x"


def cache_key() -> str:
    digest = hashlib.sha256()
    for loader in (national, bulk, national_audit):  # what writes the data
        digest.update(Path(loader.__file__).read_bytes())
    digest.update(migrate.head().encode())
    for revision in sorted((migrate.MIGRATIONS / "versions").glob("*.py")):
        digest.update(revision.read_bytes())
    return digest.hexdigest()[:12]


def _brobygger() -> list[str]:
    script = Path(sys.executable).with_name("brobygger")
    return [str(script)] if script.exists() else [sys.executable, "-m", "core.cli"]


def _load(url: str, env: dict[str, str], scale: float = 1.0) -> float:
    """`brobygger demo --scale national --factor SCALE` into ``url``, its progress bar on
    this terminal; the CPU seconds the loader's process used (the database server's own
    work not included), a figure that does not depend on how busy the machine was."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*_brobygger(), "demo", "--scale", "national", "--factor", f"{scale:g}"],
                   check=True, cwd=PROJECT_ROOT, env={**env, "DATABASE_URL": url})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_note(path: Path) -> str:
    """When and how fast the cached data was loaded, as recorded next to it."""
    try:
        note = json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return "load time not recorded"
    return (f"loaded {note['at']} in {note['seconds']:.0f} s"
            + (f" (the loader's CPU {note['cpu']:.0f} s)" if "cpu" in note else "")
            + (f" (load average {note['load_average']:.2f})" if "load_average" in note else ""))


def sqlite_cache(env: dict[str, str], reload: bool = False, say=print,
                 scale: float = 1.0) -> Path:
    """The loaded SQLite file, loading it first when it is missing (or ``reload``)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"national-{cache_key()}-{scale_label(scale)}.db"
    if path.exists() and not reload:
        say(f"National data: {path.relative_to(PROJECT_ROOT)} (cached, {load_note(path)}; "
            "--reload loads again)")
        return path
    for old in [*BENCH_DIR.glob(f"national-*-{scale_label(scale)}.db*"),
                *BENCH_DIR.glob(f"national-*-{scale_label(scale)}.json")]:
        old.unlink()
    loading = BENCH_DIR / f"loading-{scale_label(scale)}.db"
    for leftover in BENCH_DIR.glob(f"loading-{scale_label(scale)}.db*"):
        leftover.unlink()
    say("National data: loading into SQLite (a few minutes, once) ...")
    started = time.monotonic()
    cpu = _load(f"sqlite:///{loading}", env, scale)
    seconds = time.monotonic() - started
    # One file, nothing left in the WAL. No ANALYZE: the app never runs it, so the
    # planner sees what it sees in a real installation.
    with sqlite3.connect(loading) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    loading.rename(path)
    path.with_suffix(".json").write_text(json.dumps({
        "at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "seconds": seconds,
        "load_average": os.getloadavg()[0], "cpu": cpu}))
    return path


def working_copy(cache: Path) -> str:
    """A fresh copy of the cached file for this run; its SQLAlchemy URL."""
    run = BENCH_DIR / "run.db"
    for old in BENCH_DIR.glob("run.db*"):
        old.unlink()
    shutil.copyfile(cache, run)
    return f"sqlite:///{run}"


LOAD_LOCK = 726174  # held (pg_advisory_lock) while a database is checked and loaded


class StillLoading(Exception):
    """Another process is loading this database and did not finish in time."""


class NotLoaded(Exception):
    """The database does not hold this data, and the run was told not to load it."""


MAINTENANCE_DATABASE = "postgres"  # every PostgreSQL server has it; CREATE DATABASE runs there
DUPLICATE_DATABASE = "42P04"  # SQLSTATE: another process created it first


def maintenance_url(url: str) -> URL:
    """``url`` (user, password, host, port, driver and its query kept) pointed at the
    server's maintenance database instead of the one it names."""
    return make_url(url).set(database=MAINTENANCE_DATABASE)


def create_database_sql(name: str) -> str:
    """CREATE DATABASE for ``name`` exactly as the URL spells it: always quoted (a name
    with capitals, a hyphen or a quote in it is still that name, never folded or split)."""
    quoted = postgresql.dialect().identifier_preparer.quote_identifier(name)
    return f"CREATE DATABASE {quoted}"


def ensure_database(url: str, say=print, create: bool = True) -> bool:
    """Make the PostgreSQL database ``url`` names when the server has none of that name,
    from the server's ``postgres`` database as the same user, in autocommit (CREATE
    DATABASE cannot run in a transaction). Returns whether it is there now: False only with
    ``create`` false and no such database. Needs the CREATEDB privilege only to create."""
    name = make_url(url).database
    if not name:
        return True  # no name: the server's default for the user, which must exist
    engine = create_engine(maintenance_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": name}).scalar():
                return True
            if not create:
                return False
            try:
                connection.execute(text(create_database_sql(name)))
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) != DUPLICATE_DATABASE:
                    raise SystemExit(f"bench: PostgreSQL has no database {name!r} and it could "
                                     f"not be created: {error.orig}") from error
                return True  # another run made it a moment ago
    finally:
        engine.dispose()
    say(f"PostgreSQL: created the database {name!r}")
    return True


def postgres_ready(url: str, env: dict[str, str], reload: bool = False, say=print,
                   scale: float = 1.0, wait: float | None = None, load: bool = True) -> str:
    """Migrate the PostgreSQL database and load the national data unless it is there
    (with this key). ``reload`` or another key drops the public schema first. Returns when
    and how fast the data was loaded. The database is created first when the server has
    none of that name (unless told not to load). While it checks and loads, it holds an
    advisory lock on the database, so a run waits for another process loading it (at most
    ``wait`` seconds, then StillLoading) instead of loading it again."""
    if not ensure_database(url, say, create=load):
        raise NotLoaded(f"the {scale_label(scale)} data is not loaded (no database)")
    key = f"brobygger-bench {cache_key()} {scale_label(scale)}"
    engine = create_engine(url)
    lock = engine.connect()
    try:
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while not lock.execute(text("SELECT pg_try_advisory_lock(:key)"),
                               {"key": LOAD_LOCK}).scalar():
            lock.rollback()
            if deadline is not None and time.monotonic() > deadline:
                raise StillLoading(f"{scale_label(scale)} is still being loaded")
            if not told:
                say(f"National data at {scale_label(scale)}: another process is loading it; "
                    "waiting ...")
                told = True
            time.sleep(5)
        lock.commit()
        return _postgres_ready(engine, key, url, env, reload, say, scale, load)
    finally:
        lock.close()  # the session ends, and the lock with it
        engine.dispose()


def _postgres_ready(engine, key, url, env, reload, say, scale, load=True) -> str:
    with engine.connect() as connection:
        found = connection.execute(text(
            "SELECT obj_description(to_regclass('public.prison'), 'pg_class')")).scalar()
    if found and found.startswith(key + " ") and not reload:
        note = found[len(key) + 1:]
        say(f"National data: already in PostgreSQL ({note}; --reload loads again)")
        return note
    if not load:
        raise NotLoaded(f"the {scale_label(scale)} data is not loaded")
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    say(f"National data at {scale_label(scale)}: loading into PostgreSQL (once) ...")
    started = time.monotonic()
    cpu = _load(url, env, scale)
    loaded = time.monotonic() - started
    # What autovacuum does within minutes of a bulk load anyway: statistics for the
    # planner, and hint bits and the visibility map set, so that the first reads of the
    # benchmark do not pay for writing them.
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("VACUUM (ANALYZE)"))
    note = (f"loaded {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} in "
            f"{loaded:.0f} s (the loader's own CPU {cpu:.0f} s), then VACUUM (ANALYZE) in "
            f"{time.monotonic() - started - loaded:.0f} s; load average "
            f"{os.getloadavg()[0]:.2f}")
    with engine.begin() as connection:
        quoted = f"{key} {note}".replace("'", "''")
        connection.execute(text(f"COMMENT ON TABLE prison IS '{quoted}'"))
    return note


def counts(url: str) -> dict[str, int]:
    """Rows per table (and the open requests and present inmates) for the report."""
    engine = create_engine(url)
    result = {}
    try:
        with engine.connect() as connection:
            for table, where in COUNTED:
                label = f"{table} ({where})" if where else table
                sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
                result[label] = connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()
    return result


def plan(url: str, terminals: int, advisers: int) -> dict:
    """Who the simulated users are: per terminal user a terminal of its own and inmates of
    its prison that no other user signs in; the advisers' usernames (distinct accounts,
    so no TOTP code is used twice); the bench credentials."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, prison_id FROM terminal WHERE revoked_at IS NULL "
                "ORDER BY id")).all()
            present: dict[int, list[str]] = {}
            for number, prison_id in connection.execute(text(
                    "SELECT inmate_number, prison_id FROM inmate WHERE status = 'present' "
                    "AND inmate_number LIKE 'B%' ORDER BY inmate_number")):
                present.setdefault(prison_id, []).append(number)
            trainers = dict(connection.execute(text(
                "SELECT p.prison_id, min(u.username) FROM staff_user u "
                "JOIN staff_role r ON r.staff_id = u.id "
                "JOIN staff_prison p ON p.staff_id = u.id "
                "WHERE r.role = 'trainer' GROUP BY p.prison_id")).all())
            adviser_names = connection.execute(text(
                "SELECT u.username FROM staff_user u JOIN staff_role r ON r.staff_id = u.id "
                "WHERE r.role = 'adviser' AND u.username LIKE 'adviser%' "
                "ORDER BY u.username")).scalars().all()
    finally:
        engine.dispose()
    by_prison: dict[int, list[int]] = {}
    for terminal_id, prison_id in rows:
        by_prison.setdefault(prison_id, []).append(terminal_id)
    # Across prisons: the first terminal of every prison, then the second, ...
    order = [ids[round_] for round_ in range(max(map(len, by_prison.values()), default=0))
             for ids in by_prison.values() if round_ < len(ids)]
    if terminals > len(order) - 1:  # the last one is kept for the size probe
        raise SystemExit(f"{terminals} terminals asked for; the data has {len(order) - 1}")
    prison_of = {t: p for t, p in rows}
    per_terminal = {p: max(1, len(present.get(p, [])) // max(1, len(ids)))
                    for p, ids in by_prison.items()}
    chosen = []
    for terminal_id in [*order[:terminals], order[-1]]:
        prison_id = prison_of[terminal_id]
        slot = by_prison[prison_id].index(terminal_id)
        share = per_terminal[prison_id]
        # Tiny data (a quick try) may have fewer present inmates than terminals: then
        # the prison's terminals share them.
        inmates = present.get(prison_id, [])[slot * share:(slot + 1) * share][:20] or \
            present.get(prison_id, [])[:20]
        if not inmates:
            raise SystemExit(f"no present inmates in prison {prison_id} for terminal {terminal_id}")
        chosen.append({"cookie": TERMINAL_COOKIE, "credential":
                       f"{terminal_id}.{national.BENCH_TERMINAL_SECRET.format(id=terminal_id)}",
                       "inmates": inmates})
    # The last adviser is kept for the size probe (benchmarks/probe.py).
    if advisers > len(adviser_names) - 1:
        raise SystemExit(f"{advisers} advisers asked for; the data has {len(adviser_names) - 1}")
    probe = chosen.pop()
    probe["prison_id"] = prison_of[order[-1]]
    probe["trainer"] = trainers[probe["prison_id"]]
    return {"pin": national.BENCH_PIN, "password": national.BENCH_PASSWORD,
            "totp_secret": national.BENCH_TOTP_SECRET, "terminals": chosen,
            "advisers": adviser_names[:advisers], "probe_adviser": adviser_names[-1],
            "probe": probe}
