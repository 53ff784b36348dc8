"""Issue 12, finding 6: wrong passwords on a terminal's supervision form throttle that
terminal and are logged; they never lock the staff account."""
from sqlalchemy import func, select

from core.models import AuditEvent, StaffUser
from core.services.people import staff
from tests.conftest import csrf_from


def _try(kiosk_user, password):
    page = kiosk_user.client.get("/supervision")
    return kiosk_user.client.post("/supervision", data={
        "username": "officer", "password": password, "minutes": "30", "code": "000000",
        "csrf_token": csrf_from(page)})


def test_typing_wrong_passwords_at_a_terminal_does_not_lock_the_officer(
        kiosk_user, staff_user, database, world):
    kiosk_user.use_terminal("a_supervised")
    for _ in range(5):
        assert _try(kiosk_user, "wrong password").status_code == 400
    response = _try(kiosk_user, "wrong password")
    assert response.status_code == 400
    assert "For mange feil forsøk på denne terminalen" in response.get_data(as_text=True)
    with database.session() as db:
        assert not staff.is_locked(db, db.get(StaffUser, world.staff["officer"].id), 5)
        assert db.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "staff.terminal_sign_in_failed")) == 5
    staff_user.sign_in("officer")  # the staff app still lets them in


def test_a_number_of_minutes_too_large_for_any_clock_is_an_error_not_a_crash(kiosk_user):
    """A 500-digit number of minutes (found by tests/test_hostile_input_properties.py) is
    refused on the form like any number above 480, with what was typed kept."""
    kiosk_user.use_terminal("a_supervised")
    page = kiosk_user.client.get("/supervision")
    response = kiosk_user.client.post("/supervision", data={
        "username": "officer", "password": "secret", "minutes": "9" * 500,
        "code": "000000", "csrf_token": csrf_from(page)})
    assert response.status_code == 400
    assert "Velg mellom 5 og 480 minutter" in response.get_data(as_text=True)
