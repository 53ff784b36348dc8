"""The apps under gunicorn for a benchmark, with deploy/server/gunicorn.conf.py as it is;
only the bind address is given on the command line. Logs go to instance/bench/logs/."""
from __future__ import annotations

import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from core import PROJECT_ROOT

GUNICORN_CONF = PROJECT_ROOT / "deploy" / "server" / "gunicorn.conf.py"
LOG_DIR = PROJECT_ROOT / "instance" / "bench" / "logs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_settings(env: dict[str, str]) -> dict[str, str]:
    """What gunicorn.conf.py decides in this environment (it reads the environment)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        conf = runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    keys = ("workers", "threads", "worker_class", "timeout", "keepalive", "max_requests",
            "max_requests_jitter", "backlog", "preload_app")
    return {key: str(conf[key]) for key in keys}


class Server:
    """One gunicorn master serving ``app`` on a free loopback port."""

    def __init__(self, name: str, app: str, env: dict[str, str], ready_path: str = "/healthz"):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF),
             "--bind", f"127.0.0.1:{self.port}", app],
            env={**env, "GUNICORN_PROC_NAME": f"bench-{name}"}, cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready(ready_path)

    def _wait_ready(self, path: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise SystemExit(f"{self.name} stopped at start-up; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:
                    if response.status == 200 and len(self.workers()) >= 1:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not answer {path} in {seconds:.0f} s; see {self.log_path}")

    def workers(self) -> list[int]:
        """The worker processes' ids: the master's children."""
        children = Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def rss_kib(self) -> list[int]:
        """Each worker's resident memory (VmRSS), in KiB."""
        result = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        result.append(int(line.split()[1]))
            except OSError:
                continue
        return result

    def cpu_seconds(self) -> float:
        """CPU time of the master and every worker so far, the recycled ones included (the
        master has waited for them, so they are in its children's times)."""
        ticks = os.sysconf("SC_CLK_TCK")

        def fields(pid: int) -> list[str]:
            text = Path(f"/proc/{pid}/stat").read_text()
            return text[text.rindex(")") + 2:].split()

        try:
            master = fields(self.popen.pid)
        except OSError:
            return 0.0
        total = sum(int(v) for v in master[11:15])  # utime, stime, cutime, cstime
        for pid in self.workers():
            try:
                total += sum(int(v) for v in fields(pid)[11:13])
            except OSError:
                continue
        return total / ticks

    def boots(self) -> int:
        """How many workers have booted so far (start-up and every recycled worker)."""
        self._log.flush()
        return self.log_path.read_text(errors="replace").count("Booting worker")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self._log.close()
