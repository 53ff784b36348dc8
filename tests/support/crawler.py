"""A breadth-first crawler for the Flask test client, and what it looks for on each page.

From a start page it follows every same-origin link (``<a href>``, ``hx-get``) and submits
every GET form (with its defaults, then once per option of each drop-down), GET only, up to
a bound. On every page it notes:
- a 5xx answer (with the exception, when the app raised one);
- in visible text whose language is Norwegian: an English msgid of the catalogue (or of a
  gettext call the extractor missed), a dotted event name ("certificate.verify"), a
  snake_case name ("pin_hash", "waiting_for_inmate"), a column name in words ("pin hash",
  "prison id"), or raw JSON.
Text inside an element marked ``lang="en"`` (say, the English form an inmate filled in) is
English on purpose and not looked at. Timings are kept for the slowest-pages list only.
"""
from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from flask import got_request_exception

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
HIDDEN = {"script", "style", "template", "noscript"}
LITERAL = {"code", "kbd", "samp"}  # shown as typed on purpose (a CSV column's name, say)
# Attributes a person sees or hears (a screen reader reads aria-label and alt).
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)


class Page(HTMLParser):
    """Links, GET forms and the visible text of one page, each text with its language."""

    def __init__(self, page_lang: str = "nb") -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.texts: list[tuple[str, str]] = []  # (language, text)
        # Open elements: (tag, language, whether its text is left out).
        self._stack: list[tuple[str, str, bool]] = [("", page_lang, False)]
        self._form: Form | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None

    @property
    def _lang(self) -> str:
        return self._stack[-1][1]

    @property
    def _hidden(self) -> bool:
        return self._stack[-1][2]

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        lang = a.get("lang") or self._lang
        hidden = self._hidden or tag in HIDDEN or tag in LITERAL
        if tag == "html" and a.get("lang"):
            self._stack[0] = ("", a["lang"], False)
        if tag not in VOID:
            self._stack.append((tag, lang, hidden))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(a["hx-get"])
        if not hidden and tag not in HIDDEN:
            shown = [a[n] for n in SHOWN_ATTRIBUTES if a.get(n)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                shown.append(a["value"])
            self.texts.extend((lang, s) for s in shown)
        if tag == "form":
            get = (a.get("method") or "get").lower() == "get"
            self._form = Form(a.get("action", "")) if get else None
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag, a):
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._options.append((self._option_value or "", "selected" in a))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        if tag == "select" and self._select is not None and self._form is not None:
            values = [v for v, _s in self._options]
            chosen = next((v for v, s in self._options if s), values[0] if values else "")
            self._form.fields.append((self._select, chosen))
            self._form.selects[self._select] = values
            self._select = None
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.texts.append((self._lang, text))


def form_urls(base: str, form: Form) -> list[str]:
    """The form with its defaults, then with each other option of each drop-down."""
    action = urljoin(base, form.action or base).split("?")[0]
    urls = [f"{action}?{urlencode(form.fields)}"]
    for name, values in form.selects.items():
        for value in values:
            fields = [(n, value if n == name else v) for n, v in form.fields]
            urls.append(f"{action}?{urlencode(fields)}")
    return urls


def shape(path: str) -> str:
    """/requests/12 and /requests/13 are one kind of page (bounded by max_per_shape)."""
    return re.sub(r"\d+", "N", path)


def normalise(url: str) -> str:
    """Path and sorted query: the same page is fetched once."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@-]|\.\w)")
DOTTED = re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*(?![\w/@-]|\.\w)")
WEB_ADDRESS = (".no", ".com", ".org", ".net")  # "nav.no" is an address, not an event
JSON = re.compile(r"[{\[]\s*\"[^\"]+\"\s*:")
COUNT = re.compile(r"\s*\(\d+\)$")  # "All received (9)": a label and its count


@dataclass
class Vocabulary:
    """What must not be seen in Norwegian: English msgids (exact texts, and the literal
    start of those with placeholders), and column names written in words."""

    english: set[str]
    english_starts: tuple[str, ...]
    column_words: re.Pattern
    languages: tuple[str, ...] = ("nb", "no", "nn")  # the pages' languages looked at

    def findings(self, texts: list[tuple[str, str]]) -> list[str]:
        found = []
        for lang, text in texts:
            if not lang.startswith(self.languages):
                continue
            found += [f"snake_case name {m!r}" for m in SNAKE.findall(text)]
            found += [f"event name {m!r}" for m in DOTTED.findall(text)
                      if not m.endswith(WEB_ADDRESS)]
            if JSON.search(text):
                found.append(f"raw JSON {text[:60]!r}")
            found += [f"column name {m!r}" for m in self.column_words.findall(text)]
            bare = COUNT.sub("", text)
            if text in self.english or bare in self.english:
                found.append(f"English msgid {text!r}")
            elif text.startswith(self.english_starts):
                found.append(f"English msgid {text!r}")
        return list(dict.fromkeys(found))  # each once a page


@dataclass
class Visit:
    url: str
    status: int
    seconds: float
    problems: list[str]


@dataclass
class Crawl:
    client: object
    vocabulary: Vocabulary
    skip: tuple[str, ...]
    max_pages: int = 250
    max_per_shape: int = 12
    visits: list[Visit] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    def run(self, start: str) -> list[Visit]:
        app = self.client.application
        raised: list[BaseException] = []

        def note(_sender, exception, **_extra):
            raised.append(exception)

        queue, seen, per_shape = deque([(start, "")]), {normalise(start)}, {}
        with got_request_exception.connected_to(note, app):
            while queue and len(self.visits) < self.max_pages:
                url, referrer = queue.popleft()
                raised.clear()
                began = time.perf_counter()
                response = self.client.get(url)
                seconds = time.perf_counter() - began
                problems = []
                if response.status_code >= 500:
                    why = f": {raised[0]!r}" if raised else ""
                    problems.append(f"HTTP {response.status_code}{why}")
                elif response.status_code == 404:
                    self.broken.append(f"{url} (linked from {referrer})")
                html = response.mimetype == "text/html"
                if response.status_code in (301, 302, 303):
                    links = [response.headers["Location"]]
                elif html:
                    page = Page()
                    page.feed(response.get_data(as_text=True))
                    problems += self.vocabulary.findings(page.texts)
                    links = page.links + [u for f in page.forms for u in form_urls(url, f)]
                else:
                    links = []
                self.visits.append(Visit(url, response.status_code, seconds, problems))
                for link in links:
                    target = self._local(url, link)
                    if target is None or normalise(target) in seen:
                        continue
                    kind = shape(urlsplit(target).path)
                    if per_shape.get(kind, 0) >= self.max_per_shape:
                        continue
                    per_shape[kind] = per_shape.get(kind, 0) + 1
                    seen.add(normalise(target))
                    queue.append((target, url))
        return self.visits

    def _local(self, base: str, link: str) -> str | None:
        if link.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            return None
        parts = urlsplit(urljoin("http://localhost" + base, link))
        if parts.netloc != "localhost" or any(s in parts.path for s in self.skip):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")
