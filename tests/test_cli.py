"""The `brobygger` command: migrations, staff, demo data."""
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.models import Inmate, Prison, Request, StaffUser, Terminal


def _run(monkeypatch, database_url, *args, input=None):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test")
    # The cheapest argon2 cost the settings allow, so the demo loads quickly.
    monkeypatch.setenv("ARGON2_TIME_COST", "1")
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "8")
    monkeypatch.setenv("ARGON2_PARALLELISM", "1")
    return CliRunner().invoke(main, list(args), input=input)


def test_demo_loads_once_and_prints_every_credential(monkeypatch, database_url, database):
    result = _run(monkeypatch, database_url, "demo")
    assert result.exit_code == 0, result.output
    from core.demo import loader as demo

    for username, *_rest in demo.STAFF:
        assert username in result.output
    for number, *_rest, pin in demo.INMATES:
        assert f"{number}" in result.output and pin in result.output
    assert "/demo/enrol/" in result.output and demo.PASSWORD in result.output
    again = _run(monkeypatch, database_url, "demo")
    assert again.exit_code == 0 and "already" in again.output
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Prison)) == 2
        # The demo's inmates, and one released with a frozen release plan (core/demo/release.py).
        assert db.scalar(select(func.count()).select_from(Inmate)) == len(demo.INMATES) + 1
        assert db.scalar(select(func.count()).select_from(StaffUser)) == len(demo.STAFF)
        assert db.scalar(select(func.count()).select_from(Terminal)) == 2
        statuses = set(db.scalars(select(Request.status)))
        assert {"received", "in_progress", "waiting_for_inmate", "answered", "closed"} <= statuses
        from core.models import Escalation, TopicRule

        assert db.scalar(select(func.count()).select_from(Escalation)) >= 1  # one breached
        assert db.scalar(select(func.count()).select_from(TopicRule)) >= 1
    verify = _run(monkeypatch, database_url, "audit", "verify")
    assert verify.exit_code == 0 and "intact" in verify.output


def test_demo_code_only_in_demo_mode(monkeypatch, database_url):
    _run(monkeypatch, database_url, "demo")
    refused = _run(monkeypatch, database_url, "demo-code", "betjent")
    assert refused.exit_code != 0 and "DEMO_MODE" in refused.output
    monkeypatch.setenv("DEMO_MODE", "1")
    code = _run(monkeypatch, database_url, "demo-code", "betjent")
    assert code.exit_code == 0 and code.output.strip().isdigit()


def test_create_staff(monkeypatch, database_url, database):
    result = _run(monkeypatch, database_url, "create-staff", "--username", "root.admin",
                  "--name", "Root", "--role", "system_admin",
                  input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    short = _run(monkeypatch, database_url, "create-staff", "--username", "x.y", "--name", "X",
                 "--role", "officer", "--prison", "NOPE", input="p" * 12 + "\n" + "p" * 12 + "\n")
    assert short.exit_code != 0 and "NOPE" in short.output
    with database.session() as db:
        assert db.scalar(select(StaffUser).where(StaffUser.username == "root.admin"))


def test_db_upgrade_is_idempotent(monkeypatch, database_url):
    assert _run(monkeypatch, database_url, "db", "upgrade").exit_code == 0
    assert _run(monkeypatch, database_url, "db", "upgrade").exit_code == 0


def test_bad_configuration_is_a_clear_error(monkeypatch, database_url):
    monkeypatch.setenv("KIOSK_IDLE_WARNING_SECONDS", "5")
    result = _run(monkeypatch, database_url, "db", "upgrade")
    assert result.exit_code != 0 and "KIOSK_IDLE_WARNING_SECONDS" in result.output


def test_sla_tick_escalates_once(monkeypatch, database_url, database, world, clock):
    from core.models import Escalation
    from core.services.requests import filing as requests

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        requests.file(db, clock.now().replace(year=2025), inmate,
                      requests.Draft(topic="dagpenger"))  # long overdue by the real clock
    first = _run(monkeypatch, database_url, "sla", "tick")
    assert first.exit_code == 0, first.output
    assert "1 first responses and 1 resolutions newly late" in first.output
    again = _run(monkeypatch, database_url, "sla", "tick")
    assert "0 first responses and 0 resolutions" in again.output
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Escalation)) == 2


def test_backup_and_restore_commands(monkeypatch, tmp_path):
    """On SQLite; PostgreSQL's pg_dump and pg_restore are tested in tests/core/test_backup."""
    source = f"sqlite:///{tmp_path / 'source.db'}"
    assert _run(monkeypatch, source, "db", "upgrade").exit_code == 0
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    made = _run(monkeypatch, source, "backup")
    assert made.exit_code == 0 and "Backup written" in made.output, made.output
    written = next((tmp_path / "backups").iterdir())
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = _run(monkeypatch, target, "restore", str(written))
    assert restored.exit_code == 0 and "Audit chain intact" in restored.output, restored.output
    again = _run(monkeypatch, target, "restore", str(written))
    assert again.exit_code != 0 and "--force" in again.output


def test_purge_dry_run_changes_nothing(monkeypatch, database_url, database, world):
    from core.models import InmateStatus

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        inmate.status = InmateStatus.RELEASED.value
        inmate.released_on = inmate.created_at.date().replace(year=2020)
    dry = _run(monkeypatch, database_url, "purge", "--dry-run")
    assert dry.exit_code == 0 and "Would delete" in dry.output and "inmates            1" in dry.output
    with database.session() as db:
        assert db.get(Inmate, world.inmates["a"].id).name != ""
    done = _run(monkeypatch, database_url, "purge")
    assert done.exit_code == 0 and "Deleted" in done.output
    with database.session() as db:
        assert db.get(Inmate, world.inmates["a"].id).status == "purged"
