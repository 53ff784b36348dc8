"""The real kiosk app on loopback over TLS, and Debian's Chromium with a managed policy
pointed at it (tests/deploy/locked_browser.py), for the tests of the terminal's lock."""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

from core.clock import FrozenClock
from core.config import Settings
from core.db import Database
from werkzeug.wrappers import Response

from kiosk import TERMINAL_COOKIE
from kiosk import create_app as create_kiosk
from kiosk.enrolment import _with_credential
from tests.deploy.locked_browser import (PolicyRoot, TlsServer, owned_folder,
                                         resolver_rules, wrapper)
from tests.deploy.nginx_site import KIOSK_HOST
from tests.deploy.processes import Process
from tests.support import world as world_module

KIOSK = f"https://{KIOSK_HOST}/"
LISTENING = r"DevTools listening on (ws://\S+)"
# A file offered for download on the kiosk's own origin (the app offers none; a download
# must be refused even from the one origin the policy allows).
DOWNLOAD_PATH = "/__test__/report.txt"
# Stands in for staff typing an enrolment code on the terminal: sets the terminal credential
# of terminal "a" as the enrolment page does (kiosk/enrolment.py). Then the page closes its
# window, as Ctrl+W would: the browser's last window, so the browser ends normally.
ENROL_PATH = "/__test__/enrol-and-close"
CLOSING = b"<!doctype html><title>enrolled</title><script>window.close()</script>"
# A page that asks to print itself, then tells the server that window.print() returned.
PRINT_PATH = "/__test__/print"
PRINTED_PATH = "/__test__/printed"
PRINTING = (b"<!doctype html><title>print</title><style>html,body{margin:0;height:100%;"
            b"background:#00ff00}</style><script>window.print();"
            b"fetch('/__test__/printed')</script>")


class Kiosk:
    """The real kiosk app, with the tests' world (an enrolled terminal, an inmate), over
    HTTPS on 127.0.0.1; and a second, plain HTTP server on another loopback address."""

    def __init__(self, directory: Path, sqlite_template, hasher) -> None:
        url = sqlite_template.fresh(directory)
        self.database = Database(url)
        self.clock = FrozenClock()
        with self.database.session() as session:
            self.world = world_module.build(session, self.clock.now(), hasher)
        settings = Settings(env="test", database_url=url, secret_key="lock-secret",
                            **world_module.PIN_SETTINGS)
        self.app = create_kiosk(settings, database=self.database, clock=self.clock,
                                hasher=hasher)
        self.requests: list[str] = []
        self._changed = threading.Condition()
        self.server = TlsServer(self._recorded, directory)

    def _recorded(self, environ, start_response):
        kind = "htmx" if environ.get("HTTP_HX_REQUEST") else "page"
        if f"{TERMINAL_COOKIE}=" in environ.get("HTTP_COOKIE", ""):
            kind = "credential " + kind  # sent with the terminal credential
        with self._changed:
            self.requests.append(f"{kind} {environ['HTTP_HOST']}{environ['PATH_INFO']}")
            self._changed.notify_all()
        if environ["PATH_INFO"] == ENROL_PATH:
            with self.app.test_request_context():
                response = _with_credential(Response(CLOSING, mimetype="text/html"),
                                            self.world.credentials["a"])
            return response(environ, start_response)
        if environ["PATH_INFO"] == PRINT_PATH:
            return Response(PRINTING, mimetype="text/html")(environ, start_response)
        if environ["PATH_INFO"] == DOWNLOAD_PATH:
            start_response("200 OK", [("Content-Type", "text/plain"),
                                      ("Content-Disposition", 'attachment; filename="report.txt"')])
            return [b"an inmate's report\n"]
        return self.app(environ, start_response)

    def mark(self) -> int:
        with self._changed:
            return len(self.requests)

    def wait_for(self, request: str, since: int) -> None:
        """Until the kiosk has been asked for ``request`` ("page HOST/PATH"; "credential
        page HOST/PATH": with the terminal credential)."""
        with self._changed:
            seen = self._changed.wait_for(
                lambda: any(made.endswith(request) for made in self.requests[since:]), 30)
        assert seen, f"no {request!r} among {self.requests[since:]}"

    def stop(self) -> None:
        self.server.stop()
        self.database.dispose()


class Browser:
    """Debian's Chromium, headless, with ``files`` as its managed policy and the
    remote-debugging port asked for; ``self.process`` holds everything it wrote."""

    def __init__(self, kiosk: Kiosk, files: dict) -> None:
        # Outside pytest's folders, which only root may enter: the browser runs as nobody.
        self.directory = directory = Path(tempfile.mkdtemp(prefix="bb-lock-"))
        directory.chmod(0o755)
        self.profile = owned_folder(directory / "profile")
        root = PolicyRoot(directory, files)
        self.process = Process(
            [str(wrapper(directory, root)), "--headless", f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "--ignore-certificate-errors",
             f"--host-resolver-rules={resolver_rules(kiosk.server.port)}",
             "--no-first-run", "--disable-background-networking", "--disable-gpu", KIOSK],
            ready=r"DevTools listening on|DevTools remote debugging is disallowed",
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.profile), "LANG": "C.UTF-8"})

    @property
    def endpoint(self) -> str:
        return re.search(LISTENING, self.process.wait_for(LISTENING)).group(1)

    def stop(self) -> None:
        self.process.stop()
        shutil.rmtree(self.directory)
