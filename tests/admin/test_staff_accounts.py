"""Issue 12 in the staff app: an account that also serves another prison, the edit
form's current roles and prisons, one's own roles, and the sessions a password change
ends (findings 1, 5, 6, 7 and 10)."""
import re

from sqlalchemy import select

from core.models import AuditEvent, Role, StaffUser
from core.services.people import staff
from tests.conftest import AdminHelper
from tests.support.world import PASSWORD

NOT_MINE = "Bare en systemadministrator kan endre den"


def _shared(database, clock, world, hasher) -> int:
    with database.session() as db:
        return staff.create(db, clock.now(), None, staff.StaffData(
            "delt", "Delt Veileder", {Role.ADVISER}, {world.prison.id, world.other_prison.id}),
            PASSWORD, hasher).id


def _checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" id="[^"]+" name="{name}" value="([^"]+)"'
                          rf'[^>]*\bchecked\b', html))


def test_a_shared_account_is_shown_read_only_to_a_prison_admin(staff_user, database, clock,
                                                               world, hasher):
    shared_id = _shared(database, clock, world, hasher)
    staff_user.sign_in("prison_admin")
    assert "Delt Veileder" in staff_user.client.get("/staff/").get_data(as_text=True)
    page = staff_user.client.get(f"/staff/{shared_id}").get_data(as_text=True)
    assert NOT_MINE in page
    assert f'action="/staff/{shared_id}/password"' not in page
    assert f'action="/staff/{shared_id}/reset-totp"' not in page
    assert 'name="roles"' not in page


def test_a_prison_admin_cannot_take_over_a_shared_account(staff_user, database, clock, world,
                                                          hasher):
    shared_id = _shared(database, clock, world, hasher)
    staff_user.sign_in("prison_admin")
    for path, data in ((f"/staff/{shared_id}/password", {"password": "taken over now!"}),
                       (f"/staff/{shared_id}/reset-totp", {}),
                       (f"/staff/{shared_id}/unlock", {}),
                       (f"/staff/{shared_id}", {"name": "Delt", "roles": ["adviser"],
                                                "prisons": [world.prison.id]})):
        response = staff_user.post(path, data)
        assert response.status_code == 403, path
        assert NOT_MINE in response.get_data(as_text=True)
    with database.session() as db:
        user = db.get(StaffUser, shared_id)
        assert user.prison_ids == {world.prison.id, world.other_prison.id} and user.active
        assert db.scalar(select(AuditEvent).where(AuditEvent.subject_id == shared_id,
                                                  AuditEvent.action != "staff.create",
                                                  AuditEvent.action != "staff.view")) is None


def test_the_system_admin_still_manages_it(staff_user, database, clock, world, hasher):
    shared_id = _shared(database, clock, world, hasher)
    staff_user.sign_in("system_admin")
    page = staff_user.client.get(f"/staff/{shared_id}").get_data(as_text=True)
    assert NOT_MINE not in page
    assert staff_user.post(f"/staff/{shared_id}/password",
                           {"password": "a new long password"}).status_code == 302


def test_the_edit_form_shows_the_current_roles_and_prisons(staff_user, database, clock, world,
                                                           hasher):
    with database.session() as db:
        user_id = staff.create(db, clock.now(), None, staff.StaffData(
            "to.roller", "To Roller", {Role.OFFICER, Role.TRAINER}, {world.prison.id}),
            PASSWORD, hasher).id
    staff_user.sign_in("prison_admin")
    html = staff_user.client.get(f"/staff/{user_id}").get_data(as_text=True)
    assert _checked(html, "roles") == {"officer", "trainer"}
    assert _checked(html, "prisons") == {str(world.prison.id)}


def test_an_administrator_does_not_change_their_own_roles(staff_user, database, world):
    admin_id = world.staff["prison_admin"].id
    staff_user.sign_in("prison_admin")
    html = staff_user.client.get(f"/staff/{admin_id}").get_data(as_text=True)
    assert 'name="roles"' not in html
    assert "En annen administrator må endre rollene på din egen konto" in html
    response = staff_user.post(f"/staff/{admin_id}", {
        "name": "Ny Sjef", "roles": ["prison_admin", "adviser"], "prisons": [world.prison.id],
        "active": "y"})
    assert response.status_code == 302  # the rest is saved; the roles are not read
    with database.session() as db:
        user = db.get(StaffUser, admin_id)
        assert user.name == "Ny Sjef" and user.roles == {Role.PRISON_ADMIN}


def test_a_password_change_ends_the_accounts_other_sessions(admin_app, world, clock):
    stolen = AdminHelper(admin_app.test_client(), world, clock)
    stolen.sign_in("adviser")
    mine = AdminHelper(admin_app.test_client(), world, clock)
    mine.sign_in("adviser")
    assert stolen.client.get("/inmates/").status_code == 200
    response = mine.post("/account/password", {"current": PASSWORD, "new": "a new passphrase"})
    assert response.status_code == 302
    assert mine.client.get("/inmates/").status_code == 200
    response = stolen.client.get("/inmates/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_reset_by_an_administrator_ends_the_sessions(admin_app, world, clock):
    officer = AdminHelper(admin_app.test_client(), world, clock)
    officer.sign_in("officer")
    admin = AdminHelper(admin_app.test_client(), world, clock)
    admin.sign_in("prison_admin")
    assert admin.post(f"/staff/{world.staff['officer'].id}/reset-totp").status_code == 302
    response = officer.client.get("/inmates/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_guessing_the_current_password_locks_the_account(staff_user, database, world):
    staff_user.sign_in("adviser")
    for _ in range(4):
        response = staff_user.post("/account/password", {"current": "guess", "new": "x" * 12})
        assert response.status_code == 400
    response = staff_user.post("/account/password", {"current": "guess", "new": "x" * 12})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    with database.session() as db:
        assert staff.is_locked(db, db.get(StaffUser, world.staff["adviser"].id), 5)
