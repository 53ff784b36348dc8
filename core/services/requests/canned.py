"""Standard replies ("canned replies") staff start from on the request desk.

They live in content/replies/*.toml, in bokmål, nynorsk and English, and are loaded and
checked once: a broken file stops start-up with a message naming the file and the entry.
A reply is offered in the language the inmate asked for, falling back to bokmål.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core import PROJECT_ROOT, content, locales

DIRECTORY = PROJECT_ROOT / "content" / "replies"
LANGUAGES = locales.KIOSK  # nb and en in every reply; the others where translated
TEAMS = ("adviser", "social_worker", "school")
FALLBACK = "nb"


class RepliesError(ValueError):
    """A reply file is broken; the message names the file and the entry."""


@dataclass(frozen=True)
class Reply:
    key: str
    teams: frozenset[str]
    titles: dict[str, str]
    texts: dict[str, str]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[FALLBACK]

    def text(self, language: str) -> tuple[str, str]:
        """(text, language it is in): the inmate's language, else bokmål."""
        if language in self.texts:
            return self.texts[language], language
        return self.texts[FALLBACK], FALLBACK


def _parse(path: Path, entry: dict, index: int) -> Reply:
    where = f"{path.name}, reply {index + 1}"
    key = entry.get("key")
    if not isinstance(key, str) or not key.isidentifier():
        raise RepliesError(f"{where}: 'key' must be a plain identifier")
    teams = entry.get("teams")
    if not teams or not set(teams) <= set(TEAMS):
        raise RepliesError(f"{where} ({key}): 'teams' must list some of {', '.join(TEAMS)}")
    titles, texts = entry.get("title", {}), entry.get("text", {})
    for name, table in (("title", titles), ("text", texts)):
        if not isinstance(table, dict) or FALLBACK not in table or "en" not in table:
            raise RepliesError(f"{where} ({key}): '{name}' needs at least nb and en")
        unknown = set(table) - set(LANGUAGES)
        if unknown:
            raise RepliesError(f"{where} ({key}): unknown language {sorted(unknown)}")
        if not all(isinstance(v, str) and v.strip() for v in table.values()):
            raise RepliesError(f"{where} ({key}): every '{name}' must be a non-empty text")
    if any(len(t) > 1000 for t in texts.values()):
        raise RepliesError(f"{where} ({key}): a text is longer than 1000 characters")
    return Reply(key, frozenset(teams), dict(titles), dict(texts))


def load(directory: Path = DIRECTORY) -> tuple[Reply, ...]:
    replies: list[Reply] = []
    for path in content.files(directory):
        try:
            data = content.read(path)  # with each locale's texts (standard.pl.toml) laid in
        except (tomllib.TOMLDecodeError, content.ContentError) as error:
            raise RepliesError(f"{path.name}: {error}") from error
        replies += [_parse(path, e, i) for i, e in enumerate(data.get("reply", []))]
    keys = [r.key for r in replies]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RepliesError(f"replies: the key {duplicates[0]} is used twice")
    return tuple(replies)


@lru_cache(maxsize=1)
def all_replies() -> tuple[Reply, ...]:
    return load()


def for_teams(teams: set[str]) -> list[Reply]:
    return [r for r in all_replies() if r.teams & teams]


def get(key: str, teams: set[str]) -> Reply | None:
    return next((r for r in for_teams(teams) if r.key == key), None)
