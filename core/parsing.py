"""Strict parsing of what arrives as text (forms, query strings, cookies, URL parts).

``str.isdigit()`` accepts superscripts and other scripts' digits that ``int()`` refuses
or reads, and ``int()`` takes numbers no database column can hold: an id from outside
goes through ``parse_id`` instead. Text from outside goes through
``without_control_characters``: PostgreSQL refuses NUL in text, and no field of ours has
a use for the other control characters. No Flask here (core.services uses it).
"""
from __future__ import annotations

import re

# The largest id any table can hold: ids are INTEGER, 32 bits on PostgreSQL (SQLite
# would take 64), and a larger number in a query is an error there, not "no such row".
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+")
# C0 controls but tab, line feed and carriage return (a textarea's lines), DEL, and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_id(text: str | None, *, max_value: int = MAX_ID) -> int | None:
    """The number ``text`` spells in ASCII digits (0-9 only, nothing around them), or None
    when it is not one or is above ``max_value``."""
    if not text or len(text) > len(str(max_value)) or not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= max_value else None


def is_ascii_digits(text: str | None) -> bool:
    """True for a non-empty string of the digits 0-9 and nothing else."""
    return bool(text) and _ASCII_DIGITS.fullmatch(text) is not None


def without_control_characters(text: str) -> str:
    """``text`` without NUL and the other control characters (tab and newlines stay)."""
    return _CONTROL.sub("", text)
