"""Norway's municipalities (2024 structure), from core/data/kommuner-2024.csv."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "kommuner-2024.csv"


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    county_number: str
    county_name: str


@lru_cache(maxsize=1)
def all_municipalities() -> tuple[Municipality, ...]:
    with DATA.open(encoding="utf-8") as handle:
        rows = [
            Municipality(r["kommunenummer"], r["kommunenavn"], r["fylkesnummer"], r["fylkesnavn"])
            for r in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda m: m.name))


def by_number(number: str | None) -> Municipality | None:
    if not number:
        return None
    return {m.number: m for m in all_municipalities()}.get(number)
