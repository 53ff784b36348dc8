"""deploy/server/nginx-brobygger.conf made runnable on loopback: every PLACEHOLDER
(addresses, networks, certificates, the release folder, the app sockets, the log files)
replaced, inside Debian's own nginx.conf with its paths moved to a temporary folder. The
site's directives themselves are left exactly as shipped."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from core import PROJECT_ROOT

SERVER = PROJECT_ROOT / "deploy" / "server"
SITE = SERVER / "nginx-brobygger.conf"
HEADERS = SERVER / "nginx-brobygger-headers.conf"
DEBIAN_MAIN = Path("/etc/nginx/nginx.conf")
KIOSK_HOST, ADMIN_HOST = "kiosk.fengsel.example", "admin.fengsel.example"


def tool(name: str) -> str:
    """The path of a tool .ci/run installs; a clear failure where it is missing."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    assert path, f"{name} is needed for the deployment tests (.ci/run installs Debian's)"
    return path


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for both hostnames (EC P-256: made in milliseconds)."""
    cert, key = directory / "test.crt", directory / "test.key"
    subprocess.run([tool("openssl"), "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", f"/CN={KIOSK_HOST}",
                    "-addext", f"subjectAltName=DNS:{KIOSK_HOST},DNS:{ADMIN_HOST}",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@dataclass
class Site:
    directory: Path
    main: Path
    cert: Path
    kiosk_port: int
    admin_port: int
    kiosk_socket: Path
    admin_socket: Path

    def nginx(self, *args: str) -> list[str]:
        return [tool("nginx"), "-p", str(self.directory), "-c", str(self.main), *args]


def _replace(text: str, replacements: dict[str, str], source: Path) -> str:
    for old, new in replacements.items():
        assert old in text, f"{source.name} no longer contains {old!r}: update {__file__}"
        text = text.replace(old, new)
    return text


def render(directory: Path, ports: tuple[int, int, int, int] | None = None,
           root: Path = PROJECT_ROOT) -> Site:
    """The site inside Debian's nginx.conf, in ``directory``. With ``ports`` (kiosk HTTPS,
    admin HTTPS, kiosk HTTP, admin HTTP) everything is moved to loopback and the sockets
    and the release to ``directory`` and ``root``; without, only the certificates and
    logs are replaced and the addresses stay as shipped."""
    cert, key = certificate(directory)
    kiosk_socket, admin_socket = directory / "kiosk.sock", directory / "admin.sock"
    replacements = {
        f"/etc/ssl/brobygger/{KIOSK_HOST}.fullchain.pem": str(cert),
        f"/etc/ssl/brobygger/{KIOSK_HOST}.key": str(key),
        f"/etc/ssl/brobygger/{ADMIN_HOST}.fullchain.pem": str(cert),
        f"/etc/ssl/brobygger/{ADMIN_HOST}.key": str(key),
        # The logs go to nginx's stderr, which the tests read as it is written.
        "/var/log/nginx/brobygger-kiosk.access.log": "/dev/stderr",
        "/var/log/nginx/brobygger-admin.access.log": "/dev/stderr",
        "/var/log/nginx/brobygger-kiosk.error.log": "stderr",
        "/var/log/nginx/brobygger-admin.error.log": "stderr",
    }
    left_over = ["/etc/ssl", "/var/log"]
    if ports:
        kiosk_port, admin_port, kiosk_http, admin_http = ports
        replacements.update({
            "10.20.0.10:443": f"127.0.0.1:{kiosk_port}",
            "10.30.0.10:443": f"127.0.0.1:{admin_port}",
            "10.20.0.10:80": f"127.0.0.1:{kiosk_http}",
            "10.30.0.10:80": f"127.0.0.1:{admin_http}",
            "allow 10.20.0.0/16;": "allow 127.0.0.1;",
            "allow 10.30.0.0/16;": "allow 127.0.0.1;",
            "root /opt/brobygger;": f"root {root};",
            "unix:/run/brobygger/kiosk.sock": f"unix:{kiosk_socket}",
            "unix:/run/brobygger/admin.sock": f"unix:{admin_socket}",
        })
        left_over += ["10.20.", "10.30.", "/opt/", "/run/"]
    site = _replace(SITE.read_text(), replacements, SITE)
    directives = "\n".join(line.split("#")[0] for line in site.splitlines())
    for left in left_over:
        assert left not in directives, f"a placeholder starting {left!r} was not replaced"
    (directory / "site.conf").write_text(site)
    (directory / "snippets").mkdir(exist_ok=True)
    shutil.copy(HEADERS, directory / "snippets" / "brobygger-headers.conf")

    assert DEBIAN_MAIN.exists(), "Debian's nginx is needed (.ci/run installs it)"
    temp_paths = "".join(f"\t{kind}_temp_path {directory}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = _replace(DEBIAN_MAIN.read_text(), {
        "user www-data;": "user root;" if os.geteuid() == 0 else "",
        "worker_processes auto;": "worker_processes 1;",
        "pid /run/nginx.pid;": f"pid {directory}/nginx.pid;",
        "error_log /var/log/nginx/error.log;": "error_log stderr notice;",
        "access_log /var/log/nginx/access.log;": f"access_log {directory}/access.log;",
        "include /etc/nginx/conf.d/*.conf;": "",
        "include /etc/nginx/sites-enabled/*;": f"{temp_paths}\tinclude {directory}/site.conf;",
    }, DEBIAN_MAIN)
    (directory / "nginx.conf").write_text(main)
    return Site(directory, directory / "nginx.conf", cert, ports[0] if ports else 443,
                ports[1] if ports else 443, kiosk_socket, admin_socket)
