"""The clock that matters now, kept on the request row (request_clocks.keep): after every
change a request can go through, the stored deadline, pause and met are what the full
computation from its history gives, and the guard every test runs under
(tests/support/clock_guard.py) notices a change that forgets them."""
from datetime import timedelta

import pytest

from core.models import Request, RequestEvent, Status
from core.services.requests import clocks as request_clocks, filing as requests, several
from tests.core.services.requests.test_requests import _file, _inmate


def _assert_kept(db, request, now):
    """The stored columns are the full computation, and say what Clocks says."""
    db.flush()
    db.expire(request)  # read back what the database holds
    stored = request_clocks.kept(request)
    assert stored == request_clocks.current_of(request, request_clocks.pauses(db, request))
    full = request_clocks.clocks(db, request, now)
    matters = full.first_response if not full.first_response.met else full.resolution
    assert (stored.deadline, stored.paused, stored.met) == \
        (matters.deadline, matters.paused, matters.met)
    assert request_clocks.stored_state(request, now) == matters
    return stored


def _reach(db, clock, world, status: Status) -> Request:
    """A request filed a while ago, and brought to ``status`` by staff."""
    request = _file(db, clock, world)
    clock.advance(hours=5)
    if status != Status.RECEIVED:
        requests.set_status(db, clock.now(), world.staff["adviser"], request, status)
    clock.advance(days=1, hours=3)
    return request


CHANGES = [(before, after) for before, targets in requests.TRANSITIONS.items()
           for after in sorted(targets, key=lambda s: s.value)]


@pytest.mark.parametrize("before, after", CHANGES, ids=lambda s: s.value)
def test_every_status_change_keeps_the_stored_clock(db, clock, world, before, after):
    request = _reach(db, clock, world, before)
    _assert_kept(db, request, clock.now())
    requests.set_status(db, clock.now(), world.staff["adviser"], request, after,
                        "Begrunnelse")
    stored = _assert_kept(db, request, clock.now())
    assert stored.paused == (after == Status.WAITING_FOR_INMATE)
    clock.advance(days=2)
    _assert_kept(db, request, clock.now())


def test_every_change_by_staff_and_inmate_keeps_the_stored_clock(db, clock, world):
    adviser = world.staff["adviser"]
    request = _file(db, clock, world)
    first = _assert_kept(db, request, clock.now())
    assert not first.paused and not first.met and first.deadline > clock.now()
    clock.advance(hours=3)
    requests.set_status(db, clock.now(), adviser, request, Status.WAITING_FOR_INMATE)
    assert _assert_kept(db, request, clock.now()).deadline is None  # paused
    clock.advance(days=3)
    requests.inmate_reply(db, clock.now(), _inmate(db, world), request.id, "Her er svaret")
    resumed = _assert_kept(db, request, clock.now())
    assert resumed.deadline > first.deadline  # the wait does not count
    clock.advance(hours=2)
    # A reply that leaves the status as it is still gives the first response.
    requests.reply(db, clock.now(), adviser, request, "Svar", Status.IN_PROGRESS)
    assert request.status == Status.IN_PROGRESS.value and request.first_response_at
    resolution = _assert_kept(db, request, clock.now())
    assert resolution.deadline > resumed.deadline  # now the resolution's, 10 days
    requests.add_note(db, clock.now(), adviser, request, "Notat")
    requests.assign(db, clock.now(), adviser, request, adviser, "Min")
    assert _assert_kept(db, request, clock.now()) == resolution
    clock.advance(days=1)
    requests.set_status(db, clock.now(), adviser, request, Status.WAITING_FOR_INMATE)
    requests.reply(db, clock.now() + timedelta(hours=1), adviser, request, "Mer",
                   Status.ANSWERED)
    _assert_kept(db, request, clock.now())
    done, skipped = several.bulk(db, clock.now(), adviser, [request.id], "close", "Ferdig")
    assert (done, skipped) == (1, 0)
    closed = _assert_kept(db, request, clock.now())
    assert closed.met and not closed.paused
    cancelled = _file(db, clock, world)
    requests.set_status(db, clock.now(), adviser, cancelled, Status.WAITING_FOR_INMATE)
    clock.advance(days=1)
    requests.cancel(db, clock.now(), _inmate(db, world), cancelled.id)
    # Cancelled before any answer: the first response's clock, unpaused again, not met.
    stored = _assert_kept(db, cancelled, clock.now())
    assert not stored.paused and not stored.met and stored.deadline is not None


def test_the_guard_finds_a_change_that_forgets_the_stored_clock(db, clock, world,
                                                                clock_guard):
    request = _file(db, clock, world)
    clock.advance(hours=1)
    # A status change as a new code path might write it, without request_clocks.keep.
    db.add(RequestEvent(request_id=request.id, at=clock.now(), actor_type="staff",
                        actor_id=None, kind="status", from_status=request.status,
                        to_status=Status.WAITING_FOR_INMATE.value))
    request.status = Status.WAITING_FOR_INMATE.value
    clock_guard.check(db)
    assert len(clock_guard.problems) == 1 and f"request {request.id} " in \
        clock_guard.problems[0] and "keep was not called" in clock_guard.problems[0]
    clock_guard.problems.clear()
    request_clocks.keep(db, request)  # what the code path should have done
    clock_guard.check(db)
    assert clock_guard.problems == []
