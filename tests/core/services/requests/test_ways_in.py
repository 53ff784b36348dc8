"""Every way in (issue 16): requests registered by staff, forwarding, the printed reply."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import (AuditEvent, Inmate, Request, RequestEvent, RequestForward, Role,
                         StaffUser, Status)
from core.services.errors import NotFound, ServiceError
from core.services.people.staff import StaffData, create as create_staff
from core.services.requests import clocks, filing as requests, routing, sla, ways_in
from tests.support.world import PASSWORD


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, role):
    return db.get(StaffUser, world.staff[role].id)


def _log(db, clock, world, role="officer", channel="paper_note", topic="dagpenger", key="a",
         **draft):
    return ways_in.log(db, clock.now(), _staff(db, world, role), _inmate(db, world, key),
                       channel, requests.Draft(topic=topic, description="Trenger dagpenger",
                                               **draft))


# Registering ---------------------------------------------------------------------------------

def test_a_registered_request_is_routed_and_promised_like_the_inmates_own(db, clock, world):
    own = requests.file(db, clock.now(), _inmate(db, world),
                        requests.Draft(topic="dagpenger", description="Eget"))
    logged = _log(db, clock, world)
    for column in ("team", "prison_id", "first_response_days", "resolution_days", "status",
                   "clock_deadline"):
        assert getattr(logged, column) == getattr(own, column), column
    assert logged.channel == "paper_note"
    assert logged.logged_by_id == world.staff["officer"].id
    events = db.scalars(select(RequestEvent).where(RequestEvent.request_id == logged.id)).all()
    assert [(e.kind, e.actor_type, e.visible_to_inmate) for e in events] == [
        ("logged", "staff", True)]
    assert events[0].details == {"channel": "paper_note"}
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "request.log",
                                               AuditEvent.subject_id == logged.id))
    assert audit.actor_id == world.staff["officer"].id


def test_the_inmate_sees_it_and_answers_in_the_same_thread(db, clock, world):
    logged = _log(db, clock, world, role="adviser")
    inmate = _inmate(db, world)
    assert logged in requests.for_inmate(db, inmate)
    requests.reply(db, clock.now(), _staff(db, world, "adviser"), logged, "Vi ringer deg")
    requests.inmate_reply(db, clock.now(), inmate, logged.id, "Takk")
    assert [m.body for m in requests.inmate_thread(db, inmate, logged.id)] == [
        "Vi ringer deg", "Takk"]
    assert [e.kind for e in requests.history(db, logged, for_inmate=True)] == [
        "logged", "reply", "inmate_reply"]


@pytest.mark.parametrize("role", ["adviser", "social_worker", "school", "officer",
                                  "prison_admin"])
def test_these_roles_register_for_inmates_of_their_prison(db, clock, world, role):
    assert _log(db, clock, world, role=role).logged_by_id == world.staff[role].id


@pytest.mark.parametrize("role", ["trainer", "system_admin", "other_officer",
                                  "other_prison_admin"])
def test_others_cannot_register(db, clock, world, role):
    with pytest.raises(NotFound):
        _log(db, clock, world, role=role)


def test_an_officer_registers_a_paper_note_but_never_reads_it_afterwards(db, clock, world):
    officer = _staff(db, world, "officer")
    logged = _log(db, clock, world)
    assert not requests.staff_may_read(officer, logged)
    assert not ways_in.channel_shown(officer, logged)
    with pytest.raises(NotFound):
        requests.staff_request(db, clock.now(), officer, logged.id)
    assert ways_in.logged_request(db, officer, logged.id) is logged  # its reference, no text
    with pytest.raises(NotFound):  # nor one someone else registered
        ways_in.logged_request(db, officer, _log(db, clock, world, role="adviser").id)


def test_the_channel_is_shown_to_the_team_only(db, clock, world):
    logged = _log(db, clock, world)
    shown = {role: ways_in.channel_shown(_staff(db, world, role), logged)
             for role in ("adviser", "social_worker", "school", "officer", "trainer",
                          "prison_admin")}
    assert shown == {"adviser": True, "social_worker": False, "school": False,
                     "officer": False, "trainer": False, "prison_admin": False}


@pytest.mark.parametrize("channel, description, code", [
    ("email", "Hei", "channel_unknown"),
    ("paper_note", "   ", "text_required"),
])
def test_a_registration_needs_a_known_channel_and_a_text(db, clock, world, channel,
                                                         description, code):
    with pytest.raises(ServiceError) as error:
        ways_in.log(db, clock.now(), _staff(db, world, "officer"), _inmate(db, world), channel,
                    requests.Draft(topic="dagpenger", description=description))
    assert error.value.code == code


def test_every_channel_of_the_issue_is_there():
    assert set(ways_in.CHANNELS) == {"paper_note", "conversation", "phone", "health",
                                     "school", "work_shop", "home_nav", "probation"}


def test_the_inmate_is_found_by_number_only_in_the_staff_members_prisons(db, clock, world):
    officer = _staff(db, world, "officer")
    assert ways_in.find_inmate(db, officer, " a100 ").id == world.inmates["a"].id
    with pytest.raises(ServiceError) as error:
        ways_in.find_inmate(db, officer, "B100")
    assert error.value.code == "inmate_not_here"


# Forwarding ----------------------------------------------------------------------------------

def _forward(db, clock, world, request, team="social_worker", prison=None, reason="Bolig",
             role="adviser"):
    return ways_in.forward(db, clock.now(), _staff(db, world, role), request, team,
                           (prison or world.prison).id, reason)


def test_forwarding_moves_it_to_the_other_team_and_the_history_shows_both(db, clock, world):
    item = _log(db, clock, world, role="officer", topic="dagpenger")
    adviser = _staff(db, world, "adviser")
    requests.reply(db, clock.now(), adviser, item, "Dette er for sosialtjenesten")
    row = _forward(db, clock, world, item, reason="Sosialtjenesten hjelper med bolig.")
    assert (row.from_team, row.to_team) == ("adviser", "social_worker")
    assert item.team == "social_worker" and item.status == Status.RECEIVED.value
    assert not requests.staff_may_work(adviser, item)
    assert requests.staff_may_work(_staff(db, world, "social_worker"), item)
    event = requests.history(db, item, for_inmate=True)[-1]
    assert event.kind == "forwarded" and event.details["from_team"] == "adviser"
    assert event.details["to_team"] == "social_worker"
    assert event.details["reason"] == "Sosialtjenesten hjelper med bolig."
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == item.id)
                     .order_by(AuditEvent.id.desc())) == "request.forward"


def test_the_promise_starts_again_by_the_receiving_teams_rule(db, clock, world):
    routing.save_rule(db, clock.now(), _staff(db, world, "prison_admin"), world.prison.id,
                      "housing", routing.Route(Role.SOCIAL_WORKER, "none", 1, 5))
    item = requests.file(db, clock.now(), _inmate(db, world),
                         requests.Draft(topic="housing", description="Bolig"))
    routing.save_rule(db, clock.now(), _staff(db, world, "prison_admin"), world.prison.id,
                      "housing", routing.Route(Role.ADVISER, "none", 3, 12))
    # The rule now sends housing to the advisers, with 3 and 12 days.
    social_worker = _staff(db, world, "social_worker")
    requests.reply(db, clock.now(), social_worker, item, "Svar")
    clock.advance(days=9)
    later = clock.now()
    _forward(db, clock, world, item, team="adviser", role="social_worker")
    assert (item.first_response_days, item.resolution_days) == (3, 12)
    assert item.clock_started_at == later and item.first_response_at is None
    state = clocks.clocks(db, item, clock.now())
    assert state.first_response.deadline == sla.deadline(later, 3)
    assert state.resolution.deadline == sla.deadline(later, 12)
    assert not state.breached
    assert item.clock_deadline == sla.deadline(later, 3)  # the queue's column, kept


def test_without_the_teams_rule_the_defaults_apply(db, clock, world):
    routing.save_rule(db, clock.now(), _staff(db, world, "prison_admin"), world.prison.id,
                      "dagpenger", routing.Route(Role.ADVISER, "none", 1, 3))
    item = requests.file(db, clock.now(), _inmate(db, world),
                         requests.Draft(topic="dagpenger", description="x"))
    assert (item.first_response_days, item.resolution_days) == (1, 3)
    _forward(db, clock, world, item, team="school")
    assert (item.first_response_days, item.resolution_days) == (
        routing.DEFAULT_FIRST_RESPONSE_DAYS, routing.DEFAULT_RESOLUTION_DAYS)


def test_a_forward_to_a_team_that_does_not_serve_the_prison_is_refused(db, clock, world):
    item = _log(db, clock, world)
    school = _staff(db, world, "school")
    school.active = False  # nobody of the school serves prison A now
    db.flush()
    with pytest.raises(ServiceError) as error:
        _forward(db, clock, world, item, team="school")
    assert error.value.code == "team_not_serving"
    assert item.team == "adviser"
    assert not db.scalars(select(RequestForward)).all()


@pytest.mark.parametrize("team, prison, code", [
    ("adviser", None, "forward_same_team"),
    ("officer", None, "team_unknown"),
    ("nobody", None, "team_unknown"),
    ("adviser", "other", "team_unknown"),  # the inmate is not in prison B
])
def test_forwarding_only_to_another_team_of_the_prison(db, clock, world, team, prison, code):
    item = _log(db, clock, world)
    with pytest.raises(ServiceError) as error:
        _forward(db, clock, world, item, team=team,
                 prison=world.other_prison if prison else None)
    assert error.value.code == code


def test_a_reason_is_needed_and_only_the_team_forwards_an_open_request(db, clock, world):
    item = _log(db, clock, world)
    with pytest.raises(ServiceError) as error:
        _forward(db, clock, world, item, reason="  ")
    assert error.value.code == "reason_required"
    for role in ("social_worker", "officer", "prison_admin"):
        with pytest.raises(NotFound):
            _forward(db, clock, world, item, role=role)
    requests.set_status(db, clock.now(), _staff(db, world, "adviser"), item, Status.CLOSED)
    with pytest.raises(ServiceError) as error:
        _forward(db, clock, world, item)
    assert error.value.code == "request_closed"


def test_after_a_transfer_it_goes_to_a_team_of_the_new_prison(db, clock, world, hasher):
    item = _log(db, clock, world)
    inmate = _inmate(db, world)
    inmate.prison_id = world.other_prison.id  # moved; the request stayed behind
    db.flush()
    with pytest.raises(ServiceError) as error:  # nobody of the advisers serves prison B
        _forward(db, clock, world, item, team="adviser", prison=world.other_prison)
    assert error.value.code == "team_not_serving"
    there = create_staff(db, clock.now(), None, StaffData(
        "veileder-b", "Veileder B", {Role.ADVISER}, {world.other_prison.id}), PASSWORD, hasher)
    destinations = {(d.prison.id, d.team.value): d.serves
                    for d in ways_in.destinations(db, item)}
    assert destinations[(world.other_prison.id, "adviser")] is True
    assert destinations[(world.other_prison.id, "school")] is False
    assert (world.prison.id, "adviser") not in destinations
    row = _forward(db, clock, world, item, team="adviser", prison=world.other_prison,
                   reason="Du har flyttet.")
    assert (row.from_prison_id, row.to_prison_id) == (world.prison.id, world.other_prison.id)
    assert item.prison_id == world.other_prison.id
    assert requests.staff_may_work(there, item)
    assert not requests.staff_may_read(_staff(db, world, "adviser"), item)


# The printed reply ---------------------------------------------------------------------------

def test_the_printout_has_the_replies_never_the_notes_in_the_inmates_language(db, clock,
                                                                               world):
    item = _log(db, clock, world, role="adviser", language="en")
    adviser = _staff(db, world, "adviser")
    requests.add_note(db, clock.now(), adviser, item, "Internt: sjekk saken")
    requests.reply(db, clock.now(), adviser, item, "We will call you on Monday.")
    printout = ways_in.printout(db, clock.now(), adviser, item.id)
    assert printout.language == "en"
    assert [m.body for m in printout.messages] == ["We will call you on Monday."]
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == item.id)
                     .order_by(AuditEvent.id.desc())) == "request.print"
    for role in ("officer", "social_worker", "prison_admin"):
        with pytest.raises(NotFound):
            ways_in.printout(db, clock.now(), _staff(db, world, role), item.id)


@pytest.mark.parametrize("request_language, inmate_language, printed", [
    ("nb", "en", "nb"), ("en", "nb", "en"), ("pl", "en", "pl"), ("ar", "pl", "ar"),
    ("other", "so", "so"), ("other", "xx", "nb")])
def test_the_printout_language(db, world, request_language, inmate_language, printed):
    inmate = _inmate(db, world)
    inmate.language = inmate_language
    assert ways_in.print_language(inmate, Request(language=request_language)) == printed


def test_a_forward_is_counted_in_time_for_sla_tick(db, clock, world):
    """A broken promise marked before the forward does not stay marked: the new team's
    clock is a new promise."""
    from core.services.requests import escalations

    item = _log(db, clock, world)
    clock.advance(days=20)
    escalations.tick(db, clock.now())
    assert item.first_response_breached_at is not None
    _forward(db, clock, world, item)
    assert item.first_response_breached_at is None
    assert not clocks.clocks(db, item, clock.now() + timedelta(hours=1)).breached
