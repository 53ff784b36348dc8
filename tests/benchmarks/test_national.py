"""The national loader at a tiny scale (core/demo/national.py): the scale factor, and the
audit log it loads, hash-chained so that `brobygger audit verify` passes."""
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from core import audit
from core.demo import national, national_audit
from core.models import AuditEvent, FormSubmission, Inmate, Request, Terminal
from tests.test_cli import _run

TINY = 0.002  # 1,000 requests, 400 meldekort


def test_the_scale_multiplies_inmates_requests_and_meldekort():
    one, half, four = national.sizes(1), national.sizes(0.5), national.sizes(4)
    assert (one.requests, one.meldekort, one.current, one.released) == (
        500_000, 200_000, 4_000, 40_000)
    assert (four.requests, four.meldekort) == (2_000_000, 800_000)
    assert (half.requests, half.meldekort, half.current) == (250_000, 100_000, 2_000)
    tiny = national.sizes(TINY)
    assert tiny.meldekort % 25 == 0 and tiny.released >= tiny.meldekort // 25


def test_a_tiny_load_has_its_rows_and_a_whole_audit_chain(monkeypatch, database_url,
                                                         database):
    result = _run(monkeypatch, database_url, "demo", "--scale", "national", "--factor",
                  str(TINY))
    assert result.exit_code == 0, result.output
    size = national.sizes(TINY)
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Request)) == size.requests
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == size.meldekort
        assert db.scalar(select(func.count()).select_from(Inmate)) == \
            size.current + size.released
        assert db.scalar(select(func.count()).select_from(Terminal)) == \
            national.PRISONS * national.TERMINALS_PER_PRISON
        actions = Counter(db.scalars(select(AuditEvent.action)))
        answered = db.scalar(select(func.count()).select_from(Request)
                             .where(Request.first_response_at.is_not(None)))
        # Per request and per meldekort what the app writes (test_audit_volume.py).
        assert actions["request.file"] == size.requests
        assert actions["request.reply"] == answered
        assert actions["request.view"] == 3 * answered
        assert actions["request.queue"] == answered
        assert actions["inmate.sign_in"] == size.requests + size.meldekort
        for action in ("form.start", "form.confirm", "form.countersign"):
            assert actions[action] == size.meldekort
        assert 0.6 * size.requests < actions["consent.give"] < 0.8 * size.requests
        assert sum(actions.values()) == pytest.approx(national.audit_estimate(TINY), rel=0.05)
        # The filing names the request's own topic, as the app's event does.
        first = db.scalar(select(Request).order_by(Request.id).limit(1))
        filed = db.scalar(select(AuditEvent).where(AuditEvent.action == "request.file",
                                                   AuditEvent.subject_id == first.id))
        assert filed.detail == f'{{"topic": "{first.topic}"}}'
        assert filed.prison_id == first.prison_id and filed.at == first.created_at
        count, problem = audit.verify_session(db)
        assert problem is None and count == sum(actions.values())
    verified = _run(monkeypatch, database_url, "audit", "verify")
    assert verified.exit_code == 0 and "intact" in verified.output
    # The app appends to the loaded chain as to its own.
    with database.session() as db:
        audit.record(db, datetime.now(timezone.utc), audit.Actor.system(), "bench.check")
    assert _run(monkeypatch, database_url, "audit", "verify").exit_code == 0


def test_the_loader_hashes_as_core_audit_does():
    """The loader's hand-written canonical JSON gives core.audit's hash, for every kind
    of value (None, numbers, text with quotes and non-ASCII letters)."""
    at = datetime(2026, 3, 2, 9, 30, 1, 5, tzinfo=timezone.utc)
    events = [(at, "inmate", 7, "inmate.sign_in", "inmate", 7, 3, '{"terminal": 12}'),
              (at + timedelta(days=1), "staff", 9, "request.queue", None, None, None,
               '{"note": "Ærlig \\"sak\\""}')]
    rows = list(national_audit.chained(iter(events), audit.GENESIS, 41))
    for row in rows:
        event = AuditEvent(**{k: v for k, v in row.items() if k != "hash"})
        assert audit.compute_hash(event) == row["hash"]
    assert rows[1]["prev_hash"] == rows[0]["hash"] and rows[1]["id"] == 42
