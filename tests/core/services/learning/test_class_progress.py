"""What the trainer sees of a class: steps, first answers, the stuck rule, attendance and
completion; every read audited."""
import json
from datetime import timedelta

from sqlalchemy import select

from core.models import AuditEvent, Inmate, LessonClass, StaffUser
from core.services.learning import class_progress, classes, progress as learning
from core.services.learning.lessons import catalogue

MODULE = catalogue().modules["terminal"]
STEPS = MODULE.text("nb").steps


def _staff(db, world, key="trainer"):
    return db.get(StaffUser, world.staff[key].id)


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _class(db, clock, world):
    return classes.create(db, clock.now(), _staff(db, world), "terminal", world.prison.id,
                          clock.now())


def _wrong(step):
    return (step.question.correct + 1) % len(step.question.options)


def _actions(db):
    return [e.action for e in db.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "lesson_class").order_by(AuditEvent.id))]


def _live(db, clock, world, lesson_class):
    return {p.number: p for p in class_progress.live(db, clock.now(), _staff(db, world),
                                              lesson_class).participants}


def test_live_progress_shows_steps_first_answers_and_nothing_else(db, clock, world):
    lesson_class = _class(db, clock, world)
    a, a2 = _inmate(db, world), _inmate(db, world, "a2")
    for inmate in (a, a2):
        classes.join(db, clock.now(), inmate, lesson_class.join_code)
    learning.answer(db, clock.now(), a, "terminal", STEPS[0].id, STEPS[0].question.correct)
    learning.answer(db, clock.now(), a, "terminal", STEPS[1].id, _wrong(STEPS[1]))
    learning.answer(db, clock.now(), a, "terminal", STEPS[1].id, STEPS[1].question.correct)
    learning.open_step(db, clock.now(), a, "terminal", STEPS[2].id)
    rows = _live(db, clock, world, lesson_class)
    assert set(rows) == {"A100", "A200"}
    first = rows["A100"]
    assert (first.name, first.step_number, first.answered, first.right) == (
        "Innsatt A100", 3, 2, 1)
    assert first.answers[:3] == (True, False, None)
    assert rows["A200"].step_number == 1 and rows["A200"].answered == 0
    assert not hasattr(first, "unit") and not hasattr(first, "prison")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "class.view")).one()
    assert sorted(json.loads(event.detail)["inmates"]) == sorted([a.id, a2.id])
    assert event.actor_id == world.staff["trainer"].id


def test_stuck_after_two_wrong_answers(db, clock, world):
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    learning.answer(db, clock.now(), inmate, "terminal", STEPS[0].id, _wrong(STEPS[0]))
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None
    learning.answer(db, clock.now(), inmate, "terminal", STEPS[0].id, _wrong(STEPS[0]))
    assert _live(db, clock, world, lesson_class)["A100"].stuck == "wrong_twice"
    learning.answer(db, clock.now(), inmate, "terminal", STEPS[0].id, STEPS[0].question.correct)
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None


def test_stuck_when_nothing_happens_on_an_unanswered_step(db, clock, world):
    trainer = _staff(db, world)
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    clock.advance(minutes=4)
    classes.banner(db, clock.now(), inmate, "terminal")  # the kiosk polls
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None
    clock.advance(minutes=1)
    classes.banner(db, clock.now(), inmate, "terminal")
    assert _live(db, clock, world, lesson_class)["A100"].stuck == "idle"
    # Paused: nobody is stuck; after "continue" the clock starts again.
    classes.set_paused(db, clock.now(), trainer, lesson_class, True)
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None
    clock.advance(minutes=10)
    classes.set_paused(db, clock.now(), trainer, lesson_class, False)
    classes.banner(db, clock.now(), inmate, "terminal")
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None
    # Gone from the kiosk: away, not stuck.
    clock.advance(minutes=6)
    row = _live(db, clock, world, lesson_class)["A100"]
    assert row.away and row.stuck is None
    # Answered right: not stuck, however long it takes.
    learning.answer(db, clock.now(), inmate, "terminal", STEPS[0].id, STEPS[0].question.correct)
    clock.advance(minutes=10)
    classes.banner(db, clock.now(), inmate, "terminal")
    assert _live(db, clock, world, lesson_class)["A100"].stuck is None


def test_attendance_and_completion_in_the_summary(db, clock, world):
    lesson_class = _class(db, clock, world)
    a, a2 = _inmate(db, world), _inmate(db, world, "a2")
    classes.join(db, clock.now(), a, lesson_class.join_code)
    clock.advance(minutes=3)
    classes.join(db, clock.now(), a2, lesson_class.join_code)
    for step in STEPS:
        learning.answer(db, clock.now(), a, "terminal", step.id, step.question.correct)
    summary = class_progress.live(db, clock.now(), _staff(db, world), lesson_class,
                           action="class.summary")
    rows = {p.number: p for p in summary.participants}
    assert rows["A200"].joined_at == rows["A100"].joined_at + timedelta(minutes=3)
    assert rows["A100"].completed_at == clock.now() and rows["A100"].score == 100
    assert summary.completed == 1 and rows["A100"].stuck is None
    assert "class.summary" in _actions(db)
    assert db.scalar(select(LessonClass.id)) == lesson_class.id
