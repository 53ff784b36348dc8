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
