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


def test_0008_gives_existing_requests_the_clock_that_matters_now(database_url):
    """Requests from before 0008 get the stored clock the app would keep for them: filed
    only, waiting for the inmate, back from waiting, answered after a wait, and closed."""
    from datetime import datetime, timezone

    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from core.models import Request
    from core.models.base import UTCDateTime
    from core.services.requests import clocks as request_clocks

    def at(day, hour):
        return datetime(2026, 3, day, hour, tzinfo=timezone.utc)

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0007")
    request = sa.table("request", *[sa.column(c) for c in (
        "id", "reference", "inmate_id", "prison_id", "topic", "team", "kind", "description",
        "release_soon", "letter_received", "language", "interpreter", "status",
        "first_response_days", "resolution_days")],
        sa.column("created_at", UTCDateTime()), sa.column("first_response_at", UTCDateTime()),
        sa.column("closed_at", UTCDateTime()))
    event = sa.table("request_event", sa.column("request_id"), sa.column("at", UTCDateTime()),
                     sa.column("actor_type"), sa.column("kind"), sa.column("to_status"),
                     sa.column("detail"), sa.column("visible_to_inmate"))
    # id: (status, first response, closed, [(at, to_status)])
    made = {1: ("received", None, None, []),
            2: ("waiting_for_inmate", None, None, [(at(3, 10), "waiting_for_inmate")]),
            3: ("in_progress", None, None, [(at(3, 10), "waiting_for_inmate"),
                                            (at(9, 8), "in_progress")]),
            4: ("answered", at(10, 9), None, [(at(3, 10), "waiting_for_inmate"),
                                              (at(10, 9), "answered")]),
            5: ("closed", at(3, 9), at(5, 12), [(at(3, 9), "answered"), (at(5, 12), "closed")])}
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(sa.text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                          " status, created_at) VALUES (1, 'X1', 'X', 1, 'nb', 'present',"
                          " :now)"), {"now": "2026-03-02 09:00:00"})
        for rid, (status, first, closed, changes) in made.items():
            c.execute(request.insert().values(
                id=rid, reference=f"R{rid}", inmate_id=1, prison_id=1, topic="dagpenger",
                team="adviser", kind="question", description="", release_soon=False,
                letter_received=False, language="nb", interpreter=False, status=status,
                first_response_days=2, resolution_days=10, created_at=at(2, 9),
                first_response_at=first, closed_at=closed))
            for moment, to_status in changes:
                c.execute(event.insert().values(request_id=rid, at=moment, actor_type="staff",
                                                kind="status", to_status=to_status,
                                                detail="{}", visible_to_inmate=True))
    migrate.upgrade(engine)
    with Session(engine) as db:
        items = {r.id: r for r in db.scalars(sa.select(Request))}
        for item in items.values():
            assert request_clocks.kept(item) == request_clocks.current_of(
                item, request_clocks.pauses(db, item)), item.id
        kept = {rid: request_clocks.kept(item) for rid, item in items.items()}
    engine.dispose()
    # Filed on Monday 2 March: due at the end of Wednesday in Oslo.
    assert kept[1] == request_clocks.Current(at(4, 23), False, False)
    assert kept[2].paused and kept[2].deadline is None
    assert not kept[3].paused and kept[3].deadline > at(9, 8)
    assert not kept[4].paused and not kept[4].met and kept[4].deadline > at(10, 9)
    assert kept[5].met and kept[5].deadline is not None


def test_0011_gives_existing_consents_the_scope_one_request(database_url):
    """Consents from before 0011 were given on the request step: scope "request", the
    purpose that step asks each recipient for, asked by the inmate; a request's consent
    survives the change (no table rebuild)."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0010")
    now = "2026-03-02 09:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                       " status, created_at) VALUES (1, 'X1', 'X', 1, 'nb', 'present', :now)"),
                  {"now": now})
        for cid, recipient in ((1, "home_nav"), (2, "social_work"), (3, "school"),
                               (4, "work_shop")):
            c.execute(text("INSERT INTO consent (id, inmate_id, recipient, given_at) VALUES"
                           " (:id, 1, :r, :now)"), {"id": cid, "r": recipient, "now": now})
    migrate.upgrade(engine)
    with engine.connect() as c:
        rows = c.execute(text("SELECT recipient, purpose, scope, asked_by_type FROM consent"
                              " ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("home_nav", "handover", "request", "inmate"),
        ("social_work", "share_request", "request", "inmate"),
        ("school", "share_request", "request", "inmate"),
        ("work_shop", "work_capacity", "request", "inmate")]


def test_0012_moves_the_checklist_into_release_plans_and_back(database_url):
    """Every checklist row becomes a plan item with its code, note and who ticked it and
    when (in the plan's history); nothing is lost, and the downgrade writes them back."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0011")
    now = "2026-03-02 09:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(text("INSERT INTO staff_user (id, username, name, password_hash, active,"
                       " created_at) VALUES (7, 'v', 'Veileder', 'x', true, :now)"), {"now": now})
        c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                       " status, created_at, expected_release) VALUES"
                       " (1, 'X1', 'X', 1, 'nb', 'present', :now, '2026-06-01')"), {"now": now})
        for cid, item, done_at, note in ((1, "release_date_known", "2026-03-03 10:00:00", "Ringt"),
                                         (2, "income_applied", None, "Venter"),
                                         (3, "recorded", None, "")):
            c.execute(text("INSERT INTO checklist_item (id, inmate_id, item, done_at, done_by,"
                           " note, updated_at) VALUES (:id, 1, :item, :done, :by, :note, :now)"),
                      {"id": cid, "item": item, "done": done_at, "note": note, "now": now,
                       "by": 7 if done_at else None})
    migrate.upgrade(engine)
    with engine.connect() as c:
        plan = c.execute(text("SELECT arrived_on, expected_on FROM release_plan")).one()
        items = c.execute(text("SELECT code, pathway, status, note, updated_by FROM"
                               " release_plan_item ORDER BY id")).all()
        events = c.execute(text("SELECT kind, code, staff_id FROM release_plan_event"
                                " ORDER BY id")).all()
        assert "checklist_item" not in inspect(c).get_table_names()
    assert [str(v)[:10] for v in plan] == ["2026-03-02", "2026-06-01"]
    assert [tuple(r) for r in items] == [
        ("release_date_known", "network", "done", "Ringt", 7),
        ("income_applied", "income", "in_progress", "Venter", None),
        ("recorded", "network", "not_started", "", None)]
    assert [tuple(r) for r in events] == [("started", None, None),
                                          ("item", "release_date_known", 7)]
    migrate.downgrade(engine, "0011")
    with engine.connect() as c:
        back = c.execute(text("SELECT item, done_by, note FROM checklist_item ORDER BY id")).all()
    # Back to the newest schema: on PostgreSQL the next test of this worker uses the same
    # database (tests/support/databases.py), and found the plan's tables gone.
    migrate.upgrade(engine)
    engine.dispose()
    assert [tuple(r) for r in back] == [("release_date_known", 7, "Ringt"),
                                        ("income_applied", None, "Venter"),
                                        ("recorded", None, "")]


def test_0015_gives_existing_plans_the_matching_older_card_and_changes_no_sent_card(
        database_url):
    """Plans made before card types get the matching older card (card_types.MIGRATED_CARD_TYPE):
    AAP and tiltakspenger the Arena card, dagpenger and job seekers the dp-rapportering card;
    a card already sent keeps everything it had, and no card type."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0013")  # the revision before 0015
    now = "2026-03-02 09:00:00"
    snapshot = '{"form": "meldekort", "steps": [], "grid": null}'
    answers = '{"card": {"period": "2026-W06"}, "unregister": false}'
    with engine.begin() as c:
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        for number, benefit in enumerate(("dagpenger", "aap", "tiltakspenger", "job_seeker"),
                                         start=1):
            c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                           " status, created_at) VALUES (:id, :n, 'X', 1, 'nb', 'present', :now)"),
                      {"id": number, "n": f"X{number}", "now": now})
            c.execute(text("INSERT INTO benefit_plan (inmate_id, benefit, first_period, active,"
                           " updated_at) VALUES (:id, :b, '2026-02-02', :a, :now)"),
                      {"id": number, "b": benefit, "a": True, "now": now})
        c.execute(text(
            "INSERT INTO form_submission (id, reference, form_key, form_version, language,"
            " inmate_id, prison_id, team, status, kind, period_start, benefit, late, snapshot,"
            " answers, started_at, confirmed_at) VALUES (1, 'R1', 'meldekort', 1, 'nb', 2, 1,"
            " 'adviser', 'registered', 'original', '2026-02-02', 'aap', :late, :s, :a, :now,"
            " :now)"), {"late": True, "s": snapshot, "a": answers, "now": now})
    migrate.upgrade(engine)
    with engine.connect() as c:
        plans = c.execute(text("SELECT benefit, card_type, decision_from, days_per_period"
                               " FROM benefit_plan ORDER BY inmate_id")).all()
        sent = c.execute(text("SELECT status, benefit, late, snapshot, answers, card_type"
                              " FROM form_submission")).one()
    engine.dispose()
    assert [tuple(p) for p in plans] == [
        ("dagpenger", "dagpenger", None, None), ("aap", "aap_arena", None, None),
        ("tiltakspenger", "tiltakspenger_arena", None, None), ("job_seeker", "dagpenger", None, None)]
    assert (sent.status, sent.benefit, bool(sent.late), sent.snapshot, sent.answers,
            sent.card_type) == ("registered", "aap", True, snapshot, answers, None)


def test_0016_keeps_directory_entries_with_an_empty_address(database_url):
    """0016 adds the person's hand-over, the appointments after release and the Nav office's
    visiting address: an entry of the directory made before it keeps everything, with an
    empty address, and the new tables take rows."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0015")  # the revision before 0016
    now = "2026-03-02 09:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO municipality_contact (municipality_number, nav_office,"
                       " contact_name, phone, email, updated_at) VALUES ('0301',"
                       " 'Nav Grünerløkka', 'Per', '55551111', '', :now)"), {"now": now})
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                       " status, created_at) VALUES (1, 'X1', 'X', 1, 'nb', 'present', :now)"),
                  {"now": now})
    migrate.upgrade(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT nav_office, address FROM municipality_contact")).all() \
            == [("Nav Grünerløkka", "")]
        c.execute(text("INSERT INTO handover (inmate_id, made_count, receipt_person,"
                       " receipt_channel, updated_at) VALUES (1, 0, '', '', :now)"), {"now": now})
        c.execute(text("INSERT INTO release_appointment (inmate_id, starts_at, place, address,"
                       " with_whom, what, created_at) VALUES (1, :now, 'Nav', '', '', '', :now)"),
                  {"now": now})
    engine.dispose()


def test_0014_keeps_appointments_and_gives_them_no_second_staff_member(database_url):
    """Adding the second staff member rebuilds `appointment` on SQLite: every appointment
    is kept, with nobody as the second staff member."""
    from sqlalchemy import text

    engine = make_engine(database_url)
    migrate.downgrade(engine, "0016")  # the revision before 0014
    now = "2026-03-02 09:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO prison (id, code, name) VALUES (1, 'P', 'P')"))
        c.execute(text("INSERT INTO inmate (id, inmate_number, name, prison_id, language,"
                       " status, created_at) VALUES (1, 'X1', 'X', 1, 'nb', 'present', :now)"),
                  {"now": now})
        c.execute(text("INSERT INTO staff_user (id, username, name, password_hash, active,"
                       " created_at) VALUES (1, 'a', 'A', 'x', true, :now)"), {"now": now})
        c.execute(text("INSERT INTO appointment (id, prison_id, inmate_id, staff_id, starts_at,"
                       " ends_at, room, status, created_at, created_by) VALUES (1, 1, 1, 1, :now,"
                       " :now, 'Rom 1', 'booked', :now, 1)"), {"now": now})
    migrate.upgrade(engine)
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, room, second_staff_id FROM appointment")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "Rom 1", None)]
