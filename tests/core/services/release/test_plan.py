"""The release plan (issue 15): due dates from uncertain release dates, moved dates, the
arrival list, freeze at release, transfer, the pathway visibility matrix, and the kiosk's
own plan and help."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core.models import (AuditEvent, Inmate, InmateStatus, ReleasePlan, ReleasePlanEvent, Request,
                         Role, StaffUser)
from core.services.errors import NotFound, ServiceError
from core.services.people import inmates as inmate_service
from core.services.release import pathways as pw
from core.services.release import plan as rp, plan_changes, plan_dates, plan_inmate, plan_lists, plan_reads

TODAY = date(2026, 3, 2)  # the world clock's date in Oslo (a Monday)


def _inmate(db, world, key="a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _audits(db, action) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent)
                     .where(AuditEvent.action == action))


def _due(db, plan) -> dict[str, date | None]:
    return {i.code: i.due_on for i in rp.items_for(db, plan)}


def test_a_plan_is_started_at_arrival_with_the_expected_release(db, clock, world):
    inmate = _inmate(db, world)
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    assert (plan.arrived_on, plan.expected_on, plan.earliest_on) == (TODAY, date(2026, 6, 1), None)
    assert rp.get_or_start_plan(db, clock.now(), inmate).id == plan.id
    assert [e.kind for e in plan_reads.history(db, plan)] == ["started"]
    assert not plan_dates.is_short_stay(plan)  # 91 days


def test_due_dates_count_back_from_the_earliest_release_date(db, clock, world):
    inmate = _inmate(db, world)
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    plan_changes.set_dates(db, clock.now(), _staff(db, world), inmate, plan_dates.Dates(
        TODAY, date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)))
    due = _due(db, plan)
    assert due["release_date_known"] == date(2026, 4, 1)  # 30 days before the earliest
    assert due["recorded"] == date(2026, 4, 30)
    assert due["rent_keep_or_end"] == date(2026, 3, 2)
    # The arrival list: 5 working days after Monday 2 March.
    assert {due[c] for c in pw.ARRIVAL_ITEMS} == {date(2026, 3, 9)}
    assert inmate.expected_release == date(2026, 6, 1)


def test_without_a_release_date_only_the_arrival_list_has_due_dates(db, clock, world):
    inmate = _inmate(db, world)
    inmate.expected_release = None
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    due = _due(db, plan)
    assert {c for c, d in due.items() if d is not None} == set(pw.ARRIVAL_ITEMS)
    assert rp.summarize(rp.items_for(db, plan), TODAY).overdue == 0


def test_the_arrival_list_skips_easter(db, clock, world):
    # Wednesday 1 April, then Easter (2-6 April), then 7, 8, 9 and 10 April.
    assert plan_dates.arrival_due(date(2026, 3, 31)) == date(2026, 4, 10)


def test_a_moved_date_moves_open_due_dates_and_is_in_the_history(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    plan_changes.set_dates(db, clock.now(), adviser, inmate,
                           plan_dates.Dates(TODAY, date(2026, 5, 1), date(2026, 6, 1), None))
    plan_changes.set_item(db, clock.now(), adviser, inmate, "cv", plan_changes.ItemChange(
        "in_progress", "adviser", due_on=date(2026, 4, 10)))  # a due date chosen by staff
    plan_changes.set_item(db, clock.now(), adviser, inmate, "bankid",
                          plan_changes.ItemChange("done", "social_worker"))
    plan_changes.set_item(db, clock.now(), adviser, inmate, "minid", plan_changes.ItemChange(
        "done", "social_worker", due_on=date(2026, 4, 1)))
    before = _due(db, plan)
    assert plan_changes.set_dates(db, clock.now(), adviser, inmate, plan_dates.Dates(
        TODAY, date(2026, 5, 15), date(2026, 6, 15), None))
    after = _due(db, plan)
    assert after["cv"] == date(2026, 4, 24)  # the chosen date moved by 14 days too
    assert after["release_date_known"] == before["release_date_known"] + timedelta(days=14)
    assert after["minid"] == date(2026, 4, 1)  # done: stays where it was
    assert after["meldekort_schedule"] == before["meldekort_schedule"]  # arrival: not moved
    event = plan_reads.history(db, plan)[0]
    assert event.kind == "dates" and event.staff_name == adviser.name
    assert event.detail["earliest_on"] == ["2026-05-01", "2026-05-15"]
    still_open = {i.code for i in rp.items_for(db, plan) if i.open}
    moved = sum(1 for c in still_open if after[c] != before[c])
    assert event.detail["moved"] == moved == len(still_open) - len(pw.ARRIVAL_ITEMS)
    assert inmate.expected_release == date(2026, 6, 15)
    assert _audits(db, "release_plan.dates") == 2


@pytest.mark.parametrize("dates,errors", [
    ((date(2026, 2, 1), date(2026, 3, 1), None, None), {"earliest_on": "release_date_past"}),
    ((TODAY, date(2026, 6, 1), None, date(2026, 5, 1)), {"earliest_on": "earliest_after_latest"}),
    ((TODAY, date(2026, 5, 1), date(2026, 4, 1), None), {"expected_on": "expected_outside"}),
    ((TODAY, None, None, date(2026, 8, 1)), {}),
    ((TODAY + timedelta(days=1), None, None, None), {"arrived_on": "arrival_in_future"}),
    ((date(2026, 2, 1), None, date(2026, 1, 20), None), {"expected_on": "release_before_arrival"}),
])
def test_bad_dates_are_refused_per_field(db, clock, world, dates, errors):
    inmate = _inmate(db, world)
    assert plan_dates.check_dates(plan_dates.Dates(*dates), TODAY) == errors
    if errors:
        with pytest.raises(plan_dates.DatesInvalid) as raised:
            plan_changes.set_dates(db, clock.now(), _staff(db, world), inmate,
                                   plan_dates.Dates(*dates))
        assert raised.value.errors == errors


def test_an_unchanged_past_date_does_not_block_other_changes(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    plan_changes.set_dates(db, clock.now(), adviser, inmate,
                           plan_dates.Dates(TODAY, None, date(2026, 3, 20), None))
    clock.advance(days=30)  # the expected date has passed and the person is still inside
    assert plan_changes.set_dates(db, clock.now(), adviser, inmate,
                                  plan_dates.Dates(TODAY, None, date(2026, 3, 20), date(2026, 5, 1)))


def test_only_advisers_and_social_workers_set_dates(db, clock, world):
    inmate = _inmate(db, world)
    with pytest.raises(ServiceError, match="not_allowed"):
        plan_changes.set_dates(db, clock.now(), _staff(db, world, "school"), inmate,
                               plan_dates.Dates(TODAY, None, date(2026, 5, 1), None))


def test_item_changes_are_checked_recorded_and_audited(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    change = plan_changes.ItemChange("in_progress", "home_nav", date(2026, 4, 1), " Ringt Nav Oslo ",
                                     False)
    assert plan_changes.set_item(db, clock.now(), adviser, inmate, "dagpenger", change)
    assert not plan_changes.set_item(db, clock.now(), adviser, inmate, "dagpenger", change)
    item = next(i for i in rp.items_for(db, rp.find_plan(db, inmate)) if i.code == "dagpenger")
    assert (item.status, item.owner, item.note, item.visible_to_inmate, item.updated_by) == (
        "in_progress", "home_nav", "Ringt Nav Oslo", False, adviser.id)
    event = plan_reads.history(db, rp.find_plan(db, inmate))[0]
    assert event.code == "dagpenger" and event.detail["note"] is True  # never the text
    assert _audits(db, "release_plan.item") == 1
    for code, status, owner, note, error in (
            ("nope", "done", "adviser", "", "plan_item_unknown"),
            ("cv", "finished", "adviser", "", "plan_status_unknown"),
            ("cv", "done", "police", "", "plan_owner_unknown"),
            ("cv", "done", "adviser", "x" * 501, "text_too_long")):
        with pytest.raises(ServiceError, match=error):
            plan_changes.set_item(db, clock.now(), adviser, inmate, code,
                                  plan_changes.ItemChange(status, owner, note=note))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_pathway_visibility_matrix(db, clock, world, role):
    """Every role x every pathway (one world per role, every pathway in it): the table
    decides what a role reads, changes and finds in the history."""
    expected = {
        Role.ADVISER: set(pw.PATHWAY_CODES), Role.SOCIAL_WORKER: set(pw.PATHWAY_CODES),
        Role.SCHOOL: {"work_school"}}.get(role, set())
    staff = _staff(db, world, role.value)
    adviser = _staff(db, world)
    inmate = _inmate(db, world)
    got = {}
    for pathway in pw.PATHWAY_CODES:
        assert pw.may_see({role}, pathway) == (pathway in expected), pathway
        code = next(p for p in pw.PATHWAYS if p.code == pathway).items[0].code
        plan_changes.set_item(db, clock.now(), adviser, inmate, code, plan_changes.ItemChange(
            "in_progress", "adviser", note="Notat"))
        try:
            changed = plan_changes.set_item(db, clock.now(), staff, inmate, code,
                                            plan_changes.ItemChange("done", "adviser", note="Notat"))
        except NotFound:
            changed = False
        try:
            view = plan_reads.read(db, clock.now(), staff, inmate)
        except NotFound:
            got[pathway] = (changed, False, False, False)
            continue
        item = next((i for i in view.items if i.code == code), None)
        got[pathway] = (changed, item is not None, bool(item and item.note == "Notat"),
                        any(e.code == code for e in view.history))
    assert got == {p: (p in expected,) * 4 for p in pw.PATHWAY_CODES}


def test_history_shows_only_the_pathways_the_reader_sees(db, clock, world):
    inmate = _inmate(db, world)
    plan_changes.set_item(db, clock.now(), _staff(db, world), inmate, "bankid",
                          plan_changes.ItemChange("done", "adviser"))
    plan_changes.set_item(db, clock.now(), _staff(db, world), inmate, "cv",
                          plan_changes.ItemChange("done", "adviser"))
    view = plan_reads.read(db, clock.now(), _staff(db, world, "school"), inmate)
    assert [e.code for e in view.history if e.kind == "item"] == ["cv"]
    assert _audits(db, "release_plan.view") == 1


def test_staff_of_another_prison_do_not_see_the_plan(db, clock, world):
    with pytest.raises(NotFound):
        plan_reads.read(db, clock.now(), _staff(db, world), _inmate(db, world, "b"))


def test_the_arrival_list(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    rows = plan_lists.arrival_list(db, clock.now(), adviser)
    assert [r.inmate.inmate_number for r in rows] == ["A100", "A200"]
    assert rows[0].due_on == date(2026, 3, 9) and rows[0].open == len(pw.ARRIVAL_ITEMS)
    for code in pw.ARRIVAL_ITEMS:
        plan_changes.set_item(db, clock.now(), adviser, inmate, code,
                              plan_changes.ItemChange("done", "adviser"))
    assert [r.inmate.inmate_number for r in plan_lists.arrival_list(db, clock.now(), adviser)] == ["A200"]
    school = [r.items for r in plan_lists.arrival_list(db, clock.now(), _staff(db, world, "school"))]
    assert [[i.code for i in items] for items in school] == [["school_wish"]]
    clock.advance(days=8)
    assert plan_lists.arrival_list(db, clock.now(), adviser)[0].overdue(plan_dates.today(clock.now()))
    assert _audits(db, "release_plan.arrivals") == 4


def test_short_stays_are_raised_from_day_one(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    plan_changes.set_dates(db, clock.now(), adviser, inmate,
                           plan_dates.Dates(TODAY, None, date(2026, 5, 20), None))
    plan = rp.find_plan(db, inmate)
    assert plan_dates.is_short_stay(plan)
    raised = plan_lists.raised_inmates(db, TODAY, {world.prison.id})
    assert set(raised) == {inmate.id} and raised[inmate.id].open == len(pw.ITEMS)
    assert raised[inmate.id].short_stay
    rows = plan_lists.upcoming(db, clock.now(), adviser, 30)
    assert [(r.inmate.id, r.short_stay) for r in rows] == [(inmate.id, True)]


def test_an_untouched_short_stay_is_raised_too(db, clock, world):
    inmate = _inmate(db, world, "a2")
    inmate.expected_release = TODAY + timedelta(days=60)
    assert rp.find_plan(db, inmate) is None
    assert set(plan_lists.raised_inmates(db, TODAY, {world.prison.id})) == {inmate.id}


def test_untouched_short_stays_are_raised_without_a_query_each(db, clock, world):
    """The queue reads this on every page: with national data, one query per untouched
    short stay was most of the staff queue's time (make bench --profile admin-postgresql)."""
    from sqlalchemy import event

    def queries_for(keys) -> int:  # the inmates of prison A with a release date, no plan
        for key in ("a", "a2"):
            _inmate(db, world, key).expected_release = (
                TODAY + timedelta(days=60) if key in keys else None)
        db.flush()
        counted = []
        listener = lambda *args, **kwargs: counted.append(1)  # noqa: E731
        connection = db.connection()
        event.listen(connection, "before_cursor_execute", listener)
        try:
            assert set(plan_lists.raised_inmates(db, TODAY, {world.prison.id})) == {
                world.inmates[key].id for key in keys}
        finally:
            event.remove(connection, "before_cursor_execute", listener)
        return len(counted)

    assert queries_for(["a2"]) == queries_for(["a2", "a"])


def test_the_queue_reads_only_untouched_inmates_who_may_be_short_stays(db, clock, world):
    """An inmate without a plan whose release is more than 90 days from today cannot be a
    short stay (they arrived today at the latest): the queue's query leaves them out
    instead of reading them all and deciding each in Python (make bench, national data
    at 4x on PostgreSQL: every present inmate of the adviser's prisons, on every queue page)."""
    from sqlalchemy import event

    far, near = world.inmates["a"].id, world.inmates["a2"].id
    _inmate(db, world, "a").expected_release = TODAY + timedelta(days=pw.SHORT_STAY_DAYS + 1)
    _inmate(db, world, "a2").expected_release = TODAY + timedelta(days=60)
    db.flush()
    db.expunge_all()
    loaded = []
    listener = lambda target, _context: loaded.append(target.id)  # noqa: E731
    event.listen(Inmate, "load", listener)
    try:
        raised = plan_lists.raised_inmates(db, TODAY, {world.prison.id})
    finally:
        event.remove(Inmate, "load", listener)
    assert set(raised) == {near}
    assert near in loaded and far not in loaded


def test_an_untouched_short_stays_summary_is_kept_for_the_next_queue_page(db, clock, world):
    inmate = _inmate(db, world, "a2")
    inmate.expected_release = TODAY + timedelta(days=60)
    plan_lists.untouched_raised.cache_clear()
    first = plan_lists.raised_inmates(db, TODAY, {world.prison.id})
    assert plan_lists.raised_inmates(db, TODAY, {world.prison.id}) == first
    assert plan_lists.untouched_raised.cache_info().hits >= 1
    # The same as the plan it would start would say, had it been saved.
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    summary = rp.summarize(rp.items_for(db, plan), TODAY)
    assert first[inmate.id] == plan_lists.Raised(
        summary.open, summary.overdue, True, summary.next_due.due_on)
    assert plan_lists.raised_inmates(db, TODAY, {world.prison.id}) == first  # saved now
    assert plan_lists.untouched_raised.cache_info().maxsize == plan_lists.UNTOUCHED_KEPT


def test_released_within_30_days_with_open_items_is_raised(db, clock, world):
    inmate = _inmate(db, world, "a2")
    inmate.expected_release = TODAY + timedelta(days=20)
    rp.get_or_start_plan(db, clock.now(), inmate, arrived_on=date(2025, 6, 1))
    assert set(plan_lists.raised_inmates(db, TODAY, {world.prison.id})) == {inmate.id}
    assert plan_lists.raised_inmates(db, TODAY, {world.other_prison.id}) == {}


def test_marking_released_freezes_the_plan_with_what_was_left_open(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    admin = _staff(db, world, "prison_admin")
    for code in pw.ITEMS:
        if code != "appointment_booked":
            plan_changes.set_item(db, clock.now(), adviser, inmate, code,
                                  plan_changes.ItemChange("done", "adviser"))
    data = inmate_service.InmateData(inmate.inmate_number, inmate.name, inmate.prison_id,
                                     inmate.unit_id, "0301", "nb", inmate.expected_release,
                                     InmateStatus.RELEASED.value)
    inmate_service.update(db, clock.now(), admin, inmate, data)
    plan = rp.find_plan(db, inmate)
    assert plan.frozen_at == clock.now() and rp.frozen_open(plan) == ["appointment_booked"]
    assert plan_reads.history(db, plan)[0].detail == {"left_open": ["appointment_booked"]}
    with pytest.raises(ServiceError, match="release_plan_frozen"):
        plan_changes.set_item(db, clock.now(), adviser, inmate, "appointment_booked",
                              plan_changes.ItemChange("done", "adviser"))
    assert plan_reads.read(db, clock.now(), adviser, inmate).left_open == ["appointment_booked"]


def test_a_transfer_moves_the_plan_with_the_person(db, clock, world):
    inmate = _inmate(db, world)
    adviser_a = _staff(db, world)
    plan_changes.set_item(db, clock.now(), adviser_a, inmate, "cv",
                          plan_changes.ItemChange("done", "adviser"))
    data = inmate_service.InmateData(inmate.inmate_number, inmate.name, world.other_prison.id,
                                     None, "0301", "nb", inmate.expected_release)
    inmate_service.update(db, clock.now(), _staff(db, world, "system_admin"), inmate, data)
    with pytest.raises(NotFound):
        plan_reads.read(db, clock.now(), adviser_a, inmate)
    adviser_b = _staff(db, world, "adviser")
    adviser_b.prisons = [world.other_prison]
    db.flush()
    view = plan_reads.read(db, clock.now(), adviser_b, inmate)
    assert next(i for i in view.items if i.code == "cv").status == "done"
    assert view.history[0].kind == "transferred"
    assert view.history[0].detail == {"from": world.prison.id, "to": world.other_prison.id}


def test_a_date_changed_on_the_record_moves_the_plan(db, clock, world):
    inmate = _inmate(db, world)
    plan = rp.get_or_start_plan(db, clock.now(), inmate)
    data = inmate_service.InmateData(inmate.inmate_number, inmate.name, inmate.prison_id,
                                     inmate.unit_id, "0301", "nb", date(2026, 7, 1))
    inmate_service.update(db, clock.now(), _staff(db, world, "prison_admin"), inmate, data)
    assert plan.expected_on == date(2026, 7, 1)
    assert plan_reads.history(db, plan)[0].detail["expected_on"] == ["2026-06-01", "2026-07-01"]


def test_the_inmate_sees_only_visible_items_and_never_a_note(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    plan_changes.set_item(db, clock.now(), adviser, inmate, "cv",
                          plan_changes.ItemChange("done", "adviser", note="Hemmelig notat"))
    plan_changes.set_item(db, clock.now(), adviser, inmate, "debt_advice", plan_changes.ItemChange(
        "in_progress", "social_worker", note="Skjult", visible_to_inmate=False))
    mine = plan_inmate.for_inmate(db, clock.now(), inmate)
    codes = {i.code for i in mine.done + mine.next + mine.not_needed}
    assert "cv" in {i.code for i in mine.done} and "debt_advice" not in codes
    assert all(i.note == "" for i in mine.done + mine.next + mine.not_needed)
    assert mine.next[0].arrival  # the arrival list is due first


def test_asking_for_help_files_a_request_to_the_right_team_linked_to_the_item(db, clock, world):
    inmate = _inmate(db, world)
    request = plan_inmate.ask_for_help(db, clock.now(), inmate, "housing", "Trenger et sted å bo")
    assert (request.topic, request.team, request.description) == (
        "housing", "social_worker", "Trenger et sted å bo")
    plan = rp.find_plan(db, inmate)
    item = next(i for i in rp.items_for(db, plan) if i.code == "housing_office_contacted")
    assert item.request_id == request.id and item.status == "not_started"
    assert plan_reads.history(db, plan)[0].kind == "help_asked"
    assert plan_inmate.ask_for_help(db, clock.now(), inmate, "school").team == "school"
    assert plan_inmate.ask_for_help(db, clock.now(), inmate, "other").topic == "future_plan"
    with pytest.raises(ServiceError, match="help_choice_unknown"):
        plan_inmate.ask_for_help(db, clock.now(), inmate, "health")
    assert db.scalar(select(func.count()).select_from(Request)) == 3


def test_deleting_a_plan_deletes_its_items_and_history(db, clock, world):
    inmate = _inmate(db, world)
    plan_changes.set_item(db, clock.now(), _staff(db, world), inmate, "cv",
                          plan_changes.ItemChange("done", "adviser"))
    db.flush()
    plan_id = rp.find_plan(db, inmate).id
    db.execute(ReleasePlan.__table__.delete().where(ReleasePlan.id == plan_id))
    assert db.scalar(select(func.count()).select_from(ReleasePlanEvent)
                     .where(ReleasePlanEvent.plan_id == plan_id)) == 0


BENEFITS = ("dagpenger", "aap", "uforetrygd", "sosialhjelp", "kvalifiseringsprogram")


def test_the_income_benefits_use_the_benefit_words_for_the_same_statuses(db, clock, world):
    """The issue's income items are "applied for", "decided", "not relevant": a vocabulary
    of their own (as data), stored as the general statuses."""
    assert all(pw.pathway_of(code) == "income" and pw.words_of(code) == "benefit"
               for code in BENEFITS)
    assert pw.words_of("income_applied") == "benefit"  # livsopphold applied for
    assert pw.words_of("meldekort_schedule") == "general" and pw.words_of("cv") == "general"
    assert set(pw.WORDS) == {"general", "benefit"}
    inmate, adviser = _inmate(db, world), _staff(db, world)
    plan_changes.set_item(db, clock.now(), adviser, inmate, "dagpenger",
                          plan_changes.ItemChange("in_progress", "adviser"))  # "applied for"
    plan = rp.find_plan(db, inmate)
    assert next(i.status for i in rp.items_for(db, plan) if i.code == "dagpenger") == "in_progress"
