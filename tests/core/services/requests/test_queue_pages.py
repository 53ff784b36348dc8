"""The queue in pages: the order is over every matching request, the same as working out
every request's clocks in full (core.services.requests.clocks.clocks_of) and sorting them."""
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
import random

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import select

from core.clock import OSLO
from core.models import OPEN_STATUSES, AuditEvent, Inmate, Status
from core.services.requests import clocks as request_clocks, filing as requests, queue, sla
from core.services.release.plan_lists import raised_inmates
from core.services.permissions import prison_scope


def _file(db, clock, world, key="a", topic="dagpenger"):
    return requests.file(db, clock.now(), db.get(Inmate, world.inmates[key].id),
                         requests.Draft(topic=topic))


def matters(clocks):
    """The clock that matters now: the first response until it is given, then the
    resolution."""
    return clocks.first_response if not clocks.first_response.met else clocks.resolution


def _by_full_clocks(db, now, adviser, filters):
    """The queue's order the slow way: every request's clocks in full from its history
    (never the columns request_clocks.keep stores), then sorted in Python."""
    items = list(db.scalars(queue._filtered(queue._readable(adviser),
                                            replace(filters, late_only=False), now)))
    found = request_clocks.clocks_of(db, items, now)
    raised = raised_inmates(db, now.astimezone(OSLO).date(), prison_scope(adviser))

    rows = [(r, matters(found[r.id]), raised.get(r.inmate_id, 0)) for r in items]
    if filters.late_only:
        rows = [row for row in rows if row[1].breached and not row[1].met]
    far = datetime.max.replace(tzinfo=timezone.utc)
    rows.sort(key=lambda row: (not row[2], row[1].met, row[1].deadline or far,
                               row[0].created_at, row[0].id))
    return [r.id for r, _clock, _raised in rows]


def _mixed_queue(db, clock, world):
    """Requests in every state that orders differently: answered, waiting for the inmate
    (paused), back from waiting (a closed pause), closed, late, and a raised inmate's."""
    adviser = world.staff["adviser"]
    made = []
    for day in range(12):
        made.append(_file(db, clock, world, key="a2" if day % 3 else "a"))
        clock.advance(hours=7 + day)
    requests.reply(db, clock.now(), adviser, made[0], "Svar", Status.IN_PROGRESS)
    requests.set_status(db, clock.now(), adviser, made[1], Status.WAITING_FOR_INMATE)
    requests.set_status(db, clock.now(), adviser, made[2], Status.WAITING_FOR_INMATE)
    clock.advance(days=2)
    requests.set_status(db, clock.now(), adviser, made[2], Status.IN_PROGRESS)
    requests.set_status(db, clock.now(), adviser, made[3], Status.CLOSED, "Ferdig")
    requests.reply(db, clock.now(), adviser, made[4], "Svar", Status.ANSWERED)
    clock.advance(days=3)
    return adviser, made


def test_pages_follow_the_full_order_over_every_request(db, clock, world):
    adviser, made = _mixed_queue(db, clock, world)
    now = clock.now()
    for filters in (queue.Filters(), queue.Filters(status=""), queue.Filters(late_only=True),
                    queue.Filters(waiting_on="staff")):
        expected = _by_full_clocks(db, now, adviser, filters)
        assert len(expected) > 5  # more than one page
        paged = []
        for number in range(1, 20):
            page = queue.queue_page(db, now, adviser, filters, page=number, per_page=5)
            assert page.total == len(expected) and page.page == min(number, page.pages)
            if number > page.pages:
                break
            paged += [r.request.id for r in page.rows]
        assert paged == expected, filters
        assert [r.request.id for r in queue.queue(db, now, adviser, filters)] == expected


def test_raised_inmates_come_first_on_the_first_page(db, clock, world):
    adviser, made = _mixed_queue(db, clock, world)
    inmate = db.get(Inmate, world.inmates["a"].id)
    inmate.expected_release = clock.now().date() + timedelta(days=10)
    page = queue.queue_page(db, clock.now(), adviser, page=1, per_page=3)
    assert all(r.raised for r in page.rows)
    assert _by_full_clocks(db, clock.now(), adviser, queue.Filters())[:3] == \
        [r.request.id for r in page.rows]


def test_a_page_past_the_last_shows_the_last_and_is_audited(db, clock, world):
    adviser, made = _mixed_queue(db, clock, world)
    page = queue.queue_page(db, clock.now(), adviser, page=99, per_page=5)
    assert page.page == page.pages == 3 and page.first == 11 and page.last == page.total == 11
    empty = queue.queue_page(db, clock.now(), adviser, queue.Filters(topic="housing"), page=2)
    assert (empty.rows, empty.total, empty.page, empty.pages, empty.first) == ([], 0, 1, 1, 0)


def _random_history(db, clock, world, rng):
    """Requests filed over some weeks, each step a change the services make: staff set a
    status, reply (perhaps asking the inmate), the inmate replies or cancels."""
    adviser = world.staff["adviser"]
    left_alone = _file(db, clock, world)  # never answered: late by the end
    made = []
    for _step in range(70):
        open_ = [r for r in made if Status(r.status) in OPEN_STATUSES]
        action = rng.random()
        if action < 0.3 or not open_:
            made.append(_file(db, clock, world, key=rng.choice(("a", "a2"))))
        else:
            request = rng.choice(open_)
            inmate = db.get(Inmate, request.inmate_id)
            if action < 0.55:
                targets = sorted(requests.TRANSITIONS[Status(request.status)],
                                 key=lambda s: s.value)
                requests.set_status(db, clock.now(), adviser, request, rng.choice(targets),
                                    "Begrunnelse")
            elif action < 0.75:
                requests.reply(db, clock.now(), adviser, request, "Svar", rng.choice(
                    (Status.ANSWERED, Status.IN_PROGRESS, Status.WAITING_FOR_INMATE)))
            elif action < 0.92:
                requests.inmate_reply(db, clock.now(), inmate, request.id, "Svar fra meg")
            else:
                requests.cancel(db, clock.now(), inmate, request.id)
        clock.advance(hours=rng.randrange(1, 30), minutes=rng.randrange(60))
    # And, at the end, one of each kind whatever the steps did: waiting for the inmate
    # (paused), answered and closed (met), and filed just now (running, on time).
    waiting, closed = _file(db, clock, world), _file(db, clock, world, key="a2")
    requests.set_status(db, clock.now(), adviser, waiting, Status.WAITING_FOR_INMATE)
    requests.reply(db, clock.now(), adviser, closed, "Svar")
    requests.set_status(db, clock.now(), adviser, closed, Status.CLOSED)
    clock.advance(hours=1)
    return [left_alone, *made, waiting, closed, _file(db, clock, world)]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_histories_page_in_the_full_order(db, clock, world, seed):
    """The order, the late filter and the pages in SQL (the stored clocks) against the full
    clocks from every request's history, after random histories."""
    rng = random.Random(seed)
    adviser = world.staff["adviser"]
    _random_history(db, clock, world, rng)
    if seed % 2:  # inmate a is released soon with the release plan open: raised
        db.get(Inmate, world.inmates["a"].id).expected_release = \
            clock.now().date() + timedelta(days=12)
    for later in (timedelta(0), timedelta(days=rng.randrange(1, 6))):
        now = clock.now() + later
        for filters in (queue.Filters(), queue.Filters(status=""),
                        queue.Filters(late_only=True), queue.Filters(status="", late_only=True),
                        queue.Filters(waiting_on="inmate"), queue.Filters(status="closed")):
            expected = _by_full_clocks(db, now, adviser, filters)
            paged, number = [], 1
            while True:
                page = queue.queue_page(db, now, adviser, filters, page=number, per_page=4)
                assert page.total == len(expected)
                paged += [r.request.id for r in page.rows]
                if number >= page.pages:
                    break
                number += 1
            assert paged == expected, (seed, later, filters)
    # The histories reached every kind of clock the order tells apart.
    items = list(db.scalars(queue._readable(adviser)))
    states = [matters(c) for c in request_clocks.clocks_of(db, items, clock.now()).values()]
    assert any(c.paused for c in states) and any(c.met for c in states)
    assert any(c.breached and not c.met for c in states)
    assert any(not c.breached and not c.met and not c.paused for c in states)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
       st.integers(min_value=1, max_value=15))
def test_a_deadline_without_pauses_depends_only_on_the_filing_day(start, days):
    start = start.replace(tzinfo=timezone.utc)
    assert sla.unpaused_deadline(start, days) == sla.deadline(start, days)


def test_the_chosen_requests_are_the_open_readable_ones_in_the_queue_order(db, clock, world):
    """Working on several at once confirms only what the person may work on."""
    adviser = world.staff["adviser"]
    made = []
    for _ in range(3):
        made.append(_file(db, clock, world))
        clock.advance(hours=1)
    other_prison = _file(db, clock, world, key="b")
    requests.set_status(db, clock.now(), adviser, made[1], Status.CLOSED)
    rows = queue.chosen(db, clock.now(), adviser,
                        [made[2].id, made[1].id, made[0].id, other_prison.id, 999_999])
    assert [r.request.id for r in rows] == [made[0].id, made[2].id]
    assert queue.chosen(db, clock.now(), adviser, []) == []
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "request.queue")
                        .order_by(AuditEvent.id)).all()
    assert [json.loads(e.detail)["count"] for e in events] == [2, 0]
