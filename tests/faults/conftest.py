"""More inmates, to sign in on real servers at the same time."""
from __future__ import annotations

import pytest

from tests.support import world as world_module


@pytest.fixture
def add_inmates(database, clock, hasher, world):
    """``add_inmates(n)``: n more inmates in prison A, with the world's PIN; their numbers."""

    def add(count: int) -> list[str]:
        with database.session() as db:
            return world_module.add_inmates(db, clock.now(), hasher, world, count)

    return add
