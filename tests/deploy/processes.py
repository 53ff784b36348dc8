"""Servers for the deployment tests: gunicorn and nginx as real processes, waited for
without sleeping. A thread reads each process's output (stdout and stderr, where
gunicorn and nginx write their logs, as they do for the journal in production) and
wakes whoever waits for a line: "ready", or the log line of a request just made."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from core import PROJECT_ROOT

GUNICORN_CONF = PROJECT_ROOT / "deploy" / "server" / "gunicorn.conf.py"
WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A child process and every line it writes; ``wait_for`` blocks until one matches."""

    def __init__(self, args: list[str], *, ready: str, env: dict | None = None,
                 cwd: Path | None = None, stop_signal: int = signal.SIGTERM) -> None:
        self.args = args
        self.lines: list[str] = []
        self.stop_signal = stop_signal
        self._changed = threading.Condition()
        self._ended = False
        self.popen = subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.wait_for(ready)
        except AssertionError:
            self.stop()
            raise

    def _read(self) -> None:
        for line in self.popen.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def mark(self) -> int:
        """Where the output is now: pass it to ``wait_for`` to look only at what follows."""
        with self._changed:
            return len(self.lines)

    def wait_for(self, pattern: str, since: int = 0) -> str:
        regex = re.compile(pattern)

        def found():
            return next((line for line in self.lines[since:] if regex.search(line)), None)

        with self._changed:
            self._changed.wait_for(lambda: found() is not None or self._ended, WAIT_SECONDS)
            line = found()
        assert line, f"{self.args[0]}: no line matching {pattern!r} in:\n{self.output}"
        return line

    @property
    def output(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=30)
        self._reader.join(timeout=30)


def gunicorn(app: str, bind: str, env: dict[str, str]) -> Process:
    """``app`` under gunicorn with deploy/server/gunicorn.conf.py, as the units run it
    (logs on stdout and stderr, as they go to the journal). Stopped with SIGQUIT, the
    quick shutdown: the tests have nothing in flight to wait for."""
    return Process([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF),
                    "--bind", bind, app],
                   ready=r"Booting worker", env={**os.environ, **env}, cwd=PROJECT_ROOT,
                   stop_signal=signal.SIGQUIT)
