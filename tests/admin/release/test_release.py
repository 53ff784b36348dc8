"""The release plan, the arrival list and the upcoming releases in the staff app (issue 15)."""
from datetime import date, timedelta

from sqlalchemy import func, select

from core.models import AuditEvent, Inmate, ReleasePlanItem
from core.services.release import pathways as pw

TODAY = date(2026, 3, 2)


def _release_in(database, world, days, key="a"):
    with database.session() as db:
        db.get(Inmate, world.inmates[key].id).expected_release = (
            TODAY + timedelta(days=days) if days is not None else None)
    return world.inmates[key].id


def test_the_plan_shows_every_pathway_with_its_items(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("adviser")
    response = staff_user.client.get(f"/inmates/{inmate}/release")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("data-pathway=") == len(pw.PATHWAYS)
    assert html.count("data-item=") == len(pw.ITEMS)
    assert 'id="income_applied-note"' in html and 'id="recorded-status"' in html
    assert 'action="/inmates/%s/release/dates"' % inmate in html
    assert "data-short-stay" not in html


def test_the_school_sees_only_work_and_school_and_no_dates_form(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("school")
    html = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert html.count("data-pathway=") == 1 and 'data-pathway="work_school"' in html
    assert "/release/dates" not in html
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "bankid", "status": "done", "owner": "adviser"}).status_code == 404
    assert staff_user.post(f"/inmates/{inmate}/release/dates", {
        "arrived_on": "2026-03-02"}).status_code == 403


def test_saving_an_item(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    adviser = staff_user.sign_in("adviser")
    response = staff_user.post(f"/inmates/{inmate}/release", {
        "item": "cv", "status": "in_progress", "owner": "adviser", "due_on": "2026-04-01",
        "note": "CV påbegynt", "visible_to_inmate": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inmates/{inmate}/release#cv")
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert 'data-item="cv" data-status="in_progress"' in page and "CV påbegynt" in page
    assert 'data-due="2026-04-01"' in page and adviser.name in page
    assert 'data-history-kind="item"' in page
    with database.session() as db:
        row = db.scalar(select(ReleasePlanItem))
        assert (row.code, row.status, row.due_on, row.visible_to_inmate) == (
            "cv", "in_progress", date(2026, 4, 1), True)
        actions = db.scalars(select(AuditEvent.action)).all()
        assert "release_plan.item" in actions and "release_plan.view" in actions


def test_a_bad_item_keeps_what_was_typed(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/inmates/{inmate}/release", {
        "item": "cv", "status": "in_progress", "owner": "adviser", "note": "x" * 501})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "x" * 501 in html
    assert "aksel-error-summary" in html
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "nope", "status": "done", "owner": "adviser"}).status_code == 400
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(ReleasePlanItem)) == 0


def test_bad_dates_give_a_clear_error_and_nothing_typed_is_lost(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/inmates/{inmate}/release/dates", {
        "arrived_on": "2026-03-02", "earliest_on": "2026-07-01", "expected_on": "2026-06-15",
        "latest_on": "2026-06-01"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Den tidligste datoen kan ikke være etter den seneste." in html
    assert 'value="2026-07-01"' in html and 'value="2026-06-01"' in html
    past = staff_user.post(f"/inmates/{inmate}/release/dates", {
        "arrived_on": "2026-03-02", "expected_on": "2026-02-01"}).get_data(as_text=True)
    assert "Løslatelsen kan ikke være før ankomsten." in past


def test_moved_dates_move_due_dates_and_show_in_the_history(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("adviser")
    assert staff_user.post(f"/inmates/{inmate}/release/dates", {
        "arrived_on": "2026-03-02", "earliest_on": "2026-05-01",
        "expected_on": "2026-06-10"}).status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert 'data-item="recorded"' in page and 'data-due="2026-04-30"' in page
    assert staff_user.post(f"/inmates/{inmate}/release/dates", {
        "arrived_on": "2026-03-02", "earliest_on": "2026-05-11",
        "expected_on": "2026-06-10"}).status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert 'data-due="2026-05-10"' in page
    assert page.count('data-history-kind="dates"') == 2


def test_a_short_stay_is_marked_on_the_plan_the_record_and_upcoming(staff_user, database, world):
    inmate = _release_in(database, world, 60)
    staff_user.sign_in("adviser")
    assert "data-short-stay" in staff_user.client.get(
        f"/inmates/{inmate}/release").get_data(as_text=True)
    assert "data-short-stay" in staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    upcoming = staff_user.client.get("/release/?within=7").get_data(as_text=True)
    assert 'data-inmate="A100" class="bb-raised" data-short-stay' in upcoming


def test_upcoming_shows_overdue_and_next_due(staff_user, database, world):
    _release_in(database, world, 10)
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/release/?within=30").get_data(as_text=True)
    assert 'data-inmate="A100"' in html and "data-next-due" in html
    assert '<strong class="bb-breach">' in html
    assert staff_user.client.get("/release/?within=5").status_code == 400


def test_the_arrival_list(staff_user, database, world):
    staff_user.sign_in("social_worker")
    html = staff_user.client.get("/release/arrivals").get_data(as_text=True)
    assert 'data-inmate="A100"' in html and 'data-inmate="A200"' in html
    assert 'data-inmate="B100"' not in html


def test_the_record_shows_the_plans_state(staff_user, database, world):
    inmate = _release_in(database, world, 10)
    staff_user.sign_in("adviser")
    record = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert "data-record-plan" in record and f'href="/inmates/{inmate}/release"' in record


def test_officers_see_no_plan(staff_user, database, world):
    inmate = _release_in(database, world, 10)
    staff_user.sign_in("officer")
    record = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert "data-record-plan" not in record
    assert staff_user.client.get(f"/inmates/{inmate}/release").status_code == 403


def test_another_prisons_inmate_is_not_found(staff_user, world):
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/inmates/{world.inmates['b'].id}/release").status_code == 404


def test_released_freezes_the_plan_on_the_page(staff_user, database, world):
    inmate = _release_in(database, world, 10)
    from core.models import StaffUser
    from core.services.release import plan_lifecycle
    with database.session() as db:
        subject = db.get(Inmate, inmate)
        plan_lifecycle.freeze(db, staff_user.clock.now(),
                              db.get(StaffUser, world.staff["adviser"].id), subject)
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert "data-frozen" in page and "<details" not in page
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "cv", "status": "done", "owner": "adviser"}).status_code == 400


def test_marking_released_says_the_plan_is_closed_and_what_was_left(staff_user, database,
                                                                    world):
    inmate = world.inmates["a"].id
    staff_user.sign_in("prison_admin")
    response = staff_user.post(f"/inmates/{inmate}/edit", {
        "inmate_number": "A100", "name": "Innsatt A100", "prison_id": world.prison.id,
        "unit_id": 0, "municipality": "0301", "language": "nb", "expected_release": "",
        "status": "released"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Løslatelsesplanen er lukket. %s punkter sto åpne." % len(pw.ITEMS) in html
    from core.services.release import plan as release_plan
    with database.session() as db:
        plan = release_plan.find_plan(db, db.get(Inmate, inmate))
        assert plan.frozen_at is not None and len(release_plan.frozen_open(plan)) == len(pw.ITEMS)


def test_a_transfer_moves_the_plan_the_sending_prison_loses_it(staff_user, database, world):
    """The system administrator moves inmate a to prison B: an adviser serving B sees the
    plan at once with its items; a social worker serving only A gets 404."""
    from core.models import Prison, StaffUser
    from core.services.people import inmates as people
    from core.services.release import plan_changes

    inmate = world.inmates["a"].id
    with database.session() as db:
        subject = db.get(Inmate, inmate)
        plan_changes.set_item(db, staff_user.clock.now(),
                              db.get(StaffUser, world.staff["adviser"].id), subject, "cv",
                              plan_changes.ItemChange("done", "adviser"))
        people.update(db, staff_user.clock.now(),
                      db.get(StaffUser, world.staff["system_admin"].id), subject,
                      people.InmateData("A100", subject.name, world.other_prison.id, None,
                                        "0301", "nb", subject.expected_release))
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        adviser.prisons = [db.get(Prison, world.other_prison.id)]
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert 'data-item="cv" data-status="done"' in page
    assert 'data-history-kind="transferred"' in page
    staff_user.client = staff_user.client.application.test_client()  # another browser
    staff_user.sign_in("social_worker")
    assert staff_user.client.get(f"/inmates/{inmate}/release").status_code == 404


def _item_html(html: str, code: str) -> str:
    return html.split(f'data-item="{code}"')[1].split("</li>")[0]


def test_income_benefits_show_applied_for_decided_not_relevant(staff_user, database, world):
    inmate = _release_in(database, world, 100)
    staff_user.sign_in("adviser")
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "dagpenger", "status": "in_progress", "owner": "adviser"}).status_code == 302
    html = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    dagpenger = _item_html(html, "dagpenger")
    assert "<strong>Søkt</strong>" in dagpenger
    assert "Vedtak fattet" in dagpenger and "Ikke aktuelt" in dagpenger  # the choices
    assert "Vedtak fattet" not in _item_html(html, "cv")
    assert "Ikke søkt → Søkt" in html.split("data-history>")[1]
    staff_user.post("/language", {"lang": "en"})
    html = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    dagpenger = _item_html(html, "dagpenger")
    assert "<strong>Applied for</strong>" in dagpenger
    assert "Decided" in dagpenger and "Not relevant" in dagpenger
