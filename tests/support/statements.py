"""The SQL statements a block of code sends, for tests of what a query reads."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event


@contextmanager
def recorded(bind) -> Iterator[list[str]]:
    """Every statement sent through ``bind`` (an engine or connection) inside the block,
    lower case, its whitespace collapsed."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.lower().split()))

    event.listen(bind, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(bind, "before_cursor_execute", record)


def selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("select")]
