import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from core import audit
from core.audit import Actor
from core.cli import main
from core.models import AuditEvent


def _events(database, clock, n=5):
    with database.session() as db:
        for i in range(n):
            audit.record(db, clock.now(), Actor("staff", 1), "test.event",
                         subject_type="inmate", subject_id=i, prison_id=1, detail={"i": i})
            clock.advance(seconds=1)


def _tamper(database, statement):
    """Simulate someone with direct database access who got past the triggers."""
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
            conn.execute(text(statement))


def _verify(database):
    with database.session() as db:
        return audit.verify_session(db)


def test_chain_links_each_event_to_the_previous(database, clock):
    _events(database, clock)
    with database.session() as db:
        events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:]))
    assert _verify(database) == (5, None)


def test_database_refuses_update_and_delete(database, clock):
    _events(database, clock, 2)
    for statement in ("UPDATE audit_event SET action='x' WHERE id=1",
                      "DELETE FROM audit_event WHERE id=2"):
        with pytest.raises(Exception, match="append-only"):
            with database.engine.begin() as conn:
                conn.execute(text(statement))


def test_changed_row_is_found(database, clock):
    _events(database, clock)
    _tamper(database, "UPDATE audit_event SET detail='{\"i\": 99}' WHERE id=3")
    count, problem = _verify(database)
    assert problem == audit.ChainProblem(3, "its contents were changed")


def test_removed_row_is_found(database, clock):
    _events(database, clock)
    _tamper(database, "DELETE FROM audit_event WHERE id=2")
    _count, problem = _verify(database)
    assert problem.event_id == 2 and "missing" in problem.reason


def test_rehashed_forgery_breaks_the_link(database, clock):
    _events(database, clock)
    with database.session() as db:
        event = db.get(AuditEvent, 2)
        event.action = "forged"
        forged_hash = audit.compute_hash(event)
        db.expunge(event)
    _tamper(database, f"UPDATE audit_event SET action='forged', hash='{forged_hash}' WHERE id=2")
    _count, problem = _verify(database)
    assert problem == audit.ChainProblem(3, "does not follow the previous event")


def test_a_fork_is_impossible(database, clock):
    from sqlalchemy.exc import IntegrityError

    _events(database, clock, 1)
    with pytest.raises(IntegrityError):
        with database.session() as db:
            first = db.get(AuditEvent, 1)
            fork = AuditEvent(id=2, at=clock.now(), actor_type="system", action="x",
                              detail="{}", prev_hash=audit.GENESIS, hash="f" * 64)
            assert first.prev_hash == audit.GENESIS
            db.add(fork)


def test_cli_verify_exit_codes(database, clock, monkeypatch):
    _events(database, clock)
    monkeypatch.setenv("DATABASE_URL", database.url)
    monkeypatch.setenv("SECRET_KEY", "x")
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify"])
    assert ok.exit_code == 0 and "5 events" in ok.output
    _tamper(database, "UPDATE audit_event SET actor_id=2 WHERE id=4")
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "event 4" in broken.output
