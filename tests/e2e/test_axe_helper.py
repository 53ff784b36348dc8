"""The accessibility checks' own tool (tests/e2e/axe.py): axe finds what it should, loads
from the page's own server under the apps' CSP, and is fetched once per browser context."""
from __future__ import annotations

import pytest
from werkzeug.serving import make_server

from core.web.headers import CSP
from tests.e2e import axe
from tests.support import serving

pytestmark = pytest.mark.e2e

PAGE = b"""<!doctype html><html lang="nb"><head><title>Test</title></head><body><main>
<h1>Test</h1><img src="/x.png"><button type="button"></button>
</main></body></html>"""


@pytest.fixture
def server():
    fetched = []

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Security-Policy", CSP)])
        return [PAGE]

    def counting(environ, start_response):
        if environ["PATH_INFO"] == axe.SCRIPT_PATH:
            fetched.append(environ["PATH_INFO"])
        return served(environ, start_response)

    served = axe.serving(app)
    httpd = make_server("127.0.0.1", 0, counting, threaded=True)
    thread = serving.serve(httpd)
    yield f"http://127.0.0.1:{httpd.server_port}", fetched
    serving.stop(httpd, thread)


def test_axe_reports_the_violations_of_a_page_from_its_own_server(e2e_browser, server):
    url, fetched = server
    context = e2e_browser.new_context()
    try:
        page = context.new_page()
        blocked = []
        page.on("console", lambda msg: blocked.append(msg.text)
                if "Content Security Policy" in msg.text else None)
        for path in ("/a", "/b", "/c"):
            page.goto(url + path)
            found = {violation["id"] for violation in axe.violations(page)}
            assert {"image-alt", "button-name"} <= found, path
        assert blocked == []
        assert fetched == [axe.SCRIPT_PATH]  # once: the context's HTTP cache keeps it
    finally:
        context.close()


def test_a_page_without_a_server_of_ours_gets_axe_over_the_pipe(e2e_browser):
    context = e2e_browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="nb"><body><main><img src="x.png"></main></body></html>')
        assert "image-alt" in {violation["id"] for violation in axe.violations(page)}
    finally:
        context.close()
