"""PDF pages made with WeasyPrint, offline: every URL a page names (its stylesheet, the
Source Sans 3 fonts) is read from our own static files; anything else, http(s), file: or
data outside static/, is refused, so making a PDF never touches the network or the rest
of the disk. Fonts are ours (static/vendor/fonts), so the PDF looks the same on every server.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
# A made-up origin the page's relative URLs resolve against; only its /static/ is served.
BASE = "https://brobygger.pdf.invalid/static/"
STYLESHEET = "css/pdf.css"


def _local_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnly(URLFetcher):
        """Serves files under static/ for BASE URLs, and refuses everything else."""

        def __init__(self):
            super().__init__(fail_on_errors=False, allowed_protocols=())

        def fetch(self, url, headers=None):
            if not url.startswith(BASE):
                raise ValueError(f"refused (not one of our static files): {url[:80]}")
            relative = url[len(BASE):].split("?")[0].split("#")[0]
            path = (STATIC / relative).resolve()
            if STATIC.resolve() not in path.parents or not path.is_file():
                raise ValueError(f"refused (not one of our static files): {relative[:80]}")
            kind = mimetypes.guess_type(path.name)[0] or (
                "font/woff2" if path.suffix == ".woff2" else "application/octet-stream")
            return URLFetcherResponse(url, body=path.read_bytes(),
                                      headers={"Content-Type": kind})

    return LocalOnly()


def fetcher():
    return _local_fetcher()


def render(html: str) -> bytes:
    """The PDF of an HTML page that links its stylesheet relatively (``css/pdf.css``)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE, url_fetcher=_local_fetcher()).write_pdf()
