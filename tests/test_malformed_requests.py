"""Malformed requests a user can send get the friendly error page with a 4xx, never a
crash (issue 12, finding 8)."""
from __future__ import annotations

import pytest

from tests.conftest import csrf_from

BIG = str(2**63)  # more than any database integer
INT_BIG = str(2**31)  # one more than the largest id (INTEGER on PostgreSQL)
HUGE = "9" * 30
ERROR_PAGE = {"kiosk": 'href="/"', "admin": 'href="/sign-in"'}


def _friendly(response, status=(400, 403, 404)) -> None:
    assert response.status_code in status, response.status_code
    assert "text/html" in response.content_type
    assert "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/static/nothing-here.css", "/static/", "/static/css",
                                  "/static/../core/config.py"])
def test_a_static_address_that_is_not_a_file_is_404(kiosk, admin, path):
    for client in (kiosk, admin):
        response = client.get(path)
        assert response.status_code == 404
        assert "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [f"/requests/{BIG}", f"/requests/{HUGE}", f"/requests/{INT_BIG}",
                                  f"/lessons/certificates/{BIG}", f"/forms/{BIG}"])
def test_an_id_beyond_the_database_integers_is_404_on_the_kiosk(kiosk_user, path):
    kiosk_user.sign_in("A100")
    _friendly(kiosk_user.client.get(path), (404,))


@pytest.mark.parametrize("path", [f"/inmates/{BIG}", f"/requests/{BIG}", f"/staff/{HUGE}",
                                  f"/prisons/{BIG}/routing", f"/terminals/{BIG}"])
def test_an_id_beyond_the_database_integers_is_404_on_the_admin(staff_user, path):
    staff_user.sign_in("system_admin")
    _friendly(staff_user.client.get(path), (404,))


@pytest.mark.parametrize("number", [2**31 - 1, 2**31, 2**63 - 1])
def test_an_id_at_or_above_the_largest_the_databases_hold_is_an_ordinary_404(staff_user, number):
    staff_user.sign_in("system_admin")
    _friendly(staff_user.client.get(f"/inmates/{number}"), (404,))


@pytest.mark.parametrize("cookie", ["99999999999999999999.x", "².x", "9223372036854775808.x",
                                    "-1.x", "١.x", "1\x00.x", "."])
@pytest.mark.parametrize("path", ["/", "/requests/", "/lessons/", "/session/warning"])
def test_a_malformed_terminal_cookie_gets_the_enrolment_page(kiosk, cookie, path):
    kiosk.set_cookie("bb_terminal", cookie)
    response = kiosk.get(path)
    assert response.status_code == 403 and 'action="/enrol"' in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["²", "¹²", "١", "9" * 40, "-1", "1²", "0x1"])
@pytest.mark.parametrize("page", ["/reports/", "/learning/statistics/"])
def test_a_prison_that_is_not_ascii_digits_is_refused_on_the_form(staff_user, page, value):
    staff_user.sign_in("system_admin")
    response = staff_user.client.get(page, query_string={"prison": value})
    assert response.status_code == 400 and "<form" in response.get_data(as_text=True)


@pytest.mark.parametrize("slot", ["²@1772524800", "1@¹⁷⁷", f"{BIG}@1772524800",
                                  "1@99999999999", "@", "1@", "١@١"])
def test_a_slot_that_is_not_one_offered_is_refused(staff_user, world, database, clock, slot):
    from tests.test_authorization_matrix import _a_request

    request_id, _consent = _a_request(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{request_id}/appointments/new",
                               data={"slot": slot, "room": "Rom 1"})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True) or "aksel-error" in \
        response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["/\r\nx", "/\nSet-Cookie: a=b", "/\rx", "\r\n"])
def test_cr_or_lf_in_next_does_not_crash_language(kiosk_user, admin, value):
    kiosk_user.use_terminal("a")
    page = admin.get("/sign-in")
    for response in (kiosk_user.post("/language", {"lang": "en", "next": value}),
                     admin.post("/language", data={"lang": "en", "next": value,
                                                   "csrf_token": csrf_from(page)})):
        assert response.status_code == 302
        assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]
        assert "a=b" not in str(response.headers)


@pytest.mark.parametrize("value", ["/\r\nx", "/\nx"])
def test_cr_or_lf_in_next_does_not_crash_kiosk_pages(kiosk_user, value):
    kiosk_user.sign_in("A100")
    for path in ("/session/extend", "/lessons/large-text"):
        response = kiosk_user.post(path, data={"next": value, "large_text": "1"})
        assert response.status_code == 302
        assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]


@pytest.mark.parametrize("value", [BIG, INT_BIG, "²", "١"])
@pytest.mark.parametrize("who, path, data", [
    ("adviser", "/requests/several", {"ids": "{}", "action": "close"}),
    ("trainer", "/classes/", {"module": "terminal", "prison_id": "{}", "day": "2026-03-03",
                              "starts": "10:00"})])
def test_an_unchecked_id_choice_beyond_the_database_integers_is_refused(
        staff_user, value, who, path, data):
    staff_user.sign_in(who)
    response = staff_user.post(path, data={k: v.format(value) for k, v in data.items()})
    assert response.status_code == 400
