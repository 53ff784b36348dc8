"""Norway's municipalities (2024 structure), from core/data/kommuner-2024.csv, with every
official name form (Norwegian, Sámi, Kven) from core/data/kommunenavn.csv.

A municipality with several official names, such as 5612 Guovdageaidnu – Kautokeino, is
found by any of them, and shown with the one the user typed first.
"""
from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "kommuner-2024.csv"
NAMES = DATA.parent / "kommunenavn.csv"
LANGUAGES = ("nor", "sme", "smj", "sma", "fkv")  # ISO 639-3: Norwegian, Sámi, Kven
SEPARATOR = " – "
# Letters that Unicode does not decompose into a base letter and a mark.
_PLAIN = str.maketrans({"ŋ": "n", "đ": "d", "ŧ": "t", "ø": "o", "æ": "ae"})


@dataclass(frozen=True)
class NameForm:
    name: str
    language: str


@dataclass(frozen=True)
class Municipality:
    number: str
    first_name: str
    county_number: str
    county_name: str
    forms: tuple[NameForm, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every official name, in the order of the official name."""
        return tuple(f.name for f in self.forms) or (self.first_name,)

    @property
    def name(self) -> str:
        """The official name with every form: "Guovdageaidnu – Kautokeino"."""
        return SEPARATOR.join(self.names)

    def matching_name(self, query: str) -> str | None:
        """The first name form that contains ``query`` (case and accents ignored)."""
        wanted = fold(query)
        return next((n for n in self.names if wanted and wanted in fold(n)), None)

    def shown(self, first: str | None = None) -> str:
        """The official name with ``first`` (one of its forms) put first."""
        if not first or first not in self.names:
            return self.name
        return SEPARATOR.join([first] + [n for n in self.names if n != first])


def fold(text: str) -> str:
    """Lower case without accents, for searching: "Kárášjohka" -> "karasjohka"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN))
    return "".join(c for c in text if not unicodedata.combining(c))


def _forms() -> dict[str, tuple[NameForm, ...]]:
    forms: dict[str, list[NameForm]] = defaultdict(list)
    with NAMES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            forms[row["kommunenummer"]].append(NameForm(row["navn"], row["sprak"]))
    return {number: tuple(found) for number, found in forms.items()}


def sort_key(text: str) -> str:
    """Norwegian alphabetical order (æ, ø, å last), Sámi letters with their base letter."""
    text = text.casefold().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))
    text = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def all_municipalities() -> tuple[Municipality, ...]:
    forms = _forms()
    with DATA.open(encoding="utf-8") as handle:
        rows = [
            Municipality(r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"],
                         forms.get(r["kommunenummer"], ()))
            for r in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda m: sort_key(m.name)))


@lru_cache(maxsize=1)
def _by_number() -> dict[str, Municipality]:
    return {m.number: m for m in all_municipalities()}


def by_number(number: str | None) -> Municipality | None:
    if not number:
        return None
    return _by_number().get(number)


@lru_cache(maxsize=1)
def choices() -> tuple[tuple[str, str], ...]:
    """(number, label) for a drop-down: one line per name form, in alphabetical order, so
    typing any official name finds it: "Guovdageaidnu – Kautokeino (Finnmark)" and
    "Kautokeino – Guovdageaidnu (Finnmark)" both choose 5612."""
    lines = [(m.number, f"{m.shown(n)} ({m.county_name})")
             for m in all_municipalities() for n in m.names]
    return tuple(sorted(lines, key=lambda line: (sort_key(line[1]), line[0])))
