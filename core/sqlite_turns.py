"""SQLite's writers take turns for its one write lock: first come, first served.

- Within a process (gunicorn's threads): a queue that hands the turn straight to the next
  thread when the one before ends its transaction.
- Between processes (gunicorn's workers, the `brobygger` commands): an exclusive flock on
  a file next to the database (``<database>-turns``), queued in the kernel, which wakes the
  next process the moment the lock is let go.

Without them SQLite's own busy handler decides, and it polls with sleeps that grow to
100 ms: a waiter wakes late, and the thread or process that has just let go takes the lock
again at once. Under load some writers then wait seconds while the CPU idles (make bench,
16 terminals without pauses: p95 0.45 s, at most 3.2 s, two cores 40 % busy).

The lock itself stays SQLite's: these only order who asks for it. No wait here is longer
than the busy timeout; a writer whose turn has not come by then asks SQLite anyway, and
SQLite's busy timeout decides, as it would without them.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
import weakref
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Held:
    """What a writer was given: this process's turn, and the other processes' turn."""

    local: bool
    shared: bool


class Turns:
    def __init__(self, database: Path) -> None:
        self._file = FileTurn(database.with_name(database.name + "-turns"))
        self._forked()
        _live.add(self)

    def _forked(self) -> None:
        """A fresh start (also in a child process: no thread of the parent's is in it)."""
        self._mutex = threading.Lock()
        self._taken = False
        self._waiting: deque[threading.Event] = deque()

    def take(self, timeout: float) -> Held:
        """Wait for this writer's turn, for at most ``timeout`` seconds in all."""
        deadline = monotonic() + timeout
        local = self._take_local(timeout)
        shared = self._file.take(max(0.0, deadline - monotonic())) if local else False
        return Held(local, shared)

    def give_back(self, held: Held) -> None:
        if held.shared:
            self._file.give_back()
        if held.local:
            self._give_back_local()

    def _take_local(self, timeout: float) -> bool:
        with self._mutex:
            if not self._taken:
                self._taken = True
                return True
            handed = threading.Event()
            self._waiting.append(handed)
        if handed.wait(timeout):
            return True
        with self._mutex:
            if handed.is_set():
                return True
            self._waiting.remove(handed)
            return False  # go on without a turn: SQLite's busy timeout decides

    def _give_back_local(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._taken = False


class FileTurn:
    """The turn between processes: an exclusive flock on ``path``.

    flock cannot time out, so a helper thread waits in the kernel for this process's next
    writer, which itself waits at most its timeout; when it has given up by the time the
    helper gets the lock, the helper lets go at once. The helper and the open file go
    away after ``IDLE_SECONDS`` without writers, and come back with the next one. The
    kernel lets go of a dead process's lock (a worker killed with SIGKILL holds nobody
    up). After a fork the child opens the file again: a lock belongs to an open file,
    which parent and child would otherwise share, and the parent's helper is not in the
    child. Where the file cannot be opened (another user's, a read-only folder), the
    processes are left to SQLite's busy handler, as before."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None
        self._forked()
        _live.add(self)

    def _forked(self) -> None:
        """A fresh start; in a child, without the parent's open file and helper."""
        if self._fd is not None:
            os.close(self._fd)  # the parent's lock stays the parent's
        self._mutex = threading.Lock()
        self._wanted = threading.Condition(self._mutex)
        self._waiter: threading.Event | None = None
        self._held = False
        self._acquiring = False  # the helper is waiting in flock
        self._fd = None

    def _ready(self) -> bool:
        """This process's open file and helper (called with the mutex held)."""
        if self._fd is None:
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError as error:
                log.warning("SQLite writers left to the busy handler: %s", error)
                return False
            threading.Thread(target=self._helper, args=(self._fd,), daemon=True,
                             name="sqlite-turns").start()
        return True

    def take(self, timeout: float) -> bool:
        with self._mutex:
            if not self._ready():
                return False
            if not self._acquiring:  # free? then at once, without the helper
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self._held = True
                    return True
                except BlockingIOError:
                    pass
            mine = self._waiter = threading.Event()
            self._wanted.notify()
        if mine.wait(timeout):
            return True
        with self._mutex:
            if mine.is_set():
                return True
            if self._waiter is mine:
                self._waiter = None  # the helper lets go when it gets the lock
            return False

    def give_back(self) -> None:
        with self._mutex:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._held = False

    def _helper(self, fd: int) -> None:
        while True:
            with self._mutex:
                while self._waiter is None:
                    if not self._wanted.wait(IDLE_SECONDS) and self._waiter is None \
                            and not self._held and self._fd == fd:
                        os.close(fd)  # idle: the next writer opens it again
                        self._fd = None
                        return
                self._acquiring = True
            fcntl.flock(fd, fcntl.LOCK_EX)  # queued in the kernel
            with self._mutex:  # handed under the mutex: a writer giving up sees it
                self._acquiring = False
                waiter, self._waiter = self._waiter, None
                if waiter is not None:
                    self._held = True
                    waiter.set()  # its turn; it lets go in give_back
                    continue
                fcntl.flock(fd, fcntl.LOCK_UN)  # it gave up meanwhile


IDLE_SECONDS = 5.0
_live: weakref.WeakSet = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for turn in list(_live):
        turn._forked()


os.register_at_fork(after_in_child=_after_fork_in_child)
