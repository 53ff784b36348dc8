#!/usr/bin/env python3
"""The content files (content/**.toml and the lessons) in the kiosk's other locales.

    python scripts/content_translations.py todo pl    # write or refresh every v1.pl.toml ...
    python scripts/content_translations.py check      # every locale: all translated?
    python scripts/content_translations.py check pl   # one locale

``todo`` writes, next to every content TOML file with texts, the locale's file (for
example content/forms/meldekort/v1.pl.toml): each text's place as a quoted key, with the
bokmål and English texts as comments above it; what is translated already is kept, and
a new text of the original comes in empty. Translate the values (lists of words are
lists: give the word forms in the language). The file format: core/content.py.

``check`` fails (exit 1) on a locale's file that is missing, has an empty or unknown key
or other placeholders than bokmål, and on a lesson without the locale's ``X.md``; then it
loads every content file the way the kiosk does, so that a broken lesson or form names
itself here. The lessons (content/lessons/NN-key/X.md) are translated by hand from nb.md:
same steps, ids, illustrations and questions (core/services/learning/lessons.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core import content, locales  # noqa: E402

CONTENT = ROOT / "content"


def todo(locale: str, root: Path = CONTENT) -> list[Path]:
    written = []
    for path in content.text_files(root):
        target = content.locale_file(path, locale)
        target.write_text(content.todo(path, locale) + "\n", encoding="utf-8")
        written.append(target)
    return written


def problems(locale: str, root: Path = CONTENT) -> list[str]:
    return content.locale_problems(root, locale)


def load_everything() -> list[str]:
    """Load the content as the kiosk does; a broken file is reported, not raised."""
    from core.services.forms import definitions
    from core.services.learning import lessons
    from core.services.learning.practice import content as practice
    from core.services.requests import canned

    errors = []
    for name, loader in (("forms", definitions.load), ("lessons", lessons.load),
                         ("practice", practice.load), ("replies", canned.load)):
        try:
            loader()
        except (ValueError, OSError) as error:
            errors.append(f"{name}: {error}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    todo_parser = sub.add_parser("todo", help="write or refresh a locale's content files")
    todo_parser.add_argument("locale", choices=locales.KIOSK_ONLY)
    check_parser = sub.add_parser("check", help="fail on missing or broken translations")
    check_parser.add_argument("locale", nargs="*", choices=[[], *locales.KIOSK_ONLY])
    args = parser.parse_args(argv)
    if args.command == "todo":
        for path in todo(args.locale):
            print(path.relative_to(ROOT))
        return 0
    found = load_everything()
    for locale in args.locale or locales.KIOSK_ONLY:
        found += problems(locale)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"\n{len(found)} problem(s)", file=sys.stderr)
        return 1
    print("content translations OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
