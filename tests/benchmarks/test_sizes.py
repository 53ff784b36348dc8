"""What a page loads and how big it is on the wire (benchmarks/sizes.py)."""
import gzip
import re

import pytest

from benchmarks.sizes import (NGINX_GZIP_LEVEL, NGINX_GZIP_TYPES, Item, PageSize,
                              css_references, fonts_needed, gzip_size, page_references,
                              page_text, parse_unicode_range, served_size)
from core import PROJECT_ROOT

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/css/base.css">
<link rel="stylesheet" href="/static/css/base.css">
<link rel="icon" href="/static/favicon.png">
<script src="/static/js/app.js" defer></script>
<script>inline()</script>
</head><body><h1>Hei på deg</h1><img src="../static/icons/Chat.svg" alt="Prat">
<audio src="/lessons/a/steps/b/audio/nb.wav"></audio></body></html>"""

FONTS_CSS = """/* a comment with url("commented.woff2") */
@font-face { font-family: X; font-weight: 400;
  src: url("x-latin-ext-400.woff2") format("woff2");
  unicode-range: U+0100-02BA,U+1E00-1E9F; }
@font-face { font-family: X; font-weight: 400;
  src: url('x-latin-400.woff2') format("woff2");
  unicode-range: U+0000-00FF,U+2013; }
@font-face { font-family: X; font-weight: 700; src: url(x-any-700.woff2); }
.logo { background: url("../img/logo.svg"); }
.dot { background: url("data:image/png;base64,AAAA"); }
"""


def test_page_references_in_order_once_each_and_absolute():
    found = page_references(PAGE, "http://kiosk:8000/home")
    assert found == [
        ("css", "http://kiosk:8000/static/css/base.css"),
        ("other", "http://kiosk:8000/static/favicon.png"),
        ("js", "http://kiosk:8000/static/js/app.js"),
        ("image", "http://kiosk:8000/static/icons/Chat.svg"),
        ("media", "http://kiosk:8000/lessons/a/steps/b/audio/nb.wav"),
    ]


def test_page_text_is_what_is_drawn_not_scripts():
    text = page_text(PAGE)
    assert "Hei på deg" in text and "Prat" in text
    assert "inline()" not in text


def test_unicode_ranges():
    assert parse_unicode_range("U+0000-00FF, U+0131 ,U+4??") == (
        (0x0, 0xFF), (0x131, 0x131), (0x400, 0x4FF))


def test_css_references_and_the_fonts_a_page_needs():
    refs = css_references(FONTS_CSS, "http://k/static/fonts/fonts.css")
    urls = [r.url for r in refs]
    assert "http://k/static/fonts/commented.woff2" not in urls
    assert "http://k/static/img/logo.svg" in urls
    assert not any(u.startswith("data:") for u in urls)
    # Norwegian text only needs the latin face (æ, ø, å are below U+0100) and the
    # face without a range; a Polish ł (U+0142) needs latin-ext too.
    assert fonts_needed(refs, "Hei på deg – ærlig") == [
        "http://k/static/fonts/x-latin-400.woff2", "http://k/static/fonts/x-any-700.woff2"]
    assert "http://k/static/fonts/x-latin-ext-400.woff2" in fonts_needed(refs, "Włocławek")


def test_gzip_size_is_reproducible_and_level_matters():
    data = b"<tr><td>Bench Innsatt</td><td>Mottatt</td></tr>" * 200
    assert gzip_size(data) == gzip_size(data) == len(gzip.compress(data, 6, mtime=0))
    assert gzip_size(data, 1) >= gzip_size(data, 9)
    assert gzip_size(data) < len(data) / 10


def test_served_size_follows_the_nginx_site():
    css = b".a{color:red}\n" * 500
    # Static text is gzipped by nginx (the site's level), whatever type the app would give it.
    assert served_size("http://k/static/css/base.css", css) == gzip_size(css, NGINX_GZIP_LEVEL)
    assert served_size("/static/vendor/htmx/htmx.min.js", css) == gzip_size(css, NGINX_GZIP_LEVEL)
    # ... unless a precompressed copy lies beside it: gzip_static sends that one as it is.
    packed = gzip.compress(css, 9, mtime=0)
    assert served_size("/static/vendor/ds-css/aksel.css", css, packed) == len(packed)
    # Pages and partials from the apps are never compressed (BREACH); fonts are as they are.
    assert served_size("http://k/home", css) == len(css)
    assert served_size("/requests/?status=open", css) == len(css)
    assert served_size("/static/fonts/x.woff2", css) == len(css)
    assert served_size("/static/fonts/x.woff2", css, packed) == len(css)


def test_a_stale_precompressed_copy_is_refused():
    with pytest.raises(ValueError, match="stale"):
        served_size("/static/vendor/ds-css/aksel.css", b"new", gzip.compress(b"old"))


def _static_locations(conf: str) -> list[str]:
    return re.findall(r"location \^~ /static/ \{(.*?)\n    \}", conf, re.S)


def test_the_model_is_the_nginx_site():
    conf = (PROJECT_ROOT / "deploy/server/nginx-brobygger.conf").read_text()
    locations = _static_locations(conf)
    assert len(locations) == 2  # the kiosk's and the staff app's
    for body in locations:
        directives = {line.split()[0]: line.split(None, 1)[1].rstrip(";").strip()
                      for line in body.splitlines() if line.strip() and not
                      line.strip().startswith("#")}
        assert directives["gzip"] == "on" and directives["gzip_static"] == "on"
        assert int(directives["gzip_comp_level"]) == NGINX_GZIP_LEVEL
        assert tuple(directives["gzip_types"].split()) == NGINX_GZIP_TYPES
    # The app pages are sent as they are (against BREACH): gzip off in both servers.
    assert conf.count("\n    gzip off;") == 2


def test_a_page_size_adds_up_its_items():
    page = PageSize("home", (Item.of("/home", "page", "text/html", b"x" * 1000),
                             Item.of("/static/a.css", "css", "text/css", b"y" * 4000)))
    assert page.raw == 5000
    assert page.served == 1000 + gzip_size(b"y" * 4000, NGINX_GZIP_LEVEL)
    assert page.gzip6 == gzip_size(b"x" * 1000) + gzip_size(b"y" * 4000)
