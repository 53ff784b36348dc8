"""Content files in every kiosk language: the TOML files under content/ (forms, glossary,
practice, standard replies) are written with bokmål and English side by side,
``title = { nb = "...", en = "..." }``, and each further locale's texts live in a file
beside them, ``v1.pl.toml`` next to ``v1.toml`` (issue 18), so that a translation is one
file per language and the original stays readable.

A locale's file is flat: each key is the quoted path of a text in the original, and its
value the translation::

    "title" = "Karta meldunkowa (meldekort)"
    "step[questions].question[arbeidet].label" = "Czy pracowałeś w ostatnich 14 dniach?"

A path is the table names joined by dots; an item of an array of tables is named by its
``key`` (or ``value``) in brackets, else by its position from 0. A path may lead to:

- a table of texts by language: the translation is put in beside nb and en;
- a list of words (the pretend adviser's keywords, for example): the locale's words are
  added to it.

``read`` gives the original with every locale's file laid over it; the loaders of each
capability then check the result as before. ``todo`` writes the skeleton a translator
fills in; ``problems`` says what is missing, empty or unknown. Imports only core.locales.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

from core import locales

_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\])?$")


def locale_file(path: Path, locale: str) -> Path:
    return path.with_name(f"{path.stem}.{locale}{path.suffix}")


def is_text_table(value) -> bool:
    """A table of one text by language: {nb = "...", en = "..."}."""
    return (isinstance(value, dict) and "nb" in value
            and all(key in locales.KIOSK for key in value))


def _is_word_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _item_name(item, index: int) -> str:
    if isinstance(item, dict):
        for field in ("key", "value"):
            if isinstance(item.get(field), str):
                return item[field]
    return str(index)


def places(data: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Every (path, value) a translation can fill: text tables and word lists."""
    for name, value in data.items():
        path = f"{prefix}.{name}" if prefix else name
        if is_text_table(value):
            yield path, value
        elif isinstance(value, dict):
            yield from places(value, path)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                yield from places(item, f"{path}[{_item_name(item, index)}]")
        elif _is_word_list(value) and name in WORD_LISTS:
            yield path, value


# Lists of words that take each language's words (core.services.learning.practice: the
# pretend adviser matches a message by these).
WORD_LISTS = ("keywords", "question_words")


def _find(data: dict, path: str):
    """The value at ``path``, or None."""
    node = data
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if not match or not isinstance(node, dict):
            return None
        name, item = match.groups()
        node = node.get(name)
        if item is not None:
            if not isinstance(node, list):
                return None
            node = next((entry for index, entry in enumerate(node)
                         if _item_name(entry, index) == item), None)
    return node


def read(path: Path) -> dict:
    """The TOML file at ``path`` with the translations beside it laid in."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for locale in locales.KIOSK_ONLY:
        overlay = locale_file(path, locale)
        if overlay.is_file():
            apply(data, tomllib.loads(overlay.read_text(encoding="utf-8")), locale, overlay)
    return data


class ContentError(ValueError):
    """A locale's file does not fit its original; the message names file and key."""


def apply(data: dict, translation: dict, locale: str, where: Path | str = "") -> None:
    for path, value in translation.items():
        target = _find(data, path)
        if is_text_table(target) and isinstance(value, (str, list)):
            if isinstance(value, str):
                value = value.strip()
            if value:  # an empty text falls back to bokmål
                target[locale] = value
        elif _is_word_list(target) and isinstance(value, list):
            target.extend(word for word in value if isinstance(word, str) and word)
        else:
            raise ContentError(f"{Path(where).name}: '{path}' is no text of the original")


def problems(path: Path, locale: str) -> list[str]:
    """What is wrong with ``locale``'s file for ``path``: missing, empty or unknown keys,
    a text of the wrong kind, or placeholders ({day:3}, {name}) unlike bokmål's."""
    name = locale_file(path, locale).name
    overlay = locale_file(path, locale)
    if not overlay.is_file():
        return [f"{name}: missing (run: python scripts/content_translations.py todo {locale})"]
    original = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        translation = tomllib.loads(overlay.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        return [f"{name}: {error}"]
    found = []
    wanted = dict(places(original))
    for key in sorted(set(translation) - set(wanted)):
        found.append(f"{name}: '{key}' is no text of the original")
    for key, source in wanted.items():
        value = translation.get(key)
        if is_text_table(source):
            nb = source["nb"]
            if isinstance(nb, list):
                if not (isinstance(value, list) and value and all(
                        isinstance(v, str) and v.strip() for v in value)):
                    found.append(f"{name}: '{key}' wants a list of words")
                continue
            if not (isinstance(value, str) and value.strip()):
                found.append(f"{name}: '{key}' is not translated")
                continue
            if placeholders(value) != placeholders(nb):
                found.append(f"{name}: '{key}' has placeholders {placeholders(value)}, "
                             f"bokmål {placeholders(nb)}")
        elif not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            found.append(f"{name}: '{key}' wants a list of words (may be empty)")
    return found


_PLACEHOLDER = re.compile(r"\{[a-z_]+(?::\d+)?\}|%\([a-z_]+\)[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def todo(path: Path, locale: str) -> str:
    """The skeleton of ``locale``'s file for ``path``: every text with its bokmål and
    English as comments, keeping what is translated already."""
    original = tomllib.loads(path.read_text(encoding="utf-8"))
    overlay = locale_file(path, locale)
    have = tomllib.loads(overlay.read_text(encoding="utf-8")) if overlay.is_file() else {}
    lines = [f"# {locales.get(locale).english_name} texts of {path.name} (core/content.py).",
             "# Each key is the place of a text in the original; translate the value.", ""]
    for key, source in places(original):
        if is_text_table(source):
            for language in ("nb", "en"):
                if language in source:
                    lines.append(f"# {language}: {_comment(source[language])}")
            empty = [] if isinstance(source["nb"], list) else ""
        else:
            lines.append(f"# words: {_comment(source)}")
            empty = []
        lines.append(f"{_quote(key)} = {_toml_value(have.get(key, empty))}")
        lines.append("")
    return "\n".join(lines)


def _comment(value) -> str:
    text = ", ".join(value) if isinstance(value, list) else str(value)
    return " ".join(text.split())


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_quote(v) for v in value) + "]"
    return _quote(str(value))


def files(root: Path) -> list[Path]:
    """The content TOML files that hold texts: originals, not locales' files."""
    codes = set(locales.KIOSK_ONLY)
    return sorted(p for p in root.rglob("*.toml")
                  if not (len(p.suffixes) >= 2 and p.suffixes[-2].lstrip(".") in codes))


def text_files(root: Path) -> list[Path]:
    """The originals under ``root`` that hold texts to translate."""
    return [path for path in files(root)
            if any(True for _ in places(tomllib.loads(path.read_text(encoding="utf-8"))))]


def locale_problems(root: Path, locale: str) -> list[str]:
    """Everything missing or broken in ``locale``'s content under ``root`` (content/):
    its file beside each text file, and its file of every lesson."""
    found = []
    for path in text_files(root):
        found += [f"{path.parent.relative_to(root)}/{line}" for line in problems(path, locale)]
    lessons = root / "lessons"
    for folder in sorted(p for p in lessons.iterdir() if p.is_dir()) if lessons.is_dir() else ():
        if not (folder / f"{locale}.md").is_file():
            found.append(f"lessons/{folder.name}/{locale}.md: missing (translate nb.md)")
    return found
