"""The systemd units of deploy/server and deploy/terminal: checked by systemd itself
(`systemd-analyze verify`, `systemd-analyze security`, `systemd-sysusers`), and for the
rules the deployment relies on (users, sockets, sandboxing, timers)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core import PROJECT_ROOT
from core.cli import main as cli
from tests.deploy.nginx_site import tool

SERVER = PROJECT_ROOT / "deploy" / "server"
TERMINAL = PROJECT_ROOT / "deploy" / "terminal"
UNITS = sorted([*SERVER.glob("*.service"), *SERVER.glob("*.socket"), *SERVER.glob("*.timer"),
                *TERMINAL.glob("*.service"), *TERMINAL.glob("*.timer")])
SERVER_SERVICES = sorted(SERVER.glob("*.service"))
APPS = {"kiosk": SERVER / "brobygger-kiosk.service", "admin": SERVER / "brobygger-admin.service"}
# Installed by the runbook, not present on a test machine: replaced by stubs for verify.
INSTALLED = {"/opt/brobygger/.venv/bin/gunicorn": "gunicorn",
             "/opt/brobygger/.venv/bin/brobygger": "brobygger",
             "/usr/bin/cage": "cage",
             "/usr/local/lib/brobygger-terminal/kiosk-browser.sh": "kiosk-browser.sh"}
SANDBOX = ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "PrivateDevices=yes",
           "PrivateNetwork=yes", "RestrictAddressFamilies=AF_UNIX", "CapabilityBoundingSet=",
           "ProtectHome=yes", "MemoryDenyWriteExecute=yes", "UMask=0077"]


def _values(unit: Path, key: str) -> list[str]:
    """Every value of ``key`` in a unit, continuation lines joined."""
    text = unit.read_text().replace("\\\n", " ")
    return [re.sub(r"\s+", " ", v).strip() for v in re.findall(rf"^{key}=(.*)$", text, re.M)]


def _value(unit: Path, key: str) -> str:
    values = _values(unit, key)
    assert len(values) == 1, (unit.name, key, values)
    return values[0]


def _verify(units: list[Path], directory: Path) -> subprocess.CompletedProcess:
    """`systemd-analyze verify` on copies of ``units`` whose commands installed by the runbook
    point to stubs, so that systemd checks every other command, every key and value, and
    every dependency between our units. Any message at all counts as a failure."""
    stubs, copies = directory / "bin", directory / "units"
    stubs.mkdir(parents=True)
    copies.mkdir()
    for name in INSTALLED.values():
        (stubs / name).write_text("#!/bin/sh\n")
        (stubs / name).chmod(0o755)
    for unit in units:
        text = unit.read_text()
        for path, name in INSTALLED.items():
            text = text.replace(path, str(stubs / name))
        (copies / unit.name).write_text(text)
    return subprocess.run([tool("systemd-analyze"), "verify", "--man=no",
                           *[str(copies / u.name) for u in units]],
                          capture_output=True, text=True, timeout=120, cwd=copies)


def test_systemd_accepts_every_unit(tmp_path):
    result = _verify(UNITS, tmp_path)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == "", result.stderr


def test_the_verify_check_can_fail(tmp_path):
    broken = tmp_path / "brobygger-kiosk.service"
    text = APPS["kiosk"].read_text()
    broken.write_text(text.replace("ProtectSystem=strict", "ProtectSytem=strict")
                      .replace("UMask=0077", "UMask=abc"))
    result = _verify([broken, SERVER / "brobygger-kiosk.socket",
                      SERVER / "brobygger-migrate.service"], tmp_path / "check")
    assert "Unknown key 'ProtectSytem'" in result.stderr and "abc" in result.stderr


@pytest.mark.parametrize("unit", [*SERVER_SERVICES, TERMINAL / "brobygger-terminal.service"],
                         ids=lambda u: u.name)
def test_systemd_rates_the_sandboxing(unit):
    result = subprocess.run([tool("systemd-analyze"), "security", "--offline=true", str(unit)],
                            capture_output=True, text=True, timeout=60)
    level = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout).group(1))
    # The server's units: "SAFE". The terminal session runs a GPU-accelerated browser,
    # which cannot have PrivateDevices, MemoryDenyWriteExecute or a syscall filter.
    assert level <= (1.0 if unit.parent == SERVER else 5.0), result.stdout[-2000:]


@pytest.mark.parametrize("unit", SERVER_SERVICES, ids=lambda u: u.name)
def test_every_server_service_is_hardened(unit):
    for line in SANDBOX:
        key, value = line.split("=", 1)
        assert _value(unit, key) == value, (unit.name, key)
    assert _value(unit, "EnvironmentFile") == "/etc/brobygger/brobygger.env"


def test_the_apps_have_their_own_users_and_sockets():
    users = {app: _value(unit, "User") for app, unit in APPS.items()}
    assert users == {"kiosk": "brobygger-kiosk", "admin": "brobygger-admin"}
    for app, unit in APPS.items():
        socket = SERVER / f"brobygger-{app}.socket"
        assert _value(unit, "Group") == users[app]
        assert _value(unit, "Restart") == "on-failure"
        assert _value(unit, "Type") == "notify"
        assert f"brobygger-{app}.socket" in _values(unit, "Requires")
        assert f"{app}.wsgi:app" in _value(unit, "ExecStart")
        assert "--bind" not in _value(unit, "ExecStart")  # the socket comes from systemd
        assert _value(socket, "ListenStream") == f"/run/brobygger/{app}.sock"
        assert (_value(socket, "SocketUser"), _value(socket, "SocketGroup"),
                _value(socket, "SocketMode")) == ("root", "www-data", "0660")
    for job in set(SERVER_SERVICES) - set(APPS.values()):
        assert _value(job, "User") == "brobygger", job.name


def test_the_users_are_made_by_systemd_sysusers(tmp_path):
    (tmp_path / "etc" / "sysusers.d").mkdir(parents=True)
    shutil.copy(SERVER / "brobygger.sysusers", tmp_path / "etc/sysusers.d/brobygger.conf")
    shutil.copy(TERMINAL / "brobygger-terminal.sysusers",
                tmp_path / "etc/sysusers.d/brobygger-terminal.conf")
    subprocess.run([tool("systemd-sysusers"), f"--root={tmp_path}"], check=True,
                   capture_output=True, timeout=60)
    passwd = {line.split(":")[0]: line.split(":") for line in
              (tmp_path / "etc/passwd").read_text().splitlines()}
    groups = {line.split(":")[0]: line.split(":")[3].split(",") for line in
              (tmp_path / "etc/group").read_text().splitlines()}
    units = [*SERVER_SERVICES, TERMINAL / "brobygger-terminal.service"]
    for user in {_value(unit, "User") for unit in units}:
        assert user in passwd and passwd[user][6] == "/usr/sbin/nologin", user
    assert len({passwd[u][2] for u in ("brobygger", "brobygger-kiosk", "brobygger-admin")}) == 3
    assert sorted(groups["brobygger"]) == ["brobygger-admin", "brobygger-kiosk"]
    assert passwd["kiosk"][5] == "/var/lib/brobygger-terminal"


def test_the_timers_run_existing_commands_backup_before_purge():
    commands = {"sla-tick": "sla tick", "backup": "backup --dir /var/lib/brobygger-backup",
                "purge": "purge"}
    for name, command in commands.items():
        service = SERVER / f"brobygger-{name}.service"
        assert (SERVER / f"brobygger-{name}.timer").exists()
        assert _value(service, "ExecStart") == f"/opt/brobygger/.venv/bin/brobygger {command}"
        group, _, rest = command.partition(" ")
        found = cli.get_command(None, group)
        if rest and not rest.startswith("--"):
            found = found.get_command(None, rest.split()[0])
        assert found is not None, command
    backup_at = _value(SERVER / "brobygger-backup.timer", "OnCalendar")
    purge_at = _value(SERVER / "brobygger-purge.timer", "OnCalendar")
    assert backup_at < purge_at, (backup_at, purge_at)  # same "*-*-* HH:MM:SS" form
    assert "brobygger-backup.service" in " ".join(_values(SERVER / "brobygger-purge.service", "After"))
    backup = SERVER / "brobygger-backup.service"
    assert (_value(backup, "StateDirectory"), _value(backup, "StateDirectoryMode")) == (
        "brobygger-backup", "0700")  # writable (and readable) by its user only
    for name in commands:
        assert _value(SERVER / f"brobygger-{name}.timer", "Persistent") == "true"


def test_the_terminal_session_is_cage_without_vt_switching():
    unit = TERMINAL / "brobygger-terminal.service"
    command = _value(unit, "ExecStart").split()
    assert command[0] == "/usr/bin/cage" and "-s" not in command[:command.index("--")]
    assert command[command.index("--") + 1:] == [
        "/usr/local/lib/brobygger-terminal/kiosk-browser.sh"]
    assert (_value(unit, "User"), _value(unit, "PAMName"), _value(unit, "TTYPath")) == (
        "kiosk", "login", "/dev/tty1")  # auto-login: the session starts as kiosk, no password
    assert _value(unit, "RuntimeDirectory") == "brobygger-terminal"  # the profile, under /run
    assert _value(unit, "Restart") == "always"
    reboot = TERMINAL / "brobygger-terminal-reboot.timer"
    assert _value(reboot, "OnCalendar") == "*-*-* 04:00:00"
    assert _value(reboot, "Persistent") == "false"
    assert "reboot" in _value(TERMINAL / "brobygger-terminal-reboot.service", "ExecStart")
