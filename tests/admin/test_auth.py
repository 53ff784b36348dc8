from sqlalchemy import select

from core.models import AuditEvent, StaffUser
from core.security import totp
from tests.conftest import csrf_from
from tests.support.world import PASSWORD


def _password(client, username, password=PASSWORD):
    page = client.get("/sign-in")
    return client.post("/sign-in", data={"username": username, "password": password,
                                         "csrf_token": csrf_from(page)})


def _code(client, code, path="/sign-in/code"):
    page = client.get(path)
    return client.post(path, data={"code": code, "csrf_token": csrf_from(page)})


def test_everything_but_sign_in_needs_a_session(admin):
    for path in ("/", "/inmates/", "/account/"):
        response = admin.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_password_then_code(admin, world, clock):
    user = world.staff["adviser"]
    response = _password(admin, user.username)
    assert response.headers["Location"] == "/sign-in/code"
    assert admin.get("/").status_code == 302  # not signed in before the second factor
    clock.advance(seconds=30)
    response = _code(admin, totp.code_at(user.totp_secret, clock.now()))
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert admin.get("/").status_code == 200


def test_a_code_works_once(admin_app, world, clock):
    user = world.staff["adviser"]
    first, second = admin_app.test_client(), admin_app.test_client()
    clock.advance(seconds=30)
    code = totp.code_at(user.totp_secret, clock.now())
    _password(first, user.username)
    assert _code(first, code).status_code == 302
    _password(second, user.username)
    response = _code(second, code)
    assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)


def test_wrong_password_is_vague_and_keeps_the_username(admin, world):
    response = _password(admin, "officer", "wrong password")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="officer"' in html
    assert "wrong password" not in html


def test_five_failures_lock_the_account_until_unlocked(admin_app, world, clock, staff_user):
    client = admin_app.test_client()
    for _ in range(5):
        response = _password(client, "officer", "wrong password")
    response = _password(client, "officer")
    assert response.status_code == 400  # right password, still locked
    staff_user.sign_in("prison_admin")
    staff_user.post(f"/staff/{world.staff['officer'].id}/unlock")
    assert _password(client, "officer").status_code == 302


def test_wrong_codes_count_towards_the_lock(admin, world):
    _password(admin, "officer")
    for _ in range(5):
        response = _code(admin, "000000")
    assert response.status_code == 400
    assert admin.get("/sign-in/code").status_code == 302  # sent back to the start


def test_first_sign_in_sets_up_totp_with_a_server_made_qr(admin, database, world, clock):
    with database.session() as db:
        user = db.get(StaffUser, world.staff["trainer"].id)
        user.totp_secret = None
        user.totp_confirmed_at = None
    response = _password(admin, "trainer")
    assert response.headers["Location"] == "/sign-in/setup"
    page = admin.get("/sign-in/setup")
    html = page.get_data(as_text=True)
    assert "<svg" in html and "data:" not in html
    with database.session() as db:
        secret = db.get(StaffUser, world.staff["trainer"].id).totp_secret
    assert secret in html
    response = _code(admin, "123456", "/sign-in/setup")
    assert response.status_code == 400
    clock.advance(seconds=30)
    response = _code(admin, totp.code_at(secret, clock.now()), "/sign-in/setup")
    assert response.status_code == 302
    assert admin.get("/").status_code == 200


def test_session_id_changes_at_sign_in_and_sign_out_ends_it(admin, world, staff_user):
    admin.get("/sign-in")
    before = admin.get_cookie("bb_admin_session").value
    staff_user.sign_in("adviser")
    assert admin.get_cookie("bb_admin_session").value != before
    staff_user.post("/sign-out")
    assert admin.get("/").status_code == 302


def test_sign_in_is_audited(admin, database, staff_user):
    staff_user.sign_in("adviser")
    with database.session() as db:
        actions = db.scalars(select(AuditEvent.action)).all()
    assert "staff.sign_in" in actions


def test_next_is_followed_only_within_the_site(admin, world, clock):
    user = world.staff["adviser"]
    page = admin.get("/sign-in")
    admin.post("/sign-in?next=//evil.example/", data={
        "username": user.username, "password": PASSWORD, "csrf_token": csrf_from(page)})
    clock.advance(seconds=30)
    response = _code(admin, totp.code_at(user.totp_secret, clock.now()))
    assert response.headers["Location"] == "/"


def test_idle_staff_session_ends(admin, staff_user, clock):
    staff_user.sign_in("adviser")
    clock.advance(minutes=31)
    response = admin.get("/inmates/")
    assert response.status_code == 302 and "ended=idle" in response.headers["Location"]


def test_account_password_change(admin, staff_user, hasher, database, world):
    staff_user.sign_in("adviser")
    response = staff_user.post("/account/password", {"current": "wrong", "new": "x" * 12})
    assert response.status_code == 400
    response = staff_user.post("/account/password", {"current": PASSWORD, "new": "short"})
    assert response.status_code == 400
    response = staff_user.post("/account/password", {"current": PASSWORD, "new": "a new passphrase"})
    assert response.status_code == 302
    with database.session() as db:
        assert hasher.verify(db.get(StaffUser, world.staff["adviser"].id).password_hash,
                             "a new passphrase")
