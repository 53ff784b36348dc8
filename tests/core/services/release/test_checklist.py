"""The release checklist: due dates counted back from the release, ticking, notes,
overdue items, and who is raised in the queue."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, ChecklistItem, Inmate, Request, StaffUser, Status
from core.services.release import checklist
from core.services.requests import filing as requests
from core.services.errors import NotFound, ServiceError

TODAY = date(2026, 3, 2)  # the world clock's date in Oslo


def _inmate(db, world, key="a", release=None, **changes) -> Inmate:
    inmate = db.get(Inmate, world.inmates[key].id)
    inmate.expected_release = release
    for name, value in changes.items():
        setattr(inmate, name, value)
    db.flush()
    return inmate


def _adviser(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _events(db, action="checklist.update") -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == action))


def test_due_dates_count_back_from_the_release(db, world):
    inmate = _inmate(db, world, release=date(2026, 6, 1))
    due = {e.code: e.due_on for e in checklist.entries(db, inmate)}
    assert due == {"release_date_known": date(2026, 5, 2), "income_applied": date(2026, 5, 11),
                   "appointment_booked": date(2026, 5, 18), "plans_shared": date(2026, 5, 18),
                   "responsibility_group": date(2026, 5, 25), "recorded": date(2026, 5, 31)}
    assert [e.days_before for e in checklist.entries(db, inmate)] == [30, 21, 14, 14, 7, 1]
    assert not any(e.done for e in checklist.entries(db, inmate))


def test_an_unknown_release_date_gives_no_due_dates_and_nothing_overdue(db, world):
    inmate = _inmate(db, world, release=None)
    found = checklist.entries(db, inmate)
    assert [e.due_on for e in found] == [None] * 6
    summary = checklist.summarize(found, TODAY)
    assert summary == checklist.Summary(done=0, total=6, overdue=0, next_due=None)


def test_ticking_and_unticking_with_a_note(db, clock, world):
    inmate = _inmate(db, world, release=TODAY + timedelta(days=20))
    adviser = _adviser(db, world)
    assert checklist.set_item(db, clock.now(), adviser, inmate, "income_applied", True,
                              "  Søknad sendt via Nav Hof  ")
    entry = next(e for e in checklist.entries(db, inmate) if e.code == "income_applied")
    assert entry.done and entry.done_by == adviser.id and entry.note == "Søknad sendt via Nav Hof"
    first_done = entry.done_at
    # Ticking again keeps who did it first and when; changing only the note is recorded.
    clock.advance(days=1)
    social = _adviser(db, world, "social_worker")
    assert checklist.set_item(db, clock.now(), social, inmate, "income_applied", True, "Svar")
    entry = next(e for e in checklist.entries(db, inmate) if e.code == "income_applied")
    assert entry.done_at == first_done and entry.done_by == adviser.id and entry.note == "Svar"
    # Unticking clears who and when, and keeps the note given.
    assert checklist.set_item(db, clock.now(), adviser, inmate, "income_applied", False,
                              "Avslag, må søke på nytt")
    entry = next(e for e in checklist.entries(db, inmate) if e.code == "income_applied")
    assert not entry.done and entry.done_by is None and entry.note == "Avslag, må søke på nytt"
    assert _events(db) == 3
    details = db.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "checklist.update").order_by(AuditEvent.id)).all()
    assert details[-1] == '{"done": false, "item": "income_applied"}'


def test_saving_nothing_new_records_nothing(db, clock, world):
    inmate = _inmate(db, world, release=TODAY + timedelta(days=20))
    adviser = _adviser(db, world)
    assert checklist.set_item(db, clock.now(), adviser, inmate, "recorded", True, "ok")
    assert not checklist.set_item(db, clock.now(), adviser, inmate, "recorded", True, " ok ")
    assert not checklist.set_item(db, clock.now(), adviser, inmate, "plans_shared", False, "")
    assert _events(db) == 1


@pytest.mark.parametrize("code, note, error", [
    ("housing", "", "checklist_item_unknown"),
    ("", "", "checklist_item_unknown"),
    ("recorded", "x" * (checklist.MAX_NOTE + 1), "text_too_long"),
])
def test_bad_items_and_notes_are_refused(db, clock, world, code, note, error):
    inmate = _inmate(db, world, release=TODAY)
    with pytest.raises(ServiceError) as raised:
        checklist.set_item(db, clock.now(), _adviser(db, world), inmate, code, True, note)
    assert raised.value.code == error
    assert db.scalar(select(func.count()).select_from(ChecklistItem)) == 0


def test_a_note_of_the_longest_length_is_kept(db, clock, world):
    inmate = _inmate(db, world, release=TODAY)
    note = "x" * checklist.MAX_NOTE
    checklist.set_item(db, clock.now(), _adviser(db, world), inmate, "recorded", False, note)
    assert checklist.entries(db, inmate)[-1].note == note


def test_overdue_means_open_and_past_its_due_date(db, clock, world):
    inmate = _inmate(db, world, release=TODAY + timedelta(days=14))
    checklist.set_item(db, clock.now(), _adviser(db, world), inmate, "release_date_known", True)
    found = {e.code: e for e in checklist.entries(db, inmate)}
    # Due 16 days ago (done), 7 days ago (open), and today (not overdue yet).
    assert not found["release_date_known"].overdue(TODAY)
    assert found["income_applied"].overdue(TODAY)
    assert not found["appointment_booked"].overdue(TODAY)
    assert found["appointment_booked"].overdue(TODAY + timedelta(days=1))
    summary = checklist.summarize(list(found.values()), TODAY)
    assert (summary.done, summary.open, summary.overdue) == (1, 5, 1)
    assert summary.next_due.code == "income_applied"


def test_staff_act_only_in_their_prisons(db, clock, world):
    inmate = _inmate(db, world, "b", release=TODAY)
    adviser = _adviser(db, world)
    with pytest.raises(NotFound):
        checklist.set_item(db, clock.now(), adviser, inmate, "recorded", True)
    with pytest.raises(NotFound):
        checklist.read(db, clock.now(), adviser, inmate)
    assert checklist.read(db, clock.now(), _adviser(db, world, "system_admin"), inmate)


def test_reading_the_checklist_is_audited_with_who_ticked(db, clock, world):
    inmate = _inmate(db, world, release=TODAY + timedelta(days=3))
    adviser = _adviser(db, world)
    checklist.set_item(db, clock.now(), adviser, inmate, "recorded", True)
    sheet = checklist.read(db, clock.now(), adviser, inmate)
    assert sheet.names == {adviser.id: adviser.name} and sheet.today == TODAY
    assert sheet.summary.done == 1 and _events(db, "checklist.view") == 1


def test_raised_within_30_days_only_present_with_open_items(db, clock, world):
    soon = _inmate(db, world, "a", release=TODAY + timedelta(days=30))
    done = _inmate(db, world, "a2", release=TODAY + timedelta(days=5))
    elsewhere = _inmate(db, world, "b", release=TODAY + timedelta(days=10))
    adviser = _adviser(db, world)
    for code in checklist.CODES:
        checklist.set_item(db, clock.now(), adviser, done, code, True)
    checklist.set_item(db, clock.now(), adviser, soon, "recorded", True)
    everyone = checklist.raised_inmates(db, TODAY, None)
    assert everyone == {soon.id: 5, elsewhere.id: 6}
    assert checklist.raised_inmates(db, TODAY, {world.prison.id}) == {soon.id: 5}
    assert checklist.raised_inmates(db, TODAY, set()) == {}
    # 31 days is too far; released or transferred inmates are not raised; nor the past.
    soon.expected_release = TODAY + timedelta(days=31)
    elsewhere.status = "released"
    db.flush()
    assert checklist.raised_inmates(db, TODAY, None) == {}
    soon.expected_release = TODAY - timedelta(days=1)
    db.flush()
    assert checklist.raised_inmates(db, TODAY, None) == {}


def test_upcoming_releases_soonest_first_with_open_requests_counted(db, clock, world):
    later = _inmate(db, world, "a", release=TODAY + timedelta(days=25))
    sooner = _inmate(db, world, "a2", release=TODAY + timedelta(days=3))
    _inmate(db, world, "b", release=TODAY + timedelta(days=1))  # another prison
    requests.file(db, clock.now(), later, requests.Draft(topic="dagpenger"))
    closed = requests.file(db, clock.now(), later, requests.Draft(topic="work"))
    requests.set_status(db, clock.now(), _adviser(db, world), closed,
                        Status.CLOSED)
    adviser = _adviser(db, world)
    rows = checklist.upcoming(db, clock.now(), adviser, 30)
    assert [r.inmate.id for r in rows] == [sooner.id, later.id]
    assert [r.days_left for r in rows] == [3, 25]
    assert [r.open_requests for r in rows] == [0, 1]
    assert rows[0].summary.overdue == 5 and rows[1].summary.overdue == 1
    assert [r.inmate.id for r in checklist.upcoming(db, clock.now(), adviser, 7)] == [sooner.id]
    assert _events(db, "release.list") == 2


def test_release_counts_the_requests_to_hand_over(db, clock, world):
    inmate = _inmate(db, world, release=TODAY)
    requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
    assert checklist.handover_on_release(db, inmate, "present") is None  # not released
    inmate.status = "released"
    assert checklist.handover_on_release(db, inmate, "present") == 1
    assert checklist.handover_on_release(db, inmate, "released") is None  # not just now
    assert db.scalar(select(func.count()).select_from(Request)
                     .where(Request.status == "received")) == 1  # nothing closed


def test_the_demo_ticks_some_items_and_leaves_some_overdue(database, clock, hasher, pin_hasher):
    from core.demo import loader as demo, release as demo_release

    with database.session() as db:
        demo.load(db, clock.now(), hasher, pin_hasher)
    with database.session() as db:
        number = dict(db.execute(select(Inmate.id, Inmate.inmate_number)).all())
        raised = {number[i]: left for i, left in checklist.raised_inmates(db, TODAY, None).items()}
        assert raised == {"H1001": 5, "H1003": 5, "HA2004": 3}
        everyone = db.scalar(select(StaffUser).where(StaffUser.username == "sysadmin"))
        rows = {r.inmate.inmate_number: r.summary
                for r in checklist.upcoming(db, clock.now(), everyone, 30)}
        assert rows["H1003"].overdue == 1 and rows["HA2004"].overdue == 2
        assert rows["H1001"].overdue == 0
        before = (db.scalar(select(func.count()).select_from(ChecklistItem)), _events(db))
        users = {u.username: u for u in db.scalars(select(StaffUser))}
        demo_release.load(db, clock.now(), users)
        assert (db.scalar(select(func.count()).select_from(ChecklistItem)), _events(db)) == before
