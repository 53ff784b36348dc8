"""Work shops (issue 16): administrators create them and choose their staff; work-shop
staff see only their own shops' inmates and attendance, never requests or forms."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, Role, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can, allowed
from core.services.people import inmates, staff as staff_service
from core.services.requests import filing as requests
from core.services.work_shop import shops
from tests.support import work_shop as seed
from tests.support.world import PASSWORD


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def test_an_administrator_creates_a_shop_and_chooses_its_staff(db, clock, world):
    made = seed.shop(db, clock.now(), world)
    assert [u.username for u in shops.staff_of(db, made)] == ["work-shop"]
    assert shops.visible(db, _staff(db, world, "work_shop")) == [made]
    assert shops.visible(db, _staff(db, world, "prison_admin")) == [made]
    assert shops.visible(db, _staff(db, world, "other_prison_admin")) == []
    with pytest.raises(ServiceError) as error:
        shops.create(db, clock.now(), _staff(db, world, "prison_admin"), world.prison.id,
                     "Snekkerverkstedet")
    assert error.value.code == "work_shop_exists"
    with pytest.raises(ServiceError):  # another prison
        shops.create(db, clock.now(), _staff(db, world, "prison_admin"),
                     world.other_prison.id, "Trykkeriet")
    with pytest.raises(ServiceError):  # not an administrator
        shops.create(db, clock.now(), _staff(db, world, "work_shop"), world.prison.id, "X")
    with pytest.raises(ServiceError) as error:  # only work-shop staff run a shop
        shops.set_staff(db, clock.now(), _staff(db, world, "prison_admin"), made,
                        _staff(db, world, "adviser"), True)
    assert error.value.code == "not_work_shop_staff"


def test_work_shop_staff_see_only_the_inmates_of_their_own_shop(db, clock, world, hasher):
    made = seed.shop(db, clock.now(), world, "a")
    worker = _staff(db, world, "work_shop")
    assert shops.inmate_for(db, clock.now(), worker, world.inmates["a"].id).inmate_number == "A100"
    for other in ("a2", "b"):
        with pytest.raises(NotFound):
            shops.inmate_for(db, clock.now(), worker, world.inmates[other].id)
    # A colleague who does not run this shop sees none of it.
    colleague = staff_service.create(db, clock.now(), None, staff_service.StaffData(
        "colleague", "Colleague", {Role.WORK_SHOP}, {world.prison.id}), PASSWORD, hasher)
    with pytest.raises(NotFound):
        shops.get(db, colleague, made.id)
    with pytest.raises(NotFound):
        shops.inmate_for(db, clock.now(), colleague, world.inmates["a"].id)
    # Never requests: the role has no capability to read them, nor the inmate list.
    for capability in (Can.READ_REQUESTS, Can.RECEIVE_FORMS, Can.VIEW_INMATES,
                       Can.VIEW_TIMELINE, Can.COUNTERSIGN):
        assert not allowed(worker, capability)
    item = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                         requests.Draft(topic="dagpenger"))
    assert not requests.staff_may_read(worker, item)


def test_members_join_one_shop_at_a_time_and_leave(db, clock, world):
    first = seed.shop(db, clock.now(), world, "a")
    second = seed.shop(db, clock.now(), world, "a2", name="Vaskeriet")
    worker = _staff(db, world, "work_shop")
    shops.add_member(db, clock.now(), worker, second, "a100")  # the shop's own staff
    assert [m.inmate.inmate_number for m in shops.members(db, first)] == []
    assert [m.inmate.inmate_number for m in shops.members(db, second)] == ["A100", "A200"]
    with pytest.raises(ServiceError) as error:
        shops.add_member(db, clock.now(), worker, second, "A100")
    assert error.value.code == "already_member"
    with pytest.raises(ServiceError) as error:  # an inmate of another prison
        shops.add_member(db, clock.now(), worker, second, "B100")
    assert error.value.code == "inmate_not_in_prison"
    member = shops.members(db, second)[0]
    shops.end_member(db, clock.now(), worker, second, member.id)
    assert [m.inmate.inmate_number for m in shops.members(db, second)] == ["A200"]
    with pytest.raises(NotFound):
        shops.inmate_for(db, clock.now(), worker, world.inmates["a"].id)


def test_attendance_is_recorded_per_day_and_counted_for_the_shops_staff_only(db, clock, world):
    made = seed.shop(db, clock.now(), world, "a", "a2")
    worker = _staff(db, world, "work_shop")
    today = clock.now().date()
    a, a2 = world.inmates["a"].id, world.inmates["a2"].id
    assert shops.record_attendance(db, clock.now(), worker, made, today,
                                   {a: "present", a2: "absent"}) == 2
    shops.record_attendance(db, clock.now(), worker, made, today, {a2: "late"})  # corrected
    shops.record_attendance(db, clock.now(), worker, made, today - timedelta(days=1),
                            {a: "late"})
    assert shops.day_marks(db, worker, made, today) == {a: "present", a2: "late"}
    summary, days = shops.attendance_of(db, worker, db.get(Inmate, a), today)
    assert (summary.present, summary.late, summary.absent, len(days)) == (1, 1, 0, 2)
    # The administrator manages the shop but does not read attendance.
    admin = _staff(db, world, "prison_admin")
    assert shops.day_marks(db, admin, made, today) == {}
    assert shops.attendance_of(db, admin, db.get(Inmate, a), today) is None
    with pytest.raises(NotFound):
        shops.record_attendance(db, clock.now(), admin, made, today, {a: "present"})
    for marks, code in (({a: "asleep"}, "attendance_unknown"),
                        ({world.inmates["b"].id: "present"}, "not_a_member")):
        with pytest.raises(ServiceError) as error:
            shops.record_attendance(db, clock.now(), worker, made, today, marks)
        assert error.value.code == code
    with pytest.raises(ServiceError) as error:
        shops.record_attendance(db, clock.now(), worker, made, today + timedelta(days=1),
                                {a: "present"})
    assert error.value.code == "attendance_in_future"
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"work_shop.create", "work_shop.member_add", "work_shop.attendance"} <= actions


def test_a_transfer_ends_the_place_and_the_work_shop_sees_the_inmate_no_more(db, clock, world):
    made = seed.shop(db, clock.now(), world, "a")
    worker = _staff(db, world, "work_shop")
    inmate = db.get(Inmate, world.inmates["a"].id)
    system_admin = _staff(db, world, "system_admin")
    inmates.update(db, clock.now(), system_admin, inmate, inmates.InmateData(
        inmate_number=inmate.inmate_number, name=inmate.name,
        prison_id=world.other_prison.id, unit_id=None, municipality_number="0301",
        language="nb", expected_release=inmate.expected_release))
    assert shops.members(db, made) == []
    with pytest.raises(NotFound):
        shops.inmate_for(db, clock.now(), worker, inmate.id)


def test_the_work_shop_page_is_only_for_the_staff_of_the_inmates_work_shop(db, clock, world,
                                                                         hasher):
    """Found by the hostile-input walk: a reader with the work-shop role and another role
    that sees every inmate got the page of an inmate no longer in their shop."""
    made = seed.shop(db, clock.now(), world, "a")
    both = staff_service.create(db, clock.now(), None, staff_service.StaffData(
        "both", "Both", {Role.WORK_SHOP, Role.ADVISER}, {world.prison.id}), PASSWORD, hasher)
    shops.set_staff(db, clock.now(), _staff(db, world, "prison_admin"), made, both, True)
    shops.inmate_for(db, clock.now(), both, world.inmates["a"].id)
    shops.end_member(db, clock.now(), both, made, shops.members(db, made)[0].id)
    with pytest.raises(NotFound):
        shops.inmate_for(db, clock.now(), both, world.inmates["a"].id)
