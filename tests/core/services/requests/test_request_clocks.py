"""A request's response-time clocks (core.services.requests.clocks): stopped by the first
reply, breached after the promised working days, paused while waiting for the inmate."""
from datetime import timedelta

from core.models import Status
from core.services.requests import clocks as request_clocks, filing as requests
from tests.core.services.requests.test_requests import _file, _inmate


def test_first_reply_stops_the_first_response_clock(db, clock, world):
    request = _file(db, clock, world)
    clock.advance(days=1)
    requests.reply(db, clock.now(), world.staff["adviser"], request, "Hei")
    assert request.first_response_at == clock.now() and request.status == "answered"
    state = request_clocks.first_response(db, request, clock.now() + timedelta(days=30))
    assert not state.breached


def test_unanswered_request_breaches_after_two_working_days(db, clock, world):
    request = _file(db, clock, world)  # Monday 2 March 2026, 10:00 Oslo
    assert not request_clocks.first_response(db, request, clock.now() + timedelta(days=2)).breached
    assert request_clocks.first_response(db, request, clock.now() + timedelta(days=3)).breached


def test_waiting_for_the_inmate_pauses_the_clock(db, clock, world):
    request = _file(db, clock, world)
    adviser = world.staff["adviser"]
    requests.set_status(db, clock.now(), adviser, request, Status.WAITING_FOR_INMATE)
    state = request_clocks.first_response(db, request, clock.now() + timedelta(days=20))
    assert state.paused and not state.breached
    clock.advance(days=7)
    requests.inmate_reply(db, clock.now(), _inmate(db, world), request.id, "Her er svaret")
    assert request.status == "in_progress"
    state = request_clocks.first_response(db, request, clock.now())
    assert not state.paused and state.deadline > clock.now()
