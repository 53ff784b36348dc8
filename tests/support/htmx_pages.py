"""Every page with hx- attributes loads htmx.

templates/_components/head.html loads htmx only on the pages that set ``uses_htmx`` (the
kiosk's first pages are smaller without it). A page that has hx- attributes but forgets
would quietly lose its autosave or polling. ``watch`` checks every full HTML page an app
answers while a test runs; the fixtures in tests/conftest.py and tests/e2e/conftest.py fail
the test when one is wrong.
"""
from __future__ import annotations

import re

from flask import Flask, request

# An hx- attribute inside a tag (not text that mentions one).
HX_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*\shx-[a-z-]+=")
HTMX_SCRIPT = re.compile(r'<script src="[^"]*/static/vendor/htmx/htmx\.min\.js"')
FULL_PAGE = re.compile(r"^\s*<!doctype html>", re.I)


def lacks_htmx(html: str) -> bool:
    """A whole page (not an htmx fragment) with hx- attributes and no htmx script."""
    return bool(FULL_PAGE.match(html) and HX_ATTRIBUTE.search(html)
                and not HTMX_SCRIPT.search(html))


def watch(app: Flask) -> list[str]:
    """The paths of the pages ``app`` answers that lack htmx, as a list filled as it goes."""
    found: list[str] = []

    @app.after_request
    def _check_htmx(response):
        if (response.mimetype == "text/html" and not response.direct_passthrough
                and not response.is_streamed and lacks_htmx(response.get_data(as_text=True))):
            found.append(f"{request.method} {request.path}")
        return response

    return found
