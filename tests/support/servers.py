"""Real servers for the fault tests: an app under gunicorn with the project's settings
(deploy/server/gunicorn.conf.py), a private PostgreSQL instance to stop and start, and a
small HTTP client that keeps cookies and reports a dropped connection as such.

Nothing here waits a fixed time. gunicorn is handed a socket that is already listening,
so a request sent before its workers are up waits in the kernel's queue and is answered
by the first worker that boots; the waits that remain (a worker picking up a connection,
see ``wait_for``) check /proc until the condition holds, within a deadline.
"""
from __future__ import annotations

import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from core import PROJECT_ROOT
from tests.support import world

GUNICORN_CONF = PROJECT_ROOT / "deploy" / "server" / "gunicorn.conf.py"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"'
                  r'|name="csrf-token" content="([^"]+)"')
SUBMIT_KEY = re.compile(r'name="submit_key" value="([^"]+)"')


def wait_for(condition, timeout: float, what: str):
    """``condition()`` until it gives something true, checked every few milliseconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        pause.wait(0.005)


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    return sock


class Gunicorn:
    """``app`` ("kiosk" or "admin") under gunicorn on a loopback port."""

    def __init__(self, app: str, database_url: str, log_dir: Path, *, workers: int = 2,
                 metrics_port: int | None = None, env: dict | None = None) -> None:
        listener = listening_socket()
        self.port = listener.getsockname()[1]
        self.metrics_port = metrics_port
        self.log_path = log_dir / f"gunicorn-{app}-{self.port}.log"
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "METRICS_",
                                                                         "PROMETHEUS_"))},
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT),
                                                        os.environ.get("PYTHONPATH")])),
            "BROBYGGER_ENV": "test", "SECRET_KEY": "fault-tests", "DATABASE_URL": database_url,
            "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "8", "ARGON2_PARALLELISM": "1",
            "PIN_PEPPER": world.PIN_PEPPER, "PIN_ARGON2_TIME_COST": "1",
            "PIN_ARGON2_MEMORY_KIB": "8", "PIN_ARGON2_PARALLELISM": "1",
            "GUNICORN_WORKERS": str(workers), "GUNICORN_MAX_REQUESTS": "0",
            **(env or {}),
        }
        if metrics_port:
            environment["METRICS_BIND"] = f"127.0.0.1:{metrics_port}"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                 "--bind", f"fd://{listener.fileno()}", f"{app}.wsgi:app"],
                cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),))
        listener.close()  # gunicorn holds it now
        status, _, _ = Client(self.port, timeout=120).get("/healthz")
        assert status == 200, self.log()

    def request_status(self, path: str) -> int:
        return Client(self.port).get(path)[0]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def worker_serving(self, client_port: int | None = None) -> int | None:
        """The worker holding a connection (from ``client_port``, or any), or None."""
        inodes = _connections_to(self.port, client_port)
        for pid in self.workers():
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except FileNotFoundError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return pid
        return None

    def kill_worker(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _connections_to(server_port: int, client_port: int | None) -> set[str]:
    """Socket inodes of established connections to ``server_port`` on the server side."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        if state != "01":  # ESTABLISHED
            continue
        if int(local.split(":")[1], 16) != server_port:
            continue
        if client_port is not None and int(remote.split(":")[1], 16) != client_port:
            continue
        inodes.add(inode)
    return inodes


class Dropped(Exception):
    """The server closed the connection without an answer (its worker died)."""


class Client:
    """One browser: cookies, no redirects followed, a new connection per request."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        body = urlencode(data or {}, doseq=True) if method == "POST" else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        except (http.client.RemoteDisconnected, http.client.IncompleteRead,
                ConnectionResetError, BrokenPipeError) as error:
            raise Dropped(type(error).__name__) from error
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie = rest.split(";")[0]
                if "Max-Age=0" in value or "expires=Thu, 01 Jan 1970" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie
        return response.status, dict(response.getheaders()), text

    def get(self, path: str):
        status, headers, html = self.request("GET", path)
        match = CSRF.search(html) if status == 200 else None
        if match:  # the session's token, the same on every page until the next sign-in
            self.csrf = next(g for g in match.groups() if g)
        return status, headers, html

    def post(self, path: str, data: dict | None = None):
        return self.request("POST", path, {"csrf_token": self.csrf, **(data or {})})


def kiosk_browser(port: int, terminal_credential: str, number: str, pin: str) -> Client:
    """A browser on an enrolled terminal, with inmate ``number`` signed in."""
    client = Client(port)
    client.cookies["bb_terminal"] = terminal_credential
    assert client.get("/")[0] == 200
    status, headers, _ = client.post("/", {"inmate_number": number, "pin": pin})
    assert status == 302, (status, headers)
    assert client.get("/home")[0] == 200
    return client


class PrivatePostgres:
    """A PostgreSQL instance of its own (initdb in a temporary folder, on a free port),
    to stop and start without touching the machine's shared server."""

    def __init__(self) -> None:
        for tool in ("initdb", "pg_ctl"):
            assert (PG_BIN / tool).exists(), f"{PG_BIN / tool} is needed for this test"
        self.folder = Path(tempfile.mkdtemp(prefix="brobygger-pg-"))
        self.data = self.folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._as_owner = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run([*self._as_owner, str(PG_BIN / tool), *args],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{tool} failed: {result.stdout}\n{result.stderr}"

    def start(self) -> None:
        """Start, and return once it takes connections (pg_ctl -w)."""
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop; "fast" ends every session at once, as a restart does."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
