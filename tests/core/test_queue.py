"""The staff queue: filters, counts per filter, and what comes first."""
from datetime import date, timedelta

from core.models import Inmate, Status
from core.services import checklist, queue, request_clocks, requests


def _file(db, clock, world, key="a", topic="dagpenger", **draft):
    return requests.file(db, clock.now(), db.get(Inmate, world.inmates[key].id),
                         requests.Draft(topic=topic, **draft))


def _ids(rows):
    return [r.request.id for r in rows]


def test_waiting_on_and_unassigned_filters_with_their_counts(db, clock, world):
    adviser = world.staff["adviser"]
    ours = _file(db, clock, world)
    theirs = _file(db, clock, world)
    requests.set_status(db, clock.now(), adviser, theirs, Status.WAITING_FOR_INMATE)
    others = _file(db, clock, world, language="en")
    requests.set_status(db, clock.now(), adviser, others, Status.WAITING_FOR_OTHERS)
    requests.assign(db, clock.now(), adviser, others, adviser, "min")
    now = clock.now()
    assert _ids(queue.queue(db, now, adviser, queue.Filters(waiting_on="inmate"))) == [theirs.id]
    assert _ids(queue.queue(db, now, adviser, queue.Filters(waiting_on="staff"))) == [ours.id]
    unassigned = queue.queue(db, now, adviser, queue.Filters(assignee_id=queue.NOBODY))
    assert sorted(_ids(unassigned)) == sorted([ours.id, theirs.id])
    counts = queue.counts(db, now, adviser, queue.Filters(language="en"))
    # Each filter's counts keep the other filters: only the English request counts here.
    assert counts["waiting_on"] == {"staff": 0, "inmate": 0, "others": 1, "": 1}
    assert counts["assignee"] == {adviser.id: 1, "": 1}
    assert counts["language"] == {"nb": 2, "en": 1, "": 3}
    assert counts["status"]["open"] == 1 and counts["status"]["waiting_for_others"] == 1


def test_late_filter_and_the_deadline_that_matters_now(db, clock, world):
    adviser = world.staff["adviser"]
    answered = _file(db, clock, world)
    requests.reply(db, clock.now(), adviser, answered, "Svar", Status.IN_PROGRESS)
    fresh = _file(db, clock, world)
    later = clock.now() + timedelta(days=4)
    late = queue.queue(db, later, adviser, queue.Filters(late_only=True))
    assert _ids(late) == [fresh.id]  # the answered one is within its resolution promise
    rows = {r.request.id: r for r in queue.queue(db, later, adviser)}
    assert rows[answered.id].clock == request_clocks.clocks(db, answered, later).resolution
    assert rows[fresh.id].clock == request_clocks.clocks(db, fresh, later).first_response
    assert rows[fresh.id].clock.breached and not rows[answered.id].clock.breached


def test_inmates_released_soon_with_an_open_checklist_come_first(db, clock, world):
    adviser = world.staff["adviser"]
    older = _file(db, clock, world, key="a2")
    clock.advance(hours=1)
    soon = _file(db, clock, world)
    inmate = db.get(Inmate, world.inmates["a"].id)
    inmate.expected_release = clock.now().date() + timedelta(days=20)
    rows = queue.queue(db, clock.now(), adviser)
    assert _ids(rows) == [soon.id, older.id]
    assert rows[0].raised and rows[0].open_checklist_items == len(checklist.CODES)
    for code in checklist.CODES:
        checklist.set_item(db, clock.now(), adviser, inmate, code, True)
    assert _ids(queue.queue(db, clock.now(), adviser)) == [older.id, soon.id]


def test_release_within_counts_days_from_today(db, clock, world):
    adviser = world.staff["adviser"]
    request = _file(db, clock, world)
    db.get(Inmate, world.inmates["a"].id).expected_release = date(2026, 3, 12)
    assert _ids(queue.queue(db, clock.now(), adviser, queue.Filters(release_within_days=10))) \
        == [request.id]
    assert queue.queue(db, clock.now(), adviser, queue.Filters(release_within_days=9)) == []


def test_colleagues_share_a_team_and_a_prison_and_are_active(db, clock, world, hasher):
    from core.models import Role
    from core.services import staff

    def person(username, name, roles, prisons, active=True):
        return staff.create(db, clock.now(), None, staff.StaffData(
            username, name, roles, prisons, active), "et passord som er langt", hasher)

    a, b = world.prison.id, world.other_prison.id
    both = person("both", "Berit Begge", {Role.ADVISER, Role.SOCIAL_WORKER}, {a, b})
    also = person("also", "Aase Adviser", {Role.ADVISER}, {a})
    person("elsewhere", "Erik Annet", {Role.ADVISER}, {b})
    person("gone", "Gunn Sluttet", {Role.ADVISER}, {a}, active=False)
    person("social", "Siri Sosial", {Role.SOCIAL_WORKER}, {a})
    adviser = world.staff["adviser"]
    found = requests.colleagues(db, adviser)
    assert [u.id for u in found] == [u.id for u in sorted(
        (adviser, both, also), key=lambda u: (u.name, u.id))]
    assert found[0].roles  # loaded when asked for
    assert requests.colleagues(db, world.staff["officer"]) == []  # no team of requests
