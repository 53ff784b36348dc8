"""Prometheus metrics: requests per endpoint (counted in each gunicorn worker) and, at
scrape time, queue sizes and broken promises from the database.

Nothing here is served by the apps themselves. Each app's gunicorn master serves its
workers' metrics on a bind of its own (METRICS_BIND, see deploy/server/gunicorn.conf.py),
which nginx does not proxy: the kiosk's metrics never sit on the terminals' side.
Workers write their numbers to files in PROMETHEUS_MULTIPROC_DIR (prometheus-client's
multiprocess mode); the master adds them up at each scrape, and folds the files of
workers that have exited (recycled after GUNICORN_MAX_REQUESTS, or killed) into one
archive file, so that the folder does not grow with every restarted worker and their
counts are kept.

Labels are endpoint names ("forms.check"), never URLs, and prison codes and team names,
never a person.
"""
from __future__ import annotations

import glob
import logging
import os
import threading
from typing import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.multiprocess import MultiProcessCollector

log = logging.getLogger("brobygger.metrics")

REQUESTS = Counter("brobygger_http_requests", "HTTP requests answered, by endpoint and status.",
                   ("app", "endpoint", "method", "status"))
LATENCY = Histogram("brobygger_http_request_duration_seconds",
                    "Time from receiving a request to handing back its response.",
                    ("app", "endpoint"),
                    buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))


def observe(app: str, endpoint: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(app, endpoint, method, str(status)).inc()
    LATENCY.labels(app, endpoint).observe(seconds)


# Scrape time: the database ---------------------------------------------------------------

class QueueCollector:
    """Queue sizes and broken promises, counted when Prometheus asks."""

    def __init__(self, database) -> None:
        self.database = database

    def collect(self) -> Iterable:
        from core.db import unavailable
        from core.services import monitoring

        up = GaugeMetricFamily("brobygger_database_up",
                               "1 when the last scrape could count in the database, else 0.")
        try:
            with self.database.session() as db:
                counts = monitoring.counts(db)
        except Exception as error:
            if not unavailable(error):
                raise
            log.warning("metrics: the database did not answer (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        open_requests = GaugeMetricFamily("brobygger_open_requests",
                                          "Open requests, per prison and team.",
                                          labels=("prison", "team"))
        for (prison, team), n in sorted(counts.open_requests.items()):
            open_requests.add_metric([prison, team], n)
        yield open_requests
        awaiting = GaugeMetricFamily("brobygger_forms_awaiting_countersignature",
                                     "Confirmed forms waiting for an officer's signature.",
                                     labels=("prison",))
        for prison, n in sorted(counts.awaiting_countersignature.items()):
            awaiting.add_metric([prison], n)
        yield awaiting
        broken = GaugeMetricFamily("brobygger_broken_promises",
                                   "Open requests whose response-time promise is broken "
                                   "(escalated), per prison and clock.",
                                   labels=("prison", "clock"))
        for (prison, clock), n in sorted(counts.broken_promises.items()):
            broken.add_metric([prison, clock], n)
        yield broken


# Scrape time: the workers' files -----------------------------------------------------------

ARCHIVE = "archive"
_compacting = threading.Lock()


def compact(path: str, live_pids: Iterable[int]) -> int:
    """Fold the counter and histogram files of exited workers into one archive file per
    kind, then delete them. Counts are sums, so nothing is lost. Gives the number of
    files folded."""
    live = {str(pid) for pid in live_pids}
    folded = 0
    for file in sorted(glob.glob(os.path.join(path, "*.db"))):
        kind, _, rest = os.path.basename(file).partition("_")
        pid = rest[:-len(".db")]
        if kind not in ("counter", "histogram") or pid == ARCHIVE or pid in live:
            continue
        archive = MmapedDict(os.path.join(path, f"{kind}_{ARCHIVE}.db"))
        try:
            for key, value, _timestamp, _pos in MmapedDict.read_all_values_from_file(file):
                total, _ = archive.read_value(key)
                archive.write_value(key, total + value, 0.0)
        finally:
            archive.close()
        os.unlink(file)
        folded += 1
    return folded


class WorkerCollector:
    """The workers' numbers, added up, after folding in those of exited workers."""

    def __init__(self, path: str, live_pids: Callable[[], Iterable[int]]) -> None:
        self.path = path
        self.live_pids = live_pids

    def collect(self) -> Iterable:
        with _compacting:
            compact(self.path, self.live_pids())
            return list(MultiProcessCollector.merge(
                glob.glob(os.path.join(self.path, "*.db")), accumulate=True))


def registry(path: str, live_pids: Callable[[], Iterable[int]], database=None
             ) -> CollectorRegistry:
    """What a gunicorn master serves: its workers' metrics, and with ``database`` the
    queue gauges (the admin app's master; the kiosk's leaves the database alone)."""
    served = CollectorRegistry(auto_describe=False)
    served.register(WorkerCollector(path, live_pids))
    if database is not None:
        served.register(QueueCollector(database))
    return served


def clear(path: str) -> None:
    """Start from nothing: files left by an earlier run would be added to this one's."""
    for file in glob.glob(os.path.join(path, "*.db")):
        os.unlink(file)
