"""The queue in pages: the order is over every matching request, the same as working out
every request's clocks in full (core.services.request_clocks.clocks_of) and sorting them."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st
from core.clock import OSLO
from core.models import Inmate, Status
from core.services import queue, request_clocks, requests, sla
from core.services.checklist import raised_inmates
from core.services.permissions import prison_scope


def _file(db, clock, world, key="a", topic="dagpenger"):
    return requests.file(db, clock.now(), db.get(Inmate, world.inmates[key].id),
                         requests.Draft(topic=topic))


def _by_full_clocks(db, now, adviser, filters):
    """The queue's order the slow way: every request's clocks in full, then sorted."""
    items = list(db.scalars(queue._filtered(queue._readable(adviser), filters, now)))
    found = request_clocks.clocks_of(db, items, now)
    raised = raised_inmates(db, now.astimezone(OSLO).date(), prison_scope(adviser))
    rows = [queue.QueueRow(r, found[r.id], raised.get(r.inmate_id, 0)) for r in items]
    if filters.late_only:
        rows = [r for r in rows if r.clock.breached and not r.clock.met]
    far = datetime.max.replace(tzinfo=timezone.utc)
    rows.sort(key=lambda r: (not r.raised, r.clock.met, r.clock.deadline or far,
                             r.request.created_at, r.request.id))
    return [r.request.id for r in rows]


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


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)),
       st.integers(min_value=1, max_value=15))
def test_a_deadline_without_pauses_depends_only_on_the_filing_day(start, days):
    start = start.replace(tzinfo=timezone.utc)
    assert sla.unpaused_deadline(start, days) == sla.deadline(start, days)
