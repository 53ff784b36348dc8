"""Per-endpoint figures from the samples a load run recorded (pure: no locust here).

benchmarks/locustfile.py writes every request it made after the users were all started
(name, response time in ms, response size, error or not) with the length of that
window; this module turns them into requests per second, percentiles and errors.
Percentiles are exact (nearest rank on the raw samples), not locust's rounded buckets.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Sample:
    name: str  # "GET /requests/<id>": method and route pattern, never a real id
    ms: float
    size: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Endpoint:
    name: str
    count: int
    errors: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float
    mean_size: float

    @property
    def error_share(self) -> float:
        return self.errors / self.count if self.count else 0.0


@dataclass
class Run:
    """One scenario's samples and the length of the window they were taken in."""

    scenario: str
    seconds: float
    samples: list[Sample]
    users: int = 0
    error_examples: dict[str, str] = field(default_factory=dict)
    all_requests: int = 0  # including the ramp and the warm-up
    window: tuple[float, float] | None = None  # wall-clock (time.time()) start and end

    @classmethod
    def load(cls, path: Path) -> "Run":
        data = json.loads(Path(path).read_text())
        return cls(scenario=data["scenario"], seconds=data["seconds"], users=data.get("users", 0),
                   samples=[Sample(*row) for row in data["samples"]],
                   error_examples=data.get("error_examples", {}),
                   all_requests=data.get("all_requests", 0),
                   window=tuple(data["window"]) if data.get("window") else None)

    def dump(self, path: Path) -> None:
        Path(path).write_text(json.dumps({
            "scenario": self.scenario, "seconds": self.seconds, "users": self.users,
            "samples": [[s.name, s.ms, s.size, s.error] for s in self.samples],
            "error_examples": self.error_examples, "all_requests": self.all_requests,
            "window": list(self.window) if self.window else None}))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values
    at or below it. 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarise(name: str, samples: list[Sample], seconds: float) -> Endpoint:
    times = [s.ms for s in samples]
    return Endpoint(
        name=name, count=len(samples), errors=sum(1 for s in samples if s.error),
        rps=len(samples) / seconds if seconds > 0 else 0.0,
        p50=percentile(times, 0.50), p95=percentile(times, 0.95), p99=percentile(times, 0.99),
        max=max(times, default=0.0),
        mean_size=sum(s.size for s in samples) / len(samples) if samples else 0.0)


def endpoints(run: Run) -> list[Endpoint]:
    """One row per endpoint, in name order."""
    groups: dict[str, list[Sample]] = {}
    for sample in run.samples:
        groups.setdefault(sample.name, []).append(sample)
    return [summarise(name, groups[name], run.seconds) for name in sorted(groups)]


def combined(run: Run, label: str, keep: Callable[[str], bool] = lambda name: True) -> Endpoint:
    """The samples of every endpoint ``keep`` accepts, taken together (percentiles over
    all of them, not an average of the endpoints' percentiles)."""
    chosen = [s for s in run.samples if keep(s.name)]
    return summarise(label, chosen, run.seconds)
