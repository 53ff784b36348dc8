"""The national demo's audit log (core/demo/national.py): every request's and meldekort's
events as the app writes them, hash-chained exactly as core.audit chains them, so that
`brobygger audit verify` passes on the loaded data.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.models import AuditEvent


def last_hash(db: Session) -> str:
    last = db.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()
    return last or audit.GENESIS


def audit_events(planned, planned_topics, cards, prison_of, terminals_of):
    """The events of every request's and meldekort's life, as the app writes them
    (AUDIT_* below), without ids or hashes: (at, actor type, actor id, action, subject
    type, subject id, prison id, detail)."""
    minute = timedelta(minutes=1)
    for number, (request_id, created, _status, first, worker, inmate_id) in enumerate(planned):
        prison_id = prison_of[inmate_id]
        terminal = terminals_of[prison_id][number % len(terminals_of[prison_id])]
        yield (created - 6 * minute, "inmate", inmate_id, "inmate.sign_in", "inmate",
               inmate_id, prison_id, f'{{"terminal": {terminal}}}')
        if number % 10 < 7:
            yield (created - minute, "inmate", inmate_id, "consent.give", "inmate", inmate_id,
                   prison_id, '{"recipients": ["home_nav"]}')
        yield (created, "inmate", inmate_id, "request.file", "request", request_id, prison_id,
               f'{{"topic": "{planned_topics[number]}"}}')
        if first is None:
            continue
        if number % 5 == 0:
            yield (first - 20 * minute, "staff", worker, "staff.sign_in", "staff", worker, None,
                   '{"ip": "10.0.0.1"}')
        yield (first - 10 * minute, "staff", worker, "request.queue", None, None, None,
               '{"count": 25, "filters": {}, "page": 1}')
        for at in (first - 5 * minute, first - minute):
            yield (at, "staff", worker, "request.view", "request", request_id, prison_id, "{}")
        yield (first, "staff", worker, "request.reply", "request", request_id, prison_id, "{}")
        yield (first + minute, "staff", worker, "request.view", "request", request_id,
               prison_id, "{}")
    for card_id, inmate_id, prison_id, confirmed, officer in cards:
        terminal = terminals_of[prison_id][card_id % len(terminals_of[prison_id])]
        yield (confirmed - 10 * minute, "inmate", inmate_id, "inmate.sign_in", "inmate",
               inmate_id, prison_id, f'{{"terminal": {terminal}}}')
        yield (confirmed - 9 * minute, "inmate", inmate_id, "form.start", "inmate", inmate_id,
               prison_id, '{"draft": 0, "form": "meldekort"}')
        yield (confirmed, "inmate", inmate_id, "form.confirm", "form_submission", card_id,
               prison_id, '{"form": "meldekort", "kind": "original", "late": false}')
        yield (confirmed + 2 * minute, "staff", officer, "form.countersign", "form_submission",
               card_id, prison_id, '{"via": "terminal"}')


def chained(events, prev_hash: str, first_id: int = 1):
    """Rows for audit_event with ids and the hash chain, exactly as core.audit computes
    them (its canonical JSON, written out here for speed; the test compares the two)."""
    event_id = first_id
    for at, actor_type, actor_id, action, subject_type, subject_id, prison_id, detail in events:
        at = at.astimezone(timezone.utc)
        canonical = ('{"action":%s,"actor_id":%s,"actor_type":%s,"at":%s,"detail":%s,"id":%d,'
                     '"prev_hash":"%s","prison_id":%s,"subject_id":%s,"subject_type":%s}' % (
                         _json(action), _json(actor_id), _json(actor_type),
                         _json(at.isoformat(timespec="microseconds")), _json(detail), event_id,
                         prev_hash, _json(prison_id), _json(subject_id), _json(subject_type)))
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        yield {"id": event_id, "at": at, "actor_type": actor_type, "actor_id": actor_id,
               "action": action, "subject_type": subject_type, "subject_id": subject_id,
               "prison_id": prison_id, "detail": detail, "prev_hash": prev_hash,
               "hash": digest}
        prev_hash = digest
        event_id += 1


def _json(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)
