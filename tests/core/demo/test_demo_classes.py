"""The demo's class in Hof, the modules completed and the one who stalled."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from core.demo import loader as demo
from core.models import ClassParticipant, LessonClass, ModuleProgress, StaffUser
from core.services.learning import class_progress, classes, statistics as learning_stats


def test_the_demo_class_runs_with_two_inmates_and_loads_once(db, hasher, pin_hasher):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    loaded = demo.load(db, now, hasher, pin_hasher)
    trainer = db.scalar(select(StaffUser).where(StaffUser.username == "instruktor"))
    running = db.scalars(select(LessonClass).where(LessonClass.ended_at.is_(None))).one()
    assert loaded.class_code == running.join_code and running.trainer_id == trainer.id
    assert f"{running.join_code[:3]} {running.join_code[3:]}" in demo.describe(loaded)
    live = class_progress.live(db, now, trainer, running)
    assert live.status == "running" and classes.code_works(running, now)
    rows = {p.number: p for p in live.participants}
    assert set(rows) == {"H1001", "H1002"}
    assert rows["H1001"].right == 3 and rows["H1002"].stuck == "wrong_twice"
    stats = learning_stats.build(db, now, trainer, running.prison_id)
    # Four completions here, and H1001's two from the lessons' own demo (core.demo.learning).
    assert stats.completed == 6 and [s.number for s in stats.stalled] == ["H1006"]
    # Loading again changes nothing while the class runs ...
    counts = (db.scalar(select(func.count()).select_from(LessonClass)),
              db.scalar(select(func.count()).select_from(ClassParticipant)),
              db.scalar(select(func.count()).select_from(ModuleProgress)))
    assert demo.load(db, now + timedelta(hours=1), hasher, pin_hasher).class_code == running.join_code
    assert counts == (db.scalar(select(func.count()).select_from(LessonClass)),
                      db.scalar(select(func.count()).select_from(ClassParticipant)),
                      db.scalar(select(func.count()).select_from(ModuleProgress)))
    # ... and the next day it starts a new class for that day.
    tomorrow = demo.load(db, now + timedelta(days=1), hasher, pin_hasher)
    fresh = db.scalars(select(LessonClass).order_by(LessonClass.id.desc())).first()
    assert tomorrow.class_code == fresh.join_code and fresh.id != running.id
    assert db.scalar(select(func.count()).select_from(LessonClass)) == counts[0] + 1
