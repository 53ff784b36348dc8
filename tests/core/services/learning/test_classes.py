"""Classes run by a trainer: join codes, attendance, sending to a step, pausing, and a
trainer seeing only their own classes."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import (AuditEvent, ClassParticipant, Inmate, ModuleProgress,
                         Role, SignInAttempt, StaffUser)
from core.security.hashing import CODE_ALPHABET
from core.services.learning import class_progress, classes, progress as learning
from core.services.people import staff as staff_service
from core.services.errors import NotFound, ServiceError
from core.services.learning.lessons import catalogue
from tests.support.world import PASSWORD

MODULE = catalogue().modules["terminal"]
STEPS = MODULE.text("nb").steps


def _staff(db, world, key="trainer"):
    return db.get(StaffUser, world.staff[key].id)


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _class(db, clock, world, trainer=None, prison=None, **changes):
    return classes.create(db, clock.now(), trainer or _staff(db, world),
                          changes.get("module", "terminal"), (prison or world.prison).id,
                          changes.get("starts_at", clock.now()))


def _other_trainer(db, clock, world, hasher):
    return staff_service.create(db, clock.now(), None, staff_service.StaffData(
        "trainer-2", "Trainer To", {Role.TRAINER}, {world.prison.id}), PASSWORD, hasher)


def _wrong(step):
    return (step.question.correct + 1) % len(step.question.options)


def _actions(db, subject_type="lesson_class"):
    return [e.action for e in db.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == subject_type).order_by(AuditEvent.id))]


def test_a_class_gets_a_short_readable_code_that_expires(db, clock, world):
    lesson_class = _class(db, clock, world)
    code = lesson_class.join_code
    assert len(code) == classes.CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    assert lesson_class.code_expires_at == clock.now() + classes.JOIN_WINDOW
    assert classes.code_works(lesson_class, clock.now())
    clock.advance(minutes=15)
    assert not classes.code_works(lesson_class, clock.now())
    assert classes.status(lesson_class, clock.now()) == "running"
    clock.advance(hours=4)
    assert classes.status(lesson_class, clock.now()) == "ended"
    assert _actions(db) == ["class.create"]


def test_codes_are_unique_among_live_classes(db, clock, world, monkeypatch):
    first = _class(db, clock, world)
    codes = iter([first.join_code, first.join_code, "ABCDEF"])
    monkeypatch.setattr(classes, "new_code", lambda length: next(codes))
    second = _class(db, clock, world)
    assert second.join_code == "ABCDEF"
    # Once the first class's code has expired, its code may be given again.
    clock.advance(minutes=20)
    monkeypatch.setattr(classes, "new_code", lambda length: first.join_code)
    assert _class(db, clock, world).join_code == first.join_code


def test_only_a_trainer_creates_classes_in_a_prison_they_serve(db, clock, world):
    with pytest.raises(NotFound):
        _class(db, clock, world, trainer=_staff(db, world, "adviser"))
    with pytest.raises(ServiceError, match="prison_not_served"):
        _class(db, clock, world, prison=world.other_prison)
    with pytest.raises(ServiceError, match="module_unknown"):
        _class(db, clock, world, module="nonsense")
    with pytest.raises(ServiceError, match="class_in_past"):
        _class(db, clock, world, starts_at=clock.now() - timedelta(minutes=15))
    with pytest.raises(ServiceError, match="class_too_far"):
        _class(db, clock, world, starts_at=clock.now() + timedelta(days=61))


def test_joining_records_attendance_and_ties_progress_to_the_class(db, clock, world):
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    joined = classes.join(db, clock.now(), inmate, lesson_class.join_code.lower(),
                          terminal_id=world.terminals["a"].id)
    assert joined.id == lesson_class.id
    participant = db.get(ClassParticipant, (lesson_class.id, inmate.id))
    assert participant.joined_at == clock.now()
    assert participant.terminal_id == world.terminals["a"].id
    progress = db.scalar(select(ModuleProgress).where(ModuleProgress.inmate_id == inmate.id))
    assert (progress.module, progress.class_id, progress.current_step) == (
        "terminal", lesson_class.id, STEPS[0].id)
    assert "class.join" in _actions(db, "inmate")
    # Joining twice keeps one row of attendance.
    clock.advance(minutes=1)
    classes.join(db, clock.now(), inmate, f" {lesson_class.join_code[:3]}-"
                                          f"{lesson_class.join_code[3:]} ")
    assert len(db.scalars(select(ClassParticipant)).all()) == 1
    assert db.get(ClassParticipant, (lesson_class.id, inmate.id)).joined_at \
        == clock.now() - timedelta(minutes=1)


def test_joining_starts_at_the_step_the_class_was_sent_to(db, clock, world):
    lesson_class = _class(db, clock, world)
    classes.send_to_step(db, clock.now(), _staff(db, world), lesson_class, STEPS[3].id)
    assert classes.first_step(lesson_class) == STEPS[3].id
    inmate = _inmate(db, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    assert learning.state(db, inmate, "terminal").current_step == STEPS[3].id


def test_a_completed_module_keeps_its_own_record(db, clock, world):
    inmate = _inmate(db, world)
    for step in STEPS:
        learning.answer(db, clock.now(), inmate, "terminal", step.id, step.question.correct)
    lesson_class = _class(db, clock, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    progress = db.scalar(select(ModuleProgress).where(ModuleProgress.inmate_id == inmate.id))
    assert progress.class_id is None and progress.completed_at is not None


def test_wrong_unknown_and_expired_codes(db, clock, world):
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    with pytest.raises(ServiceError, match="class_code_required"):
        classes.join(db, clock.now(), inmate, " - ")
    with pytest.raises(ServiceError, match="class_code_length"):
        classes.join(db, clock.now(), inmate, "ABC")
    with pytest.raises(ServiceError, match="class_code_unknown"):
        classes.join(db, clock.now(), inmate, "ZZZZZZ" if lesson_class.join_code != "ZZZZZZ"
                     else "YYYYYY")
    clock.advance(minutes=16)
    with pytest.raises(ServiceError, match="class_code_expired"):
        classes.join(db, clock.now(), inmate, lesson_class.join_code)
    assert db.scalars(select(ClassParticipant)).all() == []
    failures = db.scalars(select(SignInAttempt.outcome).where(
        SignInAttempt.kind == classes.CODE_KIND)).all()
    assert failures == ["failure"] * 3  # an empty code is not an attempt


def test_too_many_wrong_codes_are_refused_for_a_while(db, clock, world):
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    for _ in range(classes.CODE_FAILURE_LIMIT):
        with pytest.raises(ServiceError, match="class_code_unknown"):
            classes.join(db, clock.now(), inmate, "QQQQQQ" if lesson_class.join_code
                         != "QQQQQQ" else "RRRRRR")
    with pytest.raises(ServiceError, match="class_code_throttled"):
        classes.join(db, clock.now(), inmate, lesson_class.join_code)
    # Another inmate is not held back, and the wait ends.
    classes.join(db, clock.now(), _inmate(db, world, "a2"), lesson_class.join_code)
    clock.advance(minutes=14)
    lesson_class.code_expires_at = clock.now() + timedelta(minutes=5)
    clock.advance(minutes=2)
    assert classes.join(db, clock.now(), inmate, lesson_class.join_code).id == lesson_class.id


def test_another_prisons_inmate_cannot_join(db, clock, world):
    lesson_class = _class(db, clock, world)
    with pytest.raises(ServiceError, match="class_code_unknown"):
        classes.join(db, clock.now(), _inmate(db, world, "b"), lesson_class.join_code)


def test_a_planned_class_opens_half_an_hour_before_its_start(db, clock, world):
    lesson_class = _class(db, clock, world, starts_at=clock.now() + timedelta(hours=2))
    inmate = _inmate(db, world)
    with pytest.raises(ServiceError, match="class_not_started") as refused:
        classes.join(db, clock.now(), inmate, lesson_class.join_code)
    assert refused.value.params["opens_at"] == clock.now() + timedelta(minutes=90)
    clock.advance(minutes=91)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    assert classes.status(lesson_class, clock.now()) == "planned"


def test_a_participant_gets_back_in_after_the_code_expired(db, clock, world):
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    clock.advance(minutes=40)
    assert classes.join(db, clock.now(), inmate, lesson_class.join_code).id == lesson_class.id
    with pytest.raises(ServiceError, match="class_code_expired"):
        classes.join(db, clock.now(), _inmate(db, world, "a2"), lesson_class.join_code)


def test_a_new_code_for_latecomers_and_ending_the_class(db, clock, world):
    trainer = _staff(db, world)
    lesson_class = _class(db, clock, world)
    old = lesson_class.join_code
    clock.advance(minutes=30)
    new = classes.new_join_code(db, clock.now(), trainer, lesson_class)
    assert classes.code_works(lesson_class, clock.now())
    assert lesson_class.code_expires_at == clock.now() + classes.JOIN_WINDOW
    classes.join(db, clock.now(), _inmate(db, world), new)
    if new != old:
        with pytest.raises(ServiceError, match="class_code"):
            classes.join(db, clock.now(), _inmate(db, world, "a2"), old)
    classes.end(db, clock.now(), trainer, lesson_class)
    assert classes.status(lesson_class, clock.now()) == "ended"
    assert not classes.code_works(lesson_class, clock.now())
    with pytest.raises(ServiceError, match="class_code_expired"):
        classes.join(db, clock.now(), _inmate(db, world, "a2"), new)
    assert classes.banner(db, clock.now(), _inmate(db, world), "terminal") is None
    with pytest.raises(ServiceError, match="class_ended"):
        classes.set_paused(db, clock.now(), trainer, lesson_class, True)
    assert _actions(db) == ["class.create", "class.new_code", "class.end"]


def test_a_trainer_sees_only_their_own_classes(db, clock, world, hasher):
    mine = _class(db, clock, world)
    other = _other_trainer(db, clock, world, hasher)
    theirs = _class(db, clock, world, trainer=other)
    trainer = _staff(db, world)
    assert [row.lesson_class.id for row in classes.for_trainer(db, clock.now(), trainer)] \
        == [mine.id]
    for lesson_class in (theirs,):
        with pytest.raises(NotFound):
            classes.own_class(db, trainer, lesson_class.id)
        with pytest.raises(NotFound):
            class_progress.live(db, clock.now(), trainer, lesson_class)
        with pytest.raises(NotFound):
            classes.send_to_step(db, clock.now(), trainer, lesson_class, STEPS[1].id)
    with pytest.raises(NotFound):
        classes.own_class(db, _staff(db, world, "system_admin"), mine.id)
    with pytest.raises(NotFound):
        classes.own_class(db, trainer, 999_999)


def test_send_to_step_and_pause_reach_the_kiosk(db, clock, world):
    trainer = _staff(db, world)
    lesson_class = _class(db, clock, world)
    inmate = _inmate(db, world)
    classes.join(db, clock.now(), inmate, lesson_class.join_code)
    shown = classes.banner(db, clock.now(), inmate, "terminal")
    assert (shown.paused, shown.class_step, shown.trainer_name) == (False, None, "Trainer")
    assert shown.move_to(STEPS[0].id, None) is None
    with pytest.raises(ServiceError, match="step_unknown"):
        classes.send_to_step(db, clock.now(), trainer, lesson_class, "nope")
    classes.send_to_step(db, clock.now(), trainer, lesson_class, STEPS[4].id)
    shown = classes.banner(db, clock.now(), inmate, "terminal")
    assert shown.class_step_number == 5
    assert shown.move_to(STEPS[0].id, None) == STEPS[4].id  # sent since the page was shown
    assert shown.move_to(STEPS[6].id, STEPS[4].id) is None  # went on by themselves
    assert shown.move_to(STEPS[4].id, None) is None  # there already
    classes.set_paused(db, clock.now(), trainer, lesson_class, True)
    shown = classes.banner(db, clock.now(), inmate, "terminal")
    assert shown.paused and shown.move_to(STEPS[0].id, None) is None
    classes.set_paused(db, clock.now(), trainer, lesson_class, False)
    assert not classes.banner(db, clock.now(), inmate, "terminal").paused
    # No banner in another module, or for someone who did not join.
    assert classes.banner(db, clock.now(), inmate, "nav") is None
    assert classes.banner(db, clock.now(), _inmate(db, world, "a2"), "terminal") is None
    assert _actions(db)[-3:] == ["class.step", "class.pause", "class.continue"]
