"""A lesson step shown: its Markdown as HTML, with the glossary's words linked (``render``),
kept per process in the catalogue's bounded LRU (``Catalogue.step_html``), and as plain text
for read-aloud (``plain_text``). The catalogue holds the modules and the glossary read from
the files (core.services.learning.lessons.catalogue).
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from core.services.learning.lesson_parts import GLOSSARY_LINK, Module, Step, Term

# Steps rendered to HTML kept per process, the least recently shown dropped first: every
# step in the kiosk's ten languages is 700 today, a few KB each (issue 20: bounded caches;
# about 3 MB at most).
STEP_CACHE_LIMIT = 1024


@dataclass
class Catalogue:
    modules: dict[str, Module] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    step_cache_limit: int = field(default=STEP_CACHE_LIMIT, repr=False, compare=False)
    _shown: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    _shown_lock: threading.Lock = field(default_factory=threading.Lock, repr=False,
                                        compare=False)

    def ordered(self) -> list[Module]:
        return sorted(self.modules.values(), key=lambda m: m.order)

    def step_html(self, step: Step, language: str, glossary_url: str) -> Markup:
        """``render`` with this catalogue's glossary, kept per step, language and glossary
        address (the files do not change while the app runs), at most
        ``step_cache_limit`` of them."""
        key = (id(step), language, glossary_url)
        with self._shown_lock:
            html = self._shown.get(key)
            if html is not None:
                self._shown.move_to_end(key)
                return html
        html = render(step, language, self.glossary, glossary_url)
        with self._shown_lock:
            html = self._shown.setdefault(key, html)  # another thread may have been first
            self._shown.move_to_end(key)
            while len(self._shown) > self.step_cache_limit:
                self._shown.popitem(last=False)
        return html

    def cached_steps(self) -> int:
        """How many rendered steps are kept now."""
        return len(self._shown)


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _glossary_pattern(terms: dict[str, Term], language: str) -> list[tuple[re.Pattern, str]]:
    found = []
    for term in terms.values():
        for word in term.word_forms(language):
            found.append((re.compile(rf"(?<![\w-])({re.escape(word)})(?![\w-])", re.IGNORECASE),
                          term.key))
    return sorted(found, key=lambda pair: -len(pair[0].pattern))


def render(step: Step, language: str, glossary: dict[str, Term], glossary_url: str) -> Markup:
    """The step's text as HTML (no raw HTML from the file). Each glossary word is linked
    where it first appears in the step; `(glossary:key)` links become glossary links."""
    body = GLOSSARY_LINK.sub(lambda m: f"]({glossary_url}#{m.group(1)})", step.body)
    tokens = _markdown.parse(body)
    children = [child for token in tokens for child in token.children or []]
    linked: set[str] = set()  # terms linked by hand are not linked again
    for child in children:
        href = child.attrGet("href") or "" if child.type == "link_open" else ""
        if href.startswith(glossary_url + "#"):
            linked.add(href.split("#", 1)[1])
            child.attrSet("class", "aksel-link bb-glossary-link")
    patterns = _glossary_pattern(glossary, language)
    inside_link = 0
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                inside_link += 1
            elif child.type == "link_close":
                inside_link -= 1
            elif child.type == "text" and not inside_link:
                child.content = _link_words(child.content, patterns, linked, glossary_url)
                child.type = "html_inline"  # already escaped by _link_words
    return Markup(_markdown.renderer.render(tokens, _markdown.options, {}))


def _link_words(text: str, patterns, linked: set[str], glossary_url: str) -> str:
    pieces = [(text, None)]
    for pattern, key in patterns:
        if key in linked:
            continue
        for index, (piece, owner) in enumerate(pieces):
            if owner is not None:
                continue
            match = pattern.search(piece)
            if match:
                before, word, after = piece[:match.start()], match.group(1), piece[match.end():]
                pieces[index:index + 1] = [(before, None), (word, key), (after, None)]
                linked.add(key)
                break
    return "".join(str(escape(piece)) if owner is None else
                   f'<a class="aksel-link bb-glossary-link" href="{glossary_url}#{owner}">'
                   f"{escape(piece)}</a>" for piece, owner in pieces)


def plain_text(step: Step, order: list[int] | None = None) -> str:
    """What read-aloud says: the title, the text without Markdown, and the question with
    its options in the order shown (the file's order when none is given)."""
    words = re.sub(r"[*_`#>]|\]\([^)]*\)|\[", "", step.body)
    shown = order if order is not None else range(len(step.question.options))
    options = ". ".join(step.question.options[index] for index in shown)
    return f"{step.title}.\n{words}\n{step.question.text}\n{options}."
