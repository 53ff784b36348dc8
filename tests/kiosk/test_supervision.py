from sqlalchemy import select

from core.models import ServerSession
from core.security import totp
from core.services.people import terminals
from tests.conftest import csrf_from
from tests.support.world import PASSWORD


def _open_on_terminal(kiosk_user, clock, key="officer", minutes="30"):
    user = kiosk_user.world.staff[key]
    page = kiosk_user.client.get("/supervision")
    clock.advance(seconds=30)
    return kiosk_user.client.post("/supervision", data={
        "username": user.username, "password": PASSWORD, "minutes": minutes,
        "code": totp.code_at(user.totp_secret, clock.now()), "csrf_token": csrf_from(page)})


def test_closed_terminal_refuses_sign_in(kiosk_user):
    kiosk_user.use_terminal("a_supervised")
    page = kiosk_user.client.get("/").get_data(as_text=True)
    assert 'href="/supervision"' in page and 'id="inmate_number"' not in page
    assert kiosk_user.sign_in("A100", terminal="a_supervised").status_code == 403


def test_officer_opens_the_terminal_on_it(kiosk_user, clock, database, world):
    kiosk_user.use_terminal("a_supervised")
    assert _open_on_terminal(kiosk_user, clock).status_code == 302
    assert kiosk_user.sign_in("A100", terminal="a_supervised").status_code == 302
    with database.session() as db:
        row = db.scalar(select(ServerSession).where(ServerSession.inmate_id.is_not(None)))
        assert row.supervisor_id == world.staff["officer"].id


def test_officer_of_another_prison_cannot_open_it(kiosk_user, clock):
    kiosk_user.use_terminal("a_supervised")
    response = _open_on_terminal(kiosk_user, clock, key="other_officer")
    assert response.status_code == 400
    assert 'id="inmate_number"' not in kiosk_user.client.get("/").get_data(as_text=True)


def test_other_roles_cannot_open_it(kiosk_user, clock):
    kiosk_user.use_terminal("a_supervised")
    assert _open_on_terminal(kiosk_user, clock, key="adviser").status_code == 400


def test_window_from_admin_and_closing_signs_the_inmate_out(kiosk_user, clock, database, world):
    with database.session() as db:
        terminal = db.get(type(world.terminals["a"]), world.terminals["a_supervised"].id)
        terminals.open_window(db, clock.now(), world.staff["officer"], terminal, 30, "admin")
    assert kiosk_user.sign_in("A100", terminal="a_supervised").status_code == 302
    assert kiosk_user.client.get("/home").status_code == 200
    with database.session() as db:
        terminal = db.get(type(world.terminals["a"]), world.terminals["a_supervised"].id)
        terminals.close_windows(db, clock.now(), terminal, actor=world.staff["officer"])
    response = kiosk_user.client.get("/home")
    assert response.status_code == 302


def test_window_expiry_ends_the_session(kiosk_user, clock, database, world):
    with database.session() as db:
        terminal = db.get(type(world.terminals["a"]), world.terminals["a_supervised"].id)
        terminals.open_window(db, clock.now(), world.staff["officer"], terminal, 5, "admin")
    kiosk_user.sign_in("A100", terminal="a_supervised")
    clock.advance(minutes=4)
    assert kiosk_user.client.get("/home").status_code == 200
    clock.advance(minutes=1)
    response = kiosk_user.client.get("/home")
    assert "ended=supervision" in response.headers["Location"]


def test_bad_minutes_keep_the_form(kiosk_user, clock):
    kiosk_user.use_terminal("a_supervised")
    response = _open_on_terminal(kiosk_user, clock, minutes="900")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#minutes"' in html and 'value="officer"' in html
