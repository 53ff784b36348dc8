"""A Debian 12 booted with its own systemd as PID 1, in systemd-nspawn (--boot), from the
tree of tests/deploy/drill_tree.py, with the release (this repository) read-only at
/opt/brobygger and its virtualenv over /opt/brobygger/.venv. Every write goes to a tmpfs
(--volatile=overlay) that dies with the container. Commands run inside it with nsenter,
as `machinectl shell` would (this machine's PID 1 is not systemd, so there is no machined:
--register=no, --keep-unit)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

from core import PROJECT_ROOT
from tests.deploy import drill_tree
from tests.deploy.processes import Process

BOOT_SECONDS = 60


class BootedServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory  # /drill in the container (read-only, seen live)
        drill_tree.build_tree()
        venv = drill_tree.build_venv()
        # systemd-nspawn --notify-ready tells us (sd_notify) when the container's systemd
        # has finished booting: wait on that, not on the clock.
        notify = directory / "notify.sock"
        self._ready = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._ready.bind(str(notify))
        self._ready.settimeout(BOOT_SECONDS)
        self.console = (directory / "console.log").open("wb")
        self.popen = subprocess.Popen(
            [*drill_tree.NSPAWN, "--boot", "--volatile=overlay", "--notify-ready=yes",
             "-D", str(drill_tree.TREE), f"--machine=bb-drill-{os.getpid()}",
             "--private-network", f"--bind-ro={PROJECT_ROOT}:/opt/brobygger",
             f"--bind-ro={venv}:/opt/brobygger/.venv", f"--bind-ro={directory}:/drill"],
            env={**os.environ, "NOTIFY_SOCKET": str(notify)},
            # The container's console goes to a file: a pipe nobody reads would fill up and
            # stop nspawn.
            stdin=subprocess.DEVNULL, stdout=self.console, stderr=subprocess.STDOUT)
        try:
            while b"READY=1" not in self._ready.recv(4096):
                pass
        except TimeoutError:
            self.stop()
            raise
        self.leader = int(Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children")
                          .read_text().split()[0])

    def run(self, command: str, check: bool = True) -> subprocess.CompletedProcess:
        """A shell command as root inside the container (all its namespaces)."""
        result = subprocess.run(["nsenter", f"--target={self.leader}", "--all",
                                 "/bin/sh", "-ec", command],
                                capture_output=True, text=True, timeout=120)
        if check:
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result

    def follow(self, unit: str) -> Process:
        """The unit's journal as the container's journald writes it (journalctl -f on the
        container's journal folder), to wait for a line."""
        return Process(["journalctl", f"--directory=/proc/{self.leader}/root/var/log/journal",
                        "--follow", "--lines=1", "--output=cat", f"--unit={unit}"], ready=".")

    def out(self, command: str) -> str:
        return self.run(command).stdout.strip()

    def stop(self) -> None:
        # Nothing in the container is kept (--volatile): its PID 1 killed ends it at once.
        os.kill(self.leader, signal.SIGKILL)
        try:
            self.popen.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=30)
        self._ready.close()
        self.console.close()
