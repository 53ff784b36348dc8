#!/usr/bin/env python3
"""Vendor the front-end assets Brobygger serves into ``static/vendor/``.

The kiosk terminals reach no outside origin, so every asset is served by the
app itself: nothing may point at a CDN.  This script is the only way files get
into ``static/vendor/``; they are committed, so running the app never needs
node or npm.

Usage::

    python scripts/vendor_static.py          # (re)build static/vendor from package-lock.json
    python scripts/vendor_static.py --check  # verify static/vendor against VERSIONS.json

Build mode runs ``npm ci --ignore-scripts --no-audit --no-fund`` in a temporary
directory (a copy of package.json + package-lock.json), so no node_modules/ is
left in the repository, then deletes ``static/vendor/`` and copies in:

* ``htmx/htmx.min.js`` (+ LICENSE)
* ``ds-css/aksel.css``: one stylesheet concatenated from the few Aksel
  (@navikt/ds-css) global/component files listed in ``DS_CSS_FILES``.  Aksel's
  own ``global/fonts.css`` is NOT included: it loads fonts from Nav's CDN.
* ``fonts/source-sans-3/``: woff2 files (latin + latin-ext; 400, 600, 700
  normal and 400 italic), LICENSE (SIL OFL) and a generated ``fonts.css``.
* ``icons/``: the SVG icons in ``ICONS`` from @navikt/aksel-icons.
* ``VERSIONS.json``: vendored package versions and the sha256 of every file.

It fails (exit status 1, message on stderr) if a package is missing, a pinned
version does not match, an icon does not exist, or any copied CSS still
contains an http(s) URL outside comments (w3.org namespaces excepted).

Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "static" / "vendor"
VERSIONS_FILE = "VERSIONS.json"

PACKAGES = (
    "htmx.org",
    "@navikt/ds-css",
    "@navikt/aksel-icons",
    "@fontsource/source-sans-3",
)

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

FONT_PACKAGE = "@fontsource/source-sans-3"
FONT_FAMILY = "Source Sans 3"  # what Aksel's --ax-font-family asks for first
FONT_SUBSETS = ("latin-ext", "latin")  # latin last: it wins where ranges overlap
FONT_FACES = ((400, "normal"), (600, "normal"), (700, "normal"), (400, "italic"))

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

NPM_CI = ("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")

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


def pinned_versions() -> dict[str, str]:
    try:
        deps = json.loads((REPO / "package.json").read_text("utf-8"))["dependencies"]
    except (OSError, ValueError, KeyError) as exc:
        raise VendorError(f"cannot read dependencies from package.json: {exc}") from exc
    for name in PACKAGES:
        version = deps.get(name)
        if not version or not re.fullmatch(r"\d+\.\d+\.\d+", version):
            raise VendorError(f"package.json must pin an exact version of {name} (has {version!r})")
    return {name: deps[name] for name in PACKAGES}


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


def copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise VendorError(f"expected file is missing: {src}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def build_htmx(nm: Path, out: Path) -> None:
    copy(nm / "htmx.org" / "dist" / "htmx.min.js", out / "htmx" / "htmx.min.js")
    copy(nm / "htmx.org" / "LICENSE", out / "htmx" / "LICENSE")


def build_ds_css(nm: Path, out: Path, version: str) -> None:
    dist = nm / "@navikt" / "ds-css" / "dist"
    parts = [
        f"/*! @navikt/ds-css {version} (MIT, Nav / Aksel) - subset bundled by "
        "scripts/vendor_static.py. Do not edit: re-run the script. */\n"
    ]
    for rel in DS_CSS_FILES:
        src = dist / rel
        if not src.is_file():
            raise VendorError(f"@navikt/ds-css has no dist/{rel}")
        text = src.read_text("utf-8")
        if "@font-face" in text or "@import" in text:
            raise VendorError(f"dist/{rel} contains @font-face/@import; it must not be bundled")
        parts.append(f"\n/* ---- @navikt/ds-css/dist/{rel} ---- */\n{text.rstrip()}\n")
    dest = out / "ds-css" / "aksel.css"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("".join(parts), "utf-8")


def build_fonts(nm: Path, out: Path, version: str) -> None:
    pkg = nm / FONT_PACKAGE
    ranges = json.loads((pkg / "unicode.json").read_text("utf-8"))
    dest_dir = out / "fonts" / "source-sans-3"
    rules = [
        f"/*! Source Sans 3 (SIL OFL 1.1, see LICENSE) from {FONT_PACKAGE} {version}.\n"
        "   Generated by scripts/vendor_static.py. Do not edit: re-run the script. */\n"
    ]
    for weight, style in FONT_FACES:
        for subset in FONT_SUBSETS:
            fname = f"source-sans-3-{subset}-{weight}-{style}.woff2"
            copy(pkg / "files" / fname, dest_dir / fname)
            rules.append(
                "@font-face {\n"
                f'  font-family: "{FONT_FAMILY}";\n'
                f"  font-style: {style};\n"
                f"  font-weight: {weight};\n"
                "  font-display: swap;\n"
                f'  src: url("{fname}") format("woff2");\n'
                f"  unicode-range: {ranges[subset]};\n"
                "}\n"
            )
    copy(pkg / "LICENSE", dest_dir / "LICENSE")
    (dest_dir / "fonts.css").write_text("\n".join(rules), "utf-8")


def build_icons(nm: Path, out: Path) -> None:
    svg_dir = nm / "@navikt" / "aksel-icons" / "dist" / "svg"
    missing = [name for name in ICONS if not (svg_dir / f"{name}.svg").is_file()]
    if missing:
        raise VendorError(f"@navikt/aksel-icons has no icon(s): {', '.join(missing)}")
    for name in ICONS:
        copy(svg_dir / f"{name}.svg", out / "icons" / f"{name}.svg")


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
    with tempfile.TemporaryDirectory(prefix="bb-vendor-") as tmp:
        tmp_path = Path(tmp)
        work = tmp_path / "npm"
        work.mkdir()
        nm = npm_ci(work)
        versions = installed_versions(nm, pins)
        stage = tmp_path / "vendor"
        stage.mkdir()
        build_htmx(nm, stage)
        build_ds_css(nm, stage, versions["@navikt/ds-css"])
        build_fonts(nm, stage, versions[FONT_PACKAGE])
        build_icons(nm, stage)
        check_no_external_urls(stage)
        manifest = {
            "generated_by": "scripts/vendor_static.py",
            "packages": versions,
            "files": file_hashes(stage),
        }
        (stage / VERSIONS_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", "utf-8")
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(stage, VENDOR)
    print(f"vendored {len(manifest['files'])} files into {VENDOR.relative_to(REPO)}/")
    for name, version in versions.items():
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
    except (ValueError, KeyError) as exc:
        return [f"{VERSIONS_FILE} is unreadable: {exc}"]
    problems = []
    try:
        pins = pinned_versions()
    except VendorError as exc:
        problems.append(str(exc))
    else:
        if pins != packages:
            problems.append(f"package.json pins {pins} but static/vendor was built from {packages}")
    actual = file_hashes(VENDOR)
    for rel, digest in expected.items():
        if rel not in actual:
            problems.append(f"missing: {rel}")
        elif actual[rel] != digest:
            problems.append(f"changed: {rel}")
    problems += [f"not in {VERSIONS_FILE}: {rel}" for rel in actual if rel not in expected]
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
