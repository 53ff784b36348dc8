from datetime import datetime, timezone

from sqlalchemy import func, select

from core.demo import loader as demo
from core.demo import handover as demo_handover
from core.models import Disclosure, Handover, Inmate, ReleaseAppointment, StaffUser


def test_demo_has_a_hand_over_made_and_one_confirmed(db, hasher, pin_hasher):
    now = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert demo.load(db, now, hasher, pin_hasher).created
    rows = {db.get(Inmate, h.inmate_id).inmate_number: h for h in db.scalars(select(Handover))}
    assert set(rows) == {"HA2004", "H1001"}
    assert rows["HA2004"].receipt_person == "Linn Haugland"
    assert rows["H1001"].receipt_on is None
    assert db.scalar(select(func.count()).select_from(Disclosure).where(
        Disclosure.kind == "release_handover")) == 2
    assert db.scalar(select(func.count()).select_from(ReleaseAppointment)) == 3
    users = {u.username: u for u in db.scalars(select(StaffUser))}
    demo_handover.load(db, now, users)  # again: nothing more
    assert db.scalar(select(func.count()).select_from(Disclosure).where(
        Disclosure.kind == "release_handover")) == 2
