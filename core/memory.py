"""How the apps' processes use memory: glibc's malloc told to give large blocks back.

Every sign-in hashes a PIN or password with argon2id, whose C code allocates its whole
memory cost in one block (19 MiB for a PIN, 64 MiB for a password) and frees it after.
glibc's malloc serves such a block with mmap and gives it back at free, but it also raises
its mmap threshold to the size of the last block it freed (up to 32 MiB), so from the
second PIN on the 19 MiB come from the thread's malloc arena and stay resident after free:
one block for each gunicorn thread that signed someone in, in an arena of its own, about
75 MiB of a kiosk worker's 159 (issue 20; ``python -m benchmarks memory`` shows it).

``bound_malloc`` fixes the thresholds (which turns glibc's raising of them off): blocks
of ``MMAP_THRESHOLD`` or more are always mmapped and given back at free, and free memory
at the top of a heap is given back beyond ``TRIM_THRESHOLD``; the threads share at most
``ARENA_MAX`` arenas. A sign-in then pays for its hash's pages afresh (a few ms, against
20 ms of hashing). Python's own small objects are not affected (pymalloc mmaps its own
arenas). The kiosk and staff apps' WSGI modules call it, so a gunicorn master with
``preload_app`` sets it before it forks the workers, which inherit it. Elsewhere than on
glibc (musl, macOS) it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import threading

# mallopt(3) parameters (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

MMAP_THRESHOLD = 1024 * 1024  # bytes: larger blocks are mapped and given back at free
TRIM_THRESHOLD = 4 * 1024 * 1024  # bytes of free memory at a heap's top that may stay
ARENA_MAX = 2  # malloc arenas the threads share (glibc's default: 8 per core)

_applied: dict[str, int] = {}
_lock = threading.Lock()


def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") else None  # glibc only


def bound_malloc() -> dict[str, int]:
    """Set glibc malloc's thresholds and arenas (once per process); returns what was set,
    empty where the C library is not glibc."""
    with _lock:
        if _applied:
            return dict(_applied)
        libc = _libc()
        if libc is None:
            return {}
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        for name, parameter, value in (("mmap_threshold", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                                       ("trim_threshold", M_TRIM_THRESHOLD, TRIM_THRESHOLD),
                                       ("arena_max", M_ARENA_MAX, ARENA_MAX)):
            if libc.mallopt(parameter, value) == 1:  # 1 on success
                _applied[name] = value
        return dict(_applied)


def describe() -> str:
    if not _applied:
        return "glibc's malloc as it comes"
    return ", ".join(f"{name} {value}" for name, value in _applied.items())
