"""Gunicorn settings shared by both Brobygger WSGI apps.

Usage (one gunicorn master per app, see the systemd units next to this file):

    gunicorn -c deploy/server/gunicorn.conf.py kiosk.wsgi:app
    gunicorn -c deploy/server/gunicorn.conf.py admin.wsgi:app

Every value can be overridden from the environment (the systemd units load
/etc/brobygger/brobygger.env). Command-line flags override this file, which is
how the units give each app its own port (``--bind``) without a second config
file.

Gunicorn only reads the module-level names it knows; the helper functions and
the underscore-prefixed names below are ignored by it.

Privacy note: prisoners' personal data must never end up in log files. The
access log format therefore logs the URL *path* only, never the query string
(search terms, names, message fragments could be there), never the Referer
(which carries the query string of the previous page) and never cookies.
The application is expected not to put personal data in URL paths either.
"""

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

# Where to listen. Only ever a loopback address (or a unix socket): nginx is
# the only thing that may talk to gunicorn. The systemd units pass --bind
# explicitly (kiosk 127.0.0.1:8000, admin 127.0.0.1:8001), which wins over this.
bind = [_env_str("GUNICORN_BIND", "127.0.0.1:8000")]

# Pending-connection queue; the default of 2048 is plenty for a prison.
backlog = _env_int("GUNICORN_BACKLOG", 2048, minimum=64)

# ---------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------

# The usual (2 x cores) + 1, but capped: the kiosk and the admin app run side
# by side on the same host, each with its own master, and every worker holds
# its own database connections. GUNICORN_MAX_WORKERS raises/lowers the cap;
# GUNICORN_WORKERS sets an exact number.
_max_workers = _env_int("GUNICORN_MAX_WORKERS", 8, minimum=1)
workers = _env_int(
    "GUNICORN_WORKERS", min(2 * _cpu_count() + 1, _max_workers), minimum=1
)

# Threads per worker. 1 means the plain "sync" worker; more than 1 makes
# gunicorn use the "gthread" worker class automatically. nginx buffers slow
# clients, so sync workers are fine for this workload.
threads = _env_int("GUNICORN_THREADS", 1, minimum=1, maximum=32)

# A request that takes longer than this is a bug or an attack: the worker is
# killed and restarted. nginx's proxy_read_timeout is a few seconds longer so
# that gunicorn, not nginx, decides.
timeout = _env_int("GUNICORN_TIMEOUT", 30, minimum=1)

# On SIGTERM (systemctl stop/restart) workers get this long to finish the
# requests they are serving before they are killed. Keep it below the unit's
# TimeoutStopSec.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20, minimum=1)

# Seconds to wait for the next request on a keep-alive connection. Only the
# gthread worker (threads > 1) keeps connections open; the sync worker closes
# after each response, which is what nginx expects by default anyway.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5, minimum=0)

# Recycle each worker after this many requests (plus a random jitter so the
# workers don't all restart at the same moment). Bounds the damage of slow
# memory leaks in the app or its dependencies. 0 disables recycling.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100, minimum=0)

# Do not import the app in the master before forking: every worker imports it
# itself, so a broken deploy fails loudly per worker and the master stays
# small. (Also avoids sharing database connections across fork().)
preload_app = False

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
# anyone who can reach the port could then claim to be on HTTPS.
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
#   %(u)s (basic-auth user) is unused.
# Fields: client as seen by nginx (X-Forwarded-For, set by nginx to the
# connecting address; a terminal or staff PC), method, path WITHOUT query
# string, protocol, status, response bytes, duration in seconds, user agent.
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
