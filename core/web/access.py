"""Deny by default. Every view declares who may reach it; a view that declares nothing
is refused (403) by the app's before_request check, and fails the authorization matrix.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Rule:
    kind: str  # kiosk: open, terminal, inmate. admin: public, second_factor, staff
    capability: object | None = None


def access(kind: str, capability: object | None = None) -> Callable:
    def decorate(view):
        view.access_rule = Rule(kind, capability)
        return view

    return decorate


def rule_of(view) -> Rule | None:
    return getattr(view, "access_rule", None)
