"""The national data's cache (benchmarks/data.py)."""
import shutil

import pytest

from benchmarks import data
from core import migrate


def test_the_data_cache_key_follows_every_migration(tmp_path, monkeypatch):
    """A revision edited in place (not only a new head) loads the national data again."""
    shutil.copytree(migrate.MIGRATIONS, tmp_path / "migrations")
    monkeypatch.setattr(migrate, "MIGRATIONS", tmp_path / "migrations")
    before = data.cache_key()
    revision = sorted((tmp_path / "migrations" / "versions").glob("*.py"))[0]
    revision.write_text(revision.read_text() + "\n# edited\n")
    assert data.cache_key() != before


def test_the_curve_runs_one_database_per_size_and_the_1x_one_stands_for_pg_url():
    from benchmarks.run import parse, postgres_runs

    template = "postgresql+psycopg://u@h/bb_{scale}"
    args = parse(["--curve", "0.5,1,4", "--curve-pg-url", template])
    assert postgres_runs(args) == [(0.5, "postgresql+psycopg://u@h/bb_0_5", True),
                                   (1.0, "postgresql+psycopg://u@h/bb_1", True),
                                   (4.0, "postgresql+psycopg://u@h/bb_4", True)]
    alone = parse(["--pg-url", "postgresql+psycopg://u@h/one"])
    assert postgres_runs(alone) == [(1.0, "postgresql+psycopg://u@h/one", False)]
    assert data.scale_label(0.5) == "0.5x" and data.scale_label(4.0) == "4x"


def test_the_curve_needs_a_url_per_size():
    import pytest

    from benchmarks.run import parse, postgres_runs

    with pytest.raises(SystemExit):
        postgres_runs(parse(["--curve", "0.5,1"]))


# ---- PostgreSQL: the bench makes its database when the server has none of that name -----

def test_the_database_is_created_from_the_maintenance_database_of_the_same_server():
    url = "postgresql+psycopg://bench:s3cret@db.example:5433/bb_bench?sslmode=require"
    maintenance = data.maintenance_url(url)
    assert maintenance.database == "postgres"
    assert (maintenance.drivername, maintenance.username, maintenance.password,
            maintenance.host, maintenance.port, dict(maintenance.query)) == (
        "postgresql+psycopg", "bench", "s3cret", "db.example", 5433, {"sslmode": "require"})


def test_the_database_name_is_quoted_as_the_url_spells_it():
    assert data.create_database_sql("bb_bench") == 'CREATE DATABASE "bb_bench"'
    assert data.create_database_sql("BB-Bench") == 'CREATE DATABASE "BB-Bench"'
    assert data.create_database_sql('x"; DROP DATABASE y; --') == \
        'CREATE DATABASE "x""; DROP DATABASE y; --"'


class _Server:
    """A stand-in for create_engine: which databases exist, and what was sent where."""

    def __init__(self, databases, fail_with=None):
        self.databases, self.fail_with = set(databases), fail_with
        self.sent: list[tuple[str, str, str]] = []  # (database, isolation level, SQL)

    def __call__(self, url, isolation_level=None, **_kw):
        server = self

        class Connection:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, statement, params=None):
                sql = str(statement)
                server.sent.append((url.database, isolation_level, sql))
                if sql.startswith("CREATE DATABASE"):
                    if server.fail_with is not None:
                        raise server.fail_with
                    server.databases.add(sql.split(" ", 2)[2].strip('"'))

                class Result:
                    def scalar(self):
                        return 1 if params and params["name"] in server.databases else None
                return Result()

        class Engine:
            def connect(self):
                return Connection()

            def dispose(self):
                pass
        return Engine()


def test_a_missing_database_is_created_and_an_existing_one_left_alone(monkeypatch):
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/bb_bench"
    server = _Server({"postgres"})
    monkeypatch.setattr(data, "create_engine", server)
    said = []
    assert data.ensure_database(url, said.append)
    assert server.sent[-1] == ("postgres", "AUTOCOMMIT", 'CREATE DATABASE "bb_bench"')
    assert "bb_bench" in server.databases and said == ["PostgreSQL: created the database "
                                                      "'bb_bench'"]
    sent = len(server.sent)
    assert data.ensure_database(url, said.append)  # there now: only looked up
    assert len(server.sent) == sent + 1 and "CREATE" not in server.sent[-1][2]
    # Told not to load (--no-curve-load), a missing database is not made.
    assert not data.ensure_database(url.replace("bb_bench", "bb_other"), said.append,
                                    create=False)
    assert "bb_other" not in server.databases


def test_a_database_another_run_just_created_is_fine_and_a_refusal_is_said(monkeypatch):
    from sqlalchemy.exc import ProgrammingError

    class Refused(Exception):
        def __init__(self, sqlstate):
            super().__init__(f"refused ({sqlstate})")
            self.sqlstate = sqlstate

    url = "postgresql+psycopg://postgres@127.0.0.1/bb_bench"
    raced = _Server({"postgres"}, ProgrammingError("CREATE", {}, Refused("42P04")))
    monkeypatch.setattr(data, "create_engine", raced)
    assert data.ensure_database(url, print)
    denied = _Server({"postgres"}, ProgrammingError("CREATE", {}, Refused("42501")))
    monkeypatch.setattr(data, "create_engine", denied)
    with pytest.raises(SystemExit, match="no database 'bb_bench' .*42501"):
        data.ensure_database(url, print)
