"""The request queue and desk in the staff app."""
from sqlalchemy import func, select

from core.models import AuditEvent, Inmate, Request, RequestMessage
from core.services.requests import filing as requests


def _filed(database, clock, world, key="a", topic="dagpenger", **draft):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        return requests.file(db, clock.now(), inmate,
                             requests.Draft(topic=topic, description="Beskrivelse", **draft)).id


def test_queue_shows_only_my_topics_and_prisons(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    housing = _filed(database, clock, world, topic="housing")
    other_prison = _filed(database, clock, world, key="b")
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/requests/").get_data(as_text=True)
    assert f"/requests/{nav}" in html
    assert f"/requests/{housing}" not in html and f"/requests/{other_prison}" not in html
    assert staff_user.client.get(f"/requests/{housing}").status_code == 404
    assert staff_user.client.get(f"/requests/{other_prison}").status_code == 404


def test_social_worker_sees_municipal_topics(staff_user, database, clock, world):
    housing = _filed(database, clock, world, topic="housing")
    staff_user.sign_in("social_worker")
    assert f"/requests/{housing}" in staff_user.client.get("/requests/").get_data(as_text=True)


def test_officers_never_see_request_content(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("officer")
    assert staff_user.client.get("/requests/").status_code == 403
    assert staff_user.client.get(f"/requests/{nav}").status_code == 403
    assert "/requests/" not in staff_user.client.get("/").get_data(as_text=True)


def test_note_and_reply(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    assert staff_user.post(f"/requests/{nav}/note", {"note": "Sjekk saken"}).status_code == 302
    response = staff_user.post(f"/requests/{nav}/reply", {"body": "Vi ser på det",
                                                          "status": "in_progress"})
    assert response.status_code == 302
    with database.session() as db:
        item = db.get(Request, nav)
        assert item.status == "in_progress" and item.first_response_at is not None
        kinds = db.scalars(select(RequestMessage.visibility)
                           .where(RequestMessage.request_id == nav)
                           .order_by(RequestMessage.id)).all()
        assert kinds == ["staff_only", "staff_and_inmate"]
    page = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert "Sjekk saken" in page and 'data-visibility="staff_only"' in page


def test_bad_input_keeps_the_text(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{nav}/reply", {"body": "", "status": "answered"})
    assert response.status_code == 400 and 'href="#body"' in response.get_data(as_text=True)
    long = "x" * 1001
    response = staff_user.post(f"/requests/{nav}/note", {"note": long})
    assert response.status_code == 400 and long in response.get_data(as_text=True)
    response = staff_user.post(f"/requests/{nav}/reply", {"body": "Hei", "status": "bogus"})
    assert response.status_code == 400


def test_declining_needs_a_reason(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{nav}/status", {"new_status": "declined",
                                                           "reason": ""})
    assert response.status_code == 400 and 'href="#reason"' in response.get_data(as_text=True)
    response = staff_user.post(f"/requests/{nav}/status", {"new_status": "declined",
                                                           "reason": "Gjelder kommunen"})
    assert response.status_code == 302
    with database.session() as db:
        assert db.get(Request, nav).decline_reason == "Gjelder kommunen"
    page = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert f"/requests/{nav}/reply" not in page  # closed: nothing more to do


def test_queue_filters_and_breach(staff_user, database, clock, world):
    first = _filed(database, clock, world)
    clock.advance(days=4)
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/requests/").get_data(as_text=True)
    assert "<strong>For sent: fristen var" in html  # styled by the table's class
    assert f"/requests/{first}" not in staff_user.client.get(
        "/requests/?status=closed").get_data(as_text=True)
    bad = staff_user.client.get("/requests/?status=nonsense&release_within=soon")
    assert bad.status_code == 400 and 'href="#release_within"' in bad.get_data(as_text=True)
    assert 'value="soon"' in bad.get_data(as_text=True)
    late = staff_user.client.get("/requests/?late=y").get_data(as_text=True)
    assert f"/requests/{first}" in late


def test_reads_are_audited(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    staff_user.client.get("/requests/")
    staff_user.client.get(f"/requests/{nav}")
    with database.session() as db:
        actions = set(db.scalars(select(AuditEvent.action)))
        assert {"request.queue", "request.view"} <= actions
        assert db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "request.view")) == 1


def test_take_with_a_reason(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    adviser = world.staff["adviser"].id
    response = staff_user.post(f"/requests/{nav}/assign", {"assignee": adviser,
                                                           "assign_reason": ""})
    assert response.status_code == 400 and 'href="#assign_reason"' in response.get_data(
        as_text=True)
    response = staff_user.post(f"/requests/{nav}/assign", {
        "assignee": world.staff["social_worker"].id, "assign_reason": "x"})
    assert response.status_code == 400  # not someone who works this topic
    response = staff_user.post(f"/requests/{nav}/assign", {"assignee": adviser,
                                                           "assign_reason": "Jeg er inne i dag"})
    assert response.status_code == 302
    page = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert "Jeg er inne i dag" in page
    mine = staff_user.client.get("/requests/?status=open&mine=y").get_data(as_text=True)
    assert f"/requests/{nav}" in mine
    with database.session() as db:
        assert db.get(Request, nav).assignee_id == adviser


def test_inmate_record_lists_open_requests_without_content_for_officers(
        staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    with database.session() as db:
        reference = db.get(Request, nav).reference
    staff_user.sign_in("officer")
    page = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert reference in page and "Dagpenger" not in page and f"/requests/{nav}" not in page


def test_released_inmate_shows_requests_to_hand_over(staff_user, database, clock, world):
    nav = _filed(database, clock, world)
    with database.session() as db:
        db.get(Inmate, world.inmates["a"].id).status = "released"
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert f"/requests/{nav}" in page
    assert "aksel-alert" in page


def test_filters_by_language_and_release(staff_user, database, clock, world):
    english = _filed(database, clock, world, language="en")
    norwegian = _filed(database, clock, world, key="a2")
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/?status=open&language=en").get_data(as_text=True)
    assert f"/requests/{english}" in page and f"/requests/{norwegian}" not in page
    # The world's inmates are released on 1 June 2026; the clock is 2 March 2026.
    soon = staff_user.client.get("/requests/?status=open&release_within=30").get_data(
        as_text=True)
    assert f"/requests/{english}" not in soon
    later = staff_user.client.get("/requests/?status=open&release_within=100").get_data(
        as_text=True)
    assert f"/requests/{english}" in later and "(2)" in later


def test_polling_does_not_keep_an_idle_session_alive(staff_user, database, clock, world):
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/").get_data(as_text=True)
    assert 'hx-trigger="every 60s"' in page and "data-bb-keynav" in page
    for _ in range(29):  # 29 minutes of polling, one a minute
        clock.advance(minutes=1)
        polled = staff_user.client.get("/requests/", headers={"HX-Request": "true",
                                                              "X-Brobygger-Background": "1"})
        assert polled.status_code == 200
    clock.advance(minutes=1)  # 30 minutes since the last real activity
    response = staff_user.client.get("/requests/")
    assert response.status_code == 302 and "ended=idle" in response.headers["Location"]


def test_several_at_once_asks_for_confirmation(staff_user, database, clock, world):
    first, second = _filed(database, clock, world), _filed(database, clock, world)
    staff_user.sign_in("adviser")
    assert staff_user.client.get("/requests/several").status_code == 200
    empty = staff_user.post("/requests/several", {"action": "close", "bulk_reason": "x"})
    assert empty.status_code == 400 and 'href="#ids"' in empty.get_data(as_text=True)
    confirm = staff_user.post("/requests/several", {"ids": [first, second], "action": "close",
                                                    "bulk_reason": "Dobbelt"})
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "data-confirm-list" in html
    with database.session() as db:
        assert db.get(Request, first).status == "received"  # nothing done before confirming
    done = staff_user.post("/requests/several", {"ids": [first, second], "action": "close",
                                                 "bulk_reason": "Dobbelt", "confirm": "yes"})
    assert done.status_code == 302
    with database.session() as db:
        assert {db.get(Request, i).status for i in (first, second)} == {"closed"}
        assert db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "request.status")) == 2


def test_a_standard_reply_starts_in_the_inmates_language(staff_user, database, clock, world):
    english = _filed(database, clock, world, language="en")
    other = _filed(database, clock, world, language="other")
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{english}").get_data(as_text=True)
    assert 'data-reply-language="en"' in desk and "Den innsatte leser English." in desk
    assert 'name="reply_with"' in desk and 'value="home_office"' in desk
    assert 'value="school_start"' not in desk  # the school's reply, not the adviser's
    started = staff_user.client.get(f"/requests/{english}?reply_with=home_office")
    html = started.get_data(as_text=True)
    assert "We have sent your case to the Nav office" in html
    assert 'data-started-from="en"' in html
    fallback = staff_user.client.get(f"/requests/{other}?reply_with=home_office").get_data(
        as_text=True)
    assert "Vi har sendt saken din" in fallback and 'data-started-from="nb"' in fallback
    unknown = staff_user.client.get(f"/requests/{english}?reply_with=nonsense")
    assert unknown.status_code == 200 and "data-started-from" not in unknown.get_data(
        as_text=True)


def test_several_at_once_can_be_assigned_to_a_colleague(staff_user, database, clock, world,
                                                        hasher):
    from core.models import Role
    from core.services.people.staff import StaffData, create
    from tests.support.world import PASSWORD

    with database.session() as db:
        colleague = create(db, clock.now(), None, StaffData(
            "kollega", "Kari Kollega", {Role.ADVISER}, {world.prison.id}), PASSWORD, hasher)
    first, second = _filed(database, clock, world), _filed(database, clock, world)
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/several").get_data(as_text=True)
    assert "Kari Kollega" in page
    missing = staff_user.post("/requests/several", {"ids": [first], "action": "assign",
                                                    "bulk_assignee": 0, "bulk_reason": "Ferie"})
    assert missing.status_code == 400 and 'href="#bulk_assignee"' in missing.get_data(
        as_text=True)
    data = {"ids": [first, second], "action": "assign", "bulk_assignee": colleague.id,
            "bulk_reason": "Jeg har ferie"}
    confirm = staff_user.post("/requests/several", data)
    assert confirm.status_code == 200 and "Kari Kollega" in confirm.get_data(as_text=True)
    assert staff_user.post("/requests/several", {**data, "confirm": "yes"}).status_code == 302
    with database.session() as db:
        assert {db.get(Request, i).assignee_id for i in (first, second)} == {colleague.id}
        assert db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == "request.assign")) == 2


def test_every_filter_option_shows_its_count(staff_user, database, clock, world):
    _filed(database, clock, world)
    _filed(database, clock, world, language="en")
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/requests/?language=en").get_data(as_text=True)
    assert "Norsk (1)" in html and "English (1)" in html
    assert 'name="waiting_on"' in html and 'name="assignee"' in html
    nobody = staff_user.client.get("/requests/?assignee=0").get_data(as_text=True)
    assert nobody.count("/requests/") >= 2
    assert staff_user.client.get("/requests/?assignee=99999").status_code == 400


def test_the_queue_shows_the_time_left(staff_user, database, clock, world):
    _filed(database, clock, world)  # Monday 09:00 UTC: due at the end of Wednesday in Oslo
    staff_user.sign_in("adviser")
    staff_user.post("/language", {"lang": "en"})
    html = staff_user.client.get("/requests/").get_data(as_text=True)
    assert "<small>(in 3 days)</small>" in html  # 2 days and 14 hours, rounded
