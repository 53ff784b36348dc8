"""Measures the foundation's hot paths on this machine and prints a table.

    python -m benchmarks micro                       # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgresql+psycopg://... python -m benchmarks micro

The PostgreSQL database's public schema is dropped and recreated.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date

from sqlalchemy import text

from core import audit, migrate
from core.audit import Actor
from core.clock import SystemClock
from core.config import Settings
from core.db import Database
from core.models import Terminal
from core.security.hashing import SecretHasher, token_digest
from core.services.people import inmates, prisons, staff


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def row(name: str, samples: list[float], unit: str = "ms") -> str:
    median = statistics.median(samples) * 1000
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1] * 1000
    return f"{name:<52} {median:9.2f} {p95:9.2f} {unit}  (n={len(samples)})"


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp()
    url = url or f"sqlite:///{tmp}/bench.db"
    database = Database(url)
    if url.startswith("postgresql"):
        with database.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(database.engine)
    settings = Settings(env="test", database_url=url, secret_key="bench")
    production = SecretHasher.from_settings(settings)
    cheap = SecretHasher(1, 8, 1)
    clock = SystemClock()
    now = clock.now()
    print(f"database: {database.engine.dialect.name}, cores: {os.cpu_count()}")
    print(f"{'measure':<52} {'median':>9} {'p95':>9}")

    stored = production.hash("482915")
    print(row("argon2id PIN check, production cost (m=64MiB,t=3)",
              timed(lambda: production.verify(stored, "482915"), 20)))

    # A national-scale prison population: 44 prisons, 4,000 inmates.
    with database.session() as db:
        prison_rows = [prisons.create(db, now, None, f"P{i:02d}", f"Fengsel {i}")
                       for i in range(44)]
        for prison in prison_rows:
            prisons.add_unit(db, now, None, prison, "Avdeling 1")
        admin = staff.create(db, now, None, staff.StaffData(
            "bench.admin", "Bench", {staff.Role.SYSTEM_ADMIN}, set()), "x" * 12, cheap)
        for n in range(4000):
            prison = prison_rows[n % 44]
            inmate = inmates.create(db, now, admin, inmates.InmateData(
                inmate_number=f"N{n:05d}", name=f"Innsatt {n}", prison_id=prison.id,
                unit_id=None, municipality_number="0301", language="nb",
                expected_release=date(2027, 1, 1)))
            inmate.pin_hash = stored if n == 0 else None
        terminal = Terminal(prison_id=prison_rows[0].id, name="T", supervised=False,
                            created_at=now, enrolled_at=now, credential_hash=token_digest("s"))
        db.add(terminal)
    credential = f"{terminal.id}.s"

    def append():
        with database.session() as db:
            audit.record(db, clock.now(), Actor("system"), "bench.event")
    print(row("audit event append (own transaction)", timed(append, 300)))

    with database.session() as db:
        count = timed(lambda: audit.verify_session(db), 3)
    print(row(f"audit verify, whole chain (~{4000 + 300 + 100} events)", count))

    from kiosk import create_app

    app = create_app(settings, database=database, hasher=production)
    client = app.test_client()
    client.set_cookie("bb_terminal", credential)
    app.config["WTF_CSRF_ENABLED"] = False

    def sign_in():
        client.post("/", data={"inmate_number": "N00000", "pin": "482915"})
    print(row("kiosk sign-in request, production argon2", timed(sign_in, 10)))
    print(row("kiosk home page, signed in", timed(lambda: client.get("/home"), 200)))

    from admin import create_app as create_admin

    admin_app = create_admin(settings, database=database, hasher=cheap)
    admin_app.config["WTF_CSRF_ENABLED"] = False
    with admin_app.test_client() as staff_client:
        with staff_client.session_transaction() as session:
            session["staff_id"] = admin.id
        print(row("admin inmate list, 4,000 inmates (first 500 shown)",
                  timed(lambda: staff_client.get("/inmates/"), 20)))
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
