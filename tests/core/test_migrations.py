"""The models and the migrations must agree, and every migration must go down and up."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from core import migrate
from core.db import make_engine
from core.models import Base


def test_models_match_migrations(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_every_migration_goes_down_and_up(database_url, tmp_path):
    engine = make_engine(database_url)
    config = migrate.alembic_config(engine)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions())
    assert revisions, "no migrations found"
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    for revision in reversed(revisions):  # oldest first, one step at a time
        migrate.upgrade(engine, revision.revision)
        migrate.downgrade(engine, revision.down_revision or "base")
        migrate.upgrade(engine, revision.revision)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_single_head():
    engine = make_engine("sqlite://")
    heads = ScriptDirectory.from_config(migrate.alembic_config(engine)).get_heads()
    assert len(heads) == 1
