"""Contact NAV and others, on the kiosk."""
import re

from sqlalchemy import select

from core.models import Inmate, Request
from core.services.requests import drafts as request_drafts, filing as requests
from tests.conftest import csrf_from
from tests.support.statements import recorded, selects


def _fill(kiosk_user, topic="dagpenger", description="Jeg trenger hjelp med meldekortet"):
    kiosk_user.post("/requests/new/topic", {"topic": topic})
    kiosk_user.post("/requests/new/describe", {"kind": "question", "description": description})
    kiosk_user.post("/requests/new/urgency", {"letter_received": "y", "deadline_on": "2026-03-20",
                                              "language": "nb", "interpreter": "y"})
    kiosk_user.post("/requests/new/consent", {"recipients": ["home_nav", "work_shop"]})


def test_whole_flow_files_a_request_with_a_receipt(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _fill(kiosk_user)
    check = kiosk_user.client.get("/requests/new/check").get_data(as_text=True)
    assert "Jeg trenger hjelp med meldekortet" in check
    assert check.count("change=1") == 6
    response = kiosk_user.post("/requests/new/check")
    assert response.status_code == 302
    receipt = kiosk_user.client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r"data-reference>([A-Z0-9]{6})<", receipt)[1]
    with database.session() as db:
        filed = db.scalar(select(Request).where(Request.reference == reference))
        assert (filed.topic, filed.kind, filed.letter_received, filed.interpreter) == (
            "dagpenger", "question", True, True)
        assert str(filed.deadline_on) == "2026-03-20"
    assert "4. mars 2026" in receipt  # 2 working days after Monday 2 March: Wednesday 4 March


def test_each_step_keeps_what_was_typed_when_it_is_wrong(kiosk_user):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/requests/new/topic", {})
    assert response.status_code == 400 and 'href="#topic"' in response.get_data(as_text=True)
    kiosk_user.post("/requests/new/topic", {"topic": "housing"})
    long_text = "Bolig " * 200
    response = kiosk_user.post("/requests/new/describe", {"kind": "question",
                                                          "description": long_text})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and long_text.strip() in html
    response = kiosk_user.post("/requests/new/urgency", {"deadline_on": "31.02.2026",
                                                         "language": "nb"})
    assert response.status_code == 400 and 'value="31.02.2026"' in response.get_data(as_text=True)


def test_unknown_topic_is_refused(kiosk_user):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/requests/new/topic", {"topic": "health"})
    assert response.status_code == 400


def test_steps_need_a_topic_first(kiosk_user):
    kiosk_user.sign_in("A100")
    for step in ("describe", "urgency", "consent", "check"):
        response = kiosk_user.client.get(f"/requests/new/{step}")
        assert response.status_code == 302 and response.headers["Location"].endswith("/topic")


def test_draft_survives_an_idle_sign_out(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/requests/new/topic", {"topic": "debt"})
    kiosk_user.post("/requests/new/describe", {"kind": "conversation", "description": "Gjeld"})
    clock.advance(minutes=6)
    assert kiosk_user.client.get("/requests/").status_code == 302  # signed out
    kiosk_user.sign_in("A100")
    topic = kiosk_user.client.get("/requests/new/topic").get_data(as_text=True)
    assert re.search(r'value="debt" id="[^"]+" checked', topic)
    describe = kiosk_user.client.get("/requests/new/describe").get_data(as_text=True)
    assert "Gjeld" in describe


def test_change_link_returns_to_check(kiosk_user):
    kiosk_user.sign_in("A100")
    _fill(kiosk_user)
    response = kiosk_user.post("/requests/new/topic?change=1", {"topic": "work"})
    assert response.headers["Location"].endswith("/requests/new/check")


def _filed(database, clock, world, key="a"):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                              consents={"home_nav"})
        return filed.id


def test_thread_shows_replies_and_never_notes(kiosk_user, database, clock, world):
    request_id = _filed(database, clock, world)
    with database.session() as db:
        item = db.get(Request, request_id)
        requests.add_note(db, clock.now(), world.staff["adviser"], item, "HEMMELIG NOTAT")
        requests.reply(db, clock.now(), world.staff["adviser"], item, "Synlig svar")
    kiosk_user.sign_in("A100")
    listing = kiosk_user.client.get("/requests/").get_data(as_text=True)
    assert "data-unread" in listing
    page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Synlig svar" in page and "HEMMELIG NOTAT" not in page
    assert "data-unread" not in kiosk_user.client.get("/requests/").get_data(as_text=True)


def test_another_inmates_request_does_not_exist(kiosk_user, database, clock, world):
    request_id = _filed(database, clock, world, key="a2")
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get(f"/requests/{request_id}").status_code == 404
    assert kiosk_user.client.get(f"/requests/{request_id}/receipt").status_code == 404
    assert kiosk_user.post(f"/requests/{request_id}/reply", {"body": "x"}).status_code == 404
    assert kiosk_user.post(f"/requests/{request_id}/cancel",
                           {"confirm": "yes"}).status_code == 404
    assert kiosk_user.client.get(f"/requests/{request_id}/cancel").status_code == 404
    assert kiosk_user.client.get("/requests/999999").status_code == 404


def test_reply_and_cancel(kiosk_user, database, clock, world):
    request_id = _filed(database, clock, world)
    kiosk_user.sign_in("A100")
    empty = kiosk_user.post(f"/requests/{request_id}/reply", {"body": "  "})
    assert empty.status_code == 400
    assert kiosk_user.post(f"/requests/{request_id}/reply",
                           {"body": "Mer informasjon"}).status_code == 302
    assert kiosk_user.post(f"/requests/{request_id}/cancel",
                           {"confirm": "yes"}).status_code == 302
    page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert 'data-status="cancelled"' in page and f"/requests/{request_id}/reply" not in page


def _status(database, request_id) -> str:
    with database.session() as db:
        return db.get(Request, request_id).status


def test_withdrawing_a_request_asks_first_in_plain_words(kiosk_user, database, clock, world):
    """Issue 11, fault 9: one click withdrew a request, with no question and no way back.
    The request's page links to a page that asks, and nothing changes until "Yes"."""
    request_id = _filed(database, clock, world)
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert f'href="/requests/{request_id}/cancel"' in page
    assert f'action="/requests/{request_id}/cancel"' not in page  # no one-click form
    assert "Trekk tilbake henvendelsen" in page
    confirm = kiosk_user.client.get(f"/requests/{request_id}/cancel")
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    with database.session() as db:
        reference = db.get(Request, request_id).reference
    assert "Vil du trekke tilbake henvendelsen" in html and reference in html
    assert f'action="/requests/{request_id}/cancel"' in html
    assert 'name="confirm" value="yes"' in html and "Ja, trekk den tilbake" in html
    assert f'href="/requests/{request_id}"' in html and "Nei, behold den" in html
    assert _status(database, request_id) != "cancelled"  # asking changes nothing
    # A post without the "yes" (an old page, a stray click) does not withdraw it.
    response = kiosk_user.post(f"/requests/{request_id}/cancel")
    assert response.status_code == 400 and _status(database, request_id) != "cancelled"
    assert "Vil du trekke tilbake henvendelsen" in response.get_data(as_text=True)
    # "Yes" withdraws it and says so.
    response = kiosk_user.post(f"/requests/{request_id}/cancel", {"confirm": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/requests/{request_id}"
    assert _status(database, request_id) == "cancelled"
    # Asked again about a closed request: back to the request, nothing to ask.
    again = kiosk_user.client.get(f"/requests/{request_id}/cancel")
    assert again.status_code == 302 and again.headers["Location"] == f"/requests/{request_id}"


def test_consents_can_be_withdrawn(kiosk_user, database, clock, world):
    _filed(database, clock, world)
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    consent_id = int(re.search(r"/requests/consents/(\d+)/withdraw", page)[1])
    assert kiosk_user.post(f"/requests/consents/{consent_id}/withdraw").status_code == 302
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    assert f"/requests/consents/{consent_id}/withdraw" not in page


def test_someone_elses_consent_cannot_be_withdrawn(kiosk_user, database, clock, world):
    _filed(database, clock, world, key="a2")
    with database.session() as db:
        from core.services.requests import consents

        consent_id = consents.consents_of(db, db.get(Inmate, world.inmates["a2"].id))[0].id
    kiosk_user.sign_in("A100")
    assert kiosk_user.post(f"/requests/consents/{consent_id}/withdraw").status_code == 404


def test_home_links_to_requests(kiosk_user):
    kiosk_user.sign_in("A100")
    assert 'href="/requests/"' in kiosk_user.client.get("/home").get_data(as_text=True)


def test_filing_clears_the_draft(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    _fill(kiosk_user)
    kiosk_user.post("/requests/new/check")
    with database.session() as db:
        assert request_drafts.load_draft(db, db.get(Inmate, world.inmates["a"].id)) == {}


def test_a_retried_submit_files_one_request(kiosk_user, database):
    import re

    from sqlalchemy import func, select

    from core.models import Request

    kiosk_user.sign_in("A100")
    kiosk_user.post("/requests/new/topic", {"topic": "dagpenger"})
    page = kiosk_user.client.get("/requests/new/check").get_data(as_text=True)
    key = re.search(r'name="submit_key" value="([^"]+)"', page).group(1)
    first = kiosk_user.post("/requests/new/check", {"submit_key": key})
    again = kiosk_user.post("/requests/new/check", {"submit_key": key})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Request)) == 1
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200", terminal="a2")
    assert kiosk_user.post("/requests/new/check", {"submit_key": key}).status_code == 404


def test_each_consent_names_the_request_it_was_given_with(kiosk_user, database, clock, world):
    """Issue 11, fault 7: two requests with consent to the home Nav office made two
    identical lines; each line now names its request (reference, topic, date) and links
    to it."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        first = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                              consents={"home_nav"})
        second = requests.file(db, clock.now(), inmate, requests.Draft(topic="housing"),
                               consents={"home_nav"})
        refs = {first.id: first.reference, second.id: second.reference}
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    items = re.findall(r'<li data-consent="home_nav"(.*?)</li>', page, re.S)
    assert len(items) == 2
    for request_id, reference in refs.items():
        item = next(i for i in items if f'href="/requests/{request_id}"' in i)
        assert reference in item
    assert "Dagpenger og meldekort" in page and "Et sted å bo etter løslatelsen" in page


def test_filing_reads_the_draft_once(kiosk_user, database):
    """A step and the filing read the inmate's draft once per transaction, however many
    parts of the request ask for it (issue 20: the filing read it four times)."""
    kiosk_user.sign_in("A100")
    _fill(kiosk_user)
    page = kiosk_user.client.get("/requests/new/check")
    key = re.search(r'name="submit_key" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    for path, data in (("/requests/new/describe", {"kind": "question", "description": "Hjelp"}),
                       ("/requests/new/check", {"submit_key": key})):
        with recorded(database.engine) as statements:
            response = kiosk_user.client.post(path, data={**data, "csrf_token": csrf_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        assert sum("from request_draft " in s for s in selects(statements)) == 1, path
    with database.session() as db:
        assert db.scalar(select(Request.description)) == "Hjelp"


def test_a_request_is_read_without_the_write_lock_and_its_replies_marked_read_after(
        kiosk_user, database, clock, world):
    """GET /requests/<id> reads the page in a read-only transaction; the replies it showed
    are marked read in a short transaction of its own at the end, and only when there are
    any (issue 20: it held SQLite's one write lock for the whole page, every writer of
    both apps waiting behind it)."""
    request_id = _filed(database, clock, world)
    kiosk_user.sign_in("A100")
    kiosk_user.client.get(f"/requests/{request_id}")
    with recorded(database.engine) as statements:
        assert kiosk_user.client.get(f"/requests/{request_id}").status_code == 200
    if database.engine.dialect.name == "sqlite":
        assert "begin immediate" not in statements  # nothing to mark: no write at all
    assert not any(s.startswith("update request_message") for s in statements)
    with database.session() as db:
        requests.reply(db, clock.now(), world.staff["adviser"], db.get(Request, request_id),
                       "Nytt svar")
    with recorded(database.engine) as statements:
        page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Nytt svar" in page
    (update,) = [i for i, s in enumerate(statements) if s.startswith("update request_message")]
    assert not any(s.startswith("select") and "request_message" in s
                   for s in statements[update:])  # after the page had read it all
    if database.engine.dialect.name == "sqlite":
        assert statements.index("begin immediate") > max(
            i for i, s in enumerate(statements[:update]) if s.startswith("select"))
    assert "data-unread" not in kiosk_user.client.get("/requests/").get_data(as_text=True)


def test_a_requests_page_reads_its_thread_and_its_meeting_consents_once(
        kiosk_user, database, clock, world):
    """GET /requests/<id> read the thread twice (to show it, then to mark its replies
    read) and the case-meeting consents once for each team that could join (issue 20)."""
    request_id = _filed(database, clock, world)
    with database.session() as db:
        requests.reply(db, clock.now(), world.staff["adviser"], db.get(Request, request_id),
                       "Svar")
    kiosk_user.sign_in("A100")
    with recorded(database.engine) as statements:
        page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Svar" in page
    read = selects(statements)
    assert sum("from request_message " in s for s in read) == 1, read
    assert sum("from consent " in s for s in read) == 1, read
    assert any(s.startswith("update request_message") for s in statements)  # marked read
