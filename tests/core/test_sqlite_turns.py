"""SQLite's writers taking turns (core.sqlite_turns): in order within a process, one
process at a time across processes, never longer than asked, and robust to forks."""
import multiprocessing
import os
import threading

import pytest

from core import sqlite_turns
from core.sqlite_turns import FileTurn, Turns
from tests.support.servers import wait_for

SPAWN = multiprocessing.get_context("spawn")  # a clean child: no threads of this process


def test_writers_in_one_process_take_turns_in_the_order_they_came(tmp_path):
    turns = Turns(tmp_path / "x.db")
    first = turns.take(1)
    assert first.local and first.shared
    served = []

    def writer(n):
        held = turns.take(30)
        assert held.local and held.shared
        served.append(n)
        turns.give_back(held)

    threads = []
    for n in range(5):
        threads.append(threading.Thread(target=writer, args=(n,)))
        threads[-1].start()
        wait_for(lambda: len(turns._waiting) == n + 1, 30, f"writer {n} to queue")  # noqa: B023
    turns.give_back(first)
    for thread in threads:
        thread.join(timeout=30)
    assert served == [0, 1, 2, 3, 4]
    again = turns.take(0)  # free again
    assert again.local and again.shared
    turns.give_back(again)


def test_a_writer_that_waits_too_long_goes_on_without_a_turn(tmp_path):
    turns = Turns(tmp_path / "x.db")
    held = turns.take(1)
    late = turns.take(0.01)
    assert (late.local, late.shared) == (False, False)
    assert list(turns._waiting) == []
    turns.give_back(held)


def _hold(path, holding, release, done):
    """In another process: take the turn, say so, keep it until told, let go."""
    turn = FileTurn(path)
    assert turn.take(30)
    holding.set()
    release.wait(30)
    turn.give_back()
    done.set()


def test_another_process_waits_for_the_turn_and_gets_it_when_let_go(tmp_path):
    path = tmp_path / "x.db-turns"
    holding, release, done = SPAWN.Event(), SPAWN.Event(), SPAWN.Event()
    other = SPAWN.Process(target=_hold, args=(path, holding, release, done))
    other.start()
    try:
        assert holding.wait(60)
        turn = FileTurn(path)
        assert turn.take(0.05) is False  # held by the other process: gave up in time
        got = []
        waiter = threading.Thread(target=lambda: got.append(turn.take(30)))
        waiter.start()
        release.set()
        waiter.join(30)
        # The other process sets ``done`` just after it lets go, so the waiter may have the
        # turn a moment before ``done`` is set (seen on a busy machine): wait for it, bounded.
        assert got == [True] and done.wait(30)
        turn.give_back()
    finally:
        release.set()
        other.join(30)


def _count(path, counter, rounds):
    """In another process: 4 threads, each adding one ``rounds`` times, read then written,
    inside the turn."""
    turns = Turns(path)

    def add():
        for _ in range(rounds):
            held = turns.take(30)
            assert held.local and held.shared
            value = int(counter.read_text())
            counter.write_text(str(value + 1))
            turns.give_back(held)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_processes_of_four_writers_never_write_at_once(tmp_path):
    counter = tmp_path / "counter"
    counter.write_text("0")
    workers = [SPAWN.Process(target=_count, args=(tmp_path / "x.db", counter, 50))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert counter.read_text() == str(2 * 4 * 50)  # no read-then-write ever overlapped


def test_a_forked_child_has_a_lock_of_its_own(tmp_path):
    turn = FileTurn(tmp_path / "x.db-turns")
    assert turn.take(1)  # held by this process
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's lock keeps it out
        os.close(reader)
        outcome = b"waited" if turn.take(0.2) is False else b"shared"
        os.write(writer, outcome)
        os._exit(0)
    os.close(writer)
    try:
        assert os.read(reader, 16) == b"waited"
    finally:
        os.waitpid(pid, 0)
        os.close(reader)
        turn.give_back()


def test_the_helper_and_the_file_go_away_when_idle(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_turns, "IDLE_SECONDS", 0.05)
    turn = FileTurn(tmp_path / "x.db-turns")
    assert turn.take(1)
    turn.give_back()
    wait_for(lambda: turn._fd is None, 30, "the idle helper to close the file")
    assert turn.take(1)  # and back for the next writer
    turn.give_back()


def test_without_the_file_the_processes_are_left_to_sqlite(tmp_path):
    turns = Turns(tmp_path / "missing" / "x.db")  # no such folder: the file cannot be made
    held = turns.take(1)
    assert (held.local, held.shared) == (True, False)
    turns.give_back(held)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_database_engine_takes_turns_through_the_file(database, tmp_path):
    from sqlalchemy import text

    with database.session() as session:
        session.execute(text("UPDATE prison SET name = name"))
    path = sqlite_turns.Path(str(database.engine.url.database) + "-turns")
    assert path.exists()
