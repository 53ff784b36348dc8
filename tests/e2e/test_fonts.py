"""Source Sans 3 as a real Chromium draws it (scripts/vendor_static.py cuts the files).

Norwegian (bokmål and nynorsk) and English text comes from the small "core" files alone,
bold of every kind (Aksel's 600, its headings' 650, the browser's 700 for <strong>) from the
600 file, and characters beyond the core (Sámi, Polish, the rarer Latin signs) still get
Source Sans 3 from Fontsource's own files. What font drew each element is asked of the
browser itself (DevTools' CSS.getPlatformFontsForNode), and which files it fetched is what
it requested.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core import locales
from tests.support.world import PIN

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


def _drawn_with(page, element_id: str, selector: str | None = None) -> list[dict]:
    """The fonts that drew the element of that id (or the first that ``selector`` finds)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root,
                                              "selector": selector or f"#{element_id}"})
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


@pytest.fixture
def home_page(contexts, kiosk_server, world):
    """The home page of a signed-in inmate, in a fresh browser (nothing cached), so that
    what it fetches is its own and not what the sign-in page fetched before it."""
    first = contexts.new_page(terminal_credential=world.credentials["a"])
    first.goto(kiosk_server.url + "/")
    first.fill("#inmate_number", "A100")
    first.fill("#pin", PIN)
    first.click('main form[action="/"] button[type=submit]')
    first.wait_for_url("**/home")
    cookie = next(c["value"] for c in first.context.cookies() if c["name"] == "bb_kiosk_session")
    page = contexts.new_page(terminal_credential=world.credentials["a"], session_cookie=cookie)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(kiosk_server.url + "/home")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    return page, requested


def test_norwegian_and_english_come_from_the_core_files_bold_from_600(home_page):
    page, requested = home_page
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


# ---- The language names, each in itself, from a font of their own ---------------------

NAMES_FILES = {"language-names-latin-ext-600-normal.woff2",
               "language-names-cyrillic-600-normal.woff2",
               "language-names-arabic-600-normal.woff2"}


def _woff2(requested: list[str]) -> set[str]:
    return {url.rsplit("/", 1)[1] for url in requested if url.endswith(".woff2")}


def test_the_sign_in_page_names_every_language_without_the_full_files(sign_in_page):
    """Română, Lietuvių, Українська and العربية are drawn from "BB language names" (a few
    KB, cut from the same fonts), not from Source Sans 3's latin-ext and cyrillic files and
    Noto Sans Arabic's (65 KB): the first page a terminal shows fetches the core files and
    those alone, and each name is still drawn by our fonts, Arabic by Noto Sans Arabic."""
    page, requested = sign_in_page
    assert _woff2(requested) == {"source-sans-3-core-400-normal.woff2",
                                 "source-sans-3-core-600-normal.woff2"} | NAMES_FILES
    for locale in locales.KIOSK_LOCALES:
        fonts = _drawn_with(page, "", f'.bb-lang button[value="{locale.code}"]')
        assert fonts and all(f["isCustomFont"] for f in fonts), (locale.code, fonts)
        expected = "NotoSansArabic" if locale.code == "ar" else "SourceSans3"
        assert {f["postScriptName"].split("-")[0].startswith(expected) for f in fonts} == {
            True}, (locale.code, fonts)
        assert {f["postScriptName"].rsplit("-", 1)[1] for f in fonts} == {"SemiBold"}


def test_the_arabic_name_joins_as_the_full_arabic_font_joins_it(sign_in_page):
    """Its letters take their joined forms (the cut kept the Arabic features): the name is
    as wide in its button as in the full Noto Sans Arabic at the same size, and not as wide
    as its letters kept apart (zero-width non-joiners), which shows the check can fail."""
    page, _requested = sign_in_page
    widths = page.evaluate("""async () => {
        const button = document.querySelector('.bb-lang button[value="ar"]');
        const name = button.textContent.trim();
        const style = getComputedStyle(button);
        const width = (family, text) => {
            const span = document.createElement('span');
            span.dir = 'rtl';
            span.textContent = text;
            span.style.fontFamily = family;
            span.style.fontSize = style.fontSize;
            span.style.fontWeight = style.fontWeight;
            document.querySelector('main').append(span);
            return span;
        };
        const spans = [width(style.fontFamily, name), width('"Noto Sans Arabic"', name),
                       width(style.fontFamily, [...name].join('\u200c'))];
        await document.fonts.load(`${style.fontWeight} ${style.fontSize} "Noto Sans Arabic"`,
                                  name);
        await document.fonts.ready;
        return spans.map((span) => span.getBoundingClientRect().width);
    }""")
    ours, full, apart = widths
    assert abs(ours - full) < 0.5, widths
    assert abs(apart - full) > 2, widths


# ---- Every kiosk language in our own fonts (issue 18) -----------------------------------

# A fixed text per locale with the letters that set it apart, so the test means something
# before the translations are in; the catalogue's and the lessons' texts are added to it.
SAMPLES = {
    "nb": "Blåbærsyltetøy, ÆØÅ, «sitat» – 1 234,50 kr.",
    "nn": "Eg høyrer kva du seier, òg i dag: ÆØÅ æøå.",
    "se": "Davvisámegiella: Čáhcegáddi, ođđa, ŋ, šaddu, ŧ, žal; ÁČĐŊŠŦŽ.",
    "en": "Don’t worry: naïve café, résumé, 5 € a day.",
    "pl": "Zażółć gęślą jaźń. ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż: „cytat”.",
    "lt": "Lietuvių: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ, „kabutės“.",
    "ro": "Română: ăâîșț ĂÂÎȘȚ, „ghilimele”.",
    "uk": "Українська: ґанок, їжак, єнот, і; ҐЇЄІ, «лапки», прізвище’ім’я №5.",
    "ar": "العربية: هل تحتاج إلى مساعدة؟ نعم، شكرًا؛ ٠١٢٣٤٥٦٧٨٩ — «اقتباس».",
    "so": "Soomaali: Ku soo dhawoow! Maxaad u baahan tahay? Haa, mahadsanid.",
}
OUR_FONTS = ("SourceSans3", "NotoSansArabic")  # the postScriptName of our files' fonts
ROOT = Path(__file__).resolve().parents[2]


def locale_text(code: str) -> str:
    """Every character the locale's catalogue and lesson files use, and its sample: each
    character once, in the order met (glyphs, not words, are what is checked)."""
    parts = [SAMPLES[code]]
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        for message in read_po(po, locale=code):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            parts += [s for s in strings if s]
    parts += [p.read_text("utf-8") for p in sorted((ROOT / "content").rglob(f"{code}.md"))]
    seen = dict.fromkeys(ch for ch in "".join(parts)
                         if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc"))
    return SAMPLES[code] + " " + "".join(map(_on_a_base, seen))


def _on_a_base(ch: str) -> str:
    """A combining mark on a letter of its own script, as it stands in a text: a browser
    draws a base and its marks with one font, so an Arabic mark after a Latin letter (which
    taking each character once would make) comes from a system font that has both."""
    if unicodedata.category(ch) not in ("Mn", "Mc", "Me"):
        return ch
    if 0x0590 <= ord(ch) <= 0x08FF:
        return "ب" + ch
    if 0x0400 <= ord(ch) <= 0x052F or ch == "\u0301":
        return "о" + ch  # Cyrillic o (Ukrainian marks stress with U+0301)
    return "o" + ch


def foreign_fonts(page, element_ids) -> dict[str, list[dict]]:
    """The fonts other than ours that drew any glyph of each element."""
    found = {}
    for element_id in element_ids:
        other = [font for font in _drawn_with(page, element_id)
                 if not (font["isCustomFont"] and font["postScriptName"].startswith(OUR_FONTS))]
        if other:
            found[element_id] = other
    return found


def _in_language(page, code: str) -> None:
    """Choose the language on the sign-in page, as an inmate would."""
    page.click(f'.bb-lang button[value="{code}"]')
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == code


@pytest.mark.parametrize("code", [locale.code for locale in locales.KIOSK_LOCALES])
def test_every_character_of_each_kiosk_language_is_drawn_by_our_fonts(sign_in_page, code):
    page, requested = sign_in_page
    _in_language(page, code)
    text = locale_text(code)
    _add(page, [("plain", "p.aksel-body-long", text), ("bold", "h2.aksel-heading", text),
                ("italic", "em", text)])
    assert foreign_fonts(page, ("plain", "bold", "italic")) == {}
    if code == "ar":  # the Arabic letters came from Noto Sans Arabic, regular and bold
        assert {"noto-sans-arabic-400-normal.woff2", "noto-sans-arabic-600-normal.woff2"} <= {
            url.rsplit("/", 1)[1] for url in requested if "/noto-sans-arabic/" in url}
    if code == "uk":
        assert "source-sans-3-cyrillic-400-normal.woff2" in _font_files(requested)


def test_a_character_outside_our_fonts_is_caught(sign_in_page):
    """The check can fail: Greek (Source Sans 3 has it, but we do not vendor it) and an
    Arabic Supplement letter (outside the Arabic subset) come from a system font."""
    page, _requested = sign_in_page
    _add(page, [("greek", "p", "Ωμέγα"), ("supplement", "p", "ݐ"), ("ours", "p", "Norsk")])
    found = foreign_fonts(page, ("greek", "supplement", "ours"))
    assert set(found) == {"greek", "supplement"}, found
