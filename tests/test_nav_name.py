"""NAV writes its own name "Nav" in running text (issue 11, fault 15).

No user-visible text says "NAV": not a message (every msgid and every nb and en msgstr),
not a template's visible text (Jinja tags and expressions, HTML tags and attribute names
stripped; string literals and visible attribute values kept), not a content file (lessons,
forms, glossary, replies, practice). "NAVs", "NAV's" and compounds such as "NAV-kontoret"
count. Code identifiers (NAV_ADVISER, Group.NAV) and lower-case slugs and URLs ("nav",
nav.no) are not text and are not looked at.

The only exceptions are official names quoted as they are written: ALLOWED below.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
NAV = re.compile(r"\bNAV(?![_A-Z0-9])")

# Quoted official names that keep "NAV", each with why. Matched text is blanked before
# the search, so only these exact phrases pass.
ALLOWED = {
    # The personal page on nav.no was called "Ditt NAV" until it became "Min side"; the
    # glossary and lesson 2 quote that old name as it was written, so people recognise it
    # from old letters.
    "Ditt NAV": re.compile(r"\bDitt NAV\b"),
}

VISIBLE_ATTRIBUTES = {"title", "aria-label", "aria-description", "aria-roledescription",
                      "aria-valuetext", "placeholder", "alt", "value", "label", "content"}
JINJA_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.DOTALL)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)


def offenders(text: str) -> list[str]:
    for pattern in ALLOWED.values():
        text = pattern.sub(lambda m: "_" * len(m.group()), text)
    return [text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
            for m in NAV.finditer(text)]


def _message_texts():
    for locale in ("nb", "en"):
        path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=locale)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in (*ids, *strings):
                yield f"{path.relative_to(ROOT)}: {ids[0][:60]!r}", text or ""


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_data(self, data):
        self.parts.append(data)


def visible_template_text(source: str) -> str:
    """A template's visible text: Jinja comments gone, each Jinja tag or expression
    replaced by its string literals, then the HTML's text and visible attribute values."""
    source = JINJA_COMMENT.sub(" ", source)
    source = JINJA.sub(lambda m: " ".join(html.escape(a or b) for a, b in
                                          LITERAL.findall(m.group())), source)
    parser = _Visible()
    parser.feed(source)
    parser.close()
    return "\n".join(parser.parts)


def _template_texts():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        yield str(path.relative_to(ROOT)), visible_template_text(path.read_text("utf-8"))


def _content_texts():
    for path in sorted((ROOT / "content").rglob("*")):
        if path.is_file():
            yield str(path.relative_to(ROOT)), path.read_text("utf-8")


def _report(texts) -> list[str]:
    return [f"{where}: …{found}…" for where, text in texts for found in offenders(text)]


def test_no_message_says_NAV():
    found = _report(_message_texts())
    assert not found, f"{len(found)} message texts say NAV, not Nav:\n" + "\n".join(found[:40])


def test_no_template_says_NAV():
    found = _report(_template_texts())
    assert not found, f"{len(found)} template texts say NAV, not Nav:\n" + "\n".join(found[:40])


def test_no_content_file_says_NAV():
    found = _report(_content_texts())
    assert not found, f"{len(found)} content texts say NAV, not Nav:\n" + "\n".join(found[:40])


def test_the_check_sees_visible_text_and_skips_code():
    source = ('{# NAV in a comment #}<p title="{{ _("Ask NAV") }}" data-x="NAV">'
              '{{ Group.NAV }} {{ _("The NAV-kontoret") }} NAVs {{ NAV_ADVISER }}</p>')
    text = visible_template_text(source)
    assert len(offenders(text)) == 3  # the title, the gettext string, the text
    assert offenders("Before: Ditt NAV. nav.no, NAV_ADVISER, Nav") == []


def test_every_allowed_exception_is_still_needed():
    everything = "\n".join(text for texts in (_message_texts(), _template_texts(),
                                              _content_texts()) for _, text in texts)
    unused = [name for name, pattern in ALLOWED.items() if not pattern.search(everything)]
    assert not unused, f"no longer used, drop from ALLOWED: {unused}"
