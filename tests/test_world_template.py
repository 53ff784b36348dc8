"""The world read back from its template (tests/support/world_template.py) is the world a
test would have built itself: the same objects, with the same relationships loaded."""
from __future__ import annotations

from sqlalchemy import inspect

from tests.support import world_template


def test_a_world_read_back_has_what_the_build_left_loaded(database_url, database):
    shape = world_template.capture(database_url)  # builds the world in this database
    read = world_template.load(database, shape)
    objects = [read.prison, read.other_prison, *read.staff.values(),
               *read.terminals.values(), *read.inmates.values()]
    assert {(type(obj), obj.id) for obj in objects} == set(shape.loaded)
    assert read.credentials == shape.credentials
    for obj in objects:
        state = inspect(obj)
        loaded = {name for name in state.mapper.relationships.keys()
                  if name not in state.unloaded}
        # What the build left loaded, and the back-references that loading fills in.
        assert loaded >= set(shape.loaded[(type(obj), obj.id)]), (type(obj), obj.id)
        assert state.detached  # read in a session that is closed, as a built world is
    assert any(shape.loaded.values())  # the check above has relationships to compare
    assert read.staff["adviser"].prisons == [read.prison]
