"""A gunicorn worker killed (SIGKILL) while inmates confirm forms: no form is lost or sent
twice, an attempt cut off gets a dropped connection (nginx turns that into a 502) and keeps
the draft, and the retry with the same submit key lands on the receipt."""
from __future__ import annotations

import re
import socket
import threading
from urllib.parse import urlencode

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from core import audit
from core.models import FormDraft, FormSubmission
from tests.support.servers import (SUBMIT_KEY, Dropped, Gunicorn, kiosk_browser, listening_socket,
                                   wait_for)
from tests.support.world import PIN

STEPS = [("education", {"level": "none"}),
         ("work", {"situation": "never", "work_inside": "no"}),
         ("limits", {"limitations": "no"}),
         ("help", {"wants": ["cv", "find_work"], "more": ""})]
INMATES = 5
FORMS_EACH = 3


class Inmate(threading.Thread):
    """Fills in and confirms jobseeker forms, retrying whatever fails, as a person would."""

    def __init__(self, client, count: int) -> None:
        super().__init__(daemon=True)
        self.client, self.count = client, count
        self.keys: list[str] = []
        self.receipts: list[str] = []
        self.failed_confirms: list[str] = []  # what a cut-off confirm gave back
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for _ in range(self.count):
                self.receipts.append(confirm_one(self.client, self.keys, self.failed_confirms))
        except BaseException as error:  # noqa: B036 - reported by the test
            self.error = error


def attempt(call, expected: int, failures: list[str] | None = None, tries: int = 8):
    """``call()`` until it answers ``expected``; dropped connections and 502/503 are retried."""
    for _ in range(tries):
        try:
            status, headers, body = call()
        except Dropped:
            if failures is not None:
                failures.append("dropped")
            continue
        if status == expected:
            return headers, body
        assert status in (502, 503), (status, body[:500])
        if failures is not None:
            failures.append(str(status))
    raise AssertionError(f"no answer {expected} after {tries} tries")


def fill_in(client) -> tuple[int, str]:
    """A new jobseeker draft, filled in; its id and the check page's submit key."""
    headers, _ = attempt(lambda: client.post("/forms/jobseeker/start"), 302)
    draft = int(re.search(r"/forms/d/(\d+)/", headers["Location"]).group(1))
    for step, data in STEPS:
        attempt(lambda: client.post(f"/forms/d/{draft}/{step}", data), 302)  # noqa: B023
    _, page = attempt(lambda: client.get(f"/forms/d/{draft}/check"), 200)
    return draft, SUBMIT_KEY.search(page).group(1)


def confirm_one(client, keys: list[str], failures: list[str]) -> str:
    draft, key = fill_in(client)
    keys.append(key)
    headers, _ = attempt(lambda: client.post(f"/forms/d/{draft}/check",
                                             {"confirm": "yes", "submit_key": key}),
                         302, failures)
    receipt = headers["Location"]
    _, page = attempt(lambda: client.get(receipt), 200)
    assert 'data-status="awaiting_countersign"' in page
    return receipt


def test_a_killed_worker_loses_no_form_and_sends_none_twice(database_url, database, world,
                                                            add_inmates, tmp_path):
    numbers = add_inmates(INMATES)
    metrics_socket = listening_socket()  # a free port for the master's metrics
    metrics_port = metrics_socket.getsockname()[1]
    metrics_socket.close()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    server = Gunicorn("kiosk", database_url, tmp_path, workers=2, metrics_port=metrics_port,
                      env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})
    try:
        browsers = [kiosk_browser(server.port, world.credentials["a"], n, PIN) for n in numbers]

        # 1. A confirm cut off for certain: half its body sent, its worker killed.
        first = browsers[0]
        draft, key = fill_in(first)
        body = urlencode({"csrf_token": first.csrf, "confirm": "yes", "submit_key": key}).encode()
        cookies = "; ".join(f"{k}={v}" for k, v in first.cookies.items())
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as raw:
            raw.sendall(f"POST /forms/d/{draft}/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"Cookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded"
                        f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[:len(body) // 2])
            worker = wait_for(lambda: server.worker_serving(raw.getsockname()[1]), 60,
                              "a worker to take the half-sent confirm")
            server.kill_worker(worker)
            try:
                answer = raw.recv(4096)
            except ConnectionResetError:
                answer = b""
        assert answer == b""  # no answer at all: behind nginx, a 502
        with database.session() as db:  # the draft is kept, nothing was sent
            assert db.get(FormDraft, draft) is not None
            assert db.scalar(select(FormSubmission).where(FormSubmission.submit_key == key)) is None
        headers, _ = attempt(lambda: first.post(f"/forms/d/{draft}/check",
                                                {"confirm": "yes", "submit_key": key}), 302)
        used_keys, receipts = [key], [headers["Location"]]

        # 2. Every inmate confirming forms at once; a worker with a request in hand is killed.
        inmates = [Inmate(client, FORMS_EACH) for client in browsers]
        for inmate in inmates:
            inmate.start()
        wait_for(lambda: sum(len(i.receipts) for i in inmates) >= INMATES or any(
            i.error for i in inmates), 120, "the first receipts")
        busy = wait_for(server.worker_serving, 60, "a worker serving a request")
        server.kill_worker(busy)
        for inmate in inmates:
            inmate.join(timeout=180)
        assert [i.error for i in inmates] == [None] * INMATES
        assert not any(i.is_alive() for i in inmates)
        for inmate in inmates:
            used_keys += inmate.keys
            receipts += inmate.receipts
        failures = [f for i in inmates for f in i.failed_confirms]
        assert set(failures) <= {"dropped"}  # never an error page for a confirm

        # Nothing lost, nothing twice: one submission per key, every receipt its own.
        with database.session() as db:
            rows = db.execute(select(FormSubmission.submit_key, func.count())
                              .group_by(FormSubmission.submit_key)).all()
            assert dict(rows) == dict.fromkeys(used_keys, 1)
            assert len(set(receipts)) == len(used_keys) == 1 + INMATES * FORMS_EACH
            assert db.scalar(select(func.count()).select_from(FormDraft)) == 0
            assert audit.verify_session(db)[1] is None
        log = server.log()
        assert f"Worker (pid:{worker}) was sent SIGKILL" in log
        assert f"Worker (pid:{busy}) was sent SIGKILL" in log

        # The master's metrics add up every worker's counts, the killed ones' included.
        scraped = _scrape(metrics_port)
        confirmed = scraped.get(("forms.check", "POST", "302"), 0)
        assert len(used_keys) <= confirmed <= len(used_keys) + 2 + failures.count("dropped")
        assert scraped.get(("signin.login_post", "POST", "302")) == INMATES
        left = {path.name for path in metrics_dir.iterdir()}
        assert not any(str(pid) in name for pid in (worker, busy) for name in left)
        assert {"counter_archive.db", "histogram_archive.db"} <= left
    finally:
        server.stop()


def _scrape(port: int) -> dict[tuple[str, str, str], float]:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        text = response.read().decode()
    counts = {}
    for family in text_string_to_metric_families(text):
        if family.name == "brobygger_http_requests":
            for sample in family.samples:
                if sample.name.endswith("_total"):
                    labels = sample.labels
                    counts[(labels["endpoint"], labels["method"], labels["status"])] = sample.value
    return counts
