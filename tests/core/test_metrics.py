"""Metrics: the workers' files added up and folded, the queue gauges, and an admin
gunicorn master serving both on its own bind."""
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace

from prometheus_client import generate_latest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from core import metrics
from core.db import Database
from core.models import Escalation, Inmate
from core.services.forms import submissions as forms
from core.services.requests import filing as requests
from core.services.forms.definitions import registry
from tests.support.servers import Gunicorn, listening_socket

HELP = "HTTP requests answered, by endpoint and status."
LABELS = ["app", "endpoint", "method", "status"]


def _write(path, pid, value, endpoint="home.index"):
    counts = MmapedDict(str(path / f"counter_{pid}.db"))
    key = mmap_key("brobygger_http_requests", "brobygger_http_requests_total", LABELS,
                   ["kiosk", endpoint, "GET", "200"], HELP)
    counts.write_value(key, value, 0.0)
    counts.close()


def _samples(registry) -> dict:
    text = generate_latest(registry).decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _home(value_labels=("kiosk", "home.index", "GET", "200")):
    return ("brobygger_http_requests_total", tuple(sorted(zip(LABELS, value_labels))))


def test_the_files_of_exited_workers_are_folded_and_nothing_is_lost(tmp_path):
    _write(tmp_path, 101, 3)   # a live worker
    _write(tmp_path, 102, 5)   # one that has exited
    served = metrics.registry(str(tmp_path), lambda: [101])
    assert _samples(served)[_home()] == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_101.db",
                                                          "counter_archive.db"]
    assert _samples(served)[_home()] == 8  # folded once, counted once
    _write(tmp_path, 103, 2)
    _write(tmp_path, 101, 4)   # the live one counted on
    assert _samples(metrics.registry(str(tmp_path), lambda: [101]))[_home()] == 11
    assert not (tmp_path / "counter_103.db").exists()


def test_clear_starts_from_nothing(tmp_path):
    _write(tmp_path, 101, 3)
    metrics.clear(str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def _gauges(database) -> dict:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in metrics.QueueCollector(database).collect() for s in family.samples}


def test_queue_gauges_count_open_requests_forms_and_broken_promises(database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        filed = [requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
                 for _ in range(3)]
        filed[2].status = "closed"
        for request in (filed[0], filed[2]):  # a broken promise, open and closed
            db.add(Escalation(request_id=request.id, prison_id=request.prison_id,
                              clock="first_response", due_at=clock.now() - timedelta(days=1),
                              at=clock.now()))
        definition = registry().current("jobseeker", clock.now().date())
        draft = forms.start(db, clock.now(), inmate, definition, terminal=None, data={
            "level": "none", "situation": "never", "work_inside": "no", "limitations": "no",
            "wants": ["cv"]})
        forms.confirm_generic(db, clock.now(), inmate, draft, language="nb", terminal=None,
                              supervisor_id=None, submit_key=None)
        team = filed[0].team
    gauges = _gauges(database)
    assert gauges[("brobygger_database_up", ())] == 1
    assert gauges[("brobygger_open_requests", (("prison", "AAA"), ("team", team)))] == 2
    assert gauges[("brobygger_forms_awaiting_countersignature", (("prison", "AAA"),))] == 1
    assert gauges[("brobygger_broken_promises",
                   (("clock", "first_response"), ("prison", "AAA")))] == 1
    assert not any(label == "BBB" for _, labels in gauges for _, label in labels)


def test_a_database_that_does_not_answer_is_a_gauge_not_a_failed_scrape():
    dead = create_engine("sqlite:////proc/no-such-folder/brobygger.db")

    @contextmanager
    def session():
        db = sessionmaker(dead)()
        try:
            yield db
        finally:
            db.close()

    gauges = _gauges(SimpleNamespace(session=session))
    assert gauges == {("brobygger_database_up", ()): 0}


def test_the_admin_master_serves_workers_and_queues_on_its_own_bind(sqlite_template, tmp_path,
                                                                    clock, hasher):
    from tests.support import world as world_module

    url = sqlite_template.fresh(tmp_path)
    database = Database(url)
    with database.session() as db:
        world = world_module.build(db, clock.now(), hasher)
        inmate = db.get(Inmate, world.inmates["a"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
        team = filed.team
    database.dispose()
    probe = listening_socket()
    metrics_port = probe.getsockname()[1]
    probe.close()
    server = Gunicorn("admin", url, tmp_path, workers=2, metrics_port=metrics_port)
    try:
        for _ in range(4):
            assert server.request_status("/sign-in") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics",
                                    timeout=60) as response:
            text = response.read().decode()
        assert server.request_status("/metrics") == 404  # not on the app's own port
    finally:
        server.stop()
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    assert samples[_home(("admin", "auth.login", "GET", "200"))] == 4
    assert samples[("brobygger_http_request_duration_seconds_count",
                    (("app", "admin"), ("endpoint", "auth.login")))] == 4
    assert samples[("brobygger_database_up", ())] == 1
    assert samples[("brobygger_open_requests", (("prison", "AAA"), ("team", team)))] == 1
    assert "A100" not in text and "Innsatt" not in text and "/" not in text.replace(
        "# HELP", "")  # counts, codes and endpoint names: never a person or a URL
