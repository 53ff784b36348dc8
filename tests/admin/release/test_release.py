"""The release checklist and the upcoming releases in the staff app."""
from datetime import date, timedelta

from sqlalchemy import func, select

from core.models import AuditEvent, ChecklistItem, Inmate, Request
from core.services.requests import filing as requests

TODAY = date(2026, 3, 2)


def _release_in(database, world, days, key="a"):
    with database.session() as db:
        db.get(Inmate, world.inmates[key].id).expected_release = (
            TODAY + timedelta(days=days) if days is not None else None)
    return world.inmates[key].id


def _count(database, model=ChecklistItem, *where):
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def test_the_checklist_shows_each_item_with_its_due_date(staff_user, database, world):
    inmate = _release_in(database, world, 14)
    staff_user.sign_in("adviser")
    response = staff_user.client.get(f"/inmates/{inmate}/release")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("data-item=") == 6 and 'data-done="yes"' not in html
    assert "30 dager før løslatelse" in html and "data-overdue" in html  # 16 and 7 days ago
    assert 'id="income_applied-note"' in html and 'id="recorded-done"' in html


def test_tick_with_a_note_then_untick(staff_user, database, world):
    inmate = _release_in(database, world, 14)
    adviser = staff_user.sign_in("adviser")
    response = staff_user.post(f"/inmates/{inmate}/release", {
        "item": "income_applied", "done": "y", "note": "Søknad sendt 1. mars"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inmates/{inmate}/release#income_applied")
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert page.count('data-done="yes"') == 1 and "Søknad sendt 1. mars" in page
    assert adviser.name in page and "aksel-alert--success" in page
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "income_applied", "note": "Søknad sendt 1. mars"}).status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert 'data-done="yes"' not in page
    same = staff_user.post(f"/inmates/{inmate}/release", {
        "item": "income_applied", "note": "Søknad sendt 1. mars"}, follow_redirects=True)
    assert "Ingenting ble endret." in same.get_data(as_text=True)
    with database.session() as db:
        row = db.scalar(select(ChecklistItem))
        assert row.done_at is None and row.note == "Søknad sendt 1. mars"
        actions = db.scalars(select(AuditEvent.action)).all()
        assert actions.count("checklist.update") == 2 and "checklist.view" in actions


def test_bad_input_keeps_what_was_typed(staff_user, database, world):
    inmate = _release_in(database, world, 14)
    staff_user.sign_in("social_worker")
    long = "lang merknad " * 40  # over 500 characters
    response = staff_user.post(f"/inmates/{inmate}/release", {
        "item": "plans_shared", "done": "y", "note": long})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#plans_shared-note"' in html and long.strip() in html
    assert 'id="plans_shared-done" name="done" value="y" class="aksel-checkbox__input" checked' \
        in html
    for item in ("housing", "", "42"):
        response = staff_user.post(f"/inmates/{inmate}/release", {"item": item, "done": "y"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "data-bb-error-summary" in html
        assert "Velg et punkt på sjekklisten." in html and 'href="#item"' not in html
    response = staff_user.post(f"/inmates/{inmate}/release", {"done": "y"})
    assert response.status_code == 400
    assert _count(database) == 0


def test_an_unknown_release_date(staff_user, database, world):
    inmate = _release_in(database, world, None)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{inmate}/release").get_data(as_text=True)
    assert "aksel-alert--info" in html and "data-overdue" not in html
    assert staff_user.post(f"/inmates/{inmate}/release", {
        "item": "recorded", "done": "y"}).status_code == 302


def test_another_prisons_inmate_does_not_exist(staff_user, database, world):
    other = _release_in(database, world, 5, key="b")
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/inmates/{other}/release").status_code == 404
    assert staff_user.post(f"/inmates/{other}/release", {
        "item": "recorded", "done": "y"}).status_code == 404
    assert staff_user.client.get("/inmates/999999/release").status_code == 404
    assert staff_user.client.get("/inmates/abc/release").status_code == 404
    assert _count(database) == 0
    upcoming = staff_user.client.get("/release/").get_data(as_text=True)
    assert 'data-inmate="B100"' not in upcoming


def test_officers_trainers_and_administrators_are_refused(staff_user, database, world):
    inmate = _release_in(database, world, 5)
    for role in ("officer", "trainer", "school", "prison_admin"):
        staff_user.sign_in(role)
        assert staff_user.client.get(f"/inmates/{inmate}/release").status_code == 403
        assert staff_user.client.get("/release/").status_code == 403
        assert staff_user.post(f"/inmates/{inmate}/release", {
            "item": "recorded", "done": "y"}).status_code == 403
        record = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
        assert "data-record-checklist" not in record and "/release/" not in record
        staff_user.post("/sign-out")
    assert _count(database) == 0


def test_csrf_is_required(staff_user, database, world):
    inmate = _release_in(database, world, 5)
    staff_user.sign_in("adviser")
    response = staff_user.client.post(f"/inmates/{inmate}/release", data={
        "item": "recorded", "done": "y"})
    assert response.status_code == 400 and _count(database) == 0
    response = staff_user.client.post(f"/inmates/{inmate}/release", data={
        "item": "recorded", "done": "y", "csrf_token": "forged"})
    assert response.status_code == 400 and _count(database) == 0


def test_upcoming_releases_soonest_first_with_what_is_left(staff_user, database, clock, world):
    later = _release_in(database, world, 20)
    sooner = _release_in(database, world, 3, key="a2")
    with database.session() as db:
        requests.file(db, clock.now(), db.get(Inmate, later), requests.Draft(topic="work"))
        requests.file(db, clock.now(), db.get(Inmate, later), requests.Draft(topic="debt"))
    staff_user.sign_in("adviser")
    staff_user.post(f"/inmates/{later}/release", {"item": "release_date_known", "done": "y"})
    html = staff_user.client.get("/release/").get_data(as_text=True)
    assert html.index('data-inmate="A200"') < html.index('data-inmate="A100"')
    assert f'href="/inmates/{later}/release"' in html and f'href="/inmates/{sooner}/release"' in html
    assert 'data-open-requests="2"' in html and 'data-open-requests="0"' in html
    assert "1 av 6" in html  # the adviser ticked one item of A100's
    week = staff_user.client.get("/release/?within=7").get_data(as_text=True)
    assert 'data-inmate="A200"' in week and 'data-inmate="A100"' not in week
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "release.list")) == 2
        # Only a count: the list shows no request content.
        assert db.scalar(select(func.count()).select_from(Request)) == 2
    assert "Arbeid" not in html and "Gjeld" not in html


def test_upcoming_releases_refuse_a_bad_period(staff_user, database, world):
    _release_in(database, world, 20)
    staff_user.sign_in("adviser")
    for bad in ("abc", "15", "-7", ""):
        response = staff_user.client.get(f"/release/?within={bad}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and 'href="#within"' in html, bad
        assert 'data-inmate="A100"' in html  # the default 30 days meanwhile


def test_the_nav_and_the_record_lead_to_the_checklist(staff_user, database, world):
    inmate = _release_in(database, world, 10)
    staff_user.sign_in("adviser")
    start = staff_user.client.get("/").get_data(as_text=True)
    assert 'href="/release/"' in start
    record = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert "data-record-checklist" in record and f'href="/inmates/{inmate}/release"' in record
    assert "0 av 6 er gjort." in record


def test_release_says_how_many_requests_must_be_handed_over(staff_user, database, clock, world):
    inmate = world.inmates["a"]
    with database.session() as db:
        requests.file(db, clock.now(), db.get(Inmate, inmate.id), requests.Draft(topic="work"))
    staff_user.sign_in("prison_admin")
    form = {"inmate_number": inmate.inmate_number, "name": "Innsatt A100",
            "prison_id": world.prison.id, "unit_id": 0, "municipality": "0301",
            "language": "nb", "expected_release": "2026-03-02", "status": "released"}
    response = staff_user.post(f"/inmates/{inmate.id}/edit", form, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "aksel-alert--warning" in html
    assert "1 henvendelse er fortsatt åpen og må overføres" in html
    with database.session() as db:
        assert db.scalar(select(Request.status)) == "received"  # nothing closed
    again = staff_user.post(f"/inmates/{inmate.id}/edit", form, follow_redirects=True)
    assert "fortsatt åpen" not in again.get_data(as_text=True)  # only when it happens
