"""Playwright is started in one place: tests/conftest.py's session fixture.

Its sync API refuses to start while another instance runs in the same process. When the
terminal tests (tests/deploy) started their own, a pytest-xdist worker that had already run
an end-to-end test failed every one of them; only the order the suite happened to run in
hid it (6dce682)."""
from __future__ import annotations

from pathlib import Path

from core import PROJECT_ROOT


def test_only_the_session_fixture_starts_playwright():
    tests = Path(PROJECT_ROOT, "tests")
    starting = sorted(str(path.relative_to(PROJECT_ROOT)) for path in tests.rglob("*.py")
                      if path.name != Path(__file__).name
                      and "sync_playwright()" in path.read_text(encoding="utf-8"))
    assert starting == ["tests/conftest.py"]
