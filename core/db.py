"""Engine and sessions. SQLite (the embedded default) gets WAL, foreign keys and a busy
timeout on every connection, and every transaction that may write starts with BEGIN
IMMEDIATE (see ``_sqlite_begin``); PostgreSQL is used as it comes, with the pool checking a
connection before handing it out, so the apps carry on after a database restart.

Read-only transactions: a connection or session given the execution option
``READ_ONLY`` (``Database.read_sessionmaker``) only reads. On SQLite it begins DEFERRED and
takes no write lock, so such transactions run side by side with each other and with one
writer; on both databases any INSERT, UPDATE or DELETE in it is refused at once
(``ReadOnlyTransaction``), so a write can never slip into a transaction that cannot hold it.
Writes that a read-only request needs (an audit event for what was read, a terminal's
last-seen time) go through ``after_reading`` and happen in the request's closing write
transaction (``write_deferred``, called by core.web.app)."""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator, TypeVar

from sqlalchemy import Engine, Result, create_engine, event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.config import sqlite_path
from core.sqlite_turns import Turns

# How long a transaction waits for another one's write lock before giving up. Writers
# take turns (BEGIN IMMEDIATE), and each holds the lock for one request, a few ms.
SQLITE_BUSY_TIMEOUT_MS = 10_000


# Each pooled SQLite connection keeps a page cache of its own (SQLite's default is 2,000
# KiB), so a worker holds pool size times this. The database file is in the kernel's page
# cache anyway, so a page read again costs a read() of memory, not a disk access
# (Settings.sqlite_cache_kib; issue 20: at most 100 MiB a kiosk worker).
SQLITE_CACHE_KIB = 1024
# The connections a pool keeps at most: each is opened only when a thread needs it
# (a worker's one request thread, and a check of its own now and then; Settings).
POOL_SIZE = 4


def _sqlite_pragmas(dbapi_connection, _record, cache_kib: int = SQLITE_CACHE_KIB) -> None:
    # pysqlite's own transaction handling is off: it would send BEGIN only before the first
    # INSERT, UPDATE or DELETE, so that the reads before it ran outside the transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{int(cache_kib)}")  # negative: KiB, not pages
    cursor.close()


_turns: weakref.WeakValueDictionary[str, Turns] = weakref.WeakValueDictionary()
_turns_mutex = threading.Lock()
_TURN = "brobygger_sqlite_turn"


def _turns_for(url: str) -> Turns:
    """The writers' turns for one database file (core.sqlite_turns)."""
    path = sqlite_path(url)
    with _turns_mutex:
        turns = _turns.get(str(path))
        if turns is None:
            turns = _turns[str(path)] = Turns(path)
        return turns


# The execution option that makes a connection's transactions read-only (see the top).
READ_ONLY = "brobygger_read_only"
_READING = "brobygger_reading"  # connection.info: the current transaction is read-only
_DEFERRED = "brobygger_deferred_writes"  # session.info: writes for the closing transaction


class ReadOnlyTransaction(RuntimeError):
    """A write was attempted in a read-only transaction: a programming error. A GET view
    that writes declares it (``access(..., writes=True)``), or writes ``after_reading``."""


def _begin(connection) -> None:
    connection.info[_READING] = bool(connection.get_execution_options().get(READ_ONLY))


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _refuse_writes_when_reading(connection, _cursor, statement, _parameters, context,
                                _executemany) -> None:
    if not connection.info.get(_READING):
        return
    if (context is not None and (context.isinsert or context.isupdate or context.isdelete)) \
            or statement.lstrip()[:7].upper().startswith(_WRITES):
        raise ReadOnlyTransaction(f"a write in a read-only transaction: {statement[:80]!r}")


def _sqlite_begin(connection, turns: Turns | None = None) -> None:
    """Every transaction that may write takes SQLite's write lock as it starts
    (SQLAlchemy's documented pysqlite recipe, with IMMEDIATE). In WAL mode a transaction
    that has read and then writes fails at once with "database is locked" when another
    one wrote in between (the busy timeout does not help a read transaction that must
    upgrade); one that starts with BEGIN IMMEDIATE waits its turn for up to the busy
    timeout instead, and reads what the previous writer committed (the audit log's chain
    depends on that). A read-only transaction (``READ_ONLY``) begins DEFERRED: it reads
    one snapshot, takes no lock and never waits."""
    _begin(connection)
    # ``sqlite_begin`` names the mode outright (tests of what waits where use DEFERRED).
    mode = connection.get_execution_options().get(
        "sqlite_begin", "DEFERRED" if connection.info[_READING] else "IMMEDIATE")
    if mode not in ("IMMEDIATE", "DEFERRED"):
        raise ValueError(f"sqlite_begin must be IMMEDIATE or DEFERRED, not {mode!r}")
    if mode == "IMMEDIATE" and turns is not None:
        connection.info[_TURN] = (turns, turns.take(SQLITE_BUSY_TIMEOUT_MS / 1000))
    try:
        connection.exec_driver_sql(f"BEGIN {mode}")
    except BaseException:
        _sqlite_end(connection)
        raise


def _sqlite_end(connection) -> None:
    """The transaction ends (commit or rollback): the next thread in line may begin."""
    _give_back(connection.info)


def _give_back(info: dict) -> None:
    taken = info.pop(_TURN, None)
    if taken is not None:
        turns, held = taken
        turns.give_back(held)


def make_engine(url: str, sqlite_cache_kib: int = SQLITE_CACHE_KIB, **kwargs) -> Engine:
    if "poolclass" not in kwargs:  # NullPool and StaticPool take no size
        kwargs.setdefault("pool_size", POOL_SIZE)
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", partial(_sqlite_pragmas, cache_kib=sqlite_cache_kib))
        # The writers to a file take turns (":memory:" is a database per connection).
        turns = _turns_for(url) if path is not None else None
        event.listen(engine, "begin", partial(_sqlite_begin, turns=turns))
        event.listen(engine, "commit", _sqlite_end)
        event.listen(engine, "rollback", _sqlite_end)
        # A connection handed back to the pool mid-transaction ends it too.
        event.listen(engine, "reset", lambda _dbapi, record, _state: _give_back(record.info))
    else:
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
        event.listen(engine, "begin", _begin)
    event.listen(engine, "before_cursor_execute", _refuse_writes_when_reading)
    return engine


def reading(db: Session) -> bool:
    """True when ``db``'s transaction is read-only (it begins one if none is open)."""
    return bool(db.connection().info.get(_READING))


def begin_writing(db: Session) -> None:
    """End ``db``'s transaction (committing what it did) and begin one that may write;
    on SQLite that waits for the write lock (BEGIN IMMEDIATE). Loaded objects stay
    loaded. The transaction after this one is read-only again if ``db`` was."""
    db.commit()
    db.connection(execution_options={READ_ONLY: False})


def after_reading(db: Session, work: Callable[[Session], None]) -> None:
    """``work(db)`` writes: at once in a transaction that may write; in a read-only one,
    in the closing write transaction of the request (``write_deferred``)."""
    if reading(db):
        db.info.setdefault(_DEFERRED, []).append(work)
    else:
        work(db)


def write_from_here(db: Session, engine: Engine) -> None:
    """From here on every transaction of ``db`` may write: ``engine`` is the Database's
    own (not read-only) engine. The read-only transaction so far ends (nothing was written
    in it), and the writes ``after_reading`` kept back begin the next one. A request that
    changes something (POST) reads its session and checks who is asking without holding
    SQLite's one write lock, and takes it only for its view (core.web.app): the lock is
    held for the view's work, not the whole request's."""
    if db.bind is engine:
        return
    db.commit()
    db.bind = engine
    write_deferred(db)


def write_deferred(db: Session) -> bool:
    """The writes ``after_reading`` kept back, in a transaction that may write (left
    open for the caller to commit). False when there were none."""
    works = db.info.pop(_DEFERRED, None)
    if not works:
        return False
    begin_writing(db)
    for work in works:
        work(db)
    return True


def drop_deferred(db: Session) -> None:
    """Forget the writes kept back (the request failed; they go with its rollback)."""
    db.info.pop(_DEFERRED, None)


def rows(db: Session, statement, params: dict | None = None) -> Result:
    """The rows of ``statement``, a select of columns (no entities), run on ``db``'s
    connection in its transaction: the rows ``db.execute`` gives, without the ORM's work
    for each statement, which only entities need (a select of two columns took 115-140 µs
    through the session, 40-55 through its connection; issue 20). What ``db`` holds
    unflushed is flushed first, as ``db.execute`` would."""
    if db.autoflush:
        db.flush()
    return db.connection().execute(statement, params or {})


_READ_ONCE = "brobygger_read_once"  # session.info: what read_once read in this transaction


def read_once(db: Session, key: tuple, load: Callable[[], T]) -> T:
    """``load()``, read once per transaction of ``db`` and kept (in ``db.info``) until
    the transaction ends: for a row that several parts of one request look up by something
    other than its primary key, or may find missing. SQLAlchemy's identity map remembers
    neither, and it keeps an object only while something holds it (issue 20: a filing read
    the inmate's draft four times). Code that adds or deletes such a row says so with
    ``remember``; nothing else changes it within the transaction."""
    kept = db.info.setdefault(_READ_ONCE, {})
    if key not in kept:
        kept[key] = load()
    return kept[key]


def remember(db: Session, key: tuple, value) -> None:
    """What ``read_once(db, key, ...)`` gives for the rest of the transaction."""
    db.info.setdefault(_READ_ONCE, {})[key] = value


def forget(db: Session, key: tuple) -> None:
    """``read_once(db, key, ...)`` reads again (code that added or deleted such rows)."""
    db.info.get(_READ_ONCE, {}).pop(key, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_read_once(session: Session, transaction) -> None:
    if transaction.parent is None:  # the transaction itself, not a savepoint in it
        session.info.pop(_READ_ONCE, None)


T = TypeVar("T")


def outside_transaction(db: Session, work: Callable[[], T]) -> T:
    """Slow work that needs no database (an argon2id check takes about 0.3 s) runs outside
    any transaction: what the request has done so far is committed first, and everything
    loaded is read again afterwards, in a new transaction. On SQLite a transaction holds
    the one write lock from its start (BEGIN IMMEDIATE), so otherwise every other request
    of both apps would wait for the hash."""
    db.commit()
    try:
        return work()
    finally:
        db.expire_all()


# SQLite reports a syntax error as an OperationalError too: these are the ones worth a retry.
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                       "SQLITE_FULL", "SQLITE_PROTOCOL")


def unavailable(error: BaseException | None) -> bool:
    """The database could not be reached, or gave up waiting for a lock: worth a retry."""
    if isinstance(error, InterfaceError) or getattr(error, "connection_invalidated", False):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlite_error = getattr(error.orig, "sqlite_errorname", None)
    return sqlite_error is None or sqlite_error.startswith(_SQLITE_UNAVAILABLE)


class Database:
    """One engine and its session factory, shared by an app or a command."""

    def __init__(self, url: str, **engine_kwargs) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        # Sessions whose transactions only read (GET requests; see the top of this module).
        self.read_sessionmaker = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings) -> "Database":
        """The app's or command's database, with the pool and cache sizes of ``settings``."""
        return cls(settings.database_url, pool_size=settings.database_pool_size,
                   sqlite_cache_kib=settings.sqlite_cache_kib)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
