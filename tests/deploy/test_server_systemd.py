"""The server drill: deploy/server's units installed by deploy/README.md's runbook on a
clean Debian 12 that runs its own systemd as PID 1 (tests/deploy/booted_server.py), on
SQLite (the runbook's trial option; no PostgreSQL in the tree), behind Debian's nginx with
the shipped site. Proved: the units start, both apps answer /healthz on their sockets and
over https through nginx (a unit of the booted systemd, enabled and active), a killed app
is brought back by
Restart= while the socket keeps the waiting request, the timers are scheduled, and the
sandbox is in force in the running system (`systemctl show`, `systemd-analyze security`).

The steps are the runbook's, numbered as there; steps 1 (packages), 2 (the virtualenv:
tests/deploy/drill_tree.py) are in the tree, 4 is the SQLite variant, 8 and 9 are not part
of the drill. In step 7 the site is installed as shipped: its PLACEHOLDERs are kept (the
container is given the two addresses, the hostnames are resolved to them by curl, and the
test certificate of tests/deploy/nginx_site.py is put where the site looks for it)."""
from __future__ import annotations

import re
import subprocess

import pytest

from tests.deploy import nginx_site
from tests.deploy.booted_server import BootedServer
from tests.deploy.nginx_site import ADMIN_HOST, KIOSK_HOST

pytestmark = pytest.mark.deploy

APPS = ["brobygger-kiosk", "brobygger-admin"]
TIMERS = ["brobygger-sla-tick.timer", "brobygger-backup.timer", "brobygger-purge.timer"]
ENV = "/opt/brobygger/deploy/server/brobygger.env.example"
# What `systemctl show` must report for every app and job in the running system.
SANDBOX = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
           "PrivateTmp": "yes", "PrivateDevices": "yes", "PrivateNetwork": "yes",
           "RestrictAddressFamilies": "AF_UNIX", "CapabilityBoundingSet": "",
           "MemoryDenyWriteExecute": "yes", "UMask": "0077"}
# systemd's own rating: "SAFE" is below 2.0; the units are kept at or under 1.0.
MAX_EXPOSURE = 1.0
# The site's addresses as shipped (PLACEHOLDERs): this server on the terminal network and
# on the staff network.
SITES = {KIOSK_HOST: "10.20.0.10", ADMIN_HOST: "10.30.0.10"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    booted = BootedServer(tmp_path_factory.mktemp("drill"))
    yield booted
    booted.stop()


@pytest.fixture(scope="module")
def installed(server):
    """Runbook steps 3, 4 (SQLite), 5 and 6, as written there."""
    server.run("install -D -m 0644 /opt/brobygger/deploy/server/brobygger.sysusers"
               " /etc/sysusers.d/brobygger.conf && systemd-sysusers")
    server.run("install -d -m 2770 -o brobygger -g brobygger /var/lib/brobygger")
    server.run(f"install -d -m 0700 /etc/brobygger && install -m 0600 {ENV} /etc/brobygger/brobygger.env"
               " && key=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
               " && pepper=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
               " && sed -i -e \"s/^SECRET_KEY=.*/SECRET_KEY=$key/\""
               " -e \"s/^PIN_PEPPER=.*/PIN_PEPPER=$pepper/\""
               " -e 's|^DATABASE_URL=.*|DATABASE_URL=sqlite:////var/lib/brobygger/brobygger.db|'"
               " /etc/brobygger/brobygger.env")
    server.run("cd /opt/brobygger/deploy/server"
               " && cp brobygger-*.service brobygger-*.socket brobygger-*.timer /etc/systemd/system/"
               " && systemctl daemon-reload"
               " && systemctl enable --now brobygger-kiosk.socket brobygger-admin.socket"
               " && systemctl enable --now brobygger-kiosk.service brobygger-admin.service"
               " && systemctl enable --now " + " ".join(TIMERS))
    # SQLite: after the first start, the database file is made group-writable.
    server.run("chmod 0660 /var/lib/brobygger/brobygger.db")
    return server


@pytest.fixture(scope="module")
def behind_nginx(installed):
    """Runbook step 7, as written there. The prison's network would give the server its two
    addresses; here they are put on the container's loopback."""
    server = installed
    nginx_site.certificate(server.directory)
    server.run(" && ".join(f"ip address add {address}/32 dev lo" for address in SITES.values()))
    server.run("install -d -m 0755 /etc/ssl/brobygger && " + " && ".join(
        f"install -m 0644 /drill/test.crt /etc/ssl/brobygger/{host}.fullchain.pem"
        f" && install -m 0600 /drill/test.key /etc/ssl/brobygger/{host}.key" for host in SITES))
    server.run("cp /opt/brobygger/deploy/server/nginx-brobygger-headers.conf"
               " /etc/nginx/snippets/brobygger-headers.conf"
               " && cp /opt/brobygger/deploy/server/nginx-brobygger.conf"
               " /etc/nginx/sites-available/brobygger"
               " && ln -s ../sites-available/brobygger /etc/nginx/sites-enabled/brobygger"
               " && rm /etc/nginx/sites-enabled/default"
               " && nginx -t && systemctl restart nginx")
    return server


def _https(server, host: str, address: str, path: str = "/healthz") -> subprocess.CompletedProcess:
    """curl in the container to https://HOST/PATH, HOST resolved to ADDRESS, trusting only
    the test certificate."""
    return server.run(f"curl -sS --fail --max-time 30 --cacert /drill/test.crt --resolve {host}:443:{address}"
                      f" https://{host}{path}", check=False)


def _nginx_log(server) -> str:
    return server.run("tail -n 20 /var/log/nginx/*.log; journalctl --no-pager -n 20 -u nginx",
                      check=False).stdout


def _health(server, app: str) -> str:
    name = app.removeprefix("brobygger-")
    return server.out(f"curl -sS --max-time 60 --unix-socket /run/brobygger/{name}.sock"
                      " http://localhost/healthz")


def test_the_units_start_and_the_apps_answer(installed):
    assert installed.out("systemctl is-active brobygger-migrate.service "
                         + " ".join(f"{app}.service {app}.socket" for app in APPS)).split() == [
        "active"] * 5
    assert installed.run("systemctl --failed --no-legend --plain").stdout.strip() == ""
    for app in APPS:
        assert _health(installed, app) == "ok"
        user = installed.out(f"stat -c %U /proc/$(systemctl show -p MainPID --value {app})")
        assert user == app
    sockets = installed.out("stat -c '%U:%G %a' /run/brobygger/kiosk.sock /run/brobygger/admin.sock")
    assert sockets.split("\n") == ["root:www-data 660"] * 2


def test_the_apps_answer_through_nginx(behind_nginx):
    assert behind_nginx.out("systemctl is-enabled nginx.service") == "enabled"
    assert behind_nginx.out("systemctl is-active nginx.service") == "active"
    for host, address in SITES.items():
        answer = _https(behind_nginx, host, address)
        assert (answer.returncode, answer.stdout) == (0, "ok\n"), answer.stderr + _nginx_log(
            behind_nginx)
        # ... logged by the site's server for that hostname (its access log, as shipped).
        name = "kiosk" if host == KIOSK_HOST else "admin"
        logged = behind_nginx.out(f"tail -n 1 /var/log/nginx/brobygger-{name}.access.log")
        assert logged.startswith(f"{address} [") and '"GET /healthz HTTP/2.0" 200' in logged
    # Each site only on its own network's address: nginx refuses the TLS handshake for the
    # admin site on the terminal network's address, and the other way round.
    for host, address in [(ADMIN_HOST, SITES[KIOSK_HOST]), (KIOSK_HOST, SITES[ADMIN_HOST])]:
        refused = _https(behind_nginx, host, address)
        assert refused.returncode == 35, refused  # curl: TLS handshake failed


@pytest.mark.parametrize("app", APPS)
def test_a_killed_app_comes_back(installed, app):
    before = installed.out(f"systemctl show -p MainPID --value {app}")
    journal = installed.follow(f"{app}.service")
    try:
        since = journal.mark()
        installed.run(f"kill -9 {before}")
        # Restart= (on-failure, 2 s): systemd logs the restart, then "Started" once the new
        # gunicorn has reported READY=1 (Type=notify).
        journal.wait_for(r"Scheduled restart job", since)
        journal.wait_for(r"^Started ", since)
    finally:
        journal.stop()
    assert _health(installed, app) == "ok"
    after = installed.out(f"systemctl show -p MainPID --value {app}")
    assert after not in ("0", before)
    assert installed.out(f"systemctl show -p NRestarts --value {app}") == "1"


def test_the_timers_are_scheduled(installed):
    listed = installed.out("systemctl list-timers --all --no-legend --plain 'brobygger-*'")
    for timer in TIMERS:
        assert timer in listed
        assert installed.out(f"systemctl is-active {timer}") == "active"


@pytest.mark.parametrize("unit", [*APPS, "brobygger-migrate"])
def test_the_sandbox_holds_in_the_running_system(installed, unit):
    shown = installed.out(f"systemctl show -p {','.join(SANDBOX)} {unit}.service")
    values = dict(line.split("=", 1) for line in shown.splitlines())
    assert values == SANDBOX
    report = installed.run(f"systemd-analyze security --no-pager {unit}.service").stdout
    level = float(re.search(r"Overall exposure level for \S+: ([\d.]+)", report).group(1))
    print(f"{unit}: systemd-analyze security {level}")
    assert level <= MAX_EXPOSURE, report[-2000:]
