"""Issue 12, finding 4 on the kiosk: signing in with a PIN from staff leads to choosing a
PIN of one's own, and nothing else; the inmate is told who reset it and when."""
from core.models import Inmate, StaffUser
from core.services.people import inmates
from tests.conftest import csrf_from
from tests.support.world import PIN_HASHER


def _reset(database, clock, world) -> str:
    with database.session() as db:
        return inmates.reset_pin(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                                 db.get(Inmate, world.inmates["a"].id), PIN_HASHER)


def test_a_staff_pin_leads_only_to_choosing_a_new_one(kiosk_user, database, clock, world):
    pin = _reset(database, clock, world)
    assert kiosk_user.sign_in("A100", pin).status_code == 302
    for path in ("/", "/home", "/me/data", "/requests/", "/forms/", "/lessons/"):
        response = kiosk_user.client.get(path)
        assert (response.status_code, response.headers.get("Location")) == (302, "/pin/new"), \
            path
    page = kiosk_user.client.get("/pin/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Officer" in html and "tilbakestilte PIN-koden din" in html  # who, and when below
    assert "data-pin-reset" in html
    response = kiosk_user.client.post("/pin/new", data={
        "pin": "802461", "repeat": "802461", "csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    assert kiosk_user.client.get("/home").status_code == 200


def test_the_staff_pin_does_not_work_a_second_time(kiosk_user, database, clock, world):
    pin = _reset(database, clock, world)
    kiosk_user.sign_in("A100", pin)
    assert kiosk_user.client.get("/home").headers["Location"] == "/pin/new"
    kiosk_user.post("/sign-out")
    assert kiosk_user.sign_in("A100", pin).status_code == 400


def test_a_wrong_new_pin_is_explained(kiosk_user, database, clock, world):
    pin = _reset(database, clock, world)
    kiosk_user.sign_in("A100", pin)
    page = kiosk_user.client.get("/pin/new")
    response = kiosk_user.client.post("/pin/new", data={
        "pin": "802461", "repeat": "802460", "csrf_token": csrf_from(page)})
    assert response.status_code == 400
    assert "De to PIN-kodene er ikke like" in response.get_data(as_text=True)


def test_without_a_reset_the_page_is_not_needed(kiosk_user):
    kiosk_user.sign_in("A100")
    response = kiosk_user.client.get("/pin/new")
    assert response.status_code == 302 and response.headers["Location"] == "/home"
