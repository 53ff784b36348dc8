"""The demo's release plans (issue 15): plans in every state, a short stay and a moved
release date, loaded once."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from core.demo import loader as demo
from core.models import Inmate, InmateStatus, ReleasePlan, ReleasePlanEvent, ReleasePlanItem
from core.services.release import pathways as pw
from core.services.release import plan as release_plan, plan_dates, plan_reads


def test_the_demo_has_plans_in_every_state_a_short_stay_and_a_moved_date(db, hasher,
                                                                           pin_hasher):
    now = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert demo.load(db, now, hasher, pin_hasher).created
    statuses = set(db.scalars(select(ReleasePlanItem.status)))
    assert set(pw.STATUSES) - {"not_started"} <= statuses
    plans = db.scalars(select(ReleasePlan)).all()
    present = [p for p in plans if db.get(Inmate, p.inmate_id).status
               == InmateStatus.PRESENT.value]
    assert sum(plan_dates.is_short_stay(p) for p in present) == 1
    moved = db.scalar(select(Inmate).where(Inmate.inmate_number == "H1003"))
    dates = [e for e in plan_reads.history(db, release_plan.find_plan(db, moved))
             if e.kind == "dates"]
    assert len(dates) == 2 and dates[0].detail["moved"] > 0
    on = plan_dates.today(now)
    assert any(release_plan.summarize(release_plan.items_for(db, p), on).overdue
               for p in present)
    released = db.scalar(select(Inmate).where(Inmate.inmate_number == "HA2007"))
    frozen = release_plan.find_plan(db, released)
    assert frozen.frozen_at is not None and "recorded" in release_plan.frozen_open(frozen)
    events = db.scalar(select(func.count()).select_from(ReleasePlanEvent))
    assert not demo.load(db, now, hasher, pin_hasher).created
    assert db.scalar(select(func.count()).select_from(ReleasePlanEvent)) == events
