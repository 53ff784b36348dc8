"""Both apps behind nginx on loopback, as in production: gunicorn with
deploy/server/gunicorn.conf.py on unix sockets, nginx in the foreground with
deploy/server/nginx-brobygger.conf (placeholders rendered, see nginx_site.py) inside
Debian's nginx.conf, over TLS with a certificate made for the test, apps in production
mode. Nothing under /etc/nginx is touched."""
from __future__ import annotations

import gzip
import http.client
import signal
import socket
import ssl

import pytest

from core import PROJECT_ROOT
from core.web.headers import HEADERS
from tests.deploy import nginx_site
from tests.deploy.nginx_site import ADMIN_HOST, KIOSK_HOST
from tests.deploy.processes import Process, free_port, gunicorn

SECURITY = {**HEADERS, "Strict-Transport-Security": "max-age=31536000"}
PERSONAL = "pin=246810&name=Ola+Nordmann"  # what must never reach a log


class Connection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 with the SNI and Host of one of the sites."""

    def __init__(self, port: int, hostname: str, context: ssl.SSLContext) -> None:
        super().__init__("127.0.0.1", port, context=context, timeout=30)
        self.hostname = hostname

    def connect(self) -> None:
        raw = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.hostname)


class Stack:
    def __init__(self, site: nginx_site.Site, kiosk: Process, admin: Process,
                 nginx: Process) -> None:
        self.site, self.kiosk, self.admin, self.nginx = site, kiosk, admin, nginx
        self.context = ssl.create_default_context(cafile=str(site.cert))

    def _port(self, host: str) -> int:
        return self.site.kiosk_port if host == KIOSK_HOST else self.site.admin_port

    def request(self, host: str, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[http.client.HTTPResponse, bytes]:
        connection = Connection(self._port(host), host, self.context)
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def declared_body(self, host: str, path: str, length: int) -> http.client.HTTPResponse:
        """A POST announcing ``length`` bytes and sending none: nginx must answer at once."""
        connection = Connection(self._port(host), host, self.context)
        try:
            connection.putrequest("POST", path, skip_host=True)
            connection.putheader("Host", host)
            connection.putheader("Content-Type", "application/x-www-form-urlencoded")
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, sqlite_template):
    directory = tmp_path_factory.mktemp("nginx")
    site = nginx_site.render(directory, (free_port(), free_port(), free_port(), free_port()))
    env = {"BROBYGGER_ENV": "production", "SECRET_KEY": "deploy-test-secret",
           "PIN_PEPPER": "deploy-test-pepper-0123456789abcdef",
           "DATABASE_URL": sqlite_template.fresh(directory), "TRUSTED_PROXY_COUNT": "1",
           "GUNICORN_WORKERS": "1"}
    servers = []
    try:
        servers.append(gunicorn("kiosk.wsgi:app", f"unix:{site.kiosk_socket}", env))
        servers.append(gunicorn("admin.wsgi:app", f"unix:{site.admin_socket}", env))
        servers.append(Process(site.nginx("-g", "daemon off;"), ready=r"start worker process",
                               stop_signal=signal.SIGQUIT))  # nginx's graceful stop
        yield Stack(site, *servers)
    finally:
        for server in reversed(servers):
            server.stop()


def _exactly_once(response) -> None:
    for name, value in SECURITY.items():
        assert response.msg.get_all(name) == [value], name


@pytest.mark.parametrize("host,path", [(KIOSK_HOST, "/"), (ADMIN_HOST, "/sign-in")])
def test_app_pages_carry_the_apps_headers_exactly_once(stack, host, path):
    response, body = stack.request(host, "GET", path)
    assert response.status in (200, 403), body[:300]  # 403: the kiosk's enrolment page
    assert response.getheader("Cache-Control") == "no-store"
    assert response.getheader("Pragma") == "no-cache"  # set by the app, not by nginx
    _exactly_once(response)


@pytest.mark.parametrize("host", [KIOSK_HOST, ADMIN_HOST])
def test_static_files_come_from_nginx_with_long_cache_headers(stack, host):
    path = "/static/css/base.css"
    response, body = stack.request(host, "GET", path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (PROJECT_ROOT / "static" / "css" / "base.css").read_bytes()
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    assert response.getheader("Pragma") is None
    _exactly_once(response)
    versioned, _ = stack.request(host, "GET", f"{path}?v=0123abcd")
    assert versioned.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    missing, body = stack.request(host, "GET", "/static/css/no-such-file.css")
    assert missing.status == 404 and missing.getheader("Cache-Control") == "no-store"
    assert "Vi fant ikke siden" in body.decode()
    _exactly_once(missing)
    # The apps never saw a static request: nginx answered them all.
    assert "/static/" not in stack.kiosk.output + stack.admin.output


@pytest.mark.parametrize("host", [KIOSK_HOST, ADMIN_HOST])
@pytest.mark.parametrize("path", ["/static/vendor/ds-css/aksel.css",
                                  "/static/vendor/icons/Chat.svg"])
def test_vendored_files_are_sent_as_their_gzip_9_copies(stack, host, path):
    """gzip_static: the NAME.gz that scripts/vendor_static.py made, byte for byte (not
    gzipped again on the fly), and the plain file to a client that takes no gzip."""
    plain = (PROJECT_ROOT / path.lstrip("/")).read_bytes()
    packed = (PROJECT_ROOT / (path.lstrip("/") + ".gz")).read_bytes()
    assert gzip.decompress(packed) == plain and len(packed) < len(plain)
    response, body = stack.request(host, "GET", path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert body == packed
    assert response.getheader("Content-Type").split(";")[0] in ("text/css", "image/svg+xml")
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    _exactly_once(response)
    response, body = stack.request(host, "GET", path, headers={"Accept-Encoding": "identity"})
    assert response.getheader("Content-Encoding") is None and body == plain


def test_a_body_over_the_apps_limit_is_refused_by_nginx(stack):
    limit = 1024 * 1024  # the apps' MAX_CONTENT_LENGTH
    mark = stack.kiosk.mark()
    accepted, _ = stack.request(KIOSK_HOST, "POST", "/body-limit", body=b"x" * limit,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert accepted.status == 404  # the app's own answer: nginx let exactly 1 MB through
    stack.kiosk.wait_for(r'"POST /body-limit HTTP/1.1" 404', since=mark)
    refused = stack.declared_body(KIOSK_HOST, "/body-limit", limit + 1)
    assert refused.status == 413
    assert refused.getheader("Cache-Control") == "no-store"
    _exactly_once(refused)
    stack.nginx.wait_for(r'"POST /body-limit HTTP/1.1" 413', since=mark)
    assert stack.kiosk.output.count("POST /body-limit") == 1  # the app never saw it


def _post(stack, host: str, path: str):
    return stack.request(host, "POST", path, body=b"pin=000000",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})


@pytest.mark.parametrize("host,first,others,free", [
    (KIOSK_HOST, "/", ["/supervision", "/enrol"], "/language"),
    (ADMIN_HOST, "/sign-in", ["/sign-in/code", "/sign-in/setup"], "/language"),
])
def test_a_burst_of_sign_ins_is_cut_off(stack, host, first, others, free):
    statuses = []
    for _ in range(30):
        response, body = _post(stack, host, first)
        statuses.append(response.status)
        if response.status == 429:
            break
    assert 429 not in statuses[:5], statuses  # a few mistakes are never throttled
    assert statuses[-1] == 429, statuses
    assert "For mange forsøk" in body.decode() and "Too many attempts" in body.decode()
    _exactly_once(response)
    for path in others:  # one allowance per address for all of a site's sign-in routes
        assert _post(stack, host, path)[0].status == 429, path
    assert _post(stack, host, free)[0].status != 429  # other forms are not throttled
    assert stack.request(host, "GET", first)[0].status != 429  # nor is reading the page


def test_logs_hold_paths_but_no_query_strings(stack):
    marks = [server.mark() for server in (stack.kiosk, stack.admin, stack.nginx)]
    stack.request(KIOSK_HOST, "GET", f"/session/warning?{PERSONAL}",
                  headers={"Referer": f"https://{KIOSK_HOST}/?{PERSONAL}",
                           "Cookie": "bb_kiosk_session=cookie-secret"})
    stack.request(ADMIN_HOST, "GET", f"/sign-in?{PERSONAL}")
    stack.kiosk.wait_for(r'"GET /session/warning HTTP/1.1"', since=marks[0])
    stack.admin.wait_for(r'"GET /sign-in HTTP/1.1" 200', since=marks[1])
    stack.nginx.wait_for(r'"GET /session/warning HTTP/1.1"', since=marks[2])
    stack.nginx.wait_for(r'"GET /sign-in HTTP/1.1" 200', since=marks[2])
    for server in (stack.kiosk, stack.admin, stack.nginx):
        logged = server.output
        for secret in ("246810", "Nordmann", "pin=", "cookie-secret"):
            assert secret not in logged, (server.args[0], secret)


def test_unknown_hostnames_get_no_tls_handshake(stack):
    context = ssl.create_default_context(cafile=str(stack.site.cert))
    context.check_hostname = False
    with socket.create_connection(("127.0.0.1", stack.site.kiosk_port), timeout=30) as raw:
        with pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="other.example").do_handshake()
