"""What the innsyn report (core.services.records.subject_access) is made of: per group a
list of entries, each a title and facts, and for a request its messages and history; and
the access log.

The report holds codes and values; core.web.data_labels puts them in the reader's words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Fact:
    key: str  # what it is: a key of core.web.data_labels.FACTS
    value: object  # str, int, bool, date, datetime or None (None: not shown)
    kind: str = ""  # a coded value to put in words ("status", "topic", ...); "" as is


@dataclass(frozen=True)
class Message:
    at: datetime
    from_inmate: bool
    name: str  # the staff member's name; "" for the inmate
    internal: bool  # a staff-only note: shown on the innsyn page and nowhere else on the kiosk
    body: str


@dataclass(frozen=True)
class Happening:
    at: datetime
    kind: str  # a request history kind (filed, reply, note, status, ...)
    to_status: str | None
    internal: bool  # staff-only history


@dataclass
class Entry:
    title: Fact
    facts: list[Fact] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    history: list[Happening] = field(default_factory=list)
    snapshot: dict | None = None  # a form exactly as the inmate saw and answered it


@dataclass(frozen=True)
class Access:
    at: datetime
    name: str
    roles: tuple[str, ...]
    action: str  # an audit action
    request: str | None  # the request's reference, when it was about one


@dataclass
class Report:
    groups: dict[str, list[Entry]]
    access: list[Access]
