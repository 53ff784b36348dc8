"""A sampling profile of the app's workers while a scenario is measured (py-spy, when it
is installed: `pip install py-spy`), reduced to what the report shows: the functions the
workers were in (self time) and the project's own functions with what they called
(inclusive time), each as a share of the samples."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^():]+)(?::(?P<line>\d+))?\)$")
OURS = ("core/", "kiosk/", "admin/")


def executable() -> str | None:
    """py-spy on PATH, or beside this Python: `make bench` runs `.venv/bin/python` without
    the virtualenv on PATH, and the bench extra installs py-spy there (before, it was not
    found that way, and every --profile run left its scenario without a profile)."""
    return (shutil.which("py-spy")
            or shutil.which("py-spy", path=str(Path(sys.executable).parent)))


def available() -> bool:
    return executable() is not None


class Recording:
    """py-spy record on each worker for ``seconds``, starting after ``delay`` seconds."""

    def __init__(self, pids: list[int], delay: float, seconds: int, folder: Path,
                 key: str) -> None:
        self.files = [folder / f"profile-{key}-{pid}.txt" for pid in pids]
        self._processes: list[subprocess.Popen] = []
        folder.mkdir(parents=True, exist_ok=True)
        self._timer = threading.Timer(delay, self._start, (pids, seconds))
        self._timer.daemon = True
        self._timer.start()

    def _start(self, pids: list[int], seconds: int) -> None:
        for pid, path in zip(pids, self.files):
            path.unlink(missing_ok=True)
            self._processes.append(subprocess.Popen(
                [executable(), "record", "--pid", str(pid), "--duration", str(seconds),
                 "--rate", "50", "--format", "raw", "--output", str(path), "--nonblocking"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def finish(self) -> dict | None:
        self._timer.cancel()
        for process in self._processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        stacks = []
        for path in self.files:
            if path.exists():
                stacks += parse(path.read_text())
        return summarise(stacks) if stacks else None


def parse(text: str) -> list[tuple[list[str], int]]:
    """py-spy's raw (collapsed) format: one ``frame;frame;... count`` per line."""
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _name(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    return f"{match['function']} ({match['file']})"


def _ours(frame: str) -> bool:
    match = FRAME.match(frame.strip())
    return bool(match) and match["file"].startswith(OURS)


IDLE = ("(selectors.py", "(threading.py", "(concurrent/futures/thread.py", "(queue.py")

# What a sample was doing, by the layer it was in, the first that matches from the top of
# the list: a sample inside a query is the database's even when a template asked for it,
# and one inside a template is the templates' even when it is our own filter or Flask's
# url_for. So the layers add up to the whole, and "the app's own Python" is what the
# views, the checks and the sessions do outside queries and templates.
LAYERS = (
    ("queries (SQLAlchemy and the database driver)", ("(sqlalchemy/", "(sqlite3/", "(psycopg/")),
    ("templates (Jinja and MarkupSafe)", ("(jinja2/", "(markupsafe/", ".html:")),
    ("password and PIN hashing (argon2)", ("(argon2/",)),
    ("the app's own Python (views, checks, sessions) and Flask", ("(core/", "(kiosk/", "(admin/",
                                                                  "(flask/", "(werkzeug/")),
    ("gunicorn (HTTP, threads, logging)", ("(gunicorn/",)),
)
OTHER = "other"


def summarise(stacks: list[tuple[list[str], int]], top: int = 12) -> dict:
    """Shares of the samples in which a thread was working (a thread waiting in a
    selector, a condition or a queue is left out)."""
    stacks = [(stack, count) for stack, count in stacks
              if stack and not any(marker in stack[-1] for marker in IDLE)]
    total = sum(count for _stack, count in stacks) or 1
    leaf: Counter = Counter()
    inclusive: Counter = Counter()
    layers: Counter = Counter()
    for stack, count in stacks:
        frames = [f for f in stack if not f.startswith(("thread", "process"))]
        if frames:
            leaf[_name(frames[-1])] += count
        for name in {_name(f) for f in frames if _ours(f)}:
            inclusive[name] += count
        layers[layer_of(frames)] += count
    return {"samples": total,
            "self": [(name, count / total) for name, count in leaf.most_common(top)],
            "ours": [(name, count / total) for name, count in inclusive.most_common(top)],
            "layers": [(name, count / total) for name, count in layers.most_common()]}


def layer_of(frames: list[str]) -> str:
    """The first of LAYERS that any of ``frames`` is in (OTHER when none is)."""
    for name, markers in LAYERS:
        if any(marker in frame for frame in frames for marker in markers):
            return name
    return OTHER
