"""The staff queue: filters, counts per filter, and what comes first."""
from datetime import date, timedelta

from core.models import Inmate, Status
from core.services.release import pathways as pw
from core.services.release import plan_changes
from core.services.requests import clocks as request_clocks, filing as requests, queue, several


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


def test_inmates_released_soon_with_an_open_release_plan_come_first(db, clock, world):
    adviser = world.staff["adviser"]
    older = _file(db, clock, world, key="a2")
    clock.advance(hours=1)
    soon = _file(db, clock, world)
    inmate = db.get(Inmate, world.inmates["a"].id)
    inmate.expected_release = clock.now().date() + timedelta(days=20)
    rows = queue.queue(db, clock.now(), adviser)
    assert _ids(rows) == [soon.id, older.id]
    assert rows[0].raised and rows[0].plan.open == len(pw.ITEMS)
    for code in pw.ITEMS:
        plan_changes.set_item(db, clock.now(), adviser, inmate, code,
                              plan_changes.ItemChange("done", "adviser"))
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
    from core.services.people import staff

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
    found = several.colleagues(db, adviser)
    assert [u.id for u in found] == [u.id for u in sorted(
        (adviser, both, also), key=lambda u: (u.name, u.id))]
    assert found[0].roles  # loaded when asked for
    assert several.colleagues(db, world.staff["officer"]) == []  # no team of requests


def test_every_count_is_what_its_choice_would_show(db, clock, world, hasher):
    """Each option's count, for many combinations of the other filters (late and release
    within N days among them), is the number of requests the queue shows when that option
    is chosen."""
    import itertools
    import random
    from dataclasses import replace

    from core.models import Role
    from core.services.people import staff

    rng = random.Random(6)
    adviser = world.staff["adviser"]
    colleague = staff.create(db, clock.now(), None, staff.StaffData(
        "colleague", "Kari Kollega", {Role.ADVISER}, {world.prison.id}),
        "et passord som er langt", hasher)
    made = []
    for _step in range(40):
        made.append(_file(db, clock, world, key=rng.choice(("a", "a2")),
                          topic=rng.choice(("dagpenger", "work", "aap")),
                          language=rng.choice(("nb", "en"))))
        request = rng.choice(made)
        if Status(request.status) in requests.TRANSITIONS and \
                requests.TRANSITIONS[Status(request.status)]:
            requests.set_status(db, clock.now(), adviser, request, rng.choice(sorted(
                requests.TRANSITIONS[Status(request.status)], key=lambda s: s.value)), "Fordi")
        request = rng.choice(made)
        if Status(request.status) not in (Status.CLOSED, Status.DECLINED, Status.CANCELLED):
            requests.assign(db, clock.now(), adviser, request,
                            rng.choice((adviser, colleague, None)), "Fordeling")
        clock.advance(hours=rng.randrange(2, 20))
    db.get(Inmate, world.inmates["a"].id).expected_release = clock.now().date() + \
        timedelta(days=8)
    now = clock.now()

    def shown(filters):
        return queue.queue_page(db, now, adviser, filters).total

    choices = {"status": ["open", "", *[s.value for s in Status]],
               "topic": ["", "dagpenger", "work", "aap"],
               "assignee_id": [None, queue.NOBODY, adviser.id, colleague.id],
               "waiting_on": ["", *queue.WAITING_ON],
               "language": ["", "nb", "en"]}
    keys = {"status": "status", "topic": "topic", "assignee_id": "assignee",
            "waiting_on": "waiting_on", "language": "language"}
    combos = [queue.Filters(), queue.Filters(late_only=True),
              queue.Filters(release_within_days=10), queue.Filters(status="", topic="work"),
              queue.Filters(waiting_on="staff", language="en", late_only=True),
              queue.Filters(status="waiting_for_inmate", assignee_id=queue.NOBODY)]
    combos += [queue.Filters(**{name: rng.choice(options) for name, options in choices.items()},
                             late_only=rng.random() < 0.3) for _ in range(6)]
    checked = 0
    for filters, (name, options) in itertools.product(combos, choices.items()):
        found = queue.counts(db, now, adviser, filters)[keys[name]]
        for option in options:
            key = "" if option is None else option
            assert found.get(key, 0) == shown(replace(filters, **{name: option})), \
                (filters, name, option)
            checked += 1
    assert checked > 200 and queue.counts(db, now, adviser)["status"][""] == len(made)
