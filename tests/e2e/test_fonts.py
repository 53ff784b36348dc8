"""Source Sans 3 as a real Chromium draws it (scripts/vendor_static.py cuts the files).

Norwegian (bokmål and nynorsk) and English text comes from the small "core" files alone,
bold of every kind (Aksel's 600, its headings' 650, the browser's 700 for <strong>) from the
600 file, and characters beyond the core (Sámi, Polish, the rarer Latin signs) still get
Source Sans 3 from Fontsource's own files. What font drew each element is asked of the
browser itself (DevTools' CSS.getPlatformFontsForNode), and which files it fetched is what
it requested.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

FONTS = "/static/vendor/fonts/source-sans-3/"
NORWEGIAN_AND_ENGLISH = (
    "Blåbærsyltetøy på ÆØÅ-skjema, é og ü: «sitat» – tankestrek — ‘enkle’ “doble” "
    "„nede“ … 1 234,50 kr · § 3-2 · 80 % · ½ time. Nynorsk: eg vil ikkje høyre kva du "
    "seier, fòr og òg. English: don’t, naïve café, résumé, 5 € a day.")
BEYOND_THE_CORE = "Sámi: Čáhcegáddi, Ŋ ŧ đ š ž. Polski: Łódź, żółć. Latin: ı œ © ±."


def _add(page, elements: list[tuple[str, str, str]]) -> None:
    """Put (id, tag with classes, text) elements into <main>, and wait for their fonts."""
    assert page.evaluate("""(elements) => {
        const main = document.querySelector('main');
        for (const [id, tag, text] of elements) {
            const [name, ...classes] = tag.split('.');
            const element = document.createElement(name);
            element.id = id;
            element.className = classes.join(' ');
            element.textContent = text;
            main.append(element);
        }
        main.offsetHeight;  // lays the page out, which starts loading the fonts it needs
        return document.fonts.ready.then(() => document.fonts.status);
    }""", [list(e) for e in elements]) == "loaded"


def _drawn_with(page, element_id: str) -> list[dict]:
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"#{element_id}"})
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()


def _face(fonts: list[dict]) -> str:
    """The one face that drew an element: "Regular", "SemiBold" or "Italic". Fontsource's
    files (ours are cut from them) name themselves "SourceSans3ExtraLight-<style>" after the
    variable font they were made from; the glyphs are the weight's (OS/2 says 400 or 600)."""
    assert len(fonts) == 1, fonts  # no glyph from another font
    font = fonts[0]
    assert font["isCustomFont"] and font["postScriptName"].startswith("SourceSans3"), font
    return font["postScriptName"].rsplit("-", 1)[1]


def _font_files(requested: list[str]) -> set[str]:
    return {url.rsplit("/", 1)[1] for url in requested if FONTS in url and url.endswith(".woff2")}


@pytest.fixture
def sign_in_page(contexts, kiosk_server, world):
    page = contexts.new_page(terminal_credential=world.credentials["a"])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(kiosk_server.url + "/")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    return page, requested


def test_norwegian_and_english_come_from_the_core_files_bold_from_600(sign_in_page):
    page, requested = sign_in_page
    _add(page, [("regular", "p", NORWEGIAN_AND_ENGLISH),
                ("label", "p.aksel-label", NORWEGIAN_AND_ENGLISH),  # 600
                ("heading", "h2.aksel-heading.aksel-heading--medium", NORWEGIAN_AND_ENGLISH),  # 650
                ("strong", "strong", NORWEGIAN_AND_ENGLISH),  # the browser's bolder: 700
                ("italic", "em", NORWEGIAN_AND_ENGLISH)])
    faces = {element_id: _face(_drawn_with(page, element_id))
             for element_id in ("regular", "label", "heading", "strong", "italic")}
    assert faces == {"regular": "Regular", "label": "SemiBold", "heading": "SemiBold",
                     "strong": "SemiBold", "italic": "Italic"}
    assert _font_files(requested) == {"source-sans-3-core-400-normal.woff2",
                                      "source-sans-3-core-600-normal.woff2",
                                      "source-sans-3-core-400-italic.woff2"}


def test_characters_beyond_the_core_still_get_source_sans_3(sign_in_page):
    page, requested = sign_in_page
    _add(page, [("beyond", "p", BEYOND_THE_CORE), ("beyond-bold", "p.aksel-label",
                                                   BEYOND_THE_CORE)])
    assert _face(_drawn_with(page, "beyond")) == "Regular"
    assert _face(_drawn_with(page, "beyond-bold")) == "SemiBold"
    assert {"source-sans-3-latin-ext-400-normal.woff2", "source-sans-3-latin-400-normal.woff2",
            "source-sans-3-latin-ext-600-normal.woff2", "source-sans-3-latin-600-normal.woff2",
            } <= _font_files(requested)
    assert not any("-700-" in name for name in _font_files(requested))
