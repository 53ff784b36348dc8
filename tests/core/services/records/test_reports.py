"""Reports: periods, working time, medians, kept promises, scoping and the oldest open."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.clock import OSLO
from core.models import AuditEvent, Request, RequestEvent
from core.services.records import report_period, reports
from core.services.requests import clocks as request_clocks, sla, topics
from core.services.errors import NotFound, ServiceError
from core.services.records.report_period import Period
from core.services.records.working_time import median, working_time

SECRET = "Hemmelig: gjelden min hos Lindorff"
DAY = timedelta(days=1)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


class Requests:
    """Hand-built requests, with their waits for the inmate as status history."""

    def __init__(self, db, world):
        self.db, self.world, self.count = db, world, 0

    def add(self, created, topic="dagpenger", key="a", status="received", answered=None,
            closed=None, waits=(), days=(2, 10)) -> Request:
        self.count += 1
        inmate = self.world.inmates[key]
        item = Request(reference=f"R{self.count:05d}", inmate_id=inmate.id,
                       prison_id=inmate.prison_id, topic=topic,
                       team=topics.get(topic).team.value, kind="question", description=SECRET,
                       status=status, created_at=created, first_response_at=answered,
                       closed_at=closed, first_response_days=days[0], resolution_days=days[1])
        self.db.add(item)
        self.db.flush()
        for start, end in waits:
            self._status(item, start, "waiting_for_inmate")
            if end is not None:
                self._status(item, end, "in_progress")
        if status in ("closed", "declined", "cancelled"):
            self._status(item, closed, status)
        request_clocks.keep(self.db, item)  # as core.services.requests.filing does
        return item

    def _status(self, item, at, to_status):
        self.db.add(RequestEvent(request_id=item.id, at=at, actor_type="staff", actor_id=None,
                                 kind="status", to_status=to_status))
        self.db.flush()


@pytest.fixture
def made(db, world):
    return Requests(db, world)


def _build(db, clock, world, who="adviser", prison="a", chosen=MARCH):
    prison_id = {"a": world.prison.id, "b": world.other_prison.id, None: None}[prison]
    return reports.build(db, clock.now(), world.staff[who], prison_id, chosen)


# Periods ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, start, end", [
    ("last_30_days", date(2026, 2, 1), date(2026, 3, 2)),
    ("this_month", date(2026, 3, 1), date(2026, 3, 2)),
    ("last_month", date(2026, 2, 1), date(2026, 2, 28)),
    ("this_year", date(2026, 1, 1), date(2026, 3, 2)),
])
def test_presets(name, start, end):
    assert report_period.preset(name, date(2026, 3, 2)) == Period(start, end, name)


def test_last_month_in_january_is_december():
    assert report_period.preset("last_month", date(2026, 1, 15)) == Period(
        date(2025, 12, 1), date(2025, 12, 31), "last_month")


def test_an_unknown_preset_is_refused():
    with pytest.raises(ServiceError, match="period_unknown"):
        report_period.preset("forever", date(2026, 3, 2))


@pytest.mark.parametrize("start, end, code", [
    (date(2026, 3, 2), date(2026, 3, 1), "period_order"),
    (date(2023, 1, 1), date(2026, 1, 1), "period_too_long"),
    (date(1999, 12, 31), date(2000, 1, 5), "period_range"),
    (date(2099, 12, 1), date(2100, 1, 1), "period_range"),
])
def test_bad_periods_are_refused(start, end, code):
    with pytest.raises(ServiceError) as error:
        report_period.period(start, end)
    assert error.value.code == code


def test_three_years_is_the_longest_period():
    assert report_period.period(date(2023, 1, 1), date(2025, 12, 31)).end == date(2025, 12, 31)
    assert report_period.period(date(2024, 2, 29), date(2027, 2, 28)).start == date(2024, 2, 29)
    with pytest.raises(ServiceError, match="period_too_long"):
        report_period.period(date(2024, 2, 29), date(2027, 3, 1))
    assert report_period.period(date(2026, 3, 2), date(2026, 3, 2)).start == date(2026, 3, 2)


def test_a_period_is_whole_oslo_days():
    chosen = Period(date(2026, 3, 28), date(2026, 3, 29))  # summer time starts on the 29th
    assert chosen.begins_at == oslo(2026, 3, 28, 0, 0)
    assert chosen.ends_at == oslo(2026, 3, 30, 0, 0)
    assert chosen.ends_at - chosen.begins_at == timedelta(hours=47)


# Working time ------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, days", [
    (oslo(2026, 3, 2, 10), oslo(2026, 3, 2, 15), 0),      # the filing day does not count
    (oslo(2026, 3, 2, 10), oslo(2026, 3, 3, 12), 0.5),    # Monday to Tuesday noon
    (oslo(2026, 3, 6, 16), oslo(2026, 3, 9, 12), 0.5),    # Friday to Monday noon
    (oslo(2026, 3, 7, 11), oslo(2026, 3, 10, 0), 1),      # Saturday: Monday is the first day
    (oslo(2026, 4, 1, 9), oslo(2026, 4, 7, 12), 0.5),     # Easter: Thu, Fri and Mon are off
    (oslo(2026, 3, 2, 10), oslo(2026, 3, 1, 10), 0),      # backwards is nothing
])
def test_working_time(start, end, days):
    assert working_time(start, end) == timedelta(days=days)


def test_working_time_leaves_out_the_pauses():
    pauses = [sla.Pause(oslo(2026, 3, 3, 6), oslo(2026, 3, 3, 18)),
              sla.Pause(oslo(2026, 3, 3, 12), oslo(2026, 3, 4, 0)),  # overlaps the first
              sla.Pause(oslo(2026, 3, 5, 0), None)]                  # still open
    # Tuesday 00-06 counts, Wednesday counts, Thursday is paused from its start.
    assert working_time(oslo(2026, 3, 2, 10), oslo(2026, 3, 5, 12),
                                pauses) == timedelta(hours=6 + 24)


@pytest.mark.parametrize("start, days, pauses", [
    (oslo(2026, 3, 2, 10), 2, []),
    (oslo(2026, 3, 6, 16), 1, []),
    (oslo(2026, 3, 26, 10), 3, []),  # across the change to summer time (a Sunday)
    (oslo(2026, 3, 31, 14), 4, []),  # across Easter
    (oslo(2026, 3, 2, 10), 2, [sla.Pause(oslo(2026, 3, 3, 8), oslo(2026, 3, 5, 13))]),
    (oslo(2026, 3, 2, 10), 10, [sla.Pause(oslo(2026, 3, 2, 11), oslo(2026, 3, 3, 1)),
                                sla.Pause(oslo(2026, 3, 9, 0), oslo(2026, 3, 12, 0))]),
])
def test_working_time_is_the_inverse_of_the_promise_clock(start, days, pauses):
    due = sla.deadline(start, days, pauses)
    assert working_time(start, due, pauses) == timedelta(days=days)
    assert working_time(start, due + timedelta(minutes=1), pauses) > timedelta(days=days)


def test_median_of_odd_and_even_counts():
    assert median([]) is None
    assert median([DAY * 3, DAY, DAY * 2]) == DAY * 2
    assert median([DAY * 10, DAY, DAY * 3, DAY * 2]) == DAY * 2.5


# The report ---------------------------------------------------------------------------------

def test_an_empty_period(db, clock, world, made):
    made.add(oslo(2026, 2, 27, 10))  # before the period
    report = _build(db, clock, world)
    assert (report.filed, report.answered, report.unanswered) == (0, 0, 0)
    assert report.matrix == {} and report.median_first_response is None
    assert report.median_days is None
    assert report.first_response.ratio is None and report.resolution.ratio is None
    assert [w.count for w in report.weeks] == [0] * 6
    assert report.weeks[0].partial and not report.weeks[1].partial


def test_counts_by_topic_status_and_week(db, clock, world, made):
    made.add(oslo(2026, 3, 2, 10))
    made.add(oslo(2026, 3, 2, 11), status="in_progress")
    made.add(oslo(2026, 3, 10, 10), topic="work", status="closed", closed=oslo(2026, 3, 11, 9))
    made.add(oslo(2026, 4, 1, 0, 30))  # after the period, Oslo time
    made.add(oslo(2026, 3, 1, 0, 30))  # in it, though still February in UTC
    report = _build(db, clock, world)
    assert report.filed == 4
    assert report.topics == ["work", "dagpenger"]  # in the order of the topic list
    assert report.matrix["dagpenger"]["received"] == 2
    assert report.matrix["dagpenger"]["in_progress"] == 1
    assert report.matrix["work"]["closed"] == 1 and report.topic_total("work") == 1
    assert report.status_totals["received"] == 2 and sum(report.status_totals.values()) == 4
    weeks = [(w.monday, w.first, w.last, w.count) for w in report.weeks]
    assert weeks[0] == (date(2026, 2, 23), date(2026, 3, 1), date(2026, 3, 1), 1)
    assert weeks[1][3] == 2 and weeks[2][3] == 1
    assert weeks[-1] == (date(2026, 3, 30), date(2026, 3, 30), date(2026, 3, 31), 0)
    assert [w.number for w in report.weeks] == [9, 10, 11, 12, 13, 14]


def test_median_first_response_with_odd_and_even_counts(db, clock, world, made):
    clock.set(oslo(2026, 3, 31, 12))
    filed = oslo(2026, 3, 2, 10)
    for hours in (12, 36, 60):  # 0.5, 1.5 and 2.5 working days after Monday
        made.add(filed, status="answered", answered=oslo(2026, 3, 3, 0) + timedelta(hours=hours))
    made.add(filed)  # not answered: not in the median
    report = _build(db, clock, world)
    assert (report.answered, report.unanswered) == (3, 1)
    assert report.median_days == 1.5
    made.add(filed, status="answered", answered=oslo(2026, 3, 9, 0))  # 4 working days
    report = _build(db, clock, world)
    assert report.median_days == 2.0  # (1.5 + 2.5) / 2


def test_waiting_for_the_inmate_is_not_response_time(db, clock, world, made):
    clock.set(oslo(2026, 3, 31, 12))
    made.add(oslo(2026, 3, 2, 10), status="answered", answered=oslo(2026, 3, 6, 12),
             waits=[(oslo(2026, 3, 3, 0), oslo(2026, 3, 5, 0))])
    report = _build(db, clock, world)
    assert report.median_days == 1.5  # Thursday and half of Friday
    assert report.first_response == reports.Share(kept=1, due=1)


def test_holidays_are_not_response_time(db, clock, world, made):
    clock.set(oslo(2026, 4, 30, 12))
    made.add(oslo(2026, 4, 1, 9), status="answered", answered=oslo(2026, 4, 7, 18))
    report = _build(db, clock, world, chosen=Period(date(2026, 4, 1), date(2026, 4, 30)))
    assert report.median_days == 0.75
    assert report.first_response == reports.Share(kept=1, due=1)


def test_first_response_promises(db, clock, world, made):
    clock.set(oslo(2026, 3, 12, 12))  # Thursday
    monday = oslo(2026, 3, 2, 10)
    made.add(monday, status="answered", answered=oslo(2026, 3, 4, 20))        # kept
    made.add(monday, status="answered", answered=oslo(2026, 3, 5, 1))         # broken
    made.add(monday)                                                           # broken
    made.add(oslo(2026, 3, 11, 10))                                            # not due
    made.add(monday, status="waiting_for_inmate",
             waits=[(oslo(2026, 3, 2, 11), None)])                             # paused
    made.add(monday, status="declined", closed=oslo(2026, 3, 3, 10))          # ended in time
    made.add(monday, status="cancelled", closed=oslo(2026, 3, 9, 10))         # ended late
    made.add(monday, status="answered", answered=oslo(2026, 3, 6, 12), days=(5, 10),
             waits=[(oslo(2026, 3, 3, 0), oslo(2026, 3, 4, 0))])              # kept, 5 days
    report = _build(db, clock, world)
    assert report.first_response == reports.Share(kept=2, due=5)
    assert report.first_response.ratio == 0.4


def test_resolution_promises(db, clock, world, made):
    clock.set(oslo(2026, 3, 20, 12))
    monday = oslo(2026, 3, 2, 10)
    made.add(monday, status="closed", closed=oslo(2026, 3, 13, 12))           # kept
    made.add(monday, status="declined", closed=oslo(2026, 3, 17, 12))         # broken
    made.add(monday, status="answered", answered=oslo(2026, 3, 3, 9))         # open, late
    made.add(oslo(2026, 3, 16, 10), status="in_progress")                     # not due
    made.add(monday, status="cancelled", closed=oslo(2026, 3, 3, 12))         # left out
    made.add(monday, status="cancelled", closed=oslo(2026, 3, 18, 12))        # broken
    report = _build(db, clock, world)
    assert report.resolution == reports.Share(kept=1, due=4)


def test_another_prison_is_never_counted(db, clock, world, made):
    made.add(oslo(2026, 3, 2, 10))
    made.add(oslo(2026, 3, 2, 10), key="b")
    made.add(oslo(2026, 3, 2, 10), key="b", status="answered", answered=oslo(2026, 3, 3, 9))
    assert _build(db, clock, world).filed == 1
    assert _build(db, clock, world, who="prison_admin").filed == 1
    assert _build(db, clock, world, who="other_prison_admin", prison="b").filed == 2
    everywhere = _build(db, clock, world, who="system_admin", prison=None)
    assert everywhere.prison is None and everywhere.filed == 3
    assert _build(db, clock, world, who="system_admin", prison="b").filed == 2


@pytest.mark.parametrize("who, prison", [
    ("adviser", "b"), ("prison_admin", "b"), ("other_prison_admin", "a"),
    ("adviser", None), ("prison_admin", None), ("officer", "a"), ("trainer", "a"),
])
def test_out_of_scope_is_not_found(db, clock, world, who, prison):
    with pytest.raises(NotFound):
        _build(db, clock, world, who=who, prison=prison)


def test_each_team_counts_its_own_requests(db, clock, world, made):
    made.add(oslo(2026, 3, 2, 10), topic="dagpenger")
    made.add(oslo(2026, 3, 2, 10), topic="aap", status="answered", answered=oslo(2026, 3, 3, 9))
    made.add(oslo(2026, 3, 2, 10), topic="housing")
    made.add(oslo(2026, 3, 2, 10), topic="release_parole")
    made.add(oslo(2026, 3, 2, 10), topic="career_guidance")
    social = _build(db, clock, world, who="social_worker")
    assert social.topics == ["housing", "release_parole"] and social.answered == 0
    assert {r.topic for r in social.oldest_open} == {"housing", "release_parole"}
    assert _build(db, clock, world).topics == ["dagpenger", "aap"]
    assert _build(db, clock, world, who="school").topics == ["career_guidance"]
    assert _build(db, clock, world, who="prison_admin").filed == 5
    assert reports.counted_teams(world.staff["social_worker"]) == {"social_worker"}
    assert reports.counted_teams(world.staff["prison_admin"]) is None


def test_the_team_of_the_request_decides_not_its_topic(db, clock, world, made):
    housing = made.add(oslo(2026, 3, 2, 10), topic="housing")
    housing.team = "adviser"  # this prison routes housing to NAV
    db.flush()
    assert _build(db, clock, world).topics == ["housing"]
    assert _build(db, clock, world, who="social_worker").filed == 0


def test_the_oldest_open_requests(db, clock, world, made):
    clock.set(oslo(2026, 3, 31, 12))
    for day in range(12):
        made.add(oslo(2026, 2, 2, 10) + day * DAY, topic="dagpenger" if day % 2 else "housing")
    made.add(oslo(2026, 1, 5, 10), status="closed", closed=oslo(2026, 1, 6, 10))
    made.add(oslo(2026, 1, 5, 10), key="b")
    adviser = _build(db, clock, world)
    assert [r.reference for r in adviser.oldest_open] == [f"R{n:05d}" for n in (2, 4, 6, 8, 10, 12)]
    assert all(r.readable for r in adviser.oldest_open)
    admin = _build(db, clock, world, who="prison_admin")
    assert len(admin.oldest_open) == reports.OLDEST
    assert [r.reference for r in admin.oldest_open][:2] == ["R00001", "R00002"]
    assert not any(r.readable for r in admin.oldest_open)
    first = admin.oldest_open[0]
    assert (first.topic, first.team, first.status) == ("housing", "social_worker", "received")
    assert first.age_days == 41  # working days after Monday 2 February, to Tuesday 31 March
    assert not hasattr(first, "description") and not hasattr(first, "inmate_id")


def test_reading_a_report_is_audited_with_counts_only(db, clock, world, made):
    made.add(oslo(2026, 3, 2, 10))
    made.add(oslo(2026, 3, 3, 10), status="answered", answered=oslo(2026, 3, 4, 10))
    _build(db, clock, world)
    reports.build(db, clock.now(), world.staff["adviser"], world.prison.id, MARCH, export=True)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action.like("report.%"))
                        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["report.view", "report.export"]
    assert events[0].prison_id == world.prison.id
    assert events[0].actor_id == world.staff["adviser"].id
    assert SECRET not in events[0].detail and "R0000" not in events[0].detail
    assert '"filed": 2' in events[0].detail and '"answered": 1' in events[0].detail
