"""Release statistics per prison and month (issue 15)."""
from datetime import date, timedelta

import pytest

from core.models import Handover, Inmate, InmateStatus, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.release import plan as rp, plan_changes
from core.services.release import statistics


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _released(db, clock, world, key, released_on, arrived_on, done=(), handover_days=None):
    inmate = db.get(Inmate, world.inmates[key].id)
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    plan.arrived_on = arrived_on
    for code in done:
        plan_changes.set_item(db, clock.now(), _staff(db, world), inmate, code,
                              plan_changes.ItemChange(status="done", owner="adviser"))
    if handover_days is not None:
        made = clock.now().replace(year=released_on.year, month=released_on.month,
                                   day=released_on.day) - timedelta(days=handover_days)
        db.add(Handover(inmate_id=inmate.id, first_made_at=made, last_made_at=made,
                        made_count=1, prison_id=inmate.prison_id, receipt_person="",
                        receipt_channel="", updated_at=clock.now()))
    inmate.status, inmate.released_on = InmateStatus.RELEASED.value, released_on
    db.flush()


def test_releases_key_items_hand_overs_and_short_stays_per_month(db, clock, world):
    _released(db, clock, world, "a", date(2026, 2, 10), date(2026, 1, 5),
              done=("income_applied", "id_document", "temporary_housing"), handover_days=3)
    _released(db, clock, world, "a2", date(2026, 2, 20), date(2025, 6, 1),
              done=("appointment_booked",), handover_days=0)
    _released(db, clock, world, "b", date(2026, 1, 15), date(2025, 1, 1))  # prison B
    stats = statistics.build(db, clock.now(), _staff(db, world), world.prison.id, 2026)
    assert [m.releases for m in stats.months] == [0, 2, 0]  # January to March (today)
    feb = stats.months[1]
    assert feb.key_done == {"housing": 1, "income": 1, "appointment": 1, "id": 1}
    assert feb.handover_before == 1  # made on the release day does not count
    assert feb.short_stays == 1
    assert feb.share(feb.short_stays) == 0.5
    assert stats.total.releases == 2
    everyone = statistics.build(db, clock.now(), _staff(db, world, "system_admin"), None, 2026)
    assert everyone.total.releases == 3


def test_another_prison_or_a_year_out_of_range_is_refused(db, clock, world):
    adviser = _staff(db, world)
    with pytest.raises(NotFound):
        statistics.build(db, clock.now(), adviser, world.other_prison.id, 2026)
    with pytest.raises(NotFound):
        statistics.build(db, clock.now(), adviser, None, 2026)
    with pytest.raises(NotFound):
        statistics.build(db, clock.now(), _staff(db, world, "officer"), world.prison.id, 2026)
    with pytest.raises(ServiceError):
        statistics.build(db, clock.now(), adviser, world.prison.id, 2027)
