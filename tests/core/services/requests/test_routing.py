"""Routing: the team per topic and prison, automatic assignment, the promise at filing."""
from datetime import date, time

import pytest

from core.models import Inmate, OfficeHours, Role, StaffUser
from core.services.requests import filing as requests, routing
from core.services.errors import ServiceError
from core.services.people.staff import StaffData, create as create_staff
from tests.support.world import PASSWORD


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _file(db, clock, world, topic="dagpenger", key="a", **draft):
    return requests.file(db, clock.now(), _inmate(db, world, key),
                         requests.Draft(topic=topic, **draft))


def _adviser(db, clock, world, hasher, username, prison=None):
    return create_staff(db, clock.now(), None, StaffData(
        username, username.title(), {Role.ADVISER}, {(prison or world.prison).id}),
        PASSWORD, hasher)


def _rule(db, clock, world, topic="dagpenger", **changes):
    route = routing.Route(**{"team": Role.ADVISER, **changes})
    routing.save_rule(db, clock.now(), world.staff["prison_admin"], world.prison.id, topic, route)


def test_without_a_rule_a_topic_goes_to_its_usual_team_with_the_standard_promise(db, clock, world):
    request = _file(db, clock, world)
    assert (request.team, request.first_response_days, request.resolution_days) == (
        "adviser", 2, 10)
    assert request.assignee_id is None
    assert _file(db, clock, world, topic="housing").team == "social_worker"
    assert _file(db, clock, world, topic="followup_class").team == "school"


def test_a_rule_routes_the_topic_to_another_team_in_that_prison_only(db, clock, world):
    # A prison without NAV on site: social workers help with the meldekort.
    _rule(db, clock, world, team=Role.SOCIAL_WORKER, first_response_days=1, resolution_days=5)
    here = _file(db, clock, world)
    elsewhere = _file(db, clock, world, key="b")
    assert (here.team, here.first_response_days, here.resolution_days) == ("social_worker", 1, 5)
    assert elsewhere.team == "adviser"
    assert requests.staff_may_read(world.staff["social_worker"], here)
    assert not requests.staff_may_read(world.staff["adviser"], here)


def test_changing_a_rule_keeps_the_promise_already_made(db, clock, world):
    before = _file(db, clock, world)
    _rule(db, clock, world, first_response_days=5, resolution_days=20)
    assert (before.first_response_days, _file(db, clock, world).first_response_days) == (2, 5)


@pytest.mark.parametrize("changes, code", [
    ({"team": Role.OFFICER}, "team_unknown"),
    ({"assign_by": "random"}, "assign_by_unknown"),
    ({"first_response_days": 0}, "days_range"),
    ({"resolution_days": 61}, "days_range"),
    ({"first_response_days": 5, "resolution_days": 3}, "resolution_before_first"),
])
def test_bad_rules_are_refused(db, clock, world, changes, code):
    with pytest.raises(ServiceError) as error:
        _rule(db, clock, world, **changes)
    assert error.value.code == code
    with pytest.raises(ServiceError, match="topic_unknown"):
        _rule(db, clock, world, topic="health")


def test_assignment_by_home_municipality_then_county(db, clock, world, hasher):
    oslo = _adviser(db, clock, world, hasher, "oslo")
    agder = _adviser(db, clock, world, hasher, "agder")
    admin = world.staff["prison_admin"]
    routing.set_coverage(db, clock.now(), admin, oslo, {"0301"}, set())
    routing.set_coverage(db, clock.now(), admin, agder, {"03"}, set())  # the county of Oslo
    _rule(db, clock, world, assign_by="municipality")
    assert _file(db, clock, world).assignee_id == oslo.id  # inmates of the world live in 0301
    _rule(db, clock, world, assign_by="region")
    assert _file(db, clock, world).assignee_id == agder.id
    history = requests.history(db, _file(db, clock, world), for_inmate=False)
    assert [e.kind for e in history] == ["filed", "assign"]
    assert history[-1].details["rule"] == "region"


def test_assignment_by_language_falls_back_to_the_queue(db, clock, world, hasher):
    polish = _adviser(db, clock, world, hasher, "polski")
    routing.set_coverage(db, clock.now(), world.staff["prison_admin"], polish, set(), {"pl"})
    _rule(db, clock, world, assign_by="language")
    assert _file(db, clock, world, language="pl").assignee_id == polish.id
    assert _file(db, clock, world, language="ar").assignee_id is None


def test_least_loaded_adviser_present_today(db, clock, world, hasher):
    monday, tuesday = clock.now().date(), date(2026, 3, 3)  # the world's clock: Monday
    present = _adviser(db, clock, world, hasher, "present")
    busy = _adviser(db, clock, world, hasher, "busy")
    away = _adviser(db, clock, world, hasher, "away")
    for who, day in ((present, monday), (busy, monday), (away, tuesday)):
        db.add(OfficeHours(staff_id=who.id, prison_id=world.prison.id, weekday=day.weekday(),
                           starts=time(9), ends=time(15), slot_minutes=30, room="Rom 1",
                           valid_from=date(2026, 1, 1), created_at=clock.now()))
    db.flush()
    _rule(db, clock, world, assign_by="least_loaded")
    first = _file(db, clock, world)
    assert first.assignee_id in (present.id, busy.id)
    second = _file(db, clock, world)
    assert {first.assignee_id, second.assignee_id} == {present.id, busy.id}
    assert away.id not in {first.assignee_id, second.assignee_id}


def test_an_inactive_person_or_another_prison_is_never_assigned(db, clock, world, hasher):
    gone = _adviser(db, clock, world, hasher, "gone")
    other = _adviser(db, clock, world, hasher, "other", prison=world.other_prison)
    for who in (gone, other):
        routing.set_coverage(db, clock.now(), world.staff["system_admin"], who, {"0301"}, set())
    gone.active = False
    _rule(db, clock, world, assign_by="municipality")
    assert _file(db, clock, world).assignee_id is None


def test_a_transfer_routes_by_the_new_prisons_rules(db, clock, world, hasher):
    from core.services.people import inmates as inmate_service

    request = _file(db, clock, world)
    routing.save_rule(db, clock.now(), world.staff["system_admin"], world.other_prison.id,
                      "dagpenger", routing.Route(Role.SOCIAL_WORKER))
    inmate = _inmate(db, world)
    inmate_service.update(db, clock.now(), world.staff["system_admin"], inmate,
                          inmate_service.InmateData(
                              inmate_number=inmate.inmate_number, name=inmate.name,
                              prison_id=world.other_prison.id, unit_id=None,
                              municipality_number="0301", language="nb", expected_release=None))
    assert (request.prison_id, request.team) == (world.other_prison.id, "social_worker")
    assert request.first_response_days == 2


def test_the_lead_must_serve_the_prison(db, clock, world):
    admin = world.staff["prison_admin"]
    with pytest.raises(ServiceError, match="lead_not_here"):
        routing.set_lead(db, clock.now(), admin, world.prison.id, world.staff["other_officer"])
    routing.set_lead(db, clock.now(), admin, world.prison.id, world.staff["adviser"])
    assert routing.lead_of(db, world.prison.id).id == world.staff["adviser"].id
    routing.set_lead(db, clock.now(), admin, world.prison.id, None)
    assert routing.lead_of(db, world.prison.id) is None


def test_coverage_accepts_known_numbers_only(db, clock, world):
    user = db.get(StaffUser, world.staff["adviser"].id)
    admin = world.staff["prison_admin"]
    with pytest.raises(ServiceError, match="area_unknown"):
        routing.set_coverage(db, clock.now(), admin, user, {"9999"}, set())
    with pytest.raises(ServiceError, match="language_unknown"):
        routing.set_coverage(db, clock.now(), admin, user, set(), {"xx"})
    routing.set_coverage(db, clock.now(), admin, user, {"0301", "46"}, {"en", "pl"})
    assert (routing.areas_of(db, user.id), routing.languages_of(db, user.id)) == (
        ["0301", "46"], ["en", "pl"])
