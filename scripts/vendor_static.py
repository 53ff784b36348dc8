#!/usr/bin/env python3
"""Vendor the front-end assets Brobygger serves into ``static/vendor/``.

The kiosk terminals reach no outside origin, so every asset is served by the
app itself: nothing may point at a CDN.  This script is the only way files get
into ``static/vendor/``; they are committed, so running the app never needs
node, npm or fonttools.

Usage (``make vendor`` installs the ``vendor`` extra and runs it)::

    python scripts/vendor_static.py          # (re)build static/vendor from package-lock.json
    python scripts/vendor_static.py --check  # verify static/vendor against VERSIONS.json

Build mode runs ``npm ci --ignore-scripts --no-audit --no-fund --include=dev``
in a temporary directory (a copy of package.json + package-lock.json), so no
node_modules/ is left in the repository, then deletes ``static/vendor/`` and
copies in:

* ``htmx/htmx.min.js`` (+ LICENSE)
* ``ds-css/aksel.css``: the Aksel (@navikt/ds-css) global/component files
  listed in ``DS_CSS_FILES``, cut down by PurgeCSS (a devDependency, pinned in
  package.json; ``scripts/aksel_subset.cjs``) to the rules and custom
  properties that the templates, our JavaScript and the Python code that writes
  markup can use, in both apps (``SUBSET_SOURCES``).  Classes that templates
  build from a variable are kept by name (``AKSEL_DYNAMIC_CLASSES``).  So a
  template that starts using another Aksel class needs this script run again;
  tests/test_vendor.py says so.  Aksel's own ``global/fonts.css`` is NOT
  included: it loads fonts from Nav's CDN.
* ``fonts/source-sans-3/``: woff2 files for 400 and 600 normal and 400 italic
  (``FONT_FACES``): per face a "core" file cut by fontTools' subsetter to the
  characters of bokmål, nynorsk and English (``FONT_CORE_RANGE``), Fontsource's
  latin file for the rest of its range and its latin-ext file as they are; the
  LICENSE (SIL OFL) and a generated ``fonts.css``.  There is no 700 file: the
  600 faces answer for 600 to 700.  Fontsource's cyrillic files too, as they are
  (``FONT_COPIED``: Ukrainian, issue 18).
* ``fonts/noto-sans-arabic/``: Noto Sans Arabic (@fontsource/noto-sans-arabic) for
  the kiosk's Arabic, 400 and 600 normal, cut by fontTools to the Arabic block and
  the joiners (``ARABIC_RANGE``) with every OpenType feature kept (Arabic needs its
  joining forms, ligatures and mark placement); LICENSE and a generated
  ``fonts.css``.  Our CSS puts it after Source Sans 3 in the font stack
  (static/css/base.css), so it draws what Source Sans 3 has no glyph for: Arabic.
* ``fonts/language-names/``: "BB language names" (``NAMES_FAMILY``), the kiosk's ten
  language names as each is written in itself (core.locales), for the language lists:
  only the characters of the names that the core files lack (ă ų, Ukrainian's and
  Arabic's letters), 600, cut by fontTools from the files that draw them everywhere
  else (``NAMES_SOURCES``: Source Sans 3's latin-ext and cyrillic, Noto Sans Arabic with
  all its features), a few KB in all, with both LICENSE files and a generated
  ``fonts.css``.  So the sign-in page draws Română, Українська and العربية without
  fetching the full latin-ext, cyrillic and Arabic files (65 KB).
* ``icons/``: the SVG icons in ``ICONS`` from @navikt/aksel-icons.
* ``*.gz`` beside every CSS, JavaScript and SVG file: gzip -9, for nginx's
  ``gzip_static`` (deploy/server/nginx-brobygger.conf).
* ``VERSIONS.json``: vendored package versions, the tools that cut the files,
  and the sha256 of every file.

It fails (exit status 1, message on stderr) if a package is missing, a pinned
version does not match, an icon does not exist, any copied CSS still contains
an http(s) URL outside comments (w3.org namespaces excepted), or the Aksel
classes the pages use but the subset has no rule for are not exactly
``AKSEL_UNSTYLED``.

``--check`` needs the standard library only; building also needs node, npm
and fontTools (``pip install -e '.[vendor]'``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "static" / "vendor"
VERSIONS_FILE = "VERSIONS.json"

PACKAGES = (
    "htmx.org",
    "@navikt/ds-css",
    "@navikt/aksel-icons",
    "@fontsource/source-sans-3",
    "@fontsource/noto-sans-arabic",
)
# Build tools: an exact pin each, recorded in VERSIONS.json with the files they made.
PURGECSS = "purgecss"  # package.json devDependencies
FONTTOOLS = "fonttools"  # pyproject.toml, the ``vendor`` extra

# Aksel CSS files (relative to @navikt/ds-css/dist), in the order index.css
# uses.  Every file starts with the full ``@layer`` order statement, so the
# bundle keeps Aksel's cascade layers; our own CSS is unlayered and therefore
# always wins over it.
DS_CSS_FILES = (
    "global/reset.css",
    "global/tokens.css",
    "global/baseline.css",
    "global/print.css",
    "component/typography.css",
    "component/button.css",
    "component/form.css",  # text field, textarea, select, checkbox, radio, fieldset, error summary
    "component/link.css",
    "component/alert.css",
    "component/table.css",
    "component/tag.css",
    "component/list.css",
    "component/panel.css",
    "component/guidepanel.css",
)

# What PurgeCSS reads to decide which of Aksel's rules to keep: every file that can put a
# class, an element or an attribute into a page of either app (relative to the repository).
SUBSET_SOURCES = (
    "templates/**/*.html",
    "static/js/**/*.js",
    "core/**/*.py",
    "kiosk/**/*.py",
    "admin/**/*.py",
)
# Our own CSS: the Aksel custom properties it refers to (and everything they refer to) are
# kept whatever the templates use.
OWN_CSS = "static/css/*.css"
# Rules for bare elements are always kept: lesson Markdown and WTForms widgets make elements
# that no template names.
HTML_ELEMENTS = (
    "a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption "
    "cite code col colgroup data datalist dd del details dfn dialog div dl dt em fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img "
    "input ins kbd label legend li link main map mark menu meta meter nav noscript object ol "
    "optgroup option output p picture pre progress q rp rt ruby s samp search section select "
    "slot small source span strong sub summary sup svg table tbody td template textarea tfoot "
    "th thead time title tr track u ul var video wbr"
)
# Aksel classes that templates/_components/aksel.html (and core/web/components.py) build from a variable
# (``aksel-button--{{ size }}``, ``aksel-alert--{{ variant }}``): no source names them whole,
# so they are kept by name. tests/test_vendor.py fails on a built class missing here.
AKSEL_DYNAMIC_CLASSES = (
    "aksel-button--medium", "aksel-button--small", "aksel-button--xsmall",
    "aksel-alert--info", "aksel-alert--success", "aksel-alert--warning", "aksel-alert--error",
)
# Aksel's dark theme (class "dark"): Brobygger is light only. The words "dark" and "light"
# occur in the Python sources (QR code colours), which would otherwise keep it.
AKSEL_BLOCKLIST = ("dark", "light", "dark-theme")
# Aksel classes the pages use that the subset has no rule for, reviewed: ds-react's markup
# carries them but Aksel's CSS styles none of them, or only together with a class or
# attribute that no page uses (e.g. .aksel-form-field--small .aksel-form-field__label).
# The build fails when this list and the subset disagree, so a change is seen.
AKSEL_UNSTYLED = (
    # no rule in Aksel 8 at all (sizes and variants are data attributes or the defaults)
    "aksel-alert--error", "aksel-alert--info", "aksel-alert--medium", "aksel-alert--success",
    "aksel-alert--warning", "aksel-body-short--medium", "aksel-button--medium",
    "aksel-checkbox--medium", "aksel-checkbox-group", "aksel-checkbox-group--medium",
    "aksel-checkboxes", "aksel-error-summary--medium", "aksel-error-summary__item",
    "aksel-fieldset--error", "aksel-fieldset--medium", "aksel-fieldset__error",
    "aksel-form-field--medium", "aksel-radio--medium", "aksel-radio-buttons",
    "aksel-radio-group", "aksel-radio-group--medium", "aksel-table--medium", "aksel-tag--medium",
    # styled only with a class no page uses: --close-button, --readonly, Aksel's table cells
    "aksel-alert__wrapper", "aksel-form-field__label", "aksel-table--small",
)

FONT_PACKAGE = "@fontsource/source-sans-3"
FONT_FAMILY = "Source Sans 3"  # what Aksel's --ax-font-family asks for first
FONT_FACES = ((400, "normal"), (600, "normal"), (400, "italic"))
# Aksel's bold is 600 (--ax-font-weight-bold); its larger headings ask for 650 and the
# browser's bold (b, strong, th) is 700. The 600 faces answer for 600 to 700, so all of it
# is drawn with the real 600 glyphs (no synthetic bold) and no page loads a 700 file.
FONT_WEIGHTS = {400: "400", 600: "600 700"}
# The characters of bokmål, nynorsk and English text and of most names: Basic Latin, the
# Latin-1 letters (æ ø å Æ Ø Å, é, ü, ö, ç ..., × ÷), nbsp, soft hyphen, § ° · « » ½, and
# the punctuation of our texts and of Babel's numbers and dates (thin and zero-width
# spaces, – — ‘ ’ ‚ “ ” „ • … ‹ › € ™ −). Each face's "core" file holds these alone.
# Fontsource's latin file still serves the rest of what it has (the rarer Latin-1 signs
# such as © ± ¿, œ, primes, arrows ...) and its latin-ext file (Sámi, Polish, Lithuanian,
# Romanian ...) everything beyond, with disjoint unicode-ranges: a browser fetches a file
# only for a page with a character of its range, so Norwegian and English pages fetch the
# core files alone, and every character Source Sans 3 has is still drawn in it. (It has no
# U+202F, the narrow space in Babel's English times: as before, the next font draws it.)
FONT_CORE_RANGE = ("U+0020-007E,U+00A0,U+00A7,U+00AB,U+00AD,U+00B0,U+00B7,U+00BB,U+00BD,"
                   "U+00C0-00FF,U+2009,U+200B,U+2013-2014,U+2018-201A,U+201C-201E,U+2022,"
                   "U+2026,U+2039-203A,U+20AC,U+2122,U+2212,U+FEFF")
# Fontsource's own files of Source Sans 3 copied as they are, beside the core and the rest
# of latin: latin-ext (Sámi, Polish, Lithuanian, Romanian ș ț ...) and cyrillic (Ukrainian
# і ї є ґ, issue 18). A browser fetches one only for a page with a character of its range.
FONT_COPIED = ("latin-ext", "cyrillic")

# Noto Sans Arabic for the kiosk's Arabic (issue 18): the Arabic block (letters, harakat,
# Arabic-Indic digits, the Arabic comma, semicolon and question mark ، ؛ ؟, tatweel) and
# the zero-width non-joiner and joiner and the left-to-right mark. Latin letters, digits,
# spaces and the other punctuation come from Source Sans 3, first in the font stack.
ARABIC_PACKAGE = "@fontsource/noto-sans-arabic"
ARABIC_FAMILY = "Noto Sans Arabic"
ARABIC_FACES = ((400, "normal"), (600, "normal"))
ARABIC_RANGE = "U+0600-06FF,U+200C-200E"
# Must be in the cut file, or the build fails: the letters, marks and punctuation of
# Modern Standard Arabic and the Arabic-Indic digits.
ARABIC_NEEDED = "U+060C,U+061B,U+061F,U+0621-063A,U+0640-0652,U+0660-0669,U+066A-066C"

# The OpenType features the core files keep: those a browser applies by itself (kerning,
# ligatures, local forms, composition and mark placement). The font's fractions (frac,
# numr, dnom) and proportional figures (pnum) only work when CSS asks for them, which none
# of ours or Aksel's does (tests/test_vendor.py keeps it so); the full latin file has them.
FONT_FEATURES = ("ccmp", "locl", "liga", "kern", "mark", "mkmk")

# The language lists' font (the sign-in page and the language page list the ten kiosk
# languages, each named in itself, as bold buttons): without it, Română, Lietuvių,
# Українська and العربية made every terminal's first page fetch Source Sans 3's latin-ext and
# cyrillic 600 files and Noto Sans Arabic's 600 file (65 KB) for a dozen letters. This family
# holds only the characters of the names (core.locales.KIOSK_LOCALES) that the core files
# lack, cut from the files that draw them everywhere else, so the glyphs are the same; its
# unicode-range is exactly those characters, so the core files still draw everything else.
# static/css/kiosk.css puts it first in the language lists' stack (listed after Source Sans 3,
# the ranges of Source Sans 3's latin-ext and cyrillic files would make the browser fetch
# those first). Pages in those languages still fetch the full files for their own text.
NAMES_FAMILY = "BB language names"
NAMES_WEIGHT, NAMES_STYLE = 600, "normal"  # the lists' buttons are bold (base.css .bb-lang)
# (key, package, its file, the range that file serves, the features kept), tried in order
# for each character; None as the range: Fontsource's unicode.json range of that key.
NAMES_SOURCES = (
    ("latin-ext", FONT_PACKAGE, "source-sans-3-latin-ext-600-normal.woff2", None,
     FONT_FEATURES),
    ("cyrillic", FONT_PACKAGE, "source-sans-3-cyrillic-600-normal.woff2", None, FONT_FEATURES),
    # Arabic as the Arabic files are cut: every feature (joining forms, ligatures, marks).
    ("arabic", ARABIC_PACKAGE, "noto-sans-arabic-arabic-600-normal.woff2", ARABIC_RANGE,
     ("*",)),
)

# Precompressed beside the file (name + ".gz", gzip -9) for nginx's gzip_static: the text
# types the nginx site compresses (deploy/server/nginx-brobygger.conf, gzip_types).
PRECOMPRESS = (".css", ".js", ".svg")

# Icons from @navikt/aksel-icons/dist/svg (names without .svg).
ICONS = (
    # services / topics
    "Briefcase", "BriefcaseClock", "Wallet", "Sack", "SackKroner", "Kroner",
    "BankNote", "Piggybank", "Receipt", "Calculator",
    "Heart", "HeartBroken", "HandHeart", "HeadHeart", "FirstAid", "FirstAidKit",
    "Hospital", "Stethoscope", "Bandage", "Wheelchair",
    "House", "HouseHeart", "Buildings2", "Buildings3", "Door", "DoorOpen",
    "Gavel", "PersonGavel", "HatSchool", "Book", "Books", "OpenBook",
    "Monitor", "Laptop", "PrinterSmall", "PrinterLarge",
    "FlowerPension", "SackPension", "Stroller", "BabyWrapped", "Passport",
    "Handshake", "Bus", "Train", "Backpack", "Newspaper", "Megaphone",
    # communication
    "Chat", "Chat2", "ChatElipsis", "ChatCheckmark", "ChatExclamationmark",
    "PersonChat", "PersonHeadset", "EnvelopeClosed", "EnvelopeOpen",
    "Paperplane", "Phone", "Inbox", "Bell", "BellDot",
    # documents / tasks
    "File", "FileText", "FileCheckmark", "Files", "Folder", "DocPencil",
    "Pencil", "PencilWriting", "NotePencil", "Tasklist", "TasklistSend",
    "Clipboard", "ClipboardCheckmark", "Calendar", "Clock", "Hourglass", "Timer",
    # people / access
    "Person", "PersonCircle", "PersonGroup", "PersonPlus", "PersonMinus",
    "PersonPencil", "PersonCheckmark", "PersonCross", "PadlockLocked",
    "PadlockUnlocked", "KeyHorizontal", "ShieldLock", "QrCode", "Enter", "Leave",
    "Globe", "Language", "Reception", "WaitingRoom", "Lifebuoy",
    # status
    "Checkmark", "CheckmarkCircle", "CheckmarkCircleFill", "XMark",
    "XMarkOctagon", "XMarkOctagonFill", "ExclamationmarkTriangle",
    "ExclamationmarkTriangleFill", "Information", "InformationSquare",
    "InformationSquareFill", "QuestionmarkCircle", "Star", "StarFill",
    # navigation / actions
    "ChevronRight", "ChevronLeft", "ChevronDown", "ChevronUp", "ArrowLeft",
    "ArrowRight", "ArrowUndo", "ArrowCirclepath", "Plus", "Minus", "Trash",
    "Cog", "MagnifyingGlass", "MenuHamburger", "Eye", "EyeSlash", "Download",
    "Upload", "Filter", "BulletList", "Table",
)

NPM_CI = ("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--include=dev")

_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_URL_RE = re.compile(r"https?://[^\s\"')]+", re.I)


class VendorError(Exception):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


def _package_json() -> dict:
    try:
        return json.loads((REPO / "package.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise VendorError(f"cannot read package.json: {exc}") from exc


def _exact(name: str, version: str | None, where: str) -> str:
    if not version or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise VendorError(f"{where} must pin an exact version of {name} (has {version!r})")
    return version


def pinned_versions() -> dict[str, str]:
    deps = _package_json().get("dependencies", {})
    return {name: _exact(name, deps.get(name), "package.json") for name in PACKAGES}


def pinned_tools() -> dict[str, str]:
    """The build tools' pins: PurgeCSS in package.json, fontTools in pyproject's vendor extra."""
    dev = _package_json().get("devDependencies", {})
    tools = {PURGECSS: _exact(PURGECSS, dev.get(PURGECSS), "package.json devDependencies")}
    try:
        extra = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))[
            "project"]["optional-dependencies"]["vendor"]
    except (OSError, ValueError, KeyError) as exc:
        raise VendorError(f"cannot read the vendor extra from pyproject.toml: {exc}") from exc
    found = [re.fullmatch(r"fonttools(\[[^\]]*\])?==(\S+)", req.strip()) for req in extra]
    pins = [m.group(2) for m in found if m]
    tools[FONTTOOLS] = _exact(FONTTOOLS, pins[0] if pins else None,
                              "pyproject.toml's vendor extra")
    return tools


def npm_ci(workdir: Path) -> Path:
    for name in ("package.json", "package-lock.json"):
        src = REPO / name
        if not src.is_file():
            raise VendorError(f"{name} is missing at the repository root")
        shutil.copy2(src, workdir / name)
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is not on PATH (needs node 20+ and npm)")
    print("+", " ".join(NPM_CI), flush=True)
    proc = subprocess.run([npm, *NPM_CI[1:]], cwd=workdir, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise VendorError(f"npm ci failed (exit {proc.returncode}):\n{proc.stdout}")
    return workdir / "node_modules"


def installed_versions(node_modules: Path, pins: dict[str, str]) -> dict[str, str]:
    found = {}
    for name, want in pins.items():
        meta = node_modules / name / "package.json"
        if not meta.is_file():
            raise VendorError(f"{name} was not installed ({meta} missing)")
        have = json.loads(meta.read_text("utf-8"))["version"]
        if have != want:
            raise VendorError(f"{name}: package.json pins {want} but {have} was installed "
                              "(run `npm install` to refresh package-lock.json)")
        found[name] = have
    return found


def fonttools_version(want: str) -> str:
    try:
        import fontTools
    except ImportError as exc:
        raise VendorError("fontTools is not installed: pip install -e '.[vendor]' "
                          "(or `make vendor`)") from exc
    if fontTools.version != want:
        raise VendorError(f"pyproject.toml pins fonttools {want} but {fontTools.version} is "
                          "installed: pip install -e '.[vendor]'")
    return fontTools.version


def copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise VendorError(f"expected file is missing: {src}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def build_htmx(nm: Path, out: Path) -> None:
    copy(nm / "htmx.org" / "dist" / "htmx.min.js", out / "htmx" / "htmx.min.js")
    copy(nm / "htmx.org" / "LICENSE", out / "htmx" / "LICENSE")


# ---- Aksel's CSS, cut to what the pages use ----------------------------------------------

# A whole Aksel class in a source: not followed by more of a name or by "{{" (a class built
# from a variable, whose fixed start is then a fragment).
_AKSEL_CLASS = re.compile(r"aksel-[A-Za-z0-9_-]*[A-Za-z0-9_](?![A-Za-z0-9_-]|\{\{)")
_AKSEL_FRAGMENT = re.compile(r"aksel-[A-Za-z0-9_-]*-(?=\{)")  # Jinja {{ }}, Python f"{ }"
_CSS_RULE = re.compile(r"([^{};]+)\{")
_CSS_AKSEL_CLASS = re.compile(r"\.(aksel-[A-Za-z0-9_-]+)")
_CSS_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


def source_files(root: Path = REPO) -> list[Path]:
    """SUBSET_SOURCES, in a stable order."""
    return sorted({p for pattern in SUBSET_SOURCES for p in root.glob(pattern) if p.is_file()})


def aksel_classes_in_sources(root: Path = REPO) -> tuple[set[str], set[str]]:
    """(whole Aksel class names, fixed starts of classes built from a variable) that the
    sources can put into a page."""
    classes: set[str] = set()
    fragments: set[str] = set()
    for path in source_files(root):
        text = path.read_text("utf-8")
        classes.update(_AKSEL_CLASS.findall(text))
        fragments.update(_AKSEL_FRAGMENT.findall(text))
    return classes, fragments


def css_aksel_classes(css: str) -> set[str]:
    """The Aksel class names that selectors in ``css`` name."""
    css = _COMMENT_RE.sub("", css)
    names: set[str] = set()
    for match in _CSS_RULE.finditer(css):
        if not match.group(1).lstrip().startswith("@"):
            names.update(_CSS_AKSEL_CLASS.findall(match.group(1)))
    return names


def own_css_variables(root: Path = REPO) -> list[str]:
    """The custom properties our own CSS refers to with var()."""
    found = {name for path in root.glob(OWN_CSS)
             for name in _CSS_VAR.findall(_COMMENT_RE.sub("", path.read_text("utf-8")))}
    return sorted(found)


def aksel_subset(nm: Path, bundle: str) -> tuple[str, list[str]]:
    """PurgeCSS on the whole bundle: (the subset, the selectors it removed)."""
    node = shutil.which("node")
    if node is None:
        raise VendorError("node is not on PATH (needs node 20+)")
    content = [{"raw": path.read_text("utf-8"), "extension": path.suffix.lstrip(".")}
               for path in source_files()]
    content.append({"raw": HTML_ELEMENTS, "extension": "txt"})
    uses = ":root {\n" + "".join(f"  color: var({name});\n" for name in own_css_variables()) + "}\n"
    request = {"css": bundle, "uses": uses, "content": content,
               "safelist": list(AKSEL_DYNAMIC_CLASSES), "blocklist": list(AKSEL_BLOCKLIST)}
    proc = subprocess.run([node, str(REPO / "scripts" / "aksel_subset.cjs"), str(nm)],
                          input=json.dumps(request), text=True, capture_output=True)
    if proc.returncode != 0:
        raise VendorError(f"scripts/aksel_subset.cjs failed (exit {proc.returncode}):\n"
                          f"{proc.stderr}")
    result = json.loads(proc.stdout)
    # PurgeCSS leaves the blank lines of what it removed.
    css = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", result["css"])
    return css, sorted(set(result["rejected"]))


def check_unstyled(subset: str) -> None:
    """The pages' Aksel classes without a rule in the subset must be AKSEL_UNSTYLED."""
    used, _fragments = aksel_classes_in_sources()
    unstyled = (used | set(AKSEL_DYNAMIC_CLASSES)) - css_aksel_classes(subset)
    if unstyled != set(AKSEL_UNSTYLED):
        raise VendorError(
            "the Aksel classes the pages use without a rule in the subset are not AKSEL_UNSTYLED; "
            f"check, then set it to: {tuple(sorted(unstyled))} "
            f"(new: {sorted(unstyled - set(AKSEL_UNSTYLED))}, "
            f"now styled or unused: {sorted(set(AKSEL_UNSTYLED) - unstyled)})")


def build_ds_css(nm: Path, out: Path, version: str, purgecss: str) -> None:
    dist = nm / "@navikt" / "ds-css" / "dist"
    parts = []
    for rel in DS_CSS_FILES:
        src = dist / rel
        if not src.is_file():
            raise VendorError(f"@navikt/ds-css has no dist/{rel}")
        text = src.read_text("utf-8")
        if "@font-face" in text or "@import" in text:
            raise VendorError(f"dist/{rel} contains @font-face/@import; it must not be bundled")
        parts.append(f"\n/* ---- @navikt/ds-css/dist/{rel} ---- */\n{text.rstrip()}\n")
    bundle = "".join(parts)
    subset, rejected = aksel_subset(nm, bundle)
    check_unstyled(subset)
    header = (
        f"/*! @navikt/ds-css {version} (MIT, Nav / Aksel): the rules and custom properties of "
        "the files below that Brobygger's pages can use, cut by PurgeCSS "
        f"{purgecss} in scripts/vendor_static.py. Do not edit: re-run the script. */\n"
    )
    dest = out / "ds-css" / "aksel.css"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(header + subset.lstrip("\n"), "utf-8")
    print(f"  aksel.css: {len(bundle)} -> {len(header) + len(subset)} bytes "
          f"({len(rejected)} selectors removed)")


# ---- Source Sans 3 ----------------------------------------------------------------------

def parse_unicode_range(text: str) -> list[tuple[int, int]]:
    """``U+0000-00FF,U+0131`` as sorted, merged, inclusive (first, last) pairs."""
    pairs = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.upper().startswith("U+"):
            raise VendorError(f"not a unicode-range item: {part!r}")
        body = part[2:]
        if "?" in body:
            pairs.append((int(body.replace("?", "0"), 16), int(body.replace("?", "F"), 16)))
        elif "-" in body:
            first, last = body.split("-", 1)
            pairs.append((int(first, 16), int(last, 16)))
        else:
            pairs.append((int(body, 16), int(body, 16)))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(pairs):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def format_unicode_range(pairs: list[tuple[int, int]]) -> str:
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in pairs)


def subtract_ranges(whole: list[tuple[int, int]], cut: list[tuple[int, int]]
                    ) -> list[tuple[int, int]]:
    points = {p for a, b in whole for p in range(a, b + 1)}
    points -= {p for a, b in cut for p in range(a, b + 1)}
    return parse_unicode_range(",".join(f"U+{p:04X}" for p in sorted(points)))


def subset_font(src: Path, dest: Path, unicodes: list[int],
                features: tuple[str, ...] = FONT_FEATURES) -> None:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = list(features)
    options.recalc_timestamp = False  # the same bytes on every run
    font = subset.load_font(str(src), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    missing = set(unicodes) - set(font.getBestCmap())
    dest.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dest), options)
    font.close()
    drawn = sorted(u for u in missing if u > 0x20 and u != 0xAD)  # not spaces or soft hyphens
    if drawn:
        raise VendorError(f"{src.name} has no glyph for " + ", ".join(f"U+{u:04X}" for u in drawn))


def font_code_points(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path)) as font:
        return set(font.getBestCmap())


def _font_face(weight: int, style: str, fname: str, unicode_range: str,
               family: str = FONT_FAMILY) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f"  font-style: {style};\n"
        f"  font-weight: {FONT_WEIGHTS[weight]};\n"
        "  font-display: swap;\n"
        f'  src: url("{fname}") format("woff2");\n'
        f"  unicode-range: {unicode_range};\n"
        "}\n"
    )


def build_fonts(nm: Path, out: Path, version: str, fonttools: str) -> None:
    pkg = nm / FONT_PACKAGE
    ranges = json.loads((pkg / "unicode.json").read_text("utf-8"))
    core = parse_unicode_range(FONT_CORE_RANGE)
    latin = parse_unicode_range(ranges["latin"])
    if subtract_ranges(core, latin):
        raise VendorError(f"FONT_CORE_RANGE goes beyond Fontsource's latin range "
                          f"({format_unicode_range(subtract_ranges(core, latin))})")
    core_points = [p for a, b in core for p in range(a, b + 1)]
    dest_dir = out / "fonts" / "source-sans-3"
    rules = [
        f"/*! Source Sans 3 (SIL OFL 1.1, see LICENSE) from {FONT_PACKAGE} {version}; the core\n"
        f"   files cut by fontTools {fonttools}. Generated by scripts/vendor_static.py. Do not\n"
        "   edit: re-run the script. The 600 faces also answer for 700. */\n"
    ]
    for weight, style in FONT_FACES:
        upstream = {subset: f"source-sans-3-{subset}-{weight}-{style}.woff2"
                    for subset in (*FONT_COPIED, "latin")}
        for fname in upstream.values():
            copy(pkg / "files" / fname, dest_dir / fname)
        core_name = f"source-sans-3-core-{weight}-{style}.woff2"
        subset_font(pkg / "files" / upstream["latin"], dest_dir / core_name, core_points)
        # The latin file's range less the core, and less what it has no glyph for (a browser
        # would fetch it for nothing: the next font draws those).
        has = parse_unicode_range(",".join(
            f"U+{p:04X}" for p in font_code_points(pkg / "files" / upstream["latin"])))
        rest = format_unicode_range(subtract_ranges(subtract_ranges(latin, core),
                                                    subtract_ranges(latin, has)))
        # Last declared, first tried. The ranges are disjoint, but for the six characters
        # (ı Œ œ and three combining marks) that Fontsource gives both latin and latin-ext.
        for subset in FONT_COPIED:
            rules.append(_font_face(weight, style, upstream[subset], ranges[subset]))
        rules.append(_font_face(weight, style, upstream["latin"], rest))
        rules.append(_font_face(weight, style, core_name, format_unicode_range(core)))
    copy(pkg / "LICENSE", dest_dir / "LICENSE")
    (dest_dir / "fonts.css").write_text("\n".join(rules), "utf-8")


def build_arabic_font(nm: Path, out: Path, version: str, fonttools: str) -> None:
    """Noto Sans Arabic, 400 and 600, cut to ``ARABIC_RANGE`` with all its features."""
    pkg = nm / ARABIC_PACKAGE
    dest_dir = out / "fonts" / "noto-sans-arabic"
    wanted = parse_unicode_range(ARABIC_RANGE)
    rules = [
        f"/*! Noto Sans Arabic (SIL OFL 1.1, see LICENSE) from {ARABIC_PACKAGE} {version}, cut\n"
        f"   by fontTools {fonttools} to the Arabic block. Generated by scripts/vendor_static.py.\n"
        "   Do not edit: re-run the script. The 600 face also answers for 700. Our CSS puts\n"
        "   it after Source Sans 3 in the font stack: it draws the Arabic letters. */\n"
    ]
    for weight, style in ARABIC_FACES:
        src = pkg / "files" / f"noto-sans-arabic-arabic-{weight}-{style}.woff2"
        if not src.is_file():
            raise VendorError(f"{ARABIC_PACKAGE} has no {src.name}")
        has = font_code_points(src)
        missing = [p for a, b in parse_unicode_range(ARABIC_NEEDED) for p in range(a, b + 1)
                   if p not in has]
        if missing:
            raise VendorError(f"{src.name} has no glyph for "
                              + ", ".join(f"U+{p:04X}" for p in missing))
        points = sorted(p for a, b in wanted for p in range(a, b + 1) if p in has)
        name = f"noto-sans-arabic-{weight}-{style}.woff2"
        subset_font(src, dest_dir / name, points, features=("*",))
        rules.append(_font_face(weight, style, name, format_unicode_range(
            parse_unicode_range(",".join(f"U+{p:04X}" for p in points))), ARABIC_FAMILY))
    copy(pkg / "LICENSE", dest_dir / "LICENSE")
    (dest_dir / "fonts.css").write_text("\n".join(rules), "utf-8")


def language_names() -> str:
    """The kiosk's language names, each as written in itself (core.locales)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from core.locales import KIOSK_LOCALES  # imports nothing else of the project

    return "".join(locale.name for locale in KIOSK_LOCALES)


def language_name_points(names: str) -> list[int]:
    """The characters of ``names`` that the core files do not draw (spaces aside)."""
    core = {p for a, b in parse_unicode_range(FONT_CORE_RANGE) for p in range(a, b + 1)}
    return sorted({ord(ch) for ch in names if not ch.isspace()} - core)


def build_language_names(nm: Path, out: Path, versions: dict[str, str], fonttools: str
                         ) -> None:
    """"BB language names": one small file per source in ``NAMES_SOURCES`` holding the
    language names' characters beyond the core files, each face's unicode-range exactly
    the characters its file holds."""
    fontsource = json.loads((nm / FONT_PACKAGE / "unicode.json").read_text("utf-8"))
    dest_dir = out / "fonts" / "language-names"
    left = set(language_name_points(language_names()))
    rules = [
        "/*! BB language names: the kiosk's language names as each is written in itself, the\n"
        "   characters Source Sans 3's core files lack, cut by fontTools "
        f"{fonttools} from\n   {FONT_PACKAGE} {versions[FONT_PACKAGE]} and "
        f"{ARABIC_PACKAGE} {versions[ARABIC_PACKAGE]}\n"
        "   (SIL OFL 1.1, see the LICENSE files). Generated by scripts/vendor_static.py. Do\n"
        "   not edit: re-run the script. Only the language lists ask for it (kiosk.css). */\n"
    ]
    for key, package, fname, served, features in NAMES_SOURCES:
        served_range = parse_unicode_range(served or fontsource[key])
        mine = sorted(p for p in left if any(a <= p <= b for a, b in served_range))
        if not mine:
            continue
        left -= set(mine)
        name = f"language-names-{key}-{NAMES_WEIGHT}-{NAMES_STYLE}.woff2"
        subset_font(nm / package / "files" / fname, dest_dir / name, mine, features=features)
        rules.append(_font_face(NAMES_WEIGHT, NAMES_STYLE, name, format_unicode_range(
            parse_unicode_range(",".join(f"U+{p:04X}" for p in mine))), NAMES_FAMILY))
    if left:
        raise VendorError("no font in NAMES_SOURCES draws " + ", ".join(
            f"U+{p:04X} ({chr(p)})" for p in sorted(left)) + " of the language names")
    for package in (FONT_PACKAGE, ARABIC_PACKAGE):
        copy(nm / package / "LICENSE", dest_dir / f"LICENSE-{package.rsplit('/', 1)[1]}")
    (dest_dir / "fonts.css").write_text("\n".join(rules), "utf-8")


def build_icons(nm: Path, out: Path) -> None:
    svg_dir = nm / "@navikt" / "aksel-icons" / "dist" / "svg"
    missing = [name for name in ICONS if not (svg_dir / f"{name}.svg").is_file()]
    if missing:
        raise VendorError(f"@navikt/aksel-icons has no icon(s): {', '.join(missing)}")
    for name in ICONS:
        copy(svg_dir / f"{name}.svg", out / "icons" / f"{name}.svg")


def precompress(out: Path) -> None:
    """``NAME.gz`` (gzip -9, no name or time in the header) beside every PRECOMPRESS file."""
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in PRECOMPRESS:
            data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            path.with_name(path.name + ".gz").write_bytes(data)


def check_precompressed(root: Path) -> list[str]:
    """Every PRECOMPRESS file has a NAME.gz that unpacks to exactly that file, and every .gz
    has its file (nginx would serve a stale one to every browser)."""
    problems = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix in PRECOMPRESS:
            packed = path.with_name(path.name + ".gz")
            if not packed.is_file():
                problems.append(f"no {packed.relative_to(root)}")
            else:
                try:
                    same = gzip.decompress(packed.read_bytes()) == path.read_bytes()
                except (OSError, EOFError):
                    same = False
                if not same:
                    problems.append(f"{packed.relative_to(root)} is not {path.name} gzipped")
        elif path.suffix == ".gz" and not path.with_suffix("").is_file():
            problems.append(f"{path.relative_to(root)} has no {path.with_suffix('').name}")
    return problems


def external_urls(text: str, *, css: bool) -> list[str]:
    if css:
        text = _COMMENT_RE.sub("", text)
    return [u for u in _URL_RE.findall(text) if not re.match(r"https?://www\.w3\.org/", u, re.I)]


def check_no_external_urls(out: Path) -> None:
    problems = []
    for path in sorted(out.rglob("*")):
        if path.suffix in (".css", ".svg") and path.is_file():
            urls = external_urls(path.read_text("utf-8"), css=path.suffix == ".css")
            problems += [f"{path.relative_to(out)}: {u}" for u in urls]
    if problems:
        raise VendorError("external URLs in vendored files:\n  " + "\n  ".join(problems))


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() != VERSIONS_FILE
    }


def build() -> None:
    pins = pinned_versions()
    tool_pins = pinned_tools()
    tools = {FONTTOOLS: fonttools_version(tool_pins[FONTTOOLS])}
    with tempfile.TemporaryDirectory(prefix="bb-vendor-") as tmp:
        tmp_path = Path(tmp)
        work = tmp_path / "npm"
        work.mkdir()
        nm = npm_ci(work)
        versions = installed_versions(nm, pins)
        tools = {**installed_versions(nm, {PURGECSS: tool_pins[PURGECSS]}), **tools}
        stage = tmp_path / "vendor"
        stage.mkdir()
        build_htmx(nm, stage)
        build_ds_css(nm, stage, versions["@navikt/ds-css"], tools[PURGECSS])
        build_fonts(nm, stage, versions[FONT_PACKAGE], tools[FONTTOOLS])
        build_arabic_font(nm, stage, versions[ARABIC_PACKAGE], tools[FONTTOOLS])
        build_language_names(nm, stage, versions, tools[FONTTOOLS])
        build_icons(nm, stage)
        check_no_external_urls(stage)
        precompress(stage)
        manifest = {
            "generated_by": "scripts/vendor_static.py",
            "packages": versions,
            "tools": tools,
            "files": file_hashes(stage),
        }
        (stage / VERSIONS_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", "utf-8")
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stage, VENDOR)
    print(f"vendored {len(manifest['files'])} files into {VENDOR.relative_to(REPO)}/")
    for name, version in {**versions, **tools}.items():
        print(f"  {name} {version}")


def check() -> list[str]:
    """Return a list of problems with static/vendor (empty when it is intact)."""
    manifest_path = VENDOR / VERSIONS_FILE
    if not manifest_path.is_file():
        return [f"{manifest_path.relative_to(REPO)} is missing: run scripts/vendor_static.py"]
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        expected = manifest["files"]
        packages = manifest["packages"]
        tools = manifest["tools"]
    except (ValueError, KeyError) as exc:
        return [f"{VERSIONS_FILE} is unreadable: {exc}"]
    problems = []
    try:
        pins = pinned_versions()
        tool_pins = pinned_tools()
    except VendorError as exc:
        problems.append(str(exc))
    else:
        if pins != packages:
            problems.append(f"package.json pins {pins} but static/vendor was built from {packages}")
        if tool_pins != tools:
            problems.append(f"the build tools are pinned at {tool_pins} but static/vendor was "
                            f"built with {tools}")
    actual = file_hashes(VENDOR)
    for rel, digest in expected.items():
        if rel not in actual:
            problems.append(f"missing: {rel}")
        elif actual[rel] != digest:
            problems.append(f"changed: {rel}")
    problems += [f"not in {VERSIONS_FILE}: {rel}" for rel in actual if rel not in expected]
    problems += check_precompressed(VENDOR)
    try:
        check_no_external_urls(VENDOR)
    except VendorError as exc:
        problems.append(str(exc))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify static/vendor against VERSIONS.json instead of rebuilding")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        if problems:
            print("static/vendor does not match VERSIONS.json:", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
            return 1
        print("static/vendor matches VERSIONS.json")
        return 0
    try:
        build()
    except VendorError as exc:
        print(f"vendor_static: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
