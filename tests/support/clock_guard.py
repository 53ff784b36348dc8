"""A watch on every test: each request a session writes must carry, when that session
commits (or, for a test's own ``db`` session, when the test ends), the clock that matters
now exactly as the full computation from its history gives it.

The queue orders, filters and pages by those columns (core.services.requests.queue), and
core.services.requests.clocks.keep stores them. A code path that changes a request's
status, first response, closing or pauses and forgets to call ``keep`` makes every test
that goes through it fail, naming the request and both values.
"""
from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.models import Request
from core.services.requests import clocks as request_clocks


class ClockGuard:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self._touched: dict[int, set[Request]] = {}  # id(session) -> requests written
        self._lock = threading.Lock()

    def install(self) -> None:
        event.listen(Session, "after_flush", self._after_flush)
        event.listen(Session, "before_commit", self._before_commit)

    def remove(self) -> None:
        event.remove(Session, "after_flush", self._after_flush)
        event.remove(Session, "before_commit", self._before_commit)

    def _after_flush(self, session: Session, _context) -> None:
        written = {o for o in (*session.new, *session.dirty) if isinstance(o, Request)}
        if written:
            with self._lock:
                self._touched.setdefault(id(session), set()).update(written)

    def _before_commit(self, session: Session) -> None:
        self.check(session)

    def check(self, session: Session) -> None:
        """Compares the stored clock of every request this session wrote with the full
        computation, and forgets them."""
        session.flush()
        with self._lock:
            written = self._touched.pop(id(session), set())
        for item in written:
            if item in session.deleted or item not in session:
                continue
            stored = request_clocks.kept(item)
            full = request_clocks.current_of(item, request_clocks.pauses(session, item))
            if stored != full:
                with self._lock:
                    self.problems.append(
                        f"request {item.id} ({item.status}): stored {stored}, but its "
                        f"history gives {full}: request_clocks.keep was not called")
