"""Reports (issue 16): requests by how they came, and forwards per team."""
from core.models import Inmate, StaffUser
from core.services.records import report_period, reports
from core.services.requests import filing as requests, ways_in


def _staff(db, world, role):
    return db.get(StaffUser, world.staff[role].id)


def _log(db, clock, world, channel, topic="dagpenger", key="a", role="officer"):
    return ways_in.log(db, clock.now(), _staff(db, world, role),
                       db.get(Inmate, world.inmates[key].id), channel,
                       requests.Draft(topic=topic, description="Lapp"))


def _report(db, clock, world, role, prison=None):
    return reports.build(db, clock.now(), _staff(db, world, role),
                         (prison or world.prison).id, report_period.preset("this_month",
                                                                     clock.now().date()))


def test_requests_are_counted_by_how_they_came(db, clock, world):
    requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                  requests.Draft(topic="dagpenger"))
    _log(db, clock, world, "paper_note")
    _log(db, clock, world, "paper_note")
    _log(db, clock, world, "health", topic="housing")
    _log(db, clock, world, "phone", key="a2")
    adviser = _report(db, clock, world, "adviser")
    assert adviser.channels == {"kiosk": 1, "paper_note": 2, "phone": 1}  # their team's
    admin = _report(db, clock, world, "prison_admin")
    assert list(admin.channels) == ["kiosk", "paper_note", "phone", "health"]
    assert admin.channels["health"] == 1


def test_forwards_are_counted_per_team_away_and_received(db, clock, world):
    first = _log(db, clock, world, "paper_note")
    second = _log(db, clock, world, "conversation")
    adviser = _staff(db, world, "adviser")
    ways_in.forward(db, clock.now(), adviser, first, "social_worker", world.prison.id, "Bolig")
    ways_in.forward(db, clock.now(), adviser, second, "school", world.prison.id, "Skole")
    ways_in.forward(db, clock.now(), _staff(db, world, "social_worker"), first, "school",
                    world.prison.id, "Skole")
    admin = _report(db, clock, world, "prison_admin")
    assert admin.forwards == {"adviser": (2, 0), "social_worker": (1, 1), "school": (0, 2)}
    assert admin.forwarded == 3
    school = _report(db, clock, world, "school")
    # The school's report: forwards from or to the school only.
    assert school.forwards == {"adviser": (1, 0), "social_worker": (1, 0), "school": (0, 2)}
    other = reports.build(db, clock.now(), _staff(db, world, "other_prison_admin"),
                          world.other_prison.id,
                          report_period.preset("this_month", clock.now().date()))
    assert other.forwards == {} and other.channels == {}
