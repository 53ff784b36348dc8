"""Deny by default. Every view declares who may reach it; a view that declares nothing
is refused (403) by the app's before_request check, and fails the authorization matrix.

A GET view reads in a read-only transaction (core.db); one that writes says so with
``writes=True`` and gets a transaction that may write from the start.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Rule:
    kind: str  # kiosk: open, terminal, inmate. admin: public, second_factor, staff
    capability: object | None = None
    writes: bool = False  # a GET (or HEAD) view that writes, beyond after_reading


def access(kind: str, capability: object | None = None, *, writes: bool = False) -> Callable:
    def decorate(view):
        view.access_rule = Rule(kind, capability, writes)
        return view

    return decorate


def rule_of(view) -> Rule | None:
    return getattr(view, "access_rule", None)
