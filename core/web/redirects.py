"""Where a ``next`` parameter may send the browser: a path on this site, and nothing else.

Every view that redirects to a target from the request goes through ``safe_next``. The
target is judged as a browser will read it (the WHATWG URL parser), which drops tab, CR
and LF anywhere, trims C0 controls and spaces at either end, and reads a backslash as a
slash: ``/%09/evil.example`` is ``//evil.example`` to a browser. So a target is taken
only when it is printable ASCII from end to end (no such character to drop, and a
browser-made path is percent-encoded already), has no backslash, starts with one slash
and not two, and has no scheme or host.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]+")  # no space, tab, CR, LF or other control


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, otherwise ``default``."""
    if (not target or not _PRINTABLE_ASCII.fullmatch(target) or "\\" in target
            or not target.startswith("/") or target.startswith("//")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
