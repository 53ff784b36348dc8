"""The test process's shared compiled SQL (tests/support/compiled.py): a statement compiled
for one test's engine is reused by the next test's, and each still reads its own data."""
from __future__ import annotations

from sqlalchemy import select

from core.db import make_engine
from core.models import Prison
from tests.support.compiled import SharedCompiledSQL
from tests.support.databases import SqliteTemplate


def _names(engine) -> tuple[list[str], object]:
    with engine.connect() as connection:
        result = connection.execute(select(Prison.name).where(Prison.name.like("F%"))
                                    .order_by(Prison.name))
        return list(result.scalars()), result.context.cache_hit


def test_a_second_engine_reuses_the_first_ones_compiled_statement(tmp_path):
    template = SqliteTemplate(tmp_path)
    engines = []
    for name in ("Fengsel A", "Fengsel B"):
        (tmp_path / name).mkdir()
        engine = make_engine(template.fresh(tmp_path / name))
        with engine.begin() as connection:
            connection.execute(Prison.__table__.insert(), {"name": name, "code": name[-1]})
        engines.append(engine)
    assert all(isinstance(e._compiled_cache, SharedCompiledSQL) for e in engines)

    first, _ = _names(engines[0])
    second, hit = _names(engines[1])

    assert (first, second) == (["Fengsel A"], ["Fengsel B"])  # each its own database
    assert hit == engines[1].dialect.CACHE_HIT  # compiled for the first engine only
    for engine in engines:
        engine.dispose()
