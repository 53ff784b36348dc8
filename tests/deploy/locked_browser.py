"""Debian's real Chromium with deploy/terminal's managed policy, as on a terminal, without
touching this machine: each browser runs in a private mount namespace (`unshare --mount`)
in which a folder of the test is bind-mounted over /etc/chromium, so Chromium reads the
policy from /etc/chromium/policies/managed/ exactly where the runbook installs it, and
nothing outside the namespace sees it. As root (CI) the browser then drops to the user
`nobody` and keeps its own sandbox, as the terminal's `kiosk` user does.

The kiosk is the real kiosk app served over HTTPS on 127.0.0.1 with a certificate for
kiosk.fengsel.example, and Chromium resolves that name (and a few others, to show they are
refused by the policy, not by a missing server) to it with --host-resolver-rules. The
policy file is installed byte for byte as shipped, placeholder hostname and all."""
from __future__ import annotations

import json
import os
import pwd
import shutil
from pathlib import Path

from werkzeug.serving import make_server

from core import PROJECT_ROOT
from tests.deploy.nginx_site import KIOSK_HOST, certificate, tool
from tests.support import serving

TERMINAL = PROJECT_ROOT / "deploy" / "terminal"
POLICY_FILE = TERMINAL / "chromium-policy.json"
PRINTING_FILE = TERMINAL / "chromium-policy-printing.json"
CHROMIUM = "/usr/bin/chromium"  # Debian's, as on the terminals
# Names the test maps to the kiosk's own server: the policy must refuse them all.
OTHER_HOSTS = ["other.fengsel.example", f"www.{KIOSK_HOST}", "admin.fengsel.example"]


def policy(**changes) -> dict:
    """The shipped policy, with keys changed (a value of None removes the key)."""
    data = json.loads(POLICY_FILE.read_text())
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class PolicyRoot:
    """A folder that stands in for /etc/chromium: Debian's master_preferences and the
    given policy files in policies/managed/."""

    def __init__(self, directory: Path, files: dict[str, dict | Path]) -> None:
        self.path = directory / "etc-chromium"
        managed = self.path / "policies" / "managed"
        managed.mkdir(parents=True)
        for extra in Path("/etc/chromium").glob("*"):
            if extra.is_file():
                shutil.copy(extra, self.path / extra.name)
        for name, content in files.items():
            target = managed / name
            if isinstance(content, Path):
                shutil.copy(content, target)
            else:
                target.write_text(json.dumps(content))
        for folder in (self.path, self.path / "policies", managed):
            folder.chmod(0o755)
        for file in managed.iterdir():
            file.chmod(0o644)


def browser_user() -> pwd.struct_passwd | None:
    """`nobody` when the tests run as root (as CI does); else the test's own user."""
    return pwd.getpwnam("nobody") if os.geteuid() == 0 else None


def owned_folder(path: Path) -> Path:
    """A folder the browser's user can write (its profile, its home)."""
    path.mkdir(parents=True, exist_ok=True)
    user = browser_user()
    if user:
        os.chown(path, user.pw_uid, user.pw_gid)
    return path


def wrapper(directory: Path, root: PolicyRoot) -> Path:
    """An executable that starts Debian's Chromium with ``root`` over /etc/chromium in a
    mount namespace of its own: give it to Playwright as executable_path, or run it."""
    user = browser_user()
    if user:  # root: a private mount namespace, then the browser as nobody, sandboxed
        inner = (f'exec {tool("setpriv")} --reuid={user.pw_uid} --regid={user.pw_gid} '
                 f'--clear-groups {CHROMIUM} "$@"')
        unshare = f"{tool('unshare')} --mount --propagation private"
    else:  # a user namespace makes the bind mount possible; no sandbox inside it
        inner = f'exec {CHROMIUM} --no-sandbox "$@"'
        unshare = f"{tool('unshare')} --mount --map-root-user --propagation private"
    script = directory / "chromium-with-policy"
    script.write_text(
        "#!/bin/sh\n"
        f"exec {unshare} /bin/sh -c "
        f"'mount --bind \"$0\" /etc/chromium && {inner}' "
        f'"{root.path}" "$@"\n')
    script.chmod(0o755)
    return script


def resolver_rules(port: int) -> str:
    """The kiosk's hostname, and the others the policy must refuse, on our server."""
    return ", ".join(f"MAP {host} 127.0.0.1:{port}" for host in [KIOSK_HOST, *OTHER_HOSTS])


class TlsServer:
    """A WSGI app over HTTPS on 127.0.0.1 (a free port), with a certificate for the
    kiosk's hostname, served from a daemon thread."""

    def __init__(self, app, directory: Path, host: str = "127.0.0.1") -> None:
        cert, key = certificate(directory)
        self.server = make_server(host, 0, app, threaded=True,
                                  ssl_context=(str(cert), str(key)))
        self.port = self.server.server_port
        self.thread = serving.serve(self.server)

    def stop(self) -> None:
        serving.stop(self.server, self.thread)
