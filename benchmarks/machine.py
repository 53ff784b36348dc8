"""What the benchmark ran on: CPU, cores, memory, versions, and how busy the machine was."""
from __future__ import annotations

import os
import platform
import sqlite3
import sys
import time
from importlib import metadata
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def postgres_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine.dispose()


def python(maps: Path = Path("/proc/self/maps")) -> str:
    """The interpreter the apps ran on (the servers are started with it): its version, its
    executable, and whether the interpreter is linked in or calls a shared libpython (as
    a Python built from source with --enable-shared, pyenv's, does: slower, since every
    call into the interpreter goes through the dynamic linker's table). `make bench` uses
    the servers' own interpreter, Debian's python3 (Makefile: BENCH_PYTHON)."""
    text = f"{platform.python_version()} ({os.path.realpath(sys.executable)})"
    try:
        shared = "/libpython" in maps.read_text()
    except OSError:
        return text
    return text + (", a shared libpython" if shared else ", the interpreter linked in")


def describe(pg_url: str | None = None) -> dict[str, str]:
    result = {
        "CPU": _cpu_model(),
        "cores (usable)": f"{cores()} (of {os.cpu_count()} on the host)",
        "memory": _memory(),
        "kernel": f"{platform.system()} {platform.release()}",
        "Python": python(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": postgres_version(pg_url) if pg_url else "not used",
        "gunicorn": _version("gunicorn"),
        "SQLAlchemy": _version("SQLAlchemy"),
        "Flask": _version("Flask"),
        "locust": _version("locust"),
    }
    return result


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min)"


def _cpu_times() -> tuple[int, int]:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values), idle


def busy_seconds() -> float:
    """CPU seconds all cores have been busy since boot (from /proc/stat)."""
    total, idle = _cpu_times()
    return (total - idle) / os.sysconf("SC_CLK_TCK")


def busy_share(seconds: float = 3.0) -> float:
    """The share of all CPUs busy over ``seconds`` (before the benchmark starts anything:
    other work on the machine)."""
    total0, idle0 = _cpu_times()
    time.sleep(seconds)
    total1, idle1 = _cpu_times()
    total = total1 - total0
    return 1 - (idle1 - idle0) / total if total else 0.0
