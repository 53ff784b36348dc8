"""Prisons, terminals, inmates and staff from the admin app."""
import re

from sqlalchemy import func, select

from core.models import AuditEvent, Inmate, Prison, StaffUser, Terminal
from core.services.people import terminals


def _audit_count(database, action):
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == action))


def test_system_admin_creates_a_prison_and_a_unit(staff_user, database):
    staff_user.sign_in("system_admin")
    response = staff_user.post("/prisons/new", {"code": "ila", "name": "Ila fengsel"})
    assert response.status_code == 302
    prison_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert staff_user.post(f"/prisons/{prison_id}/units", {"name": "Avd. 1"}).status_code == 302
    duplicate = staff_user.post(f"/prisons/{prison_id}/units", {"name": "avd. 1"})
    assert duplicate.status_code == 400 and 'value="avd. 1"' in duplicate.get_data(as_text=True)
    with database.session() as db:
        assert db.get(Prison, prison_id).code == "ILA"
    assert _audit_count(database, "unit.create") >= 1


def test_prison_admin_manages_units_but_not_prisons(staff_user, world):
    staff_user.sign_in("prison_admin")
    assert staff_user.client.get("/prisons/new").status_code == 403
    assert staff_user.client.get(f"/prisons/{world.prison.id}").status_code == 200
    assert staff_user.client.get(f"/prisons/{world.other_prison.id}").status_code == 404


def test_register_terminal_shows_the_code_once(staff_user, database, world, clock):
    staff_user.sign_in("prison_admin")
    response = staff_user.post("/terminals/new", {"prison_id": world.prison.id, "name": "Verksted",
                                                  "unit_id": 0, "supervised": "y"})
    assert response.status_code == 200
    code = re.search(r"data-enrolment-code>([A-Z0-9]{8})<", response.get_data(as_text=True))[1]
    with database.session() as db:
        terminal = db.scalar(select(Terminal).where(Terminal.name == "Verksted"))
        assert terminal.supervised and code not in (terminal.enrolment_code_hash or "")
        assert terminals.enrol(db, clock.now(), code, None)


def test_terminal_in_another_prison_cannot_be_registered(staff_user, world):
    staff_user.sign_in("prison_admin")
    response = staff_user.post("/terminals/new", {"prison_id": world.other_prison.id,
                                                  "name": "X", "unit_id": 0})
    assert response.status_code == 400 and 'value="X"' in response.get_data(as_text=True)


def test_unit_must_belong_to_the_prison(staff_user, world):
    staff_user.sign_in("system_admin")
    response = staff_user.post("/terminals/new", {
        "prison_id": world.prison.id, "name": "X", "unit_id": world.other_prison.units[0].id})
    assert response.status_code == 400 and 'href="#unit_id"' in response.get_data(as_text=True)


def test_revoke_and_new_code(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    terminal_id = world.terminals["a"].id
    assert staff_user.post(f"/terminals/{terminal_id}/revoke").status_code == 302
    with database.session() as db:
        assert terminals.authenticate(db, world.credentials["a"], None) is None
    response = staff_user.post(f"/terminals/{terminal_id}/code")
    assert response.status_code == 200 and "data-enrolment-code" in response.get_data(as_text=True)


def test_officer_opens_and_closes_a_window_but_cannot_revoke(staff_user, database, world, clock):
    staff_user.sign_in("officer")
    terminal_id = world.terminals["a_supervised"].id
    assert staff_user.post(f"/terminals/{terminal_id}/window", {"minutes": 45}).status_code == 302
    with database.session() as db:
        window = terminals.current_window(db, clock.now(), terminal_id)
        assert window.officer_id == world.staff["officer"].id
    assert staff_user.post(f"/terminals/{terminal_id}/window/close").status_code == 302
    with database.session() as db:
        assert terminals.current_window(db, clock.now(), terminal_id) is None
    assert staff_user.post(f"/terminals/{terminal_id}/revoke").status_code == 403
    bad = staff_user.post(f"/terminals/{terminal_id}/window", {"minutes": 1000})
    assert bad.status_code == 400 and 'value="1000"' in bad.get_data(as_text=True)


def test_register_inmate_keeps_input_on_error(staff_user, world):
    staff_user.sign_in("prison_admin")
    form = {"inmate_number": "A100", "name": "Ny Person", "prison_id": world.prison.id,
            "unit_id": 0, "municipality": "0301", "language": "nb", "expected_release": "",
            "status": "present"}
    response = staff_user.post("/inmates/new", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="Ny Person"' in html
    assert 'href="#inmate_number"' in html
    form["inmate_number"] = "A999"
    form["expected_release"] = "2027-01-31"
    response = staff_user.post("/inmates/new", form)
    assert response.status_code == 302


def test_bad_date_is_named(staff_user, world):
    staff_user.sign_in("prison_admin")
    response = staff_user.post("/inmates/new", {
        "inmate_number": "A998", "name": "X", "prison_id": world.prison.id, "unit_id": 0,
        "municipality": "", "language": "nb", "expected_release": "31.01.2027",
        "status": "present"})
    assert response.status_code == 400 and 'href="#expected_release"' in response.get_data(
        as_text=True)


def test_edit_inmate_cannot_change_the_number(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    inmate_id = world.inmates["a"].id
    assert staff_user.client.get(f"/inmates/{inmate_id}/edit").status_code == 200
    response = staff_user.post(f"/inmates/{inmate_id}/edit", {
        "inmate_number": "HACK", "name": "Nytt Navn", "prison_id": world.prison.id,
        "unit_id": world.prison.units[0].id, "municipality": "4601", "language": "en",
        "expected_release": "", "status": "transferred"})
    assert response.status_code == 302
    with database.session() as db:
        inmate = db.get(Inmate, inmate_id)
        assert (inmate.inmate_number, inmate.name, inmate.municipality_name, inmate.status) == (
            "A100", "Nytt Navn", "Bergen", "transferred")


def test_pin_slip_is_shown_once_and_works(staff_user, kiosk_user, world):
    staff_user.sign_in("officer")
    response = staff_user.post(f"/inmates/{world.inmates['a'].id}/pin")
    pin = re.search(r"data-pin>(\d{6})<", response.get_data(as_text=True))[1]
    assert pin not in staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(
        as_text=True)
    assert kiosk_user.sign_in("A100", pin).status_code == 302


def test_reading_inmates_is_audited(staff_user, database, world):
    staff_user.sign_in("adviser")
    staff_user.client.get("/inmates/?q=A1")
    staff_user.client.get(f"/inmates/{world.inmates['a'].id}")
    assert _audit_count(database, "inmate.list") == 1
    assert _audit_count(database, "inmate.view") == 1


def test_staff_only_see_their_prisons_inmates(staff_user, world):
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/inmates/").get_data(as_text=True)
    assert "A100" in html and "B100" not in html
    assert staff_user.client.get(f"/inmates/{world.inmates['b'].id}").status_code == 404


def test_create_and_update_staff(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    form = {"username": "ny.betjent", "name": "Ny Betjent", "roles": ["officer"],
            "prisons": [world.prison.id], "password": "short", "active": "y"}
    response = staff_user.post("/staff/new", form)
    assert response.status_code == 400 and 'value="ny.betjent"' in response.get_data(as_text=True)
    form["password"] = "long enough password"
    response = staff_user.post("/staff/new", form)
    assert response.status_code == 302
    staff_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = staff_user.post(f"/staff/{staff_id}", {
        "name": "Ny Betjent", "roles": ["officer", "trainer"], "prisons": [world.prison.id],
        "active": "y"})
    assert response.status_code == 302
    with database.session() as db:
        assert {r.value for r in db.get(StaffUser, staff_id).roles} == {"officer", "trainer"}


def test_prison_admin_cannot_grant_system_admin(staff_user, world):
    staff_user.sign_in("prison_admin")
    page = staff_user.client.get("/staff/new").get_data(as_text=True)
    assert 'value="system_admin"' not in page
    response = staff_user.post("/staff/new", {
        "username": "boss", "name": "Boss", "roles": ["system_admin"],
        "prisons": [world.prison.id], "password": "long enough password"})
    assert response.status_code == 400


def test_staff_of_another_prison_are_hidden(staff_user, world):
    staff_user.sign_in("prison_admin")
    assert staff_user.client.get(f"/staff/{world.staff['other_officer'].id}").status_code == 404
    assert "other-officer" not in staff_user.client.get("/staff/").get_data(as_text=True)


def test_reset_totp_and_password(staff_user, database, world):
    staff_user.sign_in("system_admin")
    target = world.staff["officer"].id
    assert staff_user.post(f"/staff/{target}/reset-totp").status_code == 302
    assert staff_user.post(f"/staff/{target}/password", {"password": "x"}).status_code == 400
    assert staff_user.post(f"/staff/{target}/password",
                           {"password": "new long password"}).status_code == 302
    with database.session() as db:
        assert db.get(StaffUser, target).totp_secret is None
