"""The database layer: SQLite's transactions, the turns its writers take, and which
errors mean "the database is away, try again"."""
import sqlite3

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from core import db as core_db
from core.db import Database, unavailable


def _sqlite_error(name: str) -> OperationalError:
    error = sqlite3.OperationalError("...")
    error.sqlite_errorname = name
    return OperationalError("SELECT 1", {}, error)


@pytest.mark.parametrize("error, expected", [
    (_sqlite_error("SQLITE_BUSY"), True),
    (_sqlite_error("SQLITE_CANTOPEN"), True),
    (_sqlite_error("SQLITE_ERROR"), False),  # a syntax error is a bug, not an outage
    (OperationalError("SELECT 1", {}, Exception("server closed the connection")), True),
    (ProgrammingError("SELECT 1", {}, Exception("syntax")), False),
    (IntegrityError("INSERT", {}, Exception("duplicate")), False),
    (ValueError("no"), False),
    (None, False),
])
def test_which_errors_mean_the_database_is_away(error, expected):
    assert unavailable(error) is expected


def test_sqlite_transactions_that_may_write_begin_immediate(sqlite_template, tmp_path):
    database = Database(sqlite_template.fresh(tmp_path))
    statements = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: statements.append(statement))
    try:
        with database.session() as session:
            session.execute(text("SELECT 1"))
        with database.engine.connect() as connection:
            connection.execution_options(sqlite_begin="DEFERRED").execute(text("SELECT 1"))
            connection.rollback()
        reader = database.read_sessionmaker()
        reader.execute(text("SELECT 1"))
        reader.commit()
        core_db.begin_writing(reader)
        reader.execute(text("SELECT 1"))
        reader.commit()
        reader.close()
    finally:
        database.dispose()
    assert [s for s in statements if s.startswith("BEGIN")] == [
        "BEGIN IMMEDIATE", "BEGIN DEFERRED", "BEGIN DEFERRED", "BEGIN IMMEDIATE"]


def _count(session) -> int:
    return session.execute(text("SELECT count(*) FROM prison")).scalar_one()


def _add_prison(session, code: str) -> None:
    session.execute(text("INSERT INTO prison (code, name) VALUES (:code, :code)"),
                    {"code": code})


def test_a_read_only_transaction_refuses_every_write(database):
    reader = database.read_sessionmaker()
    try:
        assert _count(reader) == 0
        with pytest.raises(core_db.ReadOnlyTransaction, match="INSERT INTO prison"):
            _add_prison(reader, "R1")
        reader.rollback()
        with pytest.raises(core_db.ReadOnlyTransaction):  # the ORM's flush too
            reader.execute(text("UPDATE prison SET name = 'x'"))
        reader.rollback()
        core_db.begin_writing(reader)  # now it may
        _add_prison(reader, "R1")
        reader.commit()
        assert _count(reader) == 1
    finally:
        reader.close()


def test_on_sqlite_readers_take_no_lock_and_wait_for_no_writer(sqlite_template, tmp_path):
    database = Database(sqlite_template.fresh(tmp_path))
    writer, reader = database.sessionmaker(), database.read_sessionmaker()
    try:
        _add_prison(writer, "W1")  # holds the write lock, uncommitted
        assert _count(reader) == 0  # reads at once, while the writer holds the lock
        writer.commit()
        assert _count(reader) == 0  # one snapshot for the whole transaction
        # The reader holds no lock: a writer begins straight away (busy timeout 0).
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            connection.commit()
            _add_prison(connection, "W2")
            connection.commit()
        reader.commit()
        assert _count(reader) == 2
    finally:
        for session in (writer, reader):
            session.close()
        database.dispose()


def test_writes_after_reading_wait_for_the_closing_write_transaction(database):
    reader = database.read_sessionmaker()
    done = []
    try:
        core_db.after_reading(reader, lambda session: (_add_prison(session, "D1"),
                                                       done.append("reader")))
        assert done == [] and _count(reader) == 0
        reader.commit()
        assert core_db.write_deferred(reader) is True
        reader.commit()
        assert done == ["reader"] and _count(reader) == 1
        assert core_db.write_deferred(reader) is False  # each runs once
        core_db.after_reading(reader, lambda session: done.append("dropped"))
        core_db.drop_deferred(reader)
        assert core_db.write_deferred(reader) is False and done == ["reader"]
    finally:
        reader.close()
    with database.session() as session:  # a transaction that may write: at once
        core_db.after_reading(session, lambda s: (_add_prison(s, "D2"), done.append("writer")))
        assert done == ["reader", "writer"]
    with database.session() as session:
        assert _count(session) == 2


def test_read_once_keeps_an_answer_for_the_transaction_only(database):
    loads = []

    def load():
        loads.append(1)
        return _count(session)

    with database.session() as session:
        assert core_db.read_once(session, ("prisons",), load) == 0
        assert core_db.read_once(session, ("prisons",), load) == 0 and len(loads) == 1
        _add_prison(session, "R1")
        core_db.remember(session, ("prisons",), 1)  # what added the row says so
        with session.begin_nested():  # a savepoint ends: the transaction goes on
            assert core_db.read_once(session, ("prisons",), load) == 1
        assert core_db.read_once(session, ("prisons",), load) == 1 and len(loads) == 1
        session.commit()
        assert core_db.read_once(session, ("prisons",), load) == 1 and len(loads) == 2
        session.rollback()
        assert core_db.read_once(session, ("prisons",), load) == 1 and len(loads) == 3
        core_db.forget(session, ("prisons",))  # what deleted or added rows says so
        assert core_db.read_once(session, ("prisons",), load) == 1 and len(loads) == 4


def test_rows_reads_columns_in_the_transaction_without_the_orm(database):
    """core.db.rows: the rows db.execute gives for a select of columns, read on the
    session's connection, in its transaction, after flushing what it holds, and without
    the ORM's work for each statement (its do_orm_execute hook never runs; issue 20)."""
    from sqlalchemy import func, select

    from core.models import Prison

    statement = select(Prison.code, func.count()).group_by(Prison.code).order_by(Prison.code)
    with database.session() as session:
        through_orm = []
        event.listen(session, "do_orm_execute", through_orm.append)
        session.add(Prison(code="R9", name="R9"))  # not flushed yet
        assert core_db.rows(session, statement).all() == [("R9", 1)]
        assert through_orm == []
        assert session.execute(statement).all() == [("R9", 1)] and len(through_orm) == 1
        assert core_db.rows(session, select(Prison.name).where(
            Prison.code == text(":code")), {"code": "R9"}).scalar() == "R9"
        session.rollback()
        assert core_db.rows(session, statement).all() == []
