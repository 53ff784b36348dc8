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


def test_0003_keeps_requests_and_gives_them_a_team(database_url):
    """Adding the routing columns must not rebuild `request` (on SQLite a rebuild would
    cascade to its messages), and existing requests get the team of their topic."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0002")
    now = "2026-03-02 09:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language, status,"
                       " created_at) VALUES (1, 'X1', 'X', 1, 'nb', 'present', :now)"), {"now": now})
        for rid, topic in ((1, "dagpenger"), (2, "housing"), (3, "followup_class")):
            c.execute(text(
                "INSERT INTO request (id, reference, inmate_id, prison_id, topic, kind, description,"
                " release_soon, letter_received, language, interpreter, status, created_at) VALUES"
                " (:id, :ref, 1, 1, :topic, 'question', '', false, false, 'nb', false, 'received',"
                " :now)"), {"id": rid, "ref": f"R{rid}", "topic": topic, "now": now})
        c.execute(text("INSERT INTO request_message (request_id, author_type, author_id, visibility,"
                       " body, created_at) VALUES (1, 'inmate', 1, 'staff_and_inmate', 'hei', :now)"),
                  {"now": now})
    migrate.upgrade(engine)
    with engine.connect() as c:
        teams = dict(c.execute(text("SELECT topic, team FROM request")).all())
        messages = c.execute(text("SELECT count(*) FROM request_message")).scalar()
        days = c.execute(text("SELECT DISTINCT first_response_days FROM request")).scalars().all()
    engine.dispose()
    assert teams == {"dagpenger": "adviser", "housing": "social_worker", "followup_class": "school"}
    assert messages == 1
    assert days == [2]
