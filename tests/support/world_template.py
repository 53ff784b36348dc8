"""The test world, built once per backend and test process and copied into each test's
database (issue 13: building it took about 150 ms of every test that asked for it).

``capture`` builds the world (tests/support/world.py) in an empty, migrated database and
keeps its shape: which rows the prisons, staff, terminals and inmates are, the terminal
credentials, and which relationships the build left loaded. ``load`` reads the same
objects back from a database that holds a copy of those rows, loading the same
relationships, so a test sees exactly what a world it built itself would give it.
How the rows get copied is the backend's business (tests/support/databases.py): SQLite
copies a template file that holds them, PostgreSQL inserts them again after emptying.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect

from core.clock import FrozenClock
from core.db import Database
from core.models import Inmate, Prison, StaffUser, Terminal
from core.security.hashing import SecretHasher
from tests.support import world as world_module

# The same cost as tests/conftest.py's `hasher` fixture: the world's staff passwords
HASHER = SecretHasher(time_cost=1, memory_kib=8, parallelism=1)


@dataclass(frozen=True)
class Shape:
    prison: int
    other_prison: int
    staff: dict[str, int]
    terminals: dict[str, int]
    credentials: dict[str, str]
    inmates: dict[str, int]
    loaded: dict[tuple[type, int], tuple[str, ...]]  # relationships the build had loaded


def _loaded_relationships(obj) -> tuple[str, ...]:
    state = inspect(obj)
    return tuple(name for name in state.mapper.relationships.keys()
                 if name not in state.unloaded)


def capture(url: str) -> Shape:
    """Build the world in the database at ``url`` and describe it."""
    database = Database(url)
    try:
        with database.session() as session:
            world = world_module.build(session, FrozenClock().now(), HASHER)
        objects = [world.prison, world.other_prison, *world.staff.values(),
                   *world.terminals.values(), *world.inmates.values()]
        return Shape(
            prison=world.prison.id, other_prison=world.other_prison.id,
            staff={k: v.id for k, v in world.staff.items()},
            terminals={k: v.id for k, v in world.terminals.items()},
            credentials=dict(world.credentials),
            inmates={k: v.id for k, v in world.inmates.items()},
            loaded={(type(o), o.id): _loaded_relationships(o) for o in objects})
    finally:
        database.dispose()


def load(database: Database, shape: Shape) -> world_module.World:
    with database.session() as session:
        def get(model, key):
            obj = session.get(model, key)
            for name in shape.loaded[(model, key)]:
                getattr(obj, name)
            return obj

        world = world_module.World(get(Prison, shape.prison), get(Prison, shape.other_prison))
        world.staff = {k: get(StaffUser, v) for k, v in shape.staff.items()}
        world.terminals = {k: get(Terminal, v) for k, v in shape.terminals.items()}
        world.credentials = dict(shape.credentials)
        world.inmates = {k: get(Inmate, v) for k, v in shape.inmates.items()}
    return world
