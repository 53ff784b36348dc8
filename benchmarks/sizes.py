"""Transferred sizes (pure): what a page loads, and its bytes raw, gzipped and as served.

- ``page_references``: the stylesheets, scripts, images and icons an HTML page names;
- ``css_references``: what a stylesheet names with url(...), with each @font-face's
  unicode-range, so that ``fonts_needed`` can keep only the font files a browser would
  fetch for the page's characters (browsers fetch a face only when the page uses a
  character in its range; every weight and style that matches is counted, an upper
  bound, since which weights a page uses needs a layout engine to know);
- ``Item`` and ``PageSize``: each file's raw size, its gzip size at level 6, and its size
  as our nginx site serves it: pages uncompressed (``gzip off`` for app responses, against
  BREACH); text under /static/ as its precompressed ``NAME.gz`` where the release has one
  (``gzip_static on``: the vendored files, gzip -9), else gzipped on the fly at the site's
  ``gzip_comp_level``; fonts and images as they are (already compressed).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

NGINX_GZIP_TYPES = ("text/css", "application/javascript", "image/svg+xml", "application/json")
# nginx's own types for the files under /static/ (Debian 12's /etc/nginx/mime.types): what
# the gzip_types above are matched against, whatever type the app would have given.
NGINX_TYPES = {".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
               ".json": "application/json", ".woff2": "font/woff2", ".png": "image/png",
               ".jpg": "image/jpeg", ".webp": "image/webp", ".wav": "audio/wav"}
NGINX_GZIP_LEVEL = 6  # gzip_comp_level in deploy/server/nginx-brobygger.conf's /static/ locations
REPORT_GZIP_LEVEL = 6


def gzip_size(data: bytes, level: int = REPORT_GZIP_LEVEL) -> int:
    """Bytes of ``data`` gzipped at ``level``, with a fixed header time (reproducible)."""
    return len(gzip.compress(data, compresslevel=level, mtime=0))


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon", "preload",
                                                  "modulepreload"} & set(rel)):
            self.found.append(("css" if "stylesheet" in rel else "other", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag in ("img", "audio", "source") and a.get("src"):
            self.found.append(("image" if tag == "img" else "media", a["src"]))
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("alt", "title", "placeholder", "aria-label", "value"):
            if a.get(name):
                self.text.append(a[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def page_references(html: str, base_url: str) -> list[tuple[str, str]]:
    """(kind, absolute url) of every file the page itself names, in page order, once each.
    ``media`` (audio) is listed too: a browser fetches it only when it is played."""
    parser = _References()
    parser.feed(html)
    seen, result = set(), []
    for kind, url in parser.found:
        absolute = urljoin(base_url, url)
        if absolute not in seen:
            seen.add(absolute)
            result.append((kind, absolute))
    return result


def page_text(html: str) -> str:
    """The characters a browser draws for the page (text and the attributes shown)."""
    parser = _References()
    parser.feed(html)
    return "".join(parser.text)


@dataclass(frozen=True)
class CssReference:
    url: str
    unicode_range: tuple[tuple[int, int], ...] | None  # None: not a font, or no range given
    font_face: bool


_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_RANGE = re.compile(r"unicode-range\s*:\s*([^;}]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def parse_unicode_range(text: str) -> tuple[tuple[int, int], ...]:
    """``U+0000-00FF,U+0131,U+4??`` as inclusive (first, last) code point pairs."""
    ranges = []
    for part in text.split(","):
        part = part.strip().upper()
        if not part.startswith("U+"):
            continue
        part = part[2:]
        if "?" in part:
            ranges.append((int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)))
        elif "-" in part:
            first, last = part.split("-", 1)
            ranges.append((int(first, 16), int(last, 16)))
        else:
            ranges.append((int(part, 16), int(part, 16)))
    return tuple(ranges)


def css_references(css: str, base_url: str) -> list[CssReference]:
    """Every url(...) in a stylesheet, absolute; a font face's with its unicode-range."""
    css = _COMMENT.sub("", css)
    result: list[CssReference] = []
    in_faces = set()
    for face in _FONT_FACE.finditer(css):
        in_faces.add(face.span())
        body = face.group(1)
        found = _RANGE.search(body)
        ranges = parse_unicode_range(found.group(1)) if found else None
        for match in _URL.finditer(body):
            result.append(CssReference(urljoin(base_url, match.group(2)), ranges, True))
    for match in _URL.finditer(css):
        if any(start <= match.start() < end for start, end in in_faces):
            continue
        if match.group(2).startswith("data:"):
            continue
        result.append(CssReference(urljoin(base_url, match.group(2)), None, False))
    return result


def fonts_needed(references: list[CssReference], text: str) -> list[str]:
    """The font files whose unicode-range covers at least one character of ``text`` (a
    face without a range is always fetched). Non-font urls are left out."""
    points = {ord(ch) for ch in text if not ch.isspace()}
    chosen = []
    for ref in references:
        if not ref.font_face:
            continue
        if ref.unicode_range is None or any(first <= p <= last for p in points
                                            for first, last in ref.unicode_range):
            if ref.url not in chosen:
                chosen.append(ref.url)
    return chosen


@dataclass(frozen=True)
class Item:
    url: str
    kind: str  # page, css, js, font, image, partial ...
    content_type: str
    raw: int
    gzip6: int
    served: int

    @classmethod
    def of(cls, url: str, kind: str, content_type: str, body: bytes,
           precompressed: bytes | None = None) -> "Item":
        return cls(url, kind, content_type, len(body), gzip_size(body),
                   served_size(url, body, precompressed))


def served_size(url: str, body: bytes, precompressed: bytes | None = None) -> int:
    """Bytes on the wire behind our nginx site: static text as its precompressed copy
    (``precompressed``: the file's NAME.gz, which gzip_static sends as it is) or else
    gzipped at the site's level; everything the apps answer (pages, partials) and binary
    files as they are. A static file's type is nginx's, from its extension."""
    path = urlsplit(url).path
    if "/static/" in path:
        extension = path[path.rfind("."):].lower() if "." in path.rsplit("/", 1)[-1] else ""
        if NGINX_TYPES.get(extension, "application/octet-stream") in NGINX_GZIP_TYPES:
            if precompressed is not None:
                if gzip.decompress(precompressed) != body:
                    raise ValueError(f"{path}.gz is not {path} gzipped: nginx would send a "
                                     "stale file (run scripts/vendor_static.py)")
                return len(precompressed)
            return gzip_size(body, NGINX_GZIP_LEVEL)
    return len(body)


@dataclass(frozen=True)
class PageSize:
    """A page and everything it loads."""

    name: str
    items: tuple[Item, ...]

    @property
    def raw(self) -> int:
        return sum(i.raw for i in self.items)

    @property
    def gzip6(self) -> int:
        return sum(i.gzip6 for i in self.items)

    @property
    def served(self) -> int:
        return sum(i.served for i in self.items)
