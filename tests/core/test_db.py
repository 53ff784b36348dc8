"""The database layer: SQLite's transactions, the turns its writers take, and which
errors mean "the database is away, try again"."""
import sqlite3
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from core import db as core_db
from core.db import Database, unavailable
from tests.support.servers import wait_for


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


def test_every_sqlite_transaction_begins_immediate(sqlite_template, tmp_path):
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
    finally:
        database.dispose()
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE",
                                                                "BEGIN DEFERRED"]


def test_writers_in_one_process_take_turns_in_the_order_they_came():
    turns = core_db._Turns()
    assert turns.take(1)
    served = []

    def writer(n):
        assert turns.take(30)
        served.append(n)
        turns.give_back()

    threads = []
    for n in range(5):
        threads.append(threading.Thread(target=writer, args=(n,)))
        threads[-1].start()
        wait_for(lambda: len(turns._waiting) == n + 1, 30, f"writer {n} to queue")  # noqa: B023
    turns.give_back()
    for thread in threads:
        thread.join(timeout=30)
    assert served == [0, 1, 2, 3, 4]
    assert turns.take(0)  # free again


def test_a_writer_that_waits_too_long_goes_on_without_a_turn():
    turns = core_db._Turns()
    assert turns.take(1)
    assert turns.take(0.01) is False
    assert list(turns._waiting) == []
