"""Learning statistics: completions per month and module, progress per prison, the
stalled, and who may see their names."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, InmateStatus, StaffUser
from core.services.learning import progress as learning, statistics as learning_stats
from core.services.errors import NotFound
from core.services.learning.lessons import catalogue

TERMINAL = catalogue().modules["terminal"]
NAV = catalogue().modules["nav"]


def _complete(db, clock, inmate, module=TERMINAL):
    for step in module.text("nb").steps:
        learning.answer(db, clock.now(), inmate, module.key, step.id, step.question.correct)


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def test_the_last_twelve_months():
    months = learning_stats.months_until(date(2026, 3, 15))
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1)
    assert len(months) == learning_stats.MONTHS


def test_completions_per_month_and_module(db, clock, world):
    a, a2 = _inmate(db, world), _inmate(db, world, "a2")
    clock.set(clock.now() - timedelta(days=40))  # January
    _complete(db, clock, a)
    clock.advance(days=40)  # March
    _complete(db, clock, a2)
    _complete(db, clock, a, NAV)
    learning.open_step(db, clock.now(), _inmate(db, world, "b"), "terminal", "touch")
    stats = learning_stats.build(db, clock.now(), _staff(db, world, "trainer"), world.prison.id)
    figures = {m.module.key: m for m in stats.modules}
    assert (figures["terminal"].started, figures["terminal"].completed) == (2, 2)
    assert figures["terminal"].per_month[-3:] == [1, 0, 1]  # January, February, March
    assert figures["nav"].per_month[-1] == 1 and figures["nav"].share == 1
    assert stats.per_month[-1] == 2 and stats.completed == 3
    assert [p.prison.id for p in stats.per_prison] == [world.prison.id]


def test_stalled_after_fourteen_days_without_progress(db, clock, world):
    a, a2 = _inmate(db, world), _inmate(db, world, "a2")
    learning.open_step(db, clock.now(), a, "terminal", "scroll")
    learning.open_step(db, clock.now(), a2, "terminal", "touch")
    clock.advance(days=13)
    learning.open_step(db, clock.now(), a2, "terminal", "keyboard")
    clock.advance(days=1)
    stats = learning_stats.build(db, clock.now(), _staff(db, world, "prison_admin"),
                                 world.prison.id)
    assert [(s.number, s.module.key, s.step_number) for s in stats.stalled] == [
        ("A100", "terminal", 3)]
    figures = {m.module.key: m for m in stats.modules}["terminal"]
    assert (figures.started, figures.stalled, figures.in_progress) == (2, 1, 1)
    # Someone released no longer counts as stalled here.
    a.status = InmateStatus.RELEASED.value
    db.flush()
    stats = learning_stats.build(db, clock.now(), _staff(db, world, "prison_admin"),
                                 world.prison.id)
    assert stats.stalled == []


def test_scoped_to_the_callers_prisons(db, clock, world):
    learning.open_step(db, clock.now(), _inmate(db, world, "b"), "terminal", "touch")
    with pytest.raises(NotFound):
        learning_stats.build(db, clock.now(), _staff(db, world, "trainer"),
                             world.other_prison.id)
    with pytest.raises(NotFound):
        learning_stats.build(db, clock.now(), _staff(db, world, "adviser"), world.prison.id)
    everything = learning_stats.build(db, clock.now(), _staff(db, world, "system_admin"), None)
    assert {p.prison.id for p in everything.per_prison} == {world.prison.id,
                                                           world.other_prison.id}
    mine = learning_stats.build(db, clock.now(), _staff(db, world, "trainer"), None)
    assert [p.prison.id for p in mine.per_prison] == [world.prison.id]
    assert sum(m.started for m in mine.modules) == 0


def _in_a_class_of(db, clock, trainer, inmate):
    from core.services.learning import classes

    lesson_class = classes.create(db, clock.now(), trainer, "terminal", inmate.prison_id,
                                  clock.now())
    classes.join(db, clock.now(), inmate, lesson_class.join_code)


def test_the_stalled_are_named_and_the_read_audited_naming_them(db, clock, world):
    trainer = _staff(db, world, "trainer")
    _in_a_class_of(db, clock, trainer, _inmate(db, world))
    learning.open_step(db, clock.now(), _inmate(db, world), "terminal", "touch")
    learning.open_step(db, clock.now(), db.get(Inmate, world.inmates["b"].id), "terminal",
                       "touch")
    clock.advance(days=15)
    stats = learning_stats.build(db, clock.now(), trainer, None)
    assert [(s.name, s.number) for s in stats.stalled] == [("Innsatt A100", "A100")]
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "learning.stats")).one()
    assert json.loads(event.detail)["named"] == [world.inmates["a"].id]


def test_a_trainer_is_named_only_the_participants_of_their_own_classes(db, clock, world,
                                                                        hasher):
    """Issue 12, finding 7: the counts are the prison's; the names only their own
    classes' participants. A prison administrator sees every name."""
    from core.models import Role
    from core.services.people import staff

    trainer = _staff(db, world, "trainer")
    colleague = staff.create(db, clock.now(), None, staff.StaffData(
        "kollega", "Kollega", {Role.TRAINER}, {world.prison.id}), "x" * 12, hasher)
    _in_a_class_of(db, clock, trainer, _inmate(db, world))
    _in_a_class_of(db, clock, colleague, _inmate(db, world, "a2"))
    for key in ("a", "a2"):
        learning.open_step(db, clock.now(), _inmate(db, world, key), "terminal", "touch")
    clock.advance(days=15)
    stats = learning_stats.build(db, clock.now(), trainer, world.prison.id)
    assert [s.number for s in stats.stalled] == ["A100"]
    assert {m.module.key: m for m in stats.modules}["terminal"].stalled == 2
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "learning.stats")).one()
    assert json.loads(event.detail)["named"] == [world.inmates["a"].id]
    everyone = learning_stats.build(db, clock.now(), _staff(db, world, "prison_admin"),
                                    world.prison.id)
    assert sorted(s.number for s in everyone.stalled) == ["A100", "A200"]
