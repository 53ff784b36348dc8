"""Gunicorn settings shared by both Brobygger WSGI apps.

Usage (one gunicorn master per app, see the systemd units next to this file):

    gunicorn -c deploy/server/gunicorn.conf.py kiosk.wsgi:app
    gunicorn -c deploy/server/gunicorn.conf.py admin.wsgi:app

Every value can be overridden from the environment (the systemd units load
/etc/brobygger/brobygger.env). Command-line flags override this file. In
production each app gets its own listening unix socket from systemd (socket
activation, see brobygger-kiosk.socket and brobygger-admin.socket), so one
config file serves both apps.

Gunicorn only reads the module-level names it knows; the helper functions and
the underscore-prefixed names below are ignored by it.

Privacy note: prisoners' personal data must never end up in log files. The
access log format therefore logs the URL *path* only, never the query string
(search terms, names, message fragments could be there), never the Referer
(which carries the query string of the previous page) and never cookies.
The application is expected not to put personal data in URL paths either.
tests/deploy/test_gunicorn.py runs gunicorn with this file and checks the log.
"""

import gc
import os
import sys

# ---------------------------------------------------------------------------
# Helpers for reading typed values from the environment.
# ---------------------------------------------------------------------------


def _env_str(name, default):
    value = os.environ.get(name, "").strip()
    return value if value else default


def _env_int(name, default, minimum=None, maximum=None):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        # Fail loudly at start-up rather than run with a surprising value.
        sys.exit(f"gunicorn.conf.py: {name}={raw!r} is not an integer")
    if minimum is not None and value < minimum:
        sys.exit(f"gunicorn.conf.py: {name}={value} is below the minimum {minimum}")
    if maximum is not None and value > maximum:
        sys.exit(f"gunicorn.conf.py: {name}={value} is above the maximum {maximum}")
    return value


def _cpu_count():
    # Respect CPU affinity / cgroup cpusets (e.g. systemd CPUAffinity=) where
    # the platform supports it; os.cpu_count() reports every CPU of the host.
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------
# Socket
# ---------------------------------------------------------------------------

# Where to listen. In production systemd hands gunicorn an already-listening
# unix socket (brobygger-kiosk.socket / brobygger-admin.socket, socket
# activation through LISTEN_FDS), and gunicorn then ignores ``bind``
# altogether; nginx is the only client of those sockets. ``bind`` (or --bind)
# matters only when gunicorn is started by hand (`brobygger serve`, tests):
# keep it on loopback or a unix socket.
bind = [_env_str("GUNICORN_BIND", "127.0.0.1:8000")]

# Pending-connection queue; the default of 2048 is plenty for a prison.
backlog = _env_int("GUNICORN_BACKLOG", 2048, minimum=64)

# ---------------------------------------------------------------------------
# Worker processes and threads, tuned for the reference server: 2 cores
# running BOTH apps (one gunicorn master each) and, often, PostgreSQL.
# ---------------------------------------------------------------------------
#
# Per app: two worker processes per core (4 on the 2-core server) of one thread
# each, so 4 requests in flight per app, 8 in all. The worker is gthread even
# with one thread: it keeps nginx's connections alive between requests (the
# sync worker closes each one). Why this split, measured with `make bench`
# (issue 20, national data on SQLite, 60 s or 40 s each, the same machine and
# code; CPU is all the app's processes' per request):
#
#   * 2 workers x 4 threads: kiosk p95 at 400 terminals 71 ms; 4 workers x 2
#     threads: 46 ms. 16 terminals without pauses: 323 against 350 requests a
#     second.
#   * 4 workers x 1 thread against 4 x 2, three pairs run back to back, 16
#     terminals without pauses: 4.43, 4.42 and 4.01 ms of CPU a request
#     against 4.83, 5.05 and 4.30 ms (8-12 % less); 387, 383 and 414 against
#     343, 327 and 383 requests a second. 6 x 1: 4.21-4.65 ms, 8 x 1: 4.67 and
#     5.40 ms, 8 sync workers (no keep-alive): 5.99 ms. At 400
#     terminals the kiosk's p95 was 37-83 ms in all of these layouts: between
#     two runs of one layout it varied as much as between layouts. On a
#     slower machine near saturation at 400 terminals (2026-12-07), 1 thread
#     against 2: p95 204 and 276 ms against 669 ms, 7.1 and 7.7 ms of CPU a
#     request against 8.5 ms, sign-ins p50 162 ms against 428 ms.
#   * Why: a worker's threads share one GIL. Every database call gives it up
#     and must win it back; with another thread rendering a page in the same
#     process, that wait is up to the interpreter's switch interval (5 ms)
#     each time, and the handing over costs CPU too. A thread holding SQLite's
#     one write lock waits so too, and every writer of both apps waits behind
#     it. One request thread per process has nobody to hand the GIL to (the
#     worker's main thread only polls the sockets); the processes run side by
#     side.
#   * Sign-ins are CPU-heavy: every PIN and password is checked with argon2id
#     (argon2-cffi releases the GIL while hashing). A sign-in holds its worker
#     for the hash (about 0.1 s for a PIN, 0.3 s for a password), so nginx's
#     limit_req on the sign-in routes keeps bursts of them small. Memory:
#     about 90 MiB per worker (make bench), so 4 workers per app are about
#     360 MiB, plus the hashes in progress (19 MiB per PIN, 64 MiB per
#     password).
#   * More than one worker per app also means that a worker being recycled
#     (max_requests) or stuck in a long request never leaves the app without
#     a worker.
#
# Every worker holds its own pool of database connections (at most a few open
# at once with one thread), so PostgreSQL sees at most about 2 apps x 4
# workers x 4 = 32 connections, far below its default max_connections of 100.
#
# GUNICORN_WORKERS sets an exact number; otherwise two per core, capped at
# GUNICORN_MAX_WORKERS (default 8: a bigger host should rather get a second
# server). GUNICORN_THREADS sets the threads per worker; GUNICORN_WORKER_CLASS=
# sync goes back to the sync worker (one request per process, no keep-alive).
_max_workers = _env_int("GUNICORN_MAX_WORKERS", 8, minimum=1)
workers = _env_int("GUNICORN_WORKERS", min(2 * _cpu_count(), _max_workers), minimum=1)
threads = _env_int("GUNICORN_THREADS", 1, minimum=1, maximum=32)
worker_class = _env_str("GUNICORN_WORKER_CLASS", "gthread")
if worker_class not in ("gthread", "sync"):
    sys.exit(f"gunicorn.conf.py: GUNICORN_WORKER_CLASS={worker_class!r} is not gthread or sync")

# A worker that has not reported to the master for this long is killed and
# replaced. With gthread workers the main loop reports while requests run in
# its threads, so this catches a wedged worker (a C call holding the GIL), not
# a slow request; slow requests are cut off by nginx (proxy_read_timeout 35 s,
# the inmate gets nginx's "try again" page) and by the database.
timeout = _env_int("GUNICORN_TIMEOUT", 30, minimum=1)

# On SIGTERM (systemctl stop/restart) and SIGHUP (reload) workers stop taking
# new requests and get this long to finish the ones they are serving before
# they are killed. Keep it below the unit's TimeoutStopSec (30 s).
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20, minimum=1)

# Seconds an idle keep-alive connection from nginx stays open (gthread only).
# nginx's upstream keepalive_timeout is 4 s, shorter than this, so nginx never
# reuses a connection that gunicorn is just closing (which would turn a POST
# into a 502).
keepalive = _env_int("GUNICORN_KEEPALIVE", 5, minimum=0)

# Recycle each worker after this many requests, plus a random jitter so the
# workers never restart at the same moment. Bounds the damage of slow
# memory leaks in the app or its dependencies (the benchmark measures the
# workers' memory: flat at 60-100 MiB). Each recycle closes the worker's
# keep-alive connections at a moment nginx cannot foresee, so a request sent
# on one just then fails (a POST is not retried): at the 100 terminals' ~50
# requests a second over 4 workers, 10,000 means a recycle every ~13 minutes
# per worker, not every 80 s. 0 disables recycling.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 10000, minimum=0)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 1000, minimum=0)

# Import the app once, in the master, and fork the workers from it: a worker
# then starts in milliseconds instead of ~1.5 s of CPU (imports, the argon2
# dummies, compiling the templates, which when_ready does in the master). That
# matters because max_requests recycles workers: under the benchmark's full
# load a worker was replaced every few seconds, each time costing a core for
# over a second. A broken deploy stops the master at start-up, loudly, before
# any worker is forked. No database connection is opened in the master, and
# post_fork drops any pooled one, so no connection is shared between processes.
# (SIGHUP re-forks workers from the loaded app; new code needs a restart, which
# is what the upgrade steps in deploy/README.md do.)
preload_app = True

# Worker heartbeat files. On a disk-backed /tmp the heartbeat (an fchmod every
# second) can block on I/O and get healthy workers killed; /dev/shm is a tmpfs.
# Fall back to gunicorn's default where /dev/shm does not exist (e.g. macOS
# development machines).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# New files (there should be none) are private to the service user.
umask = 0o077

# ---------------------------------------------------------------------------
# Request limits (defence in depth; nginx enforces its own limits first)
# ---------------------------------------------------------------------------

# Maximum size of the HTTP request line ("GET /path?query HTTP/1.1").
# Our URLs are short; anything longer is garbage or an attack.
limit_request_line = _env_int("GUNICORN_LIMIT_REQUEST_LINE", 2048, minimum=256, maximum=8190)
# Maximum number of header fields and the size of each one.
limit_request_fields = _env_int("GUNICORN_LIMIT_REQUEST_FIELDS", 50, minimum=10, maximum=32768)
limit_request_field_size = _env_int(
    "GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190, minimum=1024, maximum=16380
)

# ---------------------------------------------------------------------------
# Reverse proxy trust
# ---------------------------------------------------------------------------

# Addresses allowed to tell gunicorn, via X-Forwarded-Proto, that the original
# request was HTTPS. nginx runs on the same host, so loopback only. Never "*":
# anyone who can reach the port could then claim to be on HTTPS. (gunicorn
# always trusts a unix-socket peer; in production only nginx can connect to
# the sockets, mode 0660 root:www-data.)
# (Which client IP the *application* sees is decided by the app itself from
# X-Forwarded-For and TRUSTED_PROXY_COUNT, see brobygger.env.example.)
forwarded_allow_ips = _env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Only honour the one header nginx actually sets (and overwrites). The other
# gunicorn defaults (X-Forwarded-Ssl, X-Forwarded-Protocol) are passed through
# nginx untouched from the client and so must not be trusted.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# ---------------------------------------------------------------------------
# Logging: to stdout/stderr, which systemd sends to the journal.
# ---------------------------------------------------------------------------

accesslog = _env_str("GUNICORN_ACCESSLOG", "-")
errorlog = _env_str("GUNICORN_ERRORLOG", "-")
loglevel = _env_str("GUNICORN_LOGLEVEL", "info")

# Deliberately NOT the default format:
#   %(r)s (request line) and %(f)s (Referer) contain query strings,
#   %(q)s is the query string, %(u)s (basic-auth user) is unused, and no
#   cookie or other request header is logged except the two below.
# Fields: client as seen by nginx (X-Forwarded-For, set by nginx to the
# connecting address: a terminal or a staff PC, not a person), time, method,
# path WITHOUT query string, protocol, status, response bytes, duration in
# seconds, user agent.
# The error log holds gunicorn's own messages (workers starting, stopping,
# timing out). gunicorn would log a request's URL there only if an exception
# escaped the app, and both apps catch every exception (core/web/app.py).
access_log_format = (
    '%({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s "%(a)s"'
)

# ---------------------------------------------------------------------------
# Process naming and gunicorn's runtime control socket
# ---------------------------------------------------------------------------

# Shown in ps/top ("gunicorn: master [brobygger-kiosk]"). The units set it.
proc_name = _env_str("GUNICORN_PROC_NAME", "brobygger")

# gunicorn >= 25.1 opens a control socket for `gunicornc` by default, at the
# same path ($HOME/.gunicorn/gunicorn.ctl) for every instance of one user, so
# the kiosk and admin masters would fight over it. Off unless a per-instance
# path is given explicitly. (Older gunicorn versions ignore these names.)
_control_socket = _env_str("GUNICORN_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
    control_socket_mode = 0o600
else:
    control_socket_disable = True

# ---------------------------------------------------------------------------
# Prometheus metrics, on a bind of their own (never through nginx)
# ---------------------------------------------------------------------------

# METRICS_BIND=127.0.0.1:9101 makes this gunicorn master serve its workers'
# metrics there (see core/metrics.py); the admin app's master adds the queue
# sizes and broken promises from the database. Unset: no metrics endpoint.
# Workers write their counts to files in PROMETHEUS_MULTIPROC_DIR (a fresh
# private folder unless given); it must be set before a worker imports
# prometheus_client, which is why it is set here, in the master.
_metrics_bind = _env_str("METRICS_BIND", "")
if _metrics_bind:
    _metrics_host, _, _metrics_port = _metrics_bind.rpartition(":")
    if not _metrics_host or not (_metrics_port.isascii() and _metrics_port.isdigit()):
        sys.exit(f"gunicorn.conf.py: METRICS_BIND={_metrics_bind!r} is not HOST:PORT")
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="brobygger-metrics-")
        # Remembered across config reloads (SIGHUP), to be removed at exit.
        os.environ["BROBYGGER_METRICS_DIR_MADE"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    if _metrics_bind:
        from core import metrics

        metrics.clear(os.environ["PROMETHEUS_MULTIPROC_DIR"])


def _brobygger_app(server):
    """The preloaded Flask app, when it is one of ours (not the benchmark's baseline)."""
    app = server.app.wsgi()
    return app if "brobygger" in getattr(app, "extensions", {}) else None


def pre_fork(server, worker):
    """Move everything the master holds (the modules, the app, its compiled templates)
    out of the garbage collector's reach before a worker is forked, as Python's
    documentation of gc.freeze advises for a server that forks without exec. The kiosk's
    master holds about 118,000 such objects, and a full collection walked them all in
    40-55 ms, in every worker, every few hundred requests (issue 20). A worker's full
    collections now walk only what the worker made itself, and they no longer write to
    every inherited object's header, which made the kernel copy the master's pages into
    each worker (copy-on-write). gc.freeze is a list splice: cheap at every fork."""
    gc.freeze()


def post_fork(server, worker):
    app = _brobygger_app(server)
    if app is not None:  # connections (none are expected) stay with the master
        app.extensions["brobygger"].database.engine.dispose(close=False)


def when_ready(server):
    app = _brobygger_app(server)
    if app is not None:  # compiled once here, inherited by every worker
        prefix = (f"{app.name}/", "_components/")
        for name in app.jinja_env.list_templates():
            if name.startswith(prefix) and name.endswith(".html"):
                app.jinja_env.get_template(name)
    gc.collect()  # start-up's garbage goes before pre_fork freezes what is left
    if not _metrics_bind:
        return
    from prometheus_client import start_http_server

    from core import metrics

    database = None
    if (getattr(server.app, "app_uri", None) or "").startswith("admin"):
        from sqlalchemy.pool import NullPool

        from core.config import Settings
        from core.db import READ_ONLY, Database

        # No pooled connections in the master: its workers are forked from it.
        database = Database(Settings.from_env().database_url, poolclass=NullPool,
                            execution_options={READ_ONLY: True})
    start_http_server(int(_metrics_port), addr=_metrics_host.strip("[]"),
                      registry=metrics.registry(os.environ["PROMETHEUS_MULTIPROC_DIR"],
                                                lambda: list(server.WORKERS), database))
    server.log.info("Metrics on http://%s/metrics", _metrics_bind)


def child_exit(server, worker):
    if _metrics_bind:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    made = os.environ.get("BROBYGGER_METRICS_DIR_MADE")
    if made and made == os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import shutil

        shutil.rmtree(made, ignore_errors=True)
