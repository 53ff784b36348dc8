"""`make bench`: the load benchmark, end to end, and benchmarks/REPORT.md.

1. National-scale data in SQLite (loaded once, kept under instance/bench/, copied per run).
2. The bare WSGI baseline (benchmarks/baseline.py) under gunicorn with
   deploy/server/gunicorn.conf.py, saturated by ``--saturation-users`` users without pauses.
3. The kiosk and the staff app under gunicorn with the same file, on the SQLite copy:
   - ``kiosk``: ``--terminals`` terminals (100) with a person's pauses (``--think``);
   - ``kiosk-signed-in``: the same terminals, all signed in before the measurement;
   - ``kiosk-max``: ``--saturation-users`` terminals without pauses: the throughput;
   - the sizes of the first kiosk pages and of the htmx partials (benchmarks/probe.py);
   - ``admin-sqlite``: ``--advisers`` advisers working the queue.
   - ``kiosk-ceiling``: ``--ceiling-terminals`` terminals (400, a national installation's
     ceiling) with pauses.
4. With ``--pg-url`` (or BENCH_PG_URL): the national data in that PostgreSQL database
   (created when the server has none of that name; loaded once), the same advisers' run
   on it (``admin-postgresql``) and the kiosk's terminals (``kiosk-postgresql``).
5. With ``--curve 0.5,1,4`` and ``--curve-pg-url`` (a URL with ``{scale}`` in it, one
   database per size): the national data at each size, with its audit log, in PostgreSQL
   (loaded once each), and the advisers' and the terminals' runs on each: the cost curve.
   The 1x database stands in for ``--pg-url`` when that is not given.
6. With ``--speech``: every read-aloud step's WAV and Opus sizes (benchmarks/speech.py).
7. The report: benchmarks/REPORT.md (``--report``).

Every scenario runs locust headless in a process of its own (benchmarks/locustfile.py);
its raw samples, locust's CSV files and the servers' logs stay in instance/bench/.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import secrets
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import data, machine, probe, profile, reasons
from benchmarks import report as report_module
from benchmarks.report import Figures, Scenario
from benchmarks.servers import Server, gunicorn_settings
from benchmarks.stats import Run, combined, endpoints
from core import PROJECT_ROOT

RESULTS = data.BENCH_DIR / "results"
BENCH_PIN_PEPPER = "bench-pin-pepper-0123456789abcdef0123456789"
LOCUSTFILE = PROJECT_ROOT / "benchmarks" / "locustfile.py"


def parse(argv: list[str]) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=int(env.get("BENCH_DURATION", 60)),
                        help="seconds measured per scenario, after the warm-up (default 60)")
    parser.add_argument("--warmup", type=int, default=int(env.get("BENCH_WARMUP", 10)),
                        help="seconds after every user has started before measuring (10)")
    parser.add_argument("--terminals", type=int, default=int(env.get("BENCH_TERMINALS", 100)))
    parser.add_argument("--advisers", type=int, default=int(env.get("BENCH_ADVISERS", 20)))
    parser.add_argument("--saturation-users", type=int,
                        default=int(env.get("BENCH_SATURATION_USERS", 16)),
                        help="users without pauses for the throughput runs (default 16)")
    parser.add_argument("--think", default=env.get("BENCH_THINK", "1-4"),
                        help="seconds a person pauses between clicks, LOW-HIGH (default 1-4)")
    parser.add_argument("--pg-url", default=env.get("BENCH_PG_URL") or None,
                        help="also run the advisers on this PostgreSQL database (created "
                             "if missing; its public schema is replaced by the national data)")
    parser.add_argument("--ceiling-terminals", type=int,
                        default=int(env.get("BENCH_CEILING_TERMINALS", 400)),
                        help="terminals of the kiosk-ceiling scenario (default 400)")
    parser.add_argument("--factor", type=float, default=float(env.get("BENCH_FACTOR", 1)),
                        help="size of the SQLite national data (default 1; smaller for a "
                             "quick try of the benchmark itself)")
    parser.add_argument("--curve", default=env.get("BENCH_CURVE", ""),
                        help="comma-separated data sizes for the cost curve on PostgreSQL, "
                             "e.g. 0.5,1,4 (needs --curve-pg-url)")
    parser.add_argument("--curve-pg-url", default=env.get("BENCH_CURVE_PG_URL") or None,
                        help="PostgreSQL URL with {scale} in it (0_5, 1, 4): one database per "
                             "size, its public schema replaced by the national data")
    parser.add_argument("--curve-wait", type=float,
                        default=float(env.get("BENCH_CURVE_WAIT", 0)) or None,
                        help="seconds to wait for another process loading a curve database "
                             "before leaving that size out (default: wait as long as it takes)")
    parser.add_argument("--no-curve-load", action="store_true",
                        help="leave out the curve's sizes not loaded already (say so in the "
                             "report) instead of loading them")
    parser.add_argument("--profile", default=env.get("BENCH_PROFILE", ""),
                        help="comma-separated scenarios whose workers py-spy samples while "
                             "they are measured (needs py-spy), e.g. kiosk-ceiling")
    parser.add_argument("--speech", action="store_true",
                        default=env.get("BENCH_SPEECH", "") == "1",
                        help="also measure every read-aloud step as WAV and Opus (2 minutes)")
    parser.add_argument("--reload", action="store_true",
                        help="load the national data again even when it is cached")
    parser.add_argument("--only", default=env.get("BENCH_ONLY", ""),
                        help="comma-separated scenarios to run (baseline, flask-page, kiosk, "
                             "kiosk-signed-in, kiosk-max, sizes, admin-sqlite, kiosk-ceiling, "
                             "admin-postgresql, kiosk-postgresql, curve, speech); default "
                             "all that the other options allow")
    parser.add_argument("--report", type=Path,
                        default=Path(env.get("BENCH_REPORT", PROJECT_ROOT / "benchmarks" /
                                             "REPORT.md")))
    return parser.parse_args(argv)


def say(text: str) -> None:
    print(text, flush=True)


def run_locust(key: str, url: str, user_class: str, users: int, think: str, plan: Path,
               args: argparse.Namespace, sign_out: bool = True) -> tuple[Run, float]:
    """One headless locust run; its samples, and the CPU seconds locust used."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    samples = RESULTS / f"{key}.json"
    samples.unlink(missing_ok=True)
    rate = min(users, 10)
    ramp = math.ceil(users / rate)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "BENCH_PLAN": str(plan),
           "BENCH_SAMPLES": str(samples), "BENCH_SCENARIO": key, "BENCH_THINK": think,
           "BENCH_SIGN_OUT": "1" if sign_out else "0", "BENCH_WARMUP": str(args.warmup)}
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
               "--host", url, "--users", str(users), "--spawn-rate", str(rate),
               "--run-time", f"{ramp + args.warmup + args.duration}s",
               "--csv", str(RESULTS / key), "--only-summary", "--exit-code-on-error", "0",
               "--stop-timeout", "0", "--loglevel", "WARNING", user_class]
    say(f"  {key}: {users} users ({user_class}), think {think} s, "
        f"{ramp + args.warmup + args.duration} s ...")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    log_path = data.BENCH_DIR / "logs" / f"locust-{key}.log"
    with open(log_path, "w") as log:
        done = subprocess.run(command, env=env, cwd=PROJECT_ROOT, stdout=log,
                              stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"locust stopped with exit code {done.returncode}; see {log_path}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not samples.exists():
        raise SystemExit(f"locust wrote no samples for {key}; see instance/bench/logs/")
    return Run.load(samples), cpu


class CpuWatch:
    """The server's CPU time, sampled every half second while a scenario runs, so that the
    CPU of the measured window alone (no sign-in storm at the start) can be read."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[tuple[float, float]] = []
        self.machine: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), self.server.cpu_seconds()))
            self.machine.append((time.time(), machine.busy_seconds()))
            self._stop.wait(0.5)

    def machine_cores(self, start: float, end: float) -> float | None:
        """How many cores the whole machine kept busy, on average, in the window."""
        inside = [(t, busy) for t, busy in self.machine if start <= t <= end]
        if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
            return None
        return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def between(self, start: float, end: float) -> float | None:
        inside = [(t, cpu) for t, cpu in self.samples if start <= t <= end]
        if len(inside) < 2:
            return None
        (t0, c0), (t1, c1) = inside[0], inside[-1]
        return (c1 - c0) * (end - start) / (t1 - t0) if t1 > t0 else None


def scenario(key: str, title: str, server: Server, app: str, database: str, user_class: str,
             users: int, think: str, plan: Path, args, sign_out: bool = True) -> Scenario:
    boots = server.boots()
    load_before = os.getloadavg()[0]
    watch = CpuWatch(server)
    recording = None
    if key in {k.strip() for k in (args.profile or "").split(",")} and profile.available():
        ramp = math.ceil(users / min(users, 10))
        recording = profile.Recording(server.workers(), ramp + args.warmup + 2,
                                      max(5, args.duration - 4), data.BENCH_DIR / "logs", key)
    try:
        run, cpu = run_locust(key, server.url, user_class, users, think, plan, args, sign_out)
    finally:
        watch.stop()
    profiled = recording.finish() if recording else None
    rss = server.rss_kib()
    server_cpu = watch.between(*run.window) if run.window else None
    busy = watch.machine_cores(*run.window) if run.window else None
    total = combined(run, "all requests")
    say(f"    {total.count} requests, {total.rps:.1f} req/s, p95 {total.p95:.0f} ms, "
        f"{total.errors} errors; load generator {cpu:.0f} CPU s")
    result = Scenario(key=key, title=title, app=app, database=database, users=users,
                      think=f"{think} s" if think != "0" else "none", seconds=run.seconds,
                      endpoints=endpoints(run), total=total, rss_kib=rss,
                      restarts=max(0, server.boots() - boots), error_examples=run.error_examples,
                      server_cpu_ms=1000 * server_cpu / len(run.samples)
                      if server_cpu is not None and run.samples else None, generator_cpu=cpu,
                      load_average=(load_before, os.getloadavg()[0]), machine_cores=busy,
                      server_cores=server_cpu / run.seconds
                      if server_cpu is not None and run.seconds else None, profile=profiled)
    say(f"    load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}"
        + (f"; the machine kept {busy:.2f} cores busy, the app {result.server_cores:.2f}"
           if busy is not None and result.server_cores is not None else ""))
    return result


def server_env(database_url: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEMO_MODE", "METRICS_BIND")}
    env.update({"BROBYGGER_ENV": "test", "SECRET_KEY": secret, "DATABASE_URL": database_url,
                # The cached data's PINs were hashed with it (loaded with this env too).
                "PIN_PEPPER": BENCH_PIN_PEPPER,
                "SPEECH_CACHE_DIR": str(data.BENCH_DIR / "speech"), "LOG_LEVEL": "INFO"})
    return env


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}

    def wanted(key: str) -> bool:
        return not only or key in only

    started = time.monotonic()
    timings: dict[str, float] = {}
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    say("Brobygger load benchmark")
    busy = machine.busy_share()
    load = {"load average at the start": machine.load_average(),
            "CPU busy before the benchmark started anything (3 s sample)": f"{busy:.0%}"}
    secret = secrets.token_hex(32)

    mark = time.monotonic()
    cache = data.sqlite_cache(server_env("", secret), args.reload, say, args.factor)
    sqlite_url = data.working_copy(cache)
    timings["national data, SQLite (cached or loaded, and copied)"] = time.monotonic() - mark
    data_notes = {"SQLite": f"{cache.name}, {data.load_note(cache)}"}
    (data.BENCH_DIR / "logs").mkdir(parents=True, exist_ok=True)
    ceiling = wanted("kiosk-ceiling") and args.ceiling_terminals > 0
    plan = data.plan(sqlite_url, max(args.terminals, args.ceiling_terminals if ceiling else 0),
                     args.advisers)
    plan_path = RESULTS / "plan.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    plan_path.write_text(json.dumps(plan))
    volumes = data.counts(sqlite_url)

    env = server_env(sqlite_url, secret)
    settings = gunicorn_settings(env)
    scenarios: list[Scenario] = []
    pages, partials, size_method = [], [], "browser"
    saturation = args.saturation_users

    if wanted("baseline"):
        mark = time.monotonic()
        baseline = Server("baseline", "benchmarks.baseline:app", env, ready_path="/")
        try:
            scenarios.append(scenario(
                "baseline", "Baseline: a bare WSGI app, 2 KB page", baseline,
                "benchmarks/baseline.py", "no database", "BaselineUser", saturation, "0",
                plan_path, args))
        finally:
            baseline.stop()
        timings["baseline"] = time.monotonic() - mark
    if wanted("flask-page"):
        mark = time.monotonic()
        flask_page = Server("flask-page", "benchmarks.flask_page:app", env, ready_path="/")
        try:
            scenarios.append(scenario(
                "flask-page", "Reference: a bare Flask app rendering a 5 KB Jinja page",
                flask_page, "benchmarks/flask_page.py", "no database", "BaselineUser",
                saturation, "0", plan_path, args))
        finally:
            flask_page.stop()
        timings["bare Flask page"] = time.monotonic() - mark

    kiosk_keys = {"kiosk", "kiosk-signed-in", "kiosk-max", "sizes", "admin-sqlite",
                  "kiosk-ceiling"}
    if not only or only & kiosk_keys:
        kiosk = Server("kiosk", "kiosk.wsgi:app", env)
        admin = Server("admin", "admin.wsgi:app", env)
        try:
            if wanted("kiosk"):
                mark = time.monotonic()
                scenarios.append(scenario(
                    "kiosk", f"Kiosk: {args.terminals} terminals", kiosk, "kiosk", "SQLite",
                    "TerminalUser", args.terminals, args.think, plan_path, args))
                timings["kiosk, terminals with pauses"] = time.monotonic() - mark
            if wanted("kiosk-signed-in"):
                mark = time.monotonic()
                scenarios.append(scenario(
                    "kiosk-signed-in", f"Kiosk: {args.terminals} terminals, signed in before "
                    "the measurement (no sign-in in the window)", kiosk, "kiosk", "SQLite",
                    "TerminalUser", args.terminals, args.think, plan_path, args,
                    sign_out=False))
                timings["kiosk, terminals signed in once"] = time.monotonic() - mark
            if wanted("kiosk-max"):
                mark = time.monotonic()
                scenarios.append(scenario(
                    "kiosk-max", f"Kiosk throughput: {saturation} terminals without pauses",
                    kiosk, "kiosk", "SQLite", "TerminalUser", saturation, "0", plan_path,
                    args, sign_out=False))
                timings["kiosk, throughput"] = time.monotonic() - mark
            if wanted("sizes"):
                mark = time.monotonic()
                say("  sizes: first kiosk pages and htmx partials ...")
                pages, partials, size_method = probe.measure(kiosk.url, admin.url, plan)
                timings["sizes"] = time.monotonic() - mark
            if wanted("admin-sqlite"):
                mark = time.monotonic()
                scenarios.append(scenario(
                    "admin-sqlite", f"Staff app: {args.advisers} advisers, SQLite", admin,
                    "admin", "SQLite", "AdviserUser", args.advisers, args.think, plan_path,
                    args))
                timings["staff app, SQLite"] = time.monotonic() - mark
            if ceiling:
                mark = time.monotonic()
                scenarios.append(scenario(
                    "kiosk-ceiling", f"Kiosk: {args.ceiling_terminals} terminals (a national "
                    "installation's ceiling)", kiosk, "kiosk", "SQLite", "TerminalUser",
                    args.ceiling_terminals, args.think, plan_path, args))
                timings[f"kiosk, {args.ceiling_terminals} terminals"] = time.monotonic() - mark
        finally:
            kiosk.stop()
            admin.stop()

    pg_url_used = None
    volumes_pg = None
    figures_notes: list[str] = []
    curve_points: list[report_module.CurvePoint] = []
    for scale, url, in_curve in postgres_runs(args):
        label = data.scale_label(scale)
        suffix = "" if scale == 1 else f"-{label}"
        admin_key, kiosk_key = f"admin-postgresql{suffix}", f"kiosk-postgresql{suffix}"
        run_admin = (in_curve and wanted("curve")) or (scale == 1 and wanted("admin-postgresql"))
        run_kiosk = (in_curve and wanted("curve")) or (scale == 1 and wanted("kiosk-postgresql"))
        if not (run_admin or run_kiosk):
            continue
        mark = time.monotonic()
        try:
            note = data.postgres_ready(url, server_env("", secret), args.reload, say, scale,
                                       wait=args.curve_wait if in_curve else None,
                                       load=not (in_curve and args.no_curve_load))
        except data.StillLoading as late:
            say(f"  {late}: left out")
            figures_notes.append(f"The {label} data was still being loaded when the run "
                                 "came to it: not measured.")
            continue
        except data.NotLoaded as missing:
            say(f"  {missing}: left out (--no-curve-load)")
            figures_notes.append(f"The {label} data was not loaded before this run "
                                 "(--no-curve-load): not measured.")
            continue
        data_notes[f"PostgreSQL {label}"] = note
        timings[f"national data {label}, PostgreSQL (kept or loaded)"] = \
            time.monotonic() - mark
        pg_plan = data.plan(url, args.terminals, args.advisers)
        pg_plan_path = RESULTS / f"plan-postgresql{suffix}.json"
        pg_plan_path.write_text(json.dumps(pg_plan))
        counted = data.counts(url)
        if scale == 1:
            volumes_pg, pg_url_used = counted, url
        pg_env = server_env(url, secret)
        for selected, key, app, wsgi, who, user_class, users, title in (
                (run_admin, admin_key, "admin", "admin.wsgi:app", "staff app", "AdviserUser",
                 args.advisers, f"Staff app: {args.advisers} advisers"),
                (run_kiosk, kiosk_key, "kiosk", "kiosk.wsgi:app", "kiosk", "TerminalUser",
                 args.terminals, f"Kiosk: {args.terminals} terminals")):
            if not selected:
                continue
            mark = time.monotonic()
            server = Server(key, wsgi, pg_env)
            try:
                scenarios.append(scenario(
                    key, f"{title}, PostgreSQL, national data {label}", server, app,
                    f"PostgreSQL {label}", user_class, users, args.think, pg_plan_path, args))
            finally:
                server.stop()
            timings[f"{who}, PostgreSQL {label}"] = time.monotonic() - mark
        if in_curve:
            curve_points.append(report_module.CurvePoint(
                scale=scale, rows=counted, load_note=note, admin_key=admin_key,
                kiosk_key=kiosk_key))

    speech_sizes = None
    if args.speech and wanted("speech"):
        mark = time.monotonic()
        speech_sizes = measure_speech(say)
        timings["read-aloud sizes"] = time.monotonic() - mark

    load["load average at the end"] = machine.load_average()
    timings["whole run"] = time.monotonic() - started
    figures = build_figures(args, stamp, pg_url_used, settings, load, volumes, volumes_pg,
                            timings, scenarios, pages, partials)
    figures.size_method = size_method
    figures.data_notes = data_notes
    figures.busy_before = busy
    figures.notes += figures_notes
    figures.speech = speech_sizes
    kiosk_pages, queue, more = across(scenarios)
    for point in curve_points:
        point.queue = queue.get(point.admin_key.removeprefix("admin-"))
        point.kiosk = more.get(point.kiosk_key)
        done = {s.key: s for s in scenarios}
        point.load_average = tuple(done[k].load_average for k in (point.admin_key,
                                   point.kiosk_key) if k in done and done[k].load_average)
    figures.curve = curve_points
    targets = report_module.evaluate(figures, kiosk_pages=kiosk_pages, queue=queue,
                                     terminals=100, cores=machine.cores())
    extra = {"kiosk": kiosk_pages} if kiosk_pages else {}
    extra.update(more)
    targets += report_module.evaluate_issue_20(figures, kiosk_pages=more)
    extra.update({f"queue-{k}": v for k, v in queue.items()})
    text = report_module.render(figures, targets, extra=extra,
                                reasons=reasons.likely_reasons(figures, targets))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text)
    say("")
    for target in targets:
        say(f"  {target.status:>12}  {target.name}: {target.measured}")
    say(f"Report: {args.report}  ({timings['whole run']:.0f} s in all)")
    return 0


def across(scenarios: list[Scenario]):
    """The kiosk's pages (without sign-in) and the admin queue, each taken together."""
    kiosk_pages = None
    queue: dict = {}
    extra: dict = {}
    for s in scenarios:
        run = Run.load(RESULTS / f"{s.key}.json")
        if s.key == "kiosk":
            kiosk_pages = combined(run, "kiosk pages (every request but sign-in), "
                                        f"{s.users} terminals",
                                   lambda name: name not in report_module.NOT_PAGES)
        if s.key == "kiosk-ceiling" or s.key.startswith("kiosk-postgresql"):
            extra[s.key] = combined(run, f"kiosk pages (every request but sign-in), "
                                         f"{s.users} terminals, {s.database}",
                                    lambda name: name not in report_module.NOT_PAGES)
        if s.key == "kiosk-signed-in":
            extra["kiosk-signed-in"] = combined(
                run, f"kiosk pages, {s.users} terminals signed in before the measurement",
                lambda name: name not in report_module.NOT_PAGES)
        if s.key.startswith("admin-"):
            database = s.key.removeprefix("admin-")
            queue[database] = combined(run, f"admin queue (all three kinds), {s.database}",
                                       lambda name: name.startswith(report_module.QUEUE_PREFIX))
    return kiosk_pages, queue, extra


def postgres_runs(args) -> list[tuple[float, str, bool]]:
    """(scale, database URL, part of the curve) for every PostgreSQL database to run on."""
    runs = []
    if args.curve:
        if not args.curve_pg_url or "{scale}" not in args.curve_pg_url:
            raise SystemExit("--curve needs --curve-pg-url with {scale} in it")
        for part in args.curve.split(","):
            scale = float(part)
            runs.append((scale, args.curve_pg_url.replace(
                "{scale}", f"{scale:g}".replace(".", "_")), True))
    if args.pg_url and not any(scale == 1 for scale, _u, _c in runs):
        runs.append((1.0, args.pg_url, False))
    return sorted(runs)


def measure_speech(say) -> dict | None:
    """Every read-aloud step as espeak-ng's WAV and as the Opus the kiosk serves."""
    from benchmarks import speech

    if not speech.speech.available():
        say("  read-aloud: espeak-ng or the Opus encoder is missing; not measured")
        return None
    say("  read-aloud: every step in every language, WAV and Opus ...")
    found = speech.measure(speech.texts())
    return {key: {"steps": v.steps, "wav": v.wav, "opus": v.opus,
                  "largest_share": v.largest_share} for key, v in found.items()}


def build_figures(args, stamp, pg_url, settings, load, volumes, volumes_pg, timings, scenarios,
                  pages, partials) -> Figures:
    data_table = dict(volumes)
    if volumes_pg:
        data_table.update({f"PostgreSQL: {k}": v for k, v in volumes_pg.items()
                           if k.startswith(("request", "inmate", "form_submission"))})
    notes = []
    if args.duration < 60:
        notes.append(f"Shortened run: each scenario was measured for {args.duration} s "
                     f"(after {args.warmup} s of warm-up) instead of 60 s, so its p95 rests "
                     "on fewer requests.")
    return Figures(
        started=stamp, machine=machine.describe(pg_url), gunicorn=settings, load=load,
        data=data_table, timings=timings, scenarios=scenarios, pages=pages, partials=partials,
        settings={"BROBYGGER_ENV": "test (as production, but cookies without Secure and "
                                   "__Host-, which need HTTPS; no HSTS)",
                  "argon2id": "production cost (the national data's PINs and passwords)",
                  "think time": f"{args.think} s between a simulated person's clicks",
                  "measured": f"{args.duration} s per scenario, after all users had started "
                              f"and {args.warmup} s more",
                  "sign-in limits": "production defaults; every simulated sign-in is a right "
                                    "one, so none is throttled",
                  "audit log in the data": "hash-chained as the app writes it, at the app's "
                                           "volume: per request the inmate's sign-in, the "
                                           "consent (7 in 10), the filing, and when answered "
                                           "a queue view, three views of the desk and the "
                                           "reply (a staff sign-in per 5); per meldekort a "
                                           "sign-in, start, confirmation and countersignature "
                                           "(counted through the pages by "
                                           "tests/benchmarks/test_audit_volume.py)"},
        notes=notes)
