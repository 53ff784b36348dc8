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

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

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
    """The world's objects, one query per model and one per relationship the build left
    loaded (on just the objects it was loaded on): 15 queries instead of 42 one by one,
    20.4 to 17.2 ms on SQLite and 46 to 35 ms on PostgreSQL (connecting included), in every
    test that asks for the world. The objects come out with the same relationships loaded
    as before (tests/test_world_template.py)."""
    keys: dict[type, list[int]] = defaultdict(list)
    loaded: dict[tuple[type, str], list[int]] = defaultdict(list)
    for (model, key), names in shape.loaded.items():
        keys[model].append(key)
        for name in names:
            loaded[(model, name)].append(key)
    with database.session() as session:
        found = {(model, obj.id): obj for model, ids in keys.items()
                 for obj in session.scalars(select(model).where(model.id.in_(ids)))}
        for (model, name), ids in loaded.items():
            # The objects are in the session already: this fills the relationship in.
            session.scalars(select(model).where(model.id.in_(ids))
                            .options(selectinload(getattr(model, name)))).all()

        def get(model, key):
            return found[(model, key)]

        world = world_module.World(get(Prison, shape.prison), get(Prison, shape.other_prison))
        world.staff = {k: get(StaffUser, v) for k, v in shape.staff.items()}
        world.terminals = {k: get(Terminal, v) for k, v in shape.terminals.items()}
        world.credentials = dict(shape.credentials)
        world.inmates = {k: get(Inmate, v) for k, v in shape.inmates.items()}
    return world
