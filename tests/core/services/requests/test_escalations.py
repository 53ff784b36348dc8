"""`sla tick`: broken promises are marked once and raised to the prison's lead."""
from datetime import timedelta

from sqlalchemy import func, select

from core.models import Escalation, Inmate, RequestEvent, Status
from core.services.requests import escalations, filing as requests, routing


def _file(db, clock, world, key="a", topic="dagpenger"):
    return requests.file(db, clock.now(), db.get(Inmate, world.inmates[key].id),
                         requests.Draft(topic=topic))


def test_a_late_first_response_is_marked_once_and_raised_to_the_lead(db, clock, world):
    routing.set_lead(db, clock.now(), world.staff["prison_admin"], world.prison.id,
                     world.staff["adviser"])
    request = _file(db, clock, world)  # Monday 2 March: due by the end of Wednesday
    assert escalations.tick(db, clock.now() + timedelta(days=2)).escalated == 0
    later = clock.now() + timedelta(days=3)
    result = escalations.tick(db, later)
    assert (result.checked, result.first_response, result.resolution) == (1, 1, 0)
    assert request.first_response_breached_at == later
    escalation = db.scalar(select(Escalation))
    assert (escalation.clock, escalation.lead_id) == ("first_response", world.staff["adviser"].id)
    assert escalations.tick(db, later + timedelta(hours=1)).escalated == 0
    assert db.scalar(select(func.count()).select_from(Escalation)) == 1
    breach = db.scalar(select(RequestEvent).where(RequestEvent.kind == "breach"))
    assert breach is not None and not breach.visible_to_inmate
    raised = escalations.for_lead(db, world.staff["adviser"])
    assert [(r.request.id, r.readable) for r in raised] == [(request.id, True)]
    assert escalations.for_lead(db, world.staff["social_worker"]) == []


def test_a_lead_who_may_not_read_the_request_sees_the_reference_only(db, clock, world):
    routing.set_lead(db, clock.now(), world.staff["prison_admin"], world.prison.id,
                     world.staff["prison_admin"])
    _file(db, clock, world)
    escalations.tick(db, clock.now() + timedelta(days=10))
    raised = escalations.for_lead(db, world.staff["prison_admin"])
    assert raised and not any(r.readable for r in raised)


def test_waiting_for_the_inmate_and_closed_requests_are_not_escalated(db, clock, world):
    adviser = world.staff["adviser"]
    waiting = _file(db, clock, world)
    requests.set_status(db, clock.now(), adviser, waiting, Status.WAITING_FOR_INMATE)
    closed = _file(db, clock, world)
    requests.set_status(db, clock.now(), adviser, closed, Status.CLOSED)
    result = escalations.tick(db, clock.now() + timedelta(days=30))
    assert (result.checked, result.escalated) == (1, 0)


def test_resolution_breach_after_a_timely_answer_without_a_lead(db, clock, world):
    request = _file(db, clock, world)
    requests.reply(db, clock.now() + timedelta(hours=2), world.staff["adviser"], request,
                   "Vi ser på det", Status.IN_PROGRESS)
    result = escalations.tick(db, clock.now() + timedelta(days=20))
    assert (result.first_response, result.resolution) == (0, 1)
    assert request.resolution_breached_at is not None
    assert db.scalar(select(Escalation.lead_id)) is None


def test_a_late_first_answer_is_still_marked(db, clock, world):
    request = _file(db, clock, world)
    requests.reply(db, clock.now() + timedelta(days=5), world.staff["adviser"], request,
                   "Beklager at det tok tid", Status.IN_PROGRESS)
    result = escalations.tick(db, clock.now() + timedelta(days=5, hours=1))
    assert result.first_response == 1 and request.first_response_breached_at is not None
