"""Front-end files are pinned, recorded and served from our own origin."""
import gzip
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

from flask import get_template_attribute

from core import locales

ROOT = Path(__file__).resolve().parent.parent


def test_vendored_files_match_their_recorded_versions():
    result = subprocess.run([sys.executable, "scripts/vendor_static.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pinned_versions():
    versions = json.loads((ROOT / "static/vendor/VERSIONS.json").read_text())
    packages = versions.get("packages", versions)
    assert packages["htmx.org"].startswith("2.0.")
    assert packages["@navikt/ds-css"] == packages["@navikt/aksel-icons"]
    assert "@fontsource/source-sans-3" in packages


def test_no_css_loads_from_another_origin():
    for css in list((ROOT / "static").rglob("*.css")):
        text = css.read_text()
        assert "cdn.nav.no" not in text and "fonts.googleapis" not in text, css
        assert "url(http" not in text.replace(" ", ""), css


# ---- What scripts/vendor_static.py cut: Aksel's CSS and Source Sans 3 -------------------

def _vendor_static():
    spec = importlib.util.spec_from_file_location("vendor_static", ROOT / "scripts/vendor_static.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_static = _vendor_static()
AKSEL_CSS = (ROOT / "static/vendor/ds-css/aksel.css").read_text()
FONTS = ROOT / "static/vendor/fonts/source-sans-3"
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}")


def test_finding_aksel_classes_in_css_and_sources():
    css = """/* .aksel-in-a-comment {} */
    @layer x { @media (min-width: 1px) { .aksel-a:hover > .aksel-b, .bb-x { color: red } } }
    .aksel-c[data-color="danger"] { --ax-x: 1 }"""
    assert vendor_static.css_aksel_classes(css) == {"aksel-a", "aksel-b", "aksel-c"}
    text = ('<span class="aksel-label{% if small %} aksel-label--small{% endif %}">'
            '<b class="aksel-button aksel-button--{{ size }}">')
    assert set(vendor_static._AKSEL_CLASS.findall(text)) == {
        "aksel-label", "aksel-label--small", "aksel-button"}
    assert vendor_static._AKSEL_FRAGMENT.findall(text) == ["aksel-button--"]


def test_every_aksel_class_the_pages_use_is_in_the_vendored_css():
    """A template, our JavaScript or Python that writes markup using an Aksel class the cut
    CSS has no rule for (and that is not known to be unstyled) would silently lose its
    styles: run `make vendor` again (it keeps what the sources use)."""
    used, _fragments = vendor_static.aksel_classes_in_sources(ROOT)
    assert len(used) > 40  # the scan finds the pages' classes at all
    missing = used - vendor_static.css_aksel_classes(AKSEL_CSS) - set(vendor_static.AKSEL_UNSTYLED)
    assert not missing, f"not in static/vendor/ds-css/aksel.css: {sorted(missing)}: run make vendor"


def test_aksel_classes_built_from_a_variable_are_kept(kiosk_app):
    _used, fragments = vendor_static.aksel_classes_in_sources(ROOT)
    assert fragments == {"aksel-button--", "aksel-alert--"}, \
        "a new class built from a variable: add what it can be to AKSEL_DYNAMIC_CLASSES"
    with kiosk_app.test_request_context("/"):
        ak = get_template_attribute("_components/aksel.html", "button")
        alert = get_template_attribute("_components/aksel.html", "alert")
        html = "".join(ak("Ok", variant=variant, size=size)
                       for variant in ("primary", "secondary", "tertiary", "danger")
                       for size in (None, "small", "xsmall"))
        html += "".join(alert(variant) for variant in ("info", "success", "warning", "error"))
    built = {name for name in re.findall(r"aksel-[a-z0-9_-]+", html) if name.startswith(
        tuple(fragments))}
    # Each name kept for the macros is one they build, and each one they build is kept (or
    # written out whole somewhere, which keeps it too).
    assert set(vendor_static.AKSEL_DYNAMIC_CLASSES) <= built
    assert built <= set(vendor_static.AKSEL_DYNAMIC_CLASSES) | _used
    rendered = set(re.findall(r'class="([^"]*)"', html))
    classes = {c for value in rendered for c in value.split() if c.startswith("aksel-")}
    assert classes - vendor_static.css_aksel_classes(AKSEL_CSS) <= set(vendor_static.AKSEL_UNSTYLED)
    assert "aksel-button--small" in vendor_static.css_aksel_classes(AKSEL_CSS)


def test_aksel_colours_and_variants_the_pages_set_are_in_the_vendored_css():
    from kiosk.forms.meldekort_texts import STATUS_COLORS

    used = {("color", colour) for colour in STATUS_COLORS.values()}
    used |= {("color", c) for c in ("info", "success", "warning", "danger")}  # alert, danger
    used |= {("variant", v) for v in ("primary", "secondary", "tertiary")}  # buttons
    for path in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r'data-(color|variant)="([a-z-]+)"', path.read_text()))
    missing = sorted(f'[data-{a}="{v}"]' for a, v in used if f'[data-{a}="{v}"]' not in AKSEL_CSS)
    assert not missing, f"not in static/vendor/ds-css/aksel.css: {missing}: run make vendor"


def test_aksel_dark_theme_and_unused_components_are_left_out():
    assert ".dark" not in AKSEL_CSS and "aksel-switch" not in AKSEL_CSS
    assert len(AKSEL_CSS) < 60_000  # the whole bundle is 136 KB
    # Custom properties our own CSS refers to are all still defined.
    defined = set(re.findall(r"(--ax-[A-Za-z0-9_-]+)\s*:", AKSEL_CSS))
    for css in (ROOT / "static/css").glob("*.css"):
        defined |= set(re.findall(r"(--ax-[A-Za-z0-9_-]+)\s*:", css.read_text()))
    needed = {name for name in vendor_static.own_css_variables(ROOT) if name.startswith("--ax-")}
    assert needed and not needed - defined, sorted(needed - defined)


def _faces() -> list[dict[str, str]]:
    css = (FONTS / "fonts.css").read_text()
    faces = []
    for body in FONT_FACE.findall(css):
        faces.append({k.strip(): v.strip() for k, v in
                      (line.split(":", 1) for line in body.split(";") if ":" in line)})
    return faces


def _points(face: dict[str, str]) -> set[int]:
    return {p for a, b in vendor_static.parse_unicode_range(face["unicode-range"])
            for p in range(a, b + 1)}


def test_fonts_have_no_700_files_and_the_600_faces_answer_for_700():
    faces = _faces()
    assert {f["font-weight"] for f in faces} == {"400", "600 700"}
    assert not list(FONTS.glob("*-700-*"))
    named = {re.search(r'url\("([^"]+)"\)', f["src"]).group(1) for f in faces}
    assert named == {p.name for p in FONTS.glob("*.woff2")}  # every file named, none missing


def test_font_ranges_are_disjoint_and_our_texts_need_only_the_core_files():
    texts = "".join(p.read_text() for pattern in ("translations/*/LC_MESSAGES/*.po",
                                                  "templates/**/*.html", "content/**/*.md",
                                                  "content/**/*.toml")
                    for p in ROOT.glob(pattern))
    ours = {ord(ch) for ch in texts if not ch.isspace()} | {ord(ch) for ch in
                                                            "æøåÆØÅé«»–—’“”…"}
    for weight, style in (("400", "normal"), ("600 700", "normal"), ("400", "italic")):
        faces = [f for f in _faces() if f["font-weight"] == weight and f["font-style"] == style]
        core = [f for f in faces if "-core-" in f["src"]]
        others = [f for f in faces if "-core-" not in f["src"]]
        assert len(core) == 1 and len(others) == 3  # latin, latin-ext, cyrillic
        # Each character has one file (but for the six that Fontsource gives both its latin
        # and its latin-ext range: ı Œ œ and three combining marks); the core shares none.
        assert not _points(core[0]) & set().union(*map(_points, others))
        for i, first in enumerate(others):
            for second in others[i + 1:]:
                assert _points(first) & _points(second) <= {0x131, 0x152, 0x153, 0x304,
                                                            0x308, 0x329}
        latin = next(f for f in others if "-latin-" in f["src"] and "latin-ext" not in f["src"])
        # Norwegian and English pages fetch the core file alone (the language lists' names,
        # such as Română, have a font of their own: "BB language names").
        assert not ours & _points(latin), sorted(f"U+{p:04X}" for p in ours & _points(latin))
        assert {ord(ch) for ch in "æøåÆØÅé«»–—’“”…"} <= _points(core[0])


def test_the_kiosk_languages_letters_are_in_our_font_files():
    """Issue 18: Polish, Lithuanian, Romanian and Sámi letters in Source Sans 3's latin-ext
    file, Ukrainian in its cyrillic file, Arabic in Noto Sans Arabic, each named by a face
    of its family's fonts.css."""
    samples = {"latin-ext": "ąćęłńśźżĄĆĘŁŃŚŹŻ ąčęėįšųūžĖĮŲŪ ășțĂȘȚ čđŋšŧžČĐŊŠŦŽ",  # beyond Latin-1
               "cyrillic": "іїєґІЇЄҐ абвгдежзийклмнопрстуфхцчшщьюя"}
    regular = [f for f in _faces() if f["font-weight"] == "400" and f["font-style"] == "normal"]
    for name, letters in samples.items():
        face = next(f for f in regular if f"-{name}-" in f["src"])
        points = {ord(ch) for ch in letters if not ch.isspace()}
        assert points <= _points(face), [chr(p) for p in points - _points(face)]
        assert points <= vendor_static.font_code_points(FONTS / re.search(
            r'url\("([^"]+)"\)', face["src"]).group(1))
    arabic = ROOT / "static/vendor/fonts/noto-sans-arabic"
    css = (arabic / "fonts.css").read_text()
    assert css.count("@font-face") == 2 and '"Noto Sans Arabic"' in css
    letters = {ord(ch) for ch in "العربية، هل تريد؟ ٠١٢٣٤٥٦٧٨٩ ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
               if not ch.isspace()}
    for weight in (400, 600):
        assert letters <= vendor_static.font_code_points(
            arabic / f"noto-sans-arabic-{weight}-normal.woff2")
    # Our CSS asks for it after Source Sans 3.
    assert '--ax-font-family: "Source Sans 3", "Noto Sans Arabic"' in (
        ROOT / "static/css/base.css").read_text()


NAMES = ROOT / "static/vendor/fonts/language-names"


def test_the_language_names_font_holds_the_names_letters_beyond_the_core_and_no_more():
    """"BB language names" (the language lists' font): every character of the ten kiosk
    languages' names, as each is written in itself, that Source Sans 3's core files lack is
    in exactly one of its files, named by a face whose unicode-range is that file's
    characters; the names' other characters are the core files' (the ranges do not meet),
    and the files are tiny, against the 65 KB of the full files they spare the sign-in page."""
    names = "".join(locale.name for locale in locales.KIOSK_LOCALES)
    core = {p for a, b in vendor_static.parse_unicode_range(vendor_static.FONT_CORE_RANGE)
            for p in range(a, b + 1)}
    beyond = {ord(ch) for ch in names if not ch.isspace()} - core
    # The names in Romanian, Lithuanian, Ukrainian and Arabic need it; Sámi's á is core.
    assert {ord(ch) for ch in "ăųУкраїнськаالعربية"} <= beyond and 0xE1 not in beyond
    assert vendor_static.language_name_points(vendor_static.language_names()) == sorted(beyond)
    css = (NAMES / "fonts.css").read_text()
    faces = [{k.strip(): v.strip() for k, v in (line.split(":", 1) for line in body.split(";")
                                                  if ":" in line)}
             for body in FONT_FACE.findall(css)]
    assert {f["font-family"] for f in faces} == {'"BB language names"'}
    assert {(f["font-weight"], f["font-style"]) for f in faces} == {("600 700", "normal")}
    files = {re.search(r'url\("([^"]+)"\)', f["src"]).group(1): _points(f) for f in faces}
    assert set(files) == {p.name for p in NAMES.glob("*.woff2")}  # every file named
    assert set(files) == {"language-names-latin-ext-600-normal.woff2",
                          "language-names-cyrillic-600-normal.woff2",
                          "language-names-arabic-600-normal.woff2"}
    held = set()
    for name, points in files.items():
        assert points <= vendor_static.font_code_points(NAMES / name), name
        assert not points & held and not points & core, name  # one file each, none core
        held |= points
        assert (NAMES / name).stat().st_size < 4_000, name  # a few glyphs each
    assert held == beyond
    assert sum((NAMES / name).stat().st_size for name in files) < 8_000
    assert {"LICENSE-source-sans-3", "LICENSE-noto-sans-arabic"} <= {
        p.name for p in NAMES.iterdir()}


def _layout_features(path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path)) as font:
        return {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}


def test_the_language_names_arabic_keeps_the_features_arabic_is_drawn_with():
    """The Arabic name is cut like the Arabic files: every feature kept, so its letters
    join (init, medi, fina) and the lam-alef ligature (rlig) still form; the joining forms
    themselves are in the file, reached through those features and not through the cmap."""
    names_arabic = NAMES / "language-names-arabic-600-normal.woff2"
    assert {"init", "medi", "fina", "rlig"} <= _layout_features(names_arabic)
    assert _layout_features(names_arabic) <= _layout_features(
        ROOT / "static/vendor/fonts/noto-sans-arabic/noto-sans-arabic-600-normal.woff2")
    from fontTools.ttLib import TTFont

    with TTFont(str(names_arabic)) as font:
        assert len(font.getGlyphOrder()) > len(font.getBestCmap()) + 1  # more forms than letters


def test_only_the_kiosk_language_lists_ask_for_the_language_names_font():
    """First in the lists' stack, then Aksel's (Source Sans 3 first); on every kiosk page
    (the header's chooser names the current language), not in the staff app."""
    kiosk_css = (ROOT / "static/css/kiosk.css").read_text()
    assert re.search(r'\.bb-lang\s*{\s*font-family:\s*"BB language names",\s*'
                     r'var\(--ax-font-family\);', kiosk_css)
    others = [p for p in (ROOT / "static/css").glob("*.css") if p.name != "kiosk.css"]
    assert not any("BB language names" in p.read_text() for p in others)
    link = "vendor/fonts/language-names/fonts.css"
    assert link in (ROOT / "templates/kiosk/base.html").read_text()
    assert not any(link in p.read_text() for p in (ROOT / "templates").rglob("*.html")
                   if p != ROOT / "templates/kiosk/base.html")


def test_no_css_asks_for_a_font_feature_the_core_files_left_out():
    """The core files keep the features a browser applies by itself (FONT_FEATURES), not
    the font's fractions or proportional figures: nothing may ask for those."""
    allowed = {"normal", "tabular-nums", "lining-nums", "slashed-zero"}
    for css in [*(ROOT / "static/css").glob("*.css"), ROOT / "static/vendor/ds-css/aksel.css"]:
        text = css.read_text()
        assert "font-feature-settings" not in text, css
        for value in re.findall(r"font-variant-numeric\s*:\s*([^;}]+)", text):
            assert set(value.split()) <= allowed, (css, value)


def test_a_stale_or_missing_gzip_copy_is_found(tmp_path):
    (tmp_path / "a.css").write_text(".a{}")
    (tmp_path / "a.css.gz").write_bytes(gzip.compress(b".a{}"))
    (tmp_path / "b.js").write_text("b()")
    (tmp_path / "b.js.gz").write_bytes(gzip.compress(b"old()"))
    (tmp_path / "c.svg").write_text("<svg/>")
    (tmp_path / "gone.css.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "d.woff2").write_bytes(b"wOF2")  # not compressed: no copy wanted
    assert vendor_static.check_precompressed(tmp_path) == [
        "b.js.gz is not b.js gzipped", "no c.svg.gz", "gone.css.gz has no gone.css"]
