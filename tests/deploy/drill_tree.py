"""A clean Debian 12 root for the server drill (tests/deploy/test_server_systemd.py), made
once with debootstrap and kept outside the repository, and the release's virtualenv made in
it as the runbook makes it (deploy/README.md, step 2), with Debian's own python3.

    python -m tests.deploy.drill_tree      # .ci/run: build what is missing (about 2.5 min)

The tree is kept per list of packages (its name carries a hash of PACKAGES), so a new
package gets a new tree. It is never changed after it is built: the drill boots it with systemd-nspawn
--volatile=overlay (every write goes to a tmpfs that dies with the container). The
virtualenv is kept beside it, one per version of pyproject.toml, and bind-mounted as
/opt/brobygger/.venv over the release (this repository, bind-mounted read-only)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from core import PROJECT_ROOT

CACHE = Path(os.environ.get("BROBYGGER_DRILL_CACHE", "/var/cache/brobygger-drill"))
MIRROR = "http://deb.debian.org/debian"
# Debian's systemd, and what the runbook's step 1 needs for a trial on SQLite (nginx, no
# PostgreSQL), with curl to ask the apps and iproute2 to give the container the site's
# two addresses.
PACKAGES = ["systemd", "systemd-sysv", "dbus", "python3", "python3-venv", "curl",
            "ca-certificates", "nginx", "iproute2"]
# One tree per package list: a tree made for another list is never used (nor changed).
TREE = CACHE / f"bookworm-{hashlib.sha256(' '.join(PACKAGES).encode()).hexdigest()[:8]}"
NSPAWN = ["systemd-nspawn", "--quiet", "--register=no", "--keep-unit"]


def venv_path() -> Path:
    digest = hashlib.sha256((PROJECT_ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return CACHE / f"venv-{digest[:12]}"


def build_tree() -> None:
    if TREE.exists():
        return
    partial = TREE.with_name(TREE.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(["debootstrap", "--variant=minbase", f"--include={','.join(PACKAGES)}",
                    "bookworm", str(partial), MIRROR], check=True, stdout=subprocess.DEVNULL)
    partial.rename(TREE)


def build_venv() -> Path:
    """`python3 -m venv /opt/brobygger/.venv; pip install -e /opt/brobygger`, in the tree,
    on a copy of the release's tracked files (pip writes its egg-info into the release)."""
    venv = venv_path()
    if venv.exists():
        return venv
    partial = venv.with_name(venv.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="bb-drill-release-") as release:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, check=True,
                               capture_output=True).stdout.decode().split("\0")
        for name in filter(None, files):
            target = Path(release) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (PROJECT_ROOT / name).is_file():
                shutil.copy2(PROJECT_ROOT / name, target)
        (Path(release) / ".venv").mkdir()
        subprocess.run([*NSPAWN, "--volatile=overlay", "-D", str(TREE), *_host_trust(),
                        f"--bind={release}:/opt/brobygger", f"--bind={partial}:/opt/brobygger/.venv",
                        "/bin/sh", "-ec",
                        "python3 -m venv /opt/brobygger/.venv && "
                        "/opt/brobygger/.venv/bin/pip install --quiet -e /opt/brobygger"],
                       check=True)
    partial.rename(venv)
    return venv


def _host_trust() -> list[str]:
    """The host's CA bundle, for pip: a network whose proxy re-signs TLS is trusted in the
    container as on the host."""
    bundle = Path(os.environ.get("PIP_CERT", "/etc/ssl/certs/ca-certificates.crt"))
    if not bundle.is_file():
        return []
    return [f"--bind-ro={bundle.resolve()}:/etc/ssl/host-ca.crt",
            "--setenv=PIP_CERT=/etc/ssl/host-ca.crt", "--setenv=PIP_DISABLE_PIP_VERSION_CHECK=1"]


def main() -> None:
    build_tree()
    build_venv()


if __name__ == "__main__":
    sys.exit(main())
