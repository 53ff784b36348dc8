"""The terminal's session as brobygger-terminal.service runs it: `cage -d --
kiosk-browser.sh` (the unit's ExecStart, the shipped script), on wlroots' headless backend
(no screen, no input devices), Chromium under the full shipped policy in a private mount
namespace (tests/deploy/locked_browser.py), as `nobody` standing in for `kiosk`, with the
folders the unit gives it (RuntimeDirectory=, StateDirectory=, XDG_RUNTIME_DIR from
logind). Screenshots with grim, through cage's Wayland socket.

Only one thing is added to the shipped command line: `chromium` on the session's PATH is a
two-line shim that adds --host-resolver-rules (kiosk.fengsel.example is the test's server
on 127.0.0.1) and --ignore-certificate-errors (its certificate is self-signed), then runs
Debian's Chromium with the flags kiosk-browser.sh gives it."""
from __future__ import annotations

import os
import re
import signal
import shutil
import subprocess
from pathlib import Path

from tests.deploy.locked_browser import (CHROMIUM, TERMINAL, PolicyRoot, browser_user,
                                         owned_folder, resolver_rules)
from tests.deploy.nginx_site import tool
from tests.deploy.processes import Process

CAGE_LINE = "/usr/bin/cage -d -- /usr/local/lib/brobygger-terminal/kiosk-browser.sh"


def unit_exec_start() -> str:
    text = (TERMINAL / "brobygger-terminal.service").read_text()
    return re.search(r"^ExecStart=(.*)$", text, re.M).group(1).strip()


class Screen:
    """A screenshot: width, height and RGB bytes (grim's PPM)."""

    def __init__(self, ppm: bytes) -> None:
        header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
        self.width, self.height = int(header.group(1)), int(header.group(2))
        self.pixels = ppm[header.end():]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        at = 3 * (y * self.width + x)
        return tuple(self.pixels[at:at + 3])

    def colours(self) -> set[tuple[int, int, int]]:
        return {tuple(self.pixels[at:at + 3]) for at in range(0, len(self.pixels), 3 * 97)}


class CageSession:
    def __init__(self, directory: Path, policy_root: PolicyRoot, port: int, kiosk_url: str,
                 state: Path, runtime: Path) -> None:
        user = browser_user()
        assert user, "the session runs as root only to drop to nobody, as CI runs the tests"
        self.directory = directory
        self.xdg = owned_folder(directory / "xdg")
        self.xdg.chmod(0o700)
        self.runtime = owned_folder(runtime)
        self.runtime.chmod(0o700)
        self.state = state
        shims = directory / "bin"
        shims.mkdir()
        shim = shims / "chromium"
        shim.write_text(f'#!/bin/sh\nexec {CHROMIUM} "--host-resolver-rules={resolver_rules(port)}" '
                        '--ignore-certificate-errors "$@"\n')
        shim.chmod(0o755)
        script = directory / "kiosk-browser.sh"  # as installed: root-owned, 0755
        shutil.copy(TERMINAL / "kiosk-browser.sh", script)
        script.chmod(0o755)
        command = unit_exec_start().replace(
            "/usr/local/lib/brobygger-terminal/kiosk-browser.sh", str(script))
        env = {"PATH": f"{shims}:/usr/bin:/bin", "HOME": str(state), "LANG": "C.UTF-8",
               "XDG_RUNTIME_DIR": str(self.xdg), "RUNTIME_DIRECTORY": str(self.runtime),
               "STATE_DIRECTORY": str(state), "KIOSK_URL": kiosk_url,
               "KIOSK_WAIT_SECONDS": "0", "WLR_BACKENDS": "headless",
               "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman"}
        inner = (f"exec {tool('setpriv')} --reuid={user.pw_uid} --regid={user.pw_gid} "
                 f"--clear-groups {command}")
        self.process = Process(
            [tool("unshare"), "--mount", "--propagation", "private", "/bin/sh", "-c",
             f'mount --bind "$0" /etc/chromium && {inner}', str(policy_root.path)],
            ready=r".", env=env)
        self.user = user

    def _as_user(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [tool("setpriv"), f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}",
             "--clear-groups", *args],
            env={"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(self.xdg),
                 "WAYLAND_DISPLAY": "wayland-0"},
            capture_output=True, timeout=60, **kwargs)

    def screenshot(self) -> Screen:
        result = self._as_user("grim", "-t", "ppm", "-")
        assert result.returncode == 0, result.stderr
        return Screen(result.stdout)

    def children(self, pid: int | None = None) -> list[int]:
        pid = pid or self.process.popen.pid  # unshare, sh and setpriv exec: this is cage
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
        return found

    def browser(self) -> int:
        """The browser's main process: cage's child that runs chromium (the others are
        Xwayland), the one kiosk-browser.sh became with exec."""
        browsers = [pid for pid in self.children()
                    if b"chromium" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(browsers) == 1, browsers
        return browsers[0]

    def terminate_browser(self) -> None:
        os.kill(self.browser(), signal.SIGTERM)

    def keys(self, *args: str) -> None:
        """Keys typed on the session's keyboard (wtype: the virtual-keyboard protocol)."""
        result = self._as_user("wtype", *args)
        assert result.returncode == 0, result.stderr

    def ended(self, timeout: float = 60) -> int:
        """cage's exit status, once it has ended."""
        return self.process.popen.wait(timeout=timeout)

    def stop(self) -> None:
        self.process.stop()
