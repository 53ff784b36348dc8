"""deploy/server/nginx-brobygger.conf and its headers snippet, checked by Debian's nginx
(`nginx -t`) and against the apps. The file running with both apps behind it is
tested in test_nginx_live.py."""
from __future__ import annotations

import re
import subprocess

from core.web.headers import HEADERS
from tests.deploy import nginx_site
from tests.deploy.processes import free_port

PLACEHOLDERS = ("10.20.", "10.30.", "fengsel.example", "/etc/ssl/brobygger", "root /opt/brobygger")


def _servers(text: str) -> list[str]:
    """The text of each top-level server { } block."""
    blocks, depth, start = [], 0, None
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    for match in re.finditer(r"\bserver\s*\{|\{|\}", code):
        if match.group().startswith("server") and depth == 0:
            start = match.end()
        if match.group().endswith("{"):
            depth += 1
        else:
            depth -= 1
            if depth == 0 and start is not None:
                blocks.append(code[start:match.start()])
                start = None
    return blocks


def _check(site: nginx_site.Site, *wrapper: str) -> None:
    result = subprocess.run([*wrapper, *site.nginx("-t")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_nginx_accepts_the_site_on_loopback(tmp_path):
    _check(nginx_site.render(tmp_path, (free_port(), free_port(), free_port(), free_port())))


def test_nginx_accepts_the_site_with_its_own_addresses(tmp_path):
    """As shipped (only certificates and logs replaced), in a private network namespace
    whose loopback has the placeholder addresses, so nginx can bind them."""
    ip = nginx_site.tool("ip")
    script = (f"{ip} link set lo up && {ip} addr add 10.20.0.10/32 dev lo && "
              f"{ip} addr add 10.30.0.10/32 dev lo && exec \"$@\"")
    _check(nginx_site.render(tmp_path), nginx_site.tool("unshare"), "--net", "--map-root-user",
           "sh", "-c", script, "sh")


def test_the_headers_snippet_is_the_apps_headers():
    headers = {}
    for line in nginx_site.HEADERS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line)
            assert match, line
            headers[match.group(1)] = match.group(2)
    assert headers == {**HEADERS, "Strict-Transport-Security": "max-age=31536000"}


def test_only_the_locations_that_answer_themselves_add_headers():
    """The apps' pages pass through: no add_header at server level (it would be inherited
    by the proxying locations) nor in a location that proxies."""
    site = nginx_site.SITE.read_text()
    for server in _servers(site):
        locations = re.split(r"\blocation\b", server)
        assert "add_header" not in locations[0]
        for location in locations[1:]:
            if "proxy_pass" in location:
                assert "add_header" not in location and "include" not in location
            elif "return 444" not in location:
                assert "include snippets/brobygger-headers.conf;" in location


def test_the_admin_site_is_on_its_own_server_and_address():
    named = [(re.search(r"server_name (\S+);", s).group(1), s)
             for s in _servers(nginx_site.SITE.read_text()) if "server_name" in s]
    kiosk = [s for name, s in named if name == "kiosk.fengsel.example"]
    admin = [s for name, s in named if name == "admin.fengsel.example"]
    assert len(kiosk) == 1 and len(admin) == 2  # the admin site and its http redirect
    assert re.findall(r"listen ([^\s;]+)", kiosk[0]) == ["10.20.0.10:443"]
    assert sorted(sum((re.findall(r"listen ([^\s;]+)", s) for s in admin), [])) == [
        "10.30.0.10:443", "10.30.0.10:80"]
    site = next(s for s in admin if "proxy_pass" in s)
    assert "allow 10.30.0.0/16;" in site and "deny  all;" in site
    assert "proxy_pass http://brobygger_admin;" in site
    assert "brobygger_admin" not in kiosk[0] and "brobygger_kiosk" not in site


def test_every_placeholder_is_marked():
    for number, line in enumerate(nginx_site.SITE.read_text().splitlines(), 1):
        code = line.split("#")[0]
        if any(value in code for value in PLACEHOLDERS):
            assert "# PLACEHOLDER" in line, f"line {number}: {line.strip()}"


def test_the_apps_sockets_are_the_systemd_sockets():
    site = nginx_site.SITE.read_text()
    for app in ("kiosk", "admin"):
        unit = (nginx_site.SERVER / f"brobygger-{app}.socket").read_text()
        assert f"ListenStream=/run/brobygger/{app}.sock" in unit
        assert f"server unix:/run/brobygger/{app}.sock;" in site
