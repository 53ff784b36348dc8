"""axe-core (WCAG 2.1 A and AA) in the browser, for the accessibility checks.

The axe script (573 KB, from the axe-playwright-python package) reaches a page as an
ordinary same-origin script: the end-to-end tests' live servers answer ``SCRIPT_PATH``
with it as a file the browser may keep (``serving``), and a page that is checked loads it
with a ``<script>`` element, which the apps' CSP (``script-src 'self'``) allows. So
Chromium keeps axe in its HTTP cache and V8 its compiled code for the rest of the browser
context, and only the pages that are checked load it at all. (An init script, as before,
was compiled again in every document the page loaded, checked or not: two walks took 52.1
s with it and 49.0 s this way, back to back.) Only the violations come back; the rest of
axe's results stay in the browser. A page from elsewhere gets the script over
Playwright's pipe, as `Axe.run` does.
"""
from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

# Every rule of these tags runs and every violation is reported in full; the passes,
# inapplicable and incomplete results (not read here) are cut to one node each, which
# spares axe and the browser most of their work on each page checked.
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
SCRIPT_PATH = "/__tests__/axe.min.js"
_BODY = AXE_SCRIPT.encode()
_HEADERS = [("Content-Type", "text/javascript; charset=utf-8"),
            ("Content-Length", str(len(_BODY))),
            ("Cache-Control", "public, max-age=86400, immutable")]
# Loads axe from the page's own server unless it is there already; null if it cannot.
_LOAD = """path => window.axe ? true : new Promise(resolve => {
    const script = document.createElement("script");
    script.src = path;
    script.onload = () => resolve(true);
    script.onerror = () => { script.remove(); resolve(null); };
    document.head.append(script);
})"""
_RUN = "options => axe.run(document, options).then(r => r.violations)"


def serving(app):
    """The WSGI app ``app``, that also answers SCRIPT_PATH with axe (the tests' servers
    only: the apps themselves never serve it)."""
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") != SCRIPT_PATH:
            return app(environ, start_response)
        start_response("200 OK", _HEADERS)
        return [_BODY]
    return wsgi


def violations(page: Page, options: dict = WCAG) -> list[dict]:
    """axe's violations on the page as it is now."""
    if page.evaluate(_LOAD, SCRIPT_PATH) is None:
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(_RUN, options)
