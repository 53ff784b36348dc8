"""The national data's cache (benchmarks/data.py)."""
import shutil

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
