"""Issue 12, finding 9: a visit without a cookie writes no session row, and no text field
stores NUL or other control characters (PostgreSQL refuses NUL), on both databases."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.models import Request, RequestMessage, ServerSession
from tests.conftest import csrf_from

CONTROL = "a\x00b\x01c\x07d\x1be\x7ff\x85g"


def _rows(database) -> int:
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(ServerSession))


@pytest.mark.parametrize("path", ["/sign-in", "/", "/no-such-page", "/static/none.css"])
def test_an_admin_page_without_a_cookie_writes_no_session_row(admin, database, path):
    for _ in range(3):
        admin.get(path)
    assert _rows(database) == 0


def test_kiosk_pages_without_a_session_write_no_session_row(kiosk, kiosk_user, database):
    for path in ("/", "/enrol", "/no-such-page"):
        kiosk.get(path)  # an unenrolled browser
    kiosk_user.use_terminal("a")
    kiosk.get("/")
    kiosk_user.post("/language", {"lang": "en", "next": "/"})
    assert _rows(database) == 0
    assert 'lang="en"' in kiosk.get("/").get_data(as_text=True)  # the choice is kept


def test_the_sign_in_form_works_with_the_token_of_a_rowless_page(admin, staff_user, database):
    staff_user.sign_in("adviser")
    assert admin.get("/").status_code == 200
    with database.session() as db:  # the signed-in session; the password step's, ended
        live = db.scalars(select(ServerSession).where(ServerSession.ended_at.is_(None))).all()
    assert [row.staff_id for row in live] == [staff_user.world.staff["adviser"].id]


def test_a_forged_or_foreign_anonymous_cookie_holds_nothing(admin_app, admin, database):
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("not-our-secret", salt="bb-admin-anonymous")
    ours = URLSafeTimedSerializer(admin_app.secret_key, salt="bb-admin-anonymous")
    for value in ("a." + forged.dumps({"staff_id": 1}), "a." + ours.dumps({"staff_id": 1}),
                  "a." + ours.dumps(["x"]), "a.", "a.\x00"):
        admin.set_cookie("bb_admin_session", value)
        response = admin.get("/")
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert _rows(database) == 0


def test_control_characters_are_not_stored_in_request_text_or_replies(
        kiosk_user, staff_user, database):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/requests/new/topic", {"topic": "dagpenger"})
    response = kiosk_user.post("/requests/new/describe",
                               {"kind": "question", "description": CONTROL + "\nline two"})
    assert response.status_code == 302
    page = kiosk_user.client.get("/requests/new/check")
    response = kiosk_user.client.post("/requests/new/check", data={
        "csrf_token": csrf_from(page), "submit_key": "k1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with database.session() as db:
        filed = db.scalars(select(Request)).one()
        request_id = filed.id
        assert filed.description == "abcdefg\nline two"
    response = kiosk_user.post(f"/requests/{request_id}/reply", {"body": CONTROL})
    assert response.status_code == 302
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{request_id}/reply",
                               {"body": "svar\x00" + CONTROL, "status": "answered"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with database.session() as db:
        bodies = db.scalars(select(RequestMessage.body)).all()
    assert sorted(bodies) == ["abcdefg", "svarabcdefg"]
