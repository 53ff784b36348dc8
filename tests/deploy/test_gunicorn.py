"""deploy/server/gunicorn.conf.py: its settings, and gunicorn really running with it on
loopback, logging what it logs in production (to stdout and stderr, which systemd sends
to the journal) without any personal data."""
from __future__ import annotations

import http.client
import re
import runpy

import pytest

from tests.deploy.processes import GUNICORN_CONF, free_port, gunicorn
from tests.deploy.nginx_site import SERVER, SITE

PIN, NAME, COOKIE, SEARCH = "246810", "Nordmann", "cookie-secret-4711", "referer-secret"


def _settings(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_MAX_WORKERS",
                 "GUNICORN_WORKER_CLASS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1})  # the 2-core server
    return runpy.run_path(str(GUNICORN_CONF))


def test_two_cores_get_four_single_threaded_workers_per_app(monkeypatch):
    # One request thread per process (issue 20: no GIL shared between two requests), in
    # the gthread worker, which keeps nginx's connections alive (the sync worker would not).
    conf = _settings(monkeypatch)
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (4, 1, "gthread")
    assert conf["max_requests"] == 10000 and conf["max_requests_jitter"] == 1000
    assert conf["preload_app"] is True
    threaded = _settings(monkeypatch, GUNICORN_THREADS="2")
    assert (threaded["threads"], threaded["worker_class"]) == (2, "gthread")
    sync = _settings(monkeypatch, GUNICORN_WORKER_CLASS="sync", GUNICORN_WORKERS="3")
    assert (sync["workers"], sync["worker_class"]) == (3, "sync")


def test_an_unknown_worker_class_stops_start_up(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_WORKER_CLASS='gevent'"):
        _settings(monkeypatch, GUNICORN_WORKER_CLASS="gevent")


def test_timeouts_fit_nginx_and_systemd(monkeypatch):
    conf = _settings(monkeypatch)
    site = SITE.read_text()
    upstreams = re.findall(r"upstream \w+ \{[^}]*keepalive_timeout (\d+)s;", site)
    assert upstreams == ["4", "4"] and conf["keepalive"] == 5  # nginx lets go first
    assert {int(s) for s in re.findall(r"proxy_read_timeout\s+(\d+)s;", site)} == {35}
    assert conf["timeout"] == 30
    for app in ("kiosk", "admin"):
        unit = (SERVER / f"brobygger-{app}.service").read_text()
        stop = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, re.M).group(1))
        assert conf["graceful_timeout"] == 20 < stop  # workers finish before SIGKILL


def test_the_access_log_has_paths_and_no_personal_data(tmp_path, sqlite_template):
    port, access_log = free_port(), tmp_path / "access.log"
    server = gunicorn("kiosk.wsgi:app", f"127.0.0.1:{port}", {
        "DATABASE_URL": sqlite_template.fresh(tmp_path), "BROBYGGER_ENV": "test",
        "SECRET_KEY": "deploy-test-secret", "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESSLOG": str(access_log)})
    requests = [
        ("GET", f"/?pin={PIN}&name=Ola+{NAME}", None),
        ("GET", f"/session/warning?inmate={NAME}", None),
        ("POST", f"/language?lang=en&q={NAME}", f"pin={PIN}&name={NAME}".encode()),
    ]
    answered = []
    try:
        for method, path, body in requests:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path, body=body, headers={
                "Referer": f"http://kiosk.fengsel.example/search?q={SEARCH}",
                "Cookie": f"bb_kiosk_session={COOKIE}; bb_terminal={COOKIE}",
                "X-Forwarded-For": "10.20.3.4",
                "Content-Type": "application/x-www-form-urlencoded"})
            answered.append(connection.getresponse().status)
            connection.close()
    finally:
        server.stop()  # once gunicorn has exited, every line is in the file
    lines = access_log.read_text().splitlines()
    assert len(lines) == len(requests), lines
    for line, (method, path, _body), status in zip(lines, requests, answered):
        bare = path.split("?")[0]
        assert line.startswith("10.20.3.4 ["), line  # the terminal's address, from nginx
        assert f'"{method} {bare} HTTP/1.1" {status} ' in line, line
    for logged in (access_log.read_text(), server.output):  # and the error log
        for secret in (PIN, NAME, COOKIE, SEARCH):
            assert secret not in logged, secret
        # No query string at all (gunicorn's own "... SIGKILL! Perhaps out of memory?",
        # when a worker is slow to stop, is not one).
        assert not re.search(r"\?[a-z]+=", logged), logged


def test_workers_fork_from_the_loaded_app_with_its_templates_and_no_connection(
        monkeypatch, settings, database):
    """preload_app: when_ready compiles the app's templates in the master, and post_fork
    leaves every pooled connection with the master (none is shared across processes)."""
    from types import SimpleNamespace

    from kiosk import create_app

    conf = _settings(monkeypatch)
    app = create_app(settings, database=database)
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    conf["when_ready"](server)
    compiled = {key[1] for key in app.jinja_env.cache.keys()}  # (loader ref, name)
    assert {"kiosk/home.html", "kiosk/base.html", "_components/aksel.html"} <= compiled
    assert not any(name.startswith("admin/") for name in compiled)
    with database.engine.connect():
        pass  # a connection made (and pooled) in the master
    pool = database.engine.pool
    conf["post_fork"](server, None)
    assert database.engine.pool is not pool  # the worker starts with a pool of its own
    baseline = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: lambda environ, start: []))
    conf["post_fork"](baseline, None)  # not one of ours: nothing to do
    conf["when_ready"](baseline)


def test_the_master_freezes_what_it_holds_before_each_fork(monkeypatch, settings, database):
    """pre_fork freezes the loaded app, and what the master made since, out of the
    collector's reach (gc.freeze), so the workers' collections skip what they inherit
    (issue 20)."""
    import gc
    from types import SimpleNamespace

    from kiosk import create_app

    conf = _settings(monkeypatch)
    app = create_app(settings, database=database)
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    gc.unfreeze()
    try:
        conf["when_ready"](server)
        assert any(o is app for o in gc.get_objects())  # not yet
        conf["pre_fork"](server, None)
        assert gc.get_freeze_count() > 10_000  # the modules, the app and its templates
        assert not any(o is app for o in gc.get_objects())  # the collector skips them
        made_later = [[n] for n in range(100)]  # lists: always tracked
        assert any(o is made_later for o in gc.get_objects())
        conf["pre_fork"](server, None)  # the next worker's
        assert not any(o is made_later for o in gc.get_objects())
    finally:
        gc.unfreeze()  # the rest of this test process collects as before
