"""What a kiosk worker holds in memory: a short, in-process measurement (not a load test).

    python -m benchmarks memory [--scale 0.05] [--rounds 12] [--threads 4] [--trace]

It loads the national data at a fraction of its size (``--scale``) into a temporary SQLite
file, makes the kiosk app as a gunicorn worker has it (production settings and argon2
cost, ``kiosk.wsgi``'s memory settings), and lets ``--threads`` terminals (the threads of a
gthread worker with GUNICORN_THREADS=4; one by default, so a worst case) each go
``--rounds`` times through sign-in, home, "My requests", a
request, the meldekort list, the lessons and two lesson steps, sign-out, through Flask's
test client. It prints the process's resident memory (VmRSS, as the benchmark reads a
worker's) after the imports, after the app is made and after the requests, the size of
every cache that grows with use, and with ``--trace`` the Python allocations that grew
most (tracemalloc, which slows the requests down several times).
"""
from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path


PIN_PEPPER = "bench-pin-pepper-0123456789abcdef0123456789"  # as benchmarks/run.py's


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.05,
                        help="share of the national data to load (default 0.05)")
    parser.add_argument("--rounds", type=int, default=12, help="rounds per terminal (12)")
    parser.add_argument("--threads", type=int, default=4,
                        help="terminals at once, as a gthread worker's threads (4: a worst case)")
    parser.add_argument("--trace", action="store_true",
                        help="also list the Python allocations that grew most (slow)")
    parser.add_argument("--no-malloc-settings", action="store_true",
                        help="leave glibc's malloc as it comes (to compare)")
    return parser.parse_args(argv)


def _load(url: str, scale: float, env: dict[str, str], threads: int, plan: str) -> None:
    """In a process of its own: the data at ``scale``, and who signs in where (to ``plan``)."""
    from benchmarks import data
    from core import migrate
    from core.clock import SystemClock
    from core.config import Settings
    from core.db import Database
    from core.demo import national
    from core.security.hashing import SecretHasher

    for name in ("CURRENT", "RELEASED", "REQUESTS", "MELDEKORT"):
        setattr(national, name, max(200, int(getattr(national, name) * scale)))
    database = Database(url)
    migrate.upgrade(database.engine)
    settings = Settings.from_env(env)
    with database.session() as db:
        national.load(db, SystemClock().now(), SecretHasher.from_settings(settings),
                      SecretHasher.for_pins(settings), lambda _what, _rows: None)
    database.dispose()
    Path(plan).write_text(json.dumps(data.plan(url, threads, 0)))


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def _token(html: str) -> str:
    found = CSRF.search(html)
    return (found.group(1) or found.group(2)) if found else ""


def _terminal(app, terminal: dict, pin: str, rounds: int, failures: list[str]) -> int:
    """One terminal's rounds; the number of requests made."""
    client = app.test_client()
    client.set_cookie(terminal["cookie"], terminal["credential"])
    made = 0

    def get(path: str, expect=(200,)):
        nonlocal made
        made += 1
        response = client.get(path)
        if response.status_code not in expect:
            failures.append(f"GET {path}: {response.status_code}")
        return response.get_data(as_text=True)

    def post(path: str, data: dict, expect=(302, 303)):
        nonlocal made
        made += 1
        response = client.post(path, data=data)
        if response.status_code not in expect:
            failures.append(f"POST {path}: {response.status_code}")
        return response

    inmates = terminal["inmates"]
    for number in range(rounds):
        page = get("/")
        post("/", {"csrf_token": _token(page), "inmate_number": inmates[number % len(inmates)],
                   "pin": pin})
        get("/home")
        listing = get("/requests/")
        ids = re.findall(r'href="/requests/(\d+)"', listing)
        if ids:
            get(f"/requests/{ids[number % len(ids)]}")
        get("/forms/meldekort/")
        lessons = get("/lessons/")
        starts = re.findall(r'href="(/lessons/[^/"]+/steps/[^/"]+)"[^>]*data-start', lessons)
        if starts:
            step = get(starts[number % len(starts)])
            following = re.search(r'href="(/lessons/[^"]+/steps/[^"]+)"[^>]*data-next', step)
            if following:
                get(following.group(1))
        post("/sign-out", {"csrf_token": _token(lessons)})
    return made


def caches(app) -> list[str]:
    """The size of every cache in the worker that grows with use."""
    from core.services.learning.lessons import catalogue

    ext = app.extensions["brobygger"]
    engine = ext.database.engine
    lines = []
    pool = engine.pool
    lines.append(f"database pool: {pool.status()}")
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            mmap = connection.exec_driver_sql("PRAGMA mmap_size").scalar()
        lines.append(f"SQLite page cache per connection: {size} "
                     f"({'KiB' if size < 0 else 'pages'}), mmap_size {mmap}")
    compiled = engine._compiled_cache
    lines.append(f"SQLAlchemy compiled statements: {len(compiled) if compiled is not None else 0}"
                 f" of {getattr(compiled, 'capacity', '-')}")
    jinja = app.jinja_env.cache
    lines.append(f"Jinja templates: {len(jinja) if jinja is not None else 0} of "
                 f"{getattr(jinja, 'capacity', 'unbounded')}")
    lines.append(f"lesson step HTML: {catalogue().cached_steps()} of "
                 f"{catalogue().step_cache_limit}")
    from core.web import framework, translations
    info = translations.wtforms_catalogue.cache_info()
    lines.append(f"WTForms catalogues: {info.currsize} of {info.maxsize}")
    info = framework._signed.cache_info()
    lines.append(f"signed CSRF tokens: {info.currsize} of {info.maxsize}")
    lines.append(f"URLs built: {len(app._built_urls)} of {framework.BUILT_URLS_LIMIT}")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[2:] if argv is None else argv)
    started = rss_mib()
    from core import memory

    if not args.no_malloc_settings:
        memory.bound_malloc()
    folder = tempfile.mkdtemp(prefix="bb-memory-")
    url = f"sqlite:///{folder}/national.db"
    env = {"BROBYGGER_ENV": "test", "SECRET_KEY": "memory-" + "x" * 32, "DATABASE_URL": url,
           "PIN_PEPPER": PIN_PEPPER, "SPEECH_CACHE_DIR": f"{folder}/speech",
           "LOG_LEVEL": "WARNING"}
    env.update({name: os.environ[name] for name in ("SQLITE_CACHE_KIB", "DATABASE_POOL_SIZE")
                if name in os.environ})  # to compare with other sizes
    loading = time.monotonic()
    # Loaded by a process of its own, so that this one holds only what a worker holds.
    plan_file = f"{folder}/plan.json"
    loader = multiprocessing.get_context("spawn").Process(
        target=_load, args=(url, args.scale, env, args.threads, plan_file))
    loader.start()
    loader.join()
    if loader.exitcode != 0:
        print("loading the data failed", file=sys.stderr)
        return 1
    loaded = time.monotonic() - loading
    plan = json.loads(Path(plan_file).read_text())

    import kiosk  # noqa: F401  (what kiosk.wsgi imports)
    from core.config import Settings
    from kiosk import create_app

    gc.collect()
    imported = rss_mib()
    app = create_app(Settings.from_env(env))
    made = rss_mib()
    if args.trace:
        import tracemalloc

        tracemalloc.start(12)
        before = tracemalloc.take_snapshot()
    failures: list[str] = []
    counts = [0] * args.threads

    def run(index: int) -> None:
        counts[index] = _terminal(app, plan["terminals"][index], plan["pin"], args.rounds,
                                  failures)

    clock = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - clock
    gc.collect()
    after = rss_mib()
    print(f"data: {args.scale:g} of national, loaded in {loaded:.0f} s; malloc settings: "
          f"{'glibc as it comes' if args.no_malloc_settings else memory.describe()}")
    print(f"requests: {sum(counts)} from {args.threads} threads in {took:.1f} s, "
          f"{len(failures)} failed{': ' + '; '.join(failures[:5]) if failures else ''}")
    print(f"resident memory: {started:.0f} MiB at the start, {imported:.0f} MiB after the "
          f"imports, {made:.0f} MiB with the app made, {after:.0f} MiB after the requests")
    for line in caches(app):
        print(line)
    if args.trace:
        grown = tracemalloc.take_snapshot().compare_to(before, "filename")
        print("Python allocations that grew most during the requests:")
        for stat in grown[:15]:
            print(f"  {stat.size_diff / 1024:9.0f} KiB  {stat.traceback[0].filename}")
    ext = app.extensions["brobygger"]
    ext.database.dispose()
    for path in Path(folder).glob("*"):
        if path.is_file():
            path.unlink()
    os.rmdir(folder) if not any(Path(folder).iterdir()) else None
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
