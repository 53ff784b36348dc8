"""PDF pages made with WeasyPrint, offline: every URL a page names (its stylesheet, the
Source Sans 3 fonts) is read from our own static files; anything else, http(s), file: or
data outside static/, is refused, so making a PDF never touches the network or the rest
of the disk. Fonts are ours (static/vendor/fonts), so the PDF looks the same on every server.
"""
from __future__ import annotations

import io
import mimetypes
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
# A made-up origin the page's relative URLs resolve against; only its /static/ is served.
BASE = "https://brobygger.pdf.invalid/static/"
STYLESHEET = "css/pdf.css"


@lru_cache(maxsize=32)
def _sfnt(path: Path, mtime: float) -> bytes:
    """A WOFF2 font as plain TrueType, once per process (and per change of the file):
    WeasyPrint would otherwise decompress every face on every PDF, about half a second
    each in pure Python."""
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    with path.open("rb") as source:
        woff2.decompress(source, out)
    return out.getvalue()


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
            if path.suffix == ".woff2":
                return URLFetcherResponse(url, body=_sfnt(path, path.stat().st_mtime),
                                          headers={"Content-Type": "font/ttf"})
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(),
                                      headers={"Content-Type": kind})

    return LocalOnly()


def fetcher():
    return _local_fetcher()


def render(html: str) -> bytes:
    """The PDF of an HTML page that links its stylesheet relatively (``css/pdf.css``)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE, url_fetcher=_local_fetcher()).write_pdf()
