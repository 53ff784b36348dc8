"""What a lesson is made of once read from its files (core.services.learning.lessons): a
module with one text per language, its steps, each step's illustration and check question,
and the glossary's terms.

A step's body is Markdown in which ``[text](glossary:key)`` links to a term by hand
(``GLOSSARY_LINK``): the files are checked for the key when they are read, and the link
becomes a glossary link when the step is shown (core.services.learning.lesson_html).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

GLOSSARY_LINK = re.compile(r"\]\(glossary:([a-z0-9_]+)\)")


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    correct: int  # the index of the right option
    explanation: str


@dataclass(frozen=True)
class Image:
    alt: str
    source: str  # a file in static/lessons/, or "icon:Name"

    @property
    def static_path(self) -> str:
        if self.source.startswith("icon:"):
            return f"vendor/icons/{self.source[5:]}.svg"
        return f"lessons/{self.source}"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str  # Markdown
    image: Image | None
    question: Question


@dataclass(frozen=True)
class Text:
    """A module in one language."""

    title: str
    summary: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Module:
    key: str
    order: int
    version: int
    minutes: int
    texts: dict[str, Text]

    def text(self, language: str) -> Text:
        return self.texts.get(language) or self.texts["nb"]

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.texts["nb"].steps)


@dataclass(frozen=True)
class Term:
    key: str
    words: dict[str, tuple[str, ...]]
    titles: dict[str, str]
    texts: dict[str, str]

    def word_forms(self, language: str) -> tuple[str, ...]:
        return self.words.get(language) or self.words["nb"]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["nb"]

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["nb"]

