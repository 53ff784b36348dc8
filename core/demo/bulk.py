"""Bulk loading for the national-scale demo (core/demo/national.py): rows written in
batches, SQLAlchemy Core's executemany on SQLite and psycopg's COPY on PostgreSQL, and the
big tables' secondary indexes dropped for the load and built again after it.

Imports models and SQLAlchemy only; the demo loaders import it.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

BATCH = 5_000


Progress = Callable[[str, int], None]  # (what, rows written since the last call)


def _chunks(rows, size=BATCH):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write(db: Session, model, rows, progress: Progress, label: str) -> int:
    """Rows (dicts with the same keys) into ``model``'s table: psycopg's COPY on
    PostgreSQL, executemany in batches elsewhere."""
    if db.get_bind().dialect.name == "postgresql":
        return _copy(db, model.__table__, rows, progress, label)
    total = 0
    for chunk in _chunks(rows):
        db.execute(insert(model), chunk)
        total += len(chunk)
        progress(label, len(chunk))
    return total


def _copy(db: Session, table, rows, progress: Progress, label: str) -> int:
    """COPY ... FROM STDIN through the session's own connection (its transaction), each
    value through its column type's bind processing, as an INSERT would; the columns a
    row leaves out get their Python-side defaults."""
    dialect = db.get_bind().dialect
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    given = list(first)
    defaults = {}
    for column in table.columns:
        if column.name in first or column.default is None:
            continue
        if column.default.is_scalar:
            defaults[column.name] = column.default.arg
        elif column.default.is_callable:
            defaults[column.name] = column.default.arg(None)
    names = given + list(defaults)
    processors = [table.columns[name].type._cached_bind_processor(dialect) for name in names]
    fixed = list(defaults.values())
    raw = db.connection().connection.driver_connection
    total = 0
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        chunk = 0
        for row in _chain_first(first, rows):
            values = [row[name] for name in given] + fixed
            copy.write_row([p(v) if p is not None and v is not None else v
                            for p, v in zip(processors, values)])
            chunk += 1
            if chunk == BATCH:
                total += chunk
                progress(label, chunk)
                chunk = 0
        total += chunk
        progress(label, chunk)
    return total


def _chain_first(first, rest):
    yield first
    yield from rest


BIG_TABLES = ("inmate", "request", "request_event", "request_message", "form_submission",
              "benefit_plan", "audit_event")


def drop_secondary_indexes(db: Session) -> list[str]:
    """PostgreSQL: drop the big tables' indexes that back no constraint (built again
    after the load, which is faster than keeping them up row by row); their definitions."""
    found = db.execute(text(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indrelid "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY(:tables) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"),
        {"tables": list(BIG_TABLES)}).all()
    for name, _definition in found:
        db.execute(text(f"DROP INDEX {name}"))
    return [definition for _name, definition in found]
