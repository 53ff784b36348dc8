from datetime import datetime, timezone

from sqlalchemy import select

from core.demo import loader as demo
from core.models import (Disclosure, Inmate, Request, RequestParticipant, StaffUser, WorkShop,
                         WorkStatement)
from core.services.requests import access
from core.services.work_shop import shops


def test_the_demo_has_a_work_shop_statements_and_a_shared_case(db, hasher, pin_hasher):
    now = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert demo.load(db, now, hasher, pin_hasher).created
    shop = db.scalar(select(WorkShop))
    worker = db.scalar(select(StaffUser).where(StaffUser.username == "arbeidsdrift"))
    assert shops.visible(db, worker) == [shop]
    assert [m.inmate.inmate_number for m in shops.members(db, shop)] == [
        "H1005", "H1002", "H1001"]  # by name: Jonas, Kari, Ola
    statuses = dict(db.execute(select(Inmate.inmate_number, WorkStatement.status).join(
        Inmate, Inmate.id == WorkStatement.inmate_id)).all())
    assert statuses == {"H1002": "for_inmate", "H1005": "sent"}
    # The sent statement is a disclosure (the demo's hand-overs are others).
    assert db.scalar(select(Disclosure.inmate_id).where(Disclosure.kind == "statement")) == \
        db.scalar(select(Inmate.id).where(Inmate.inmate_number == "H1005"))
    row = db.scalar(select(RequestParticipant))
    adviser = db.scalar(select(StaffUser).where(StaffUser.username == "veileder"))
    housing = db.get(Request, row.request_id)
    assert (row.staff_id, housing.team) == (adviser.id, "social_worker")
    assert access.in_meeting(adviser, housing)
    assert not demo.load(db, now, hasher, pin_hasher).created
