#!/usr/bin/env python3
"""Keep Brobygger's message catalogues in step with the code and templates.

msgids are English.  ``nb`` (Norwegian bokmål) is the default locale and is
translated by hand; ``en`` is filled in automatically (msgstr = msgid).  The kiosk's other
eight locales (core.locales.KIOSK_ONLY: nn, se, pl, lt, ro, uk, ar, so) hold only the
messages the kiosk can show (``kiosk_ids``: every message used anywhere but the staff
app's own code and templates); a message they lack falls back to bokmål at run time.

Usage::

    python scripts/translations.py update   # extract, then update nb + en catalogues
    python scripts/translations.py compile  # .po -> .mo (the .mo files are git-ignored)
    python scripts/translations.py check    # fail on untranslated, fuzzy or missing messages
    python scripts/translations.py todo > nb.json   # the untranslated nb messages, as JSON
    python scripts/translations.py fill nb.json     # put the translations from a JSON file in
    python scripts/translations.py todo --locale pl > pl.json    # the same for another locale
    python scripts/translations.py fill --locale pl pl.json

``todo`` prints {msgid: ""} for each untranslated message of a locale (nb unless
``--locale``); a plural message is keyed by its singular msgid and wants a list of the
locale's plural forms (2 in nb, 3 in pl, 6 in ar: the catalogue's Plural-Forms header says
which n each form is for). Fill in the values and give the file to ``fill``, which merges
them into that catalogue (unknown msgids fail).

``update`` extracts every string that babel.cfg points at into
``translations/messages.pot`` (sorted, no source locations, so diffs stay
small), then merges it into each ``translations/<locale>/LC_MESSAGES/messages.po``
(created if missing).  Strings no longer in the sources are dropped (no
obsolete ``#~`` entries) and there is no fuzzy matching: a changed msgid is a
new, untranslated message.  In ``en`` every empty msgstr becomes the msgid.
Files whose only change would be a date in the header are left untouched.

``compile`` writes ``messages.mo`` next to each ``messages.po``.  It exits 1
if a catalogue is missing, cannot be parsed, or has a placeholder error.

``check`` extracts the sources again (in memory) and exits 1, listing every
message that is untranslated or fuzzy in a catalogue, or that is in the
sources but missing from a catalogue.  Placeholder mismatches fail too, and so do a
kiosk-only locale's missing lessons and content texts (core.content.locale_problems).

Only the standard library and Babel are used.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from jinja2.exceptions import TemplateError

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core import content, locales  # noqa: E402  (import only core.locales and the stdlib)
MAPPING_FILE = ROOT / "babel.cfg"
TRANSLATIONS = ROOT / "translations"
DOMAIN = "messages"
POT_FILE = TRANSLATIONS / f"{DOMAIN}.pot"
LOCALES = (*locales.STAFF, *locales.KIOSK_ONLY)
KIOSK_ONLY = locales.KIOSK_ONLY
# Sources only the staff app shows: a message used nowhere else is not in the kiosk-only
# catalogues.
STAFF_ONLY_SOURCES = ("admin/", "templates/admin/", "templates/work_shop/")
# ... except what staff print for the inmate to take: in the inmate's language.
INMATE_PRINTOUTS = ("templates/admin/ways_in/print.html",)
SOURCE_LOCALE = "en"  # msgids are English: this catalogue is filled in automatically
PROJECT = "Brobygger"

# pybabel's defaults (_, gettext, ngettext, pgettext, ...) plus Flask-Babel's lazy ones.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)

# Header lines that change on every run; ignored when deciding whether to rewrite a file.
_VOLATILE_HEADER = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\n', re.MULTILINE)

# A Python %-format placeholder such as %(name)s or %d; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                         r"[hlL]?(?P<type>[diouxXeEfFgGcrsa%])")


class TranslationError(Exception):
    """A problem the user must fix; main() prints it and exits 1."""


# ---------------------------------------------------------------- paths


def po_path(locale: str, root: Path | None = None) -> Path:
    base = (root / "translations") if root else TRANSLATIONS
    return base / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locale: str, root: Path | None = None) -> Path:
    return po_path(locale, root).with_suffix(".mo")


# ---------------------------------------------------------------- extraction


def method_map(mapping_file: Path = MAPPING_FILE):
    """(method_map, options_map) from babel.cfg."""
    with open(mapping_file, encoding="utf-8") as fh:
        return parse_mapping_cfg(fh, filename=str(mapping_file))


def extract(root: Path = ROOT, mapping_file: Path = MAPPING_FILE) -> Catalog:
    """Every translatable string in the sources, as a catalogue template."""
    methods, options = method_map(mapping_file)
    template = Catalog(project=PROJECT, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        methods,
        options,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_searched,
    ):
        if not _nonempty(message):
            continue  # _("") would be the header; pybabel skips it too
        template.add(message, None, [(filename, lineno)],
                     auto_comments=comments, context=context)
    return template


def _searched(dirpath: str) -> bool:
    """Babel skips every folder whose name starts with "_" by default, and with it
    templates/_components (the shared macros); only hidden folders and __pycache__ are
    skipped here."""
    name = Path(dirpath).name
    return not (name.startswith(".") or name.startswith("__"))


def _nonempty(message) -> bool:
    if isinstance(message, (tuple, list)):
        return bool(message[0])
    return bool(message)


def source_ids(template: Catalog) -> set:
    return {m.id for m in template if m.id}


def kiosk_ids(template: Catalog) -> set:
    """The messages the kiosk can show: used somewhere outside the staff app's own files."""
    return {m.id for m in template if m.id and any(
        not name.startswith(STAFF_ONLY_SOURCES) or name in INMATE_PRINTOUTS
        for name in (filename.replace("\\", "/") for filename, _line in m.locations))}


def wanted_ids(template: Catalog, locale: str) -> set:
    """The messages ``locale``'s catalogue must translate."""
    return kiosk_ids(template) if locale in KIOSK_ONLY else source_ids(template)


def for_locale(template: Catalog, locale: str) -> Catalog:
    """The template with only the messages ``locale`` translates."""
    if locale not in KIOSK_ONLY:
        return template
    keep = kiosk_ids(template)
    narrowed = Catalog(project=PROJECT, charset="utf-8", fuzzy=False)
    for message in template:
        if message.id in keep:
            narrowed.add(message.id, None, message.locations,
                         auto_comments=message.auto_comments, context=message.context)
    return narrowed


# Python sources babel.cfg extracts from (the templates are checked by Jinja's extractor).
PYTHON_SOURCES = ("core", "kiosk", "admin")


def _msgid_index(spec) -> int:
    """Which argument of a gettext function is the msgid (babel's keyword spec: the
    1-based positions of the msgid, the plural and the context, given as (n, "c"))."""
    if spec is None:
        return 0
    if isinstance(spec, int):
        return spec - 1
    return next(n for n in spec if isinstance(n, int)) - 1


def missed_calls(root: Path = ROOT, template: Catalog | None = None) -> tuple[list[str], set]:
    """Gettext calls the extractor cannot see, found by reading the Python sources' syntax
    trees: a call inside an f-string (the extractor skips it, so the text is never
    translated: "All received (9)"), and a call whose msgid is not a literal. Returns
    (problems, every literal msgid called)."""
    import ast

    wanted = {m.id[0] if isinstance(m.id, tuple) else m.id
              for m in (template if template is not None else extract(root)) if m.id}
    found: list[str] = []
    literals: set = set()
    for package in PYTHON_SOURCES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in KEYWORDS):
                    continue
                where = f"{_rel(path)}:{node.lineno}"
                index = _msgid_index(KEYWORDS[node.func.id])
                if index >= len(node.args):
                    continue  # called with keywords only (not a translation call)
                first = node.args[index]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    found.append(f"{where}: {node.func.id}() of something other than a "
                                 f"literal: its text cannot be extracted")
                    continue
                literals.add(first.value)
                if first.value and first.value not in wanted:
                    found.append(f"{where}: {_show(first.value)} is not extracted (a call "
                                 f"inside an f-string?): use %(name)s placeholders instead")
    return found, literals


# ---------------------------------------------------------------- reading and writing


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    if not path.exists():
        raise TranslationError(f"{_rel(path)} does not exist. Run: python scripts/translations.py update")
    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=locale, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        raise TranslationError(f"{_rel(path)} cannot be parsed: {exc}") from exc


def render_po(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, no_location=True, sort_output=True,
             ignore_obsolete=True, include_previous=False)
    return buf.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write data unless the file differs from it only in volatile header dates."""
    if path.exists():
        old = path.read_bytes()
        if _VOLATILE_HEADER.sub(b"", old) == _VOLATILE_HEADER.sub(b"", data):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- update


def fill_from_msgid(catalog: Catalog) -> int:
    """Give every untranslated message its msgid as translation (for the source language)."""
    filled = 0
    for message in catalog:
        if not message.id or not is_untranslated(message):
            continue
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            message.string = tuple(
                singular if i == 0 else plural for i in range(catalog.num_plurals)
            )
        else:
            message.string = message.id
        filled += 1
    return filled


def update(root: Path = ROOT) -> None:
    template = extract(root)
    pot_changed = write_if_changed(POT_FILE, render_po(template))
    print(f"{_rel(POT_FILE)}: {len(source_ids(template))} messages"
          f"{'' if pot_changed else ' (unchanged)'}")

    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            catalog = read_catalogue(path, locale)
        else:
            catalog = Catalog(locale=locale, domain=DOMAIN, project=PROJECT,
                              charset="utf-8", fuzzy=False)
            catalog.revision_date = catalog.creation_date
        before = {m.id for m in catalog if m.id}
        catalog.update(for_locale(template, locale), no_fuzzy_matching=True,
                       update_header_comment=False)
        catalog.obsolete.clear()
        filled = fill_from_msgid(catalog) if locale == SOURCE_LOCALE else 0
        after = {m.id for m in catalog if m.id}
        changed = write_if_changed(path, render_po(catalog))
        untranslated = [m for m in catalog if m.id and is_untranslated(m)]
        print(f"{_rel(path)}: {len(after)} messages, {len(after - before)} new, "
              f"{len(before - after)} removed, {len(untranslated)} untranslated"
              + (f", {filled} filled from msgid" if filled else "")
              + ("" if changed else " (unchanged)"))


# ---------------------------------------------------------------- compile


def compile_catalogues(root: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Compile every catalogue to .mo.  out_dir (for tests) replaces translations/."""
    problems: list[str] = []
    compiled: list[tuple[Path, Catalog]] = []
    for locale in LOCALES:
        path = po_path(locale, root)
        try:
            catalog = read_catalogue(path, locale)
        except TranslationError as exc:
            problems.append(str(exc))
            continue
        for message, errors in catalog.check():
            for error in errors:
                problems.append(f"{_rel(path)}: {_show(message.id)}: {error}")
        for message in catalog:
            if message.id and not is_untranslated(message):
                mismatch = placeholder_mismatch(message)
                if mismatch:
                    problems.append(f"{_rel(path)}: {_show(message.id)}: {mismatch}")
        target = (out_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.mo") if out_dir else mo_path(locale, root)
        compiled.append((target, catalog))
    if problems:
        raise TranslationError("compile failed:\n  " + "\n  ".join(problems))

    written = []
    for target, catalog in compiled:
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".mo.tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(target)
        done = sum(1 for m in catalog if m.id and not is_untranslated(m) and not m.fuzzy)
        total = sum(1 for m in catalog if m.id)
        print(f"{_rel(target)}: {done} of {total} messages")
        written.append(target)
    return written


# ---------------------------------------------------------------- check


def is_untranslated(message: Message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return not all(message.string)
    return not message.string


def placeholders(text: str) -> list[str]:
    """Sorted %-placeholders in text, without literal %%."""
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if m.group("type") != "%")


def placeholder_mismatch(message: Message) -> str | None:
    """Why the placeholders of a translation do not match its msgid, or None."""
    if message.pluralizable:
        wanted = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
        forms = [set(placeholders(s)) for s in message.string]
        used = set().union(*forms) if forms else set()
        # A singular form may leave out %(num)d ("one message"), but no form may
        # invent a placeholder, and together the forms must use all of them.
        if used != wanted or any(not f <= wanted for f in forms):
            return f"placeholders {sorted(used)} in translation, {sorted(wanted)} in msgid"
        return None
    wanted = placeholders(message.id)
    used = placeholders(message.string)
    if set(wanted) != set(used):
        return f"placeholders {sorted(set(used))} in translation, {sorted(set(wanted))} in msgid"
    return None


def problems(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(errors, warnings) for every catalogue against the current sources."""
    template = extract(root)
    errors: list[str] = list(missed_calls(root, template)[0])
    warnings: list[str] = []
    for locale in LOCALES:
        wanted = wanted_ids(template, locale)
        path = po_path(locale, root)
        try:
            catalog = read_catalogue(path, locale)
        except TranslationError as exc:
            errors.append(str(exc))
            continue
        have = {m.id for m in catalog if m.id}
        name = _rel(path)
        for msgid in _sorted(wanted - have):
            errors.append(f"{name}: missing (in the sources, not in the catalogue): {_show(msgid)}")
        for message in _sorted_messages(catalog):
            if message.fuzzy:
                errors.append(f"{name}: fuzzy: {_show(message.id)}")
            if is_untranslated(message):
                errors.append(f"{name}: untranslated: {_show(message.id)}")
            else:
                mismatch = placeholder_mismatch(message)
                if mismatch:
                    errors.append(f"{name}: {mismatch}: {_show(message.id)}")
        for msgid in _sorted(have - wanted):
            warnings.append(f"{name}: no longer in the sources (update removes it): {_show(msgid)}")
        if locale in KIOSK_ONLY:  # its lessons and content texts (scripts/content_translations.py)
            errors += [f"content/{line}" for line in content.locale_problems(root / "content",
                                                                              locale)]
    return errors, warnings


def check(root: Path = ROOT) -> bool:
    errors, warnings = problems(root)
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        print(f"\n{len(errors)} problem(s). Run `python scripts/translations.py update`, "
              f"translate the empty msgstr entries in translations/<locale>/LC_MESSAGES/"
              f"messages.po (todo/fill --locale), remove any '#, fuzzy' flags, and run check "
              f"again.", file=sys.stderr)
        return False
    print(f"translations OK: {len(source_ids(extract(root)))} messages in {', '.join(LOCALES)}")
    return True


def _sorted(ids: Iterable) -> list:
    return sorted(ids, key=lambda i: i if isinstance(i, str) else i[0])


def _sorted_messages(catalog: Catalog) -> list[Message]:
    return sorted((m for m in catalog if m.id),
                  key=lambda m: m.id if isinstance(m.id, str) else m.id[0])


def _show(msgid) -> str:
    text = msgid if isinstance(msgid, str) else " | ".join(msgid)
    return repr(text if len(text) <= 90 else text[:87] + "...")


# ---------------------------------------------------------------- todo and fill


def _key(message: Message) -> str:
    """A message's key in todo/fill JSON: its (singular) msgid, after its context and a
    U+0004 separator when it has one (as gettext keys them: "request status\u0004Closed")."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}\x04{msgid}" if message.context else msgid


def todo(locale: str = "nb") -> dict:
    catalog = read_catalogue(po_path(locale), locale)
    return {_key(m): ("" if isinstance(m.id, str) else [""] * catalog.num_plurals)
            for m in _sorted_messages(catalog) if is_untranslated(m)}


def fill(translations: dict, locale: str = "nb") -> int:
    path = po_path(locale)
    catalog = read_catalogue(path, locale)
    by_key = {_key(m): m for m in catalog if m.id}
    unknown = sorted(set(translations) - set(by_key))
    if unknown:
        raise TranslationError("not in the catalogue: " + ", ".join(map(_show, unknown)))
    filled = 0
    for key, text in translations.items():
        message = by_key[key]
        if not text:
            continue
        if message.pluralizable:
            if isinstance(text, str) or len(text) != catalog.num_plurals:
                raise TranslationError(f"{_show(key)} wants {catalog.num_plurals} plural forms")
            message.string = tuple(text)
        else:
            if not isinstance(text, str):
                raise TranslationError(f"{_show(key)} is not a plural message")
            message.string = text
        message.flags.discard("fuzzy")
        mismatch = placeholder_mismatch(message)
        if mismatch:
            raise TranslationError(f"{_show(key)}: {mismatch}")
        filled += 1
    write_if_changed(path, render_po(catalog))
    print(f"{_rel(path)}: {filled} translations filled in")
    return filled


# ---------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract strings and update the nb and en catalogues")
    sub.add_parser("compile", help="compile the catalogues to .mo files")
    sub.add_parser("check", help="fail on untranslated, fuzzy or missing messages")
    todo_parser = sub.add_parser("todo", help="print a locale's untranslated messages as JSON")
    todo_parser.add_argument("--locale", default="nb", choices=LOCALES)
    fill_parser = sub.add_parser("fill", help="put translations from a JSON file in")
    fill_parser.add_argument("--locale", default="nb", choices=LOCALES)
    fill_parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "todo":
            print(json.dumps(todo(args.locale), ensure_ascii=False, indent=1))
            return 0
        if args.command == "fill":
            fill(json.loads(args.file.read_text(encoding="utf-8")), args.locale)
            return 0
        if args.command == "update":
            update()
            return 0
        if args.command == "compile":
            compile_catalogues()
            return 0
        return 0 if check() else 1
    except TranslationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (TemplateError, SyntaxError, OSError, ValueError) as exc:
        # e.g. a template or Python syntax error found while extracting
        print(f"error: {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
