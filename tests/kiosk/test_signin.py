import json
import re

from sqlalchemy import event, select

from core import locales
from core.models import ServerSession


def _cookie(client):
    cookie = client.get_cookie("bb_kiosk_session")
    return cookie.value if cookie else None


def test_sign_in_issues_a_new_session_and_shows_the_name(kiosk_user):
    kiosk_user.use_terminal("a")
    kiosk_user.client.get("/")
    before = _cookie(kiosk_user.client)
    response = kiosk_user.sign_in("a100")  # the number is not case-sensitive
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    assert _cookie(kiosk_user.client) not in (None, before)
    home = kiosk_user.client.get("/home")
    assert "Innsatt A100" in home.get_data(as_text=True)
    assert home.headers["Cache-Control"] == "no-store"


def test_session_records_terminal_and_no_supervisor(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    with database.session() as db:
        row = db.scalar(select(ServerSession).where(ServerSession.inmate_id.is_not(None)))
        assert row.terminal_id == world.terminals["a"].id and row.supervisor_id is None


def test_wrong_pin_keeps_the_number_and_says_what_to_do(kiosk_user):
    response = kiosk_user.sign_in("A100", "111111")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="A100"' in html and "111111" not in html
    assert 'role="alert"' in html


def test_pin_format_is_checked_before_anything_else(kiosk_user):
    response = kiosk_user.sign_in("A100", "12ab")
    assert response.status_code == 400 and 'href="#pin"' in response.get_data(as_text=True)


def test_locked_message_is_the_same_for_unknown_numbers(kiosk_user):
    pages = {}
    for number in ("A100", "ZZZ999"):
        for _ in range(5):
            response = kiosk_user.sign_in(number, "000000")
        html = re.sub(r'(csrf_token"[^>]*value|csrf-token" content)="[^"]*"', "TOKEN",
                      response.get_data(as_text=True))
        pages[number] = html.replace(number, "NUMBER")
    assert "TOKEN" in pages["A100"]
    assert pages["A100"] == pages["ZZZ999"]


def test_sign_out_clears_everything(kiosk_user, database):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/sign-out")
    assert response.status_code == 302 and "ended=signed_out" in response.headers["Location"]
    assert _cookie(kiosk_user.client) is None
    assert kiosk_user.client.get("/home").status_code == 302
    with database.session() as db:
        rows = db.scalars(select(ServerSession).where(ServerSession.inmate_id.is_not(None))).all()
        assert rows and all(r.end_reason == "signed_out" for r in rows)
        assert all(json.loads(r.data) == {} for r in rows)  # nothing of it is kept


def test_session_is_bound_to_its_terminal(kiosk_user):
    kiosk_user.sign_in("A100", terminal="a")
    kiosk_user.use_terminal("a2")  # same cookie, another terminal in the same prison
    response = kiosk_user.client.get("/home")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    kiosk_user.use_terminal("a")
    assert kiosk_user.client.get("/home").status_code == 302  # and it is gone for good


def test_idle_limit_signs_out_with_a_notice(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    clock.advance(seconds=299)
    assert kiosk_user.client.get("/home").status_code == 200
    clock.advance(seconds=300)
    response = kiosk_user.client.get("/home")
    assert response.status_code == 302 and "ended=idle" in response.headers["Location"]
    notice = kiosk_user.client.get(response.headers["Location"])
    assert 'role="status"' in notice.get_data(as_text=True)


def test_extend_resets_the_idle_clock(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/home")
    clock.advance(seconds=250)
    response = kiosk_user.client.post("/session/extend", headers={
        "Accept": "application/json", "X-CSRFToken": _token(home)})
    assert response.status_code == 200
    assert response.get_json() == {"idle": 300, "absolute": 3350, "warning": 60}
    clock.advance(seconds=250)
    assert kiosk_user.client.get("/home").status_code == 200


def _idle_seconds(page) -> int:
    return int(re.search(r'data-idle-seconds="(\d+)"', page.get_data(as_text=True)).group(1))


def test_activity_is_written_at_most_every_step_and_the_page_counts_from_it(
        kiosk_user, clock, database):
    """A click within ACTIVITY_STEP (15 s) of the last one written writes nothing; the
    page then counts down from the activity written, so it never promises more time than
    the server gives."""
    kiosk_user.sign_in("A100")
    kiosk_user.client.get("/home")  # the first page writes the session's new CSRF token
    updates = []
    event.listen(database.engine, "before_cursor_execute", lambda _c, _cur, statement, *_:
                 updates.append(statement) if statement.startswith("UPDATE server_session")
                 else None)
    clock.advance(seconds=10)
    assert _idle_seconds(kiosk_user.client.get("/home")) == 290 and updates == []
    clock.advance(seconds=10)  # 20 s after the activity written: written now
    assert _idle_seconds(kiosk_user.client.get("/home")) == 300 and len(updates) == 1
    clock.advance(seconds=11)  # 11 s later: not written, and the page says 289
    assert _idle_seconds(kiosk_user.client.get("/home")) == 289 and len(updates) == 1
    clock.advance(seconds=288)  # 299 s after the activity written: still signed in
    assert kiosk_user.client.get("/home").status_code == 200 and len(updates) == 2
    clock.advance(seconds=300)
    assert "ended=idle" in kiosk_user.client.get("/home").headers["Location"]


def test_more_time_is_written_at_once(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/home")
    clock.advance(seconds=5)  # within ACTIVITY_STEP of the sign-in
    response = kiosk_user.client.post("/session/extend", headers={
        "Accept": "application/json", "X-CSRFToken": _token(home)})
    assert response.get_json()["idle"] == 300
    clock.advance(seconds=299)
    assert kiosk_user.client.get("/home").status_code == 200


def test_warning_page_does_not_count_as_activity(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    clock.advance(seconds=240)
    page = kiosk_user.client.get("/session/warning")
    assert 'http-equiv="refresh" content="60;url=/session/timeout"' in page.get_data(as_text=True)
    clock.advance(seconds=60)
    assert kiosk_user.client.get("/home").status_code == 302


def test_pages_carry_the_idle_timer_and_a_no_script_fallback(kiosk_user):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/home").get_data(as_text=True)
    assert 'data-idle-seconds="300"' in html and 'data-warning-seconds="60"' in html
    assert '<noscript><meta http-equiv="refresh" content="240;url=/session/warning">' in html


def test_absolute_limit_ends_an_active_session(kiosk_user, clock):
    kiosk_user.sign_in("A100")
    for _ in range(14):
        clock.advance(minutes=4)
        assert kiosk_user.client.get("/home").status_code == 200
    clock.advance(minutes=4)
    response = kiosk_user.client.get("/home")
    assert "ended=absolute" in response.headers["Location"]


def test_timeout_page_ends_the_session(kiosk_user):
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get("/session/timeout").status_code == 302
    assert kiosk_user.client.get("/home").status_code == 302


def test_language_switch_and_preference(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    assert 'lang="nb"' in kiosk_user.client.get("/home").get_data(as_text=True)
    kiosk_user.post("/language", {"lang": "en", "next": "/home"})
    assert 'lang="en"' in kiosk_user.client.get("/home").get_data(as_text=True)
    with database.session() as db:
        assert db.get(type(world.inmates["a"]), world.inmates["a"].id).language == "en"


def test_language_switch_refuses_other_sites_as_next(kiosk_user):
    kiosk_user.use_terminal("a")
    response = kiosk_user.post("/language", {"lang": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


# ---- The language chooser (issue 18) ---------------------------------------------------

def _header(html: str) -> str:
    return html[html.index('<header class="bb-header"'):html.index("</header>")]


def _language_buttons(html: str) -> list[tuple[str, str, str, str]]:
    """(value, lang, dir, name) of each language button of the page."""
    return re.findall(r'<button type="submit" name="lang" value="([a-z]+)" lang="([a-z]+)" '
                      r'dir="(ltr|rtl)"[^>]*>([^<]+)</button>', html)


EVERY_LANGUAGE = [(locale.code, locale.code, locale.direction, locale.name)
                  for locale in locales.KIOSK_LOCALES]


def test_the_sign_in_page_lists_every_language_named_in_itself(kiosk_user):
    kiosk_user.use_terminal("a")
    html = kiosk_user.client.get("/").get_data(as_text=True)
    assert _language_buttons(html) == EVERY_LANGUAGE
    assert ("ar", "ar", "rtl", "العربية") in EVERY_LANGUAGE
    assert "data-language-chooser" not in html  # not twice: the list is on the page


def test_the_header_shows_the_current_language_and_links_to_the_language_page(kiosk_user):
    kiosk_user.sign_in("A100")
    header = _header(kiosk_user.client.get("/home").get_data(as_text=True))
    assert _language_buttons(header) == []  # no row of ten buttons
    assert 'href="/language?next=/home?"' in header
    assert '<span lang="nb" dir="ltr">Norsk bokmål</span>' in header
    assert "data-back-to-norwegian" not in header  # already bokmål

    page = kiosk_user.client.get("/language?next=/home?")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert _language_buttons(html) == EVERY_LANGUAGE
    assert "bb-lang--large" in html and 'name="next" value="/home?"' in html
    assert 'aria-pressed="true"' in html.split('value="nb"', 1)[1].split(">", 1)[0]
    assert "data-language-chooser" not in html  # the page is the list itself
    assert 'href="/home?" data-back' in html


def test_in_another_language_the_header_has_a_way_back_to_norwegian(kiosk_user, database,
                                                                     world):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": "ar", "next": "/home"})
    html = kiosk_user.client.get("/requests/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    header = _header(html)
    assert '<span lang="ar" dir="rtl">العربية</span>' in header
    assert ('<button type="submit" name="lang" value="nb" lang="nb" dir="ltr" '
            'data-back-to-norwegian>Norsk</button>') in header
    assert 'name="next" value="/requests/?"' in header
    with database.session() as db:  # remembered for the inmate
        assert db.get(type(world.inmates["a"]), world.inmates["a"].id).language == "ar"
    back = kiosk_user.post("/language", {"lang": "nb", "next": "/requests/?"})
    assert back.headers["Location"] == "/requests/"
    assert '<html lang="nb" dir="ltr">' in kiosk_user.client.get("/requests/").get_data(
        as_text=True)


def test_the_language_page_only_goes_back_within_the_site(kiosk_user):
    kiosk_user.use_terminal("a")
    html = kiosk_user.client.get("/language?next=//evil.example/").get_data(as_text=True)
    assert "evil.example" not in html and 'name="next" value="/"' in html


def _token(response):
    from tests.conftest import csrf_from

    return csrf_from(response)


def test_signed_in_inmate_is_sent_home_from_the_login_page(kiosk_user):
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get("/").headers["Location"] == "/home"


def test_the_header_name_leads_home_when_signed_in(kiosk_user):
    """Issue 11, fault 14: the kiosk header had no way home."""
    kiosk_user.use_terminal("a")
    signin = kiosk_user.client.get("/").get_data(as_text=True)
    assert '<span class="bb-header__brand">Brobygger</span>' in signin  # nowhere to go yet
    kiosk_user.sign_in("A100")
    for path in ("/home", "/requests/", "/lessons/"):
        page = kiosk_user.client.get(path).get_data(as_text=True)
        header = page[page.index('<header class="bb-header">'):page.index("</header>")]
        assert re.search(r'<a class="bb-header__brand" href="/home"[^>]*>Brobygger', header)
        assert "til forsiden" in header  # what the link does, for a screen reader


def _selects_of_a_second_home_page(kiosk_user, database) -> list[str]:
    """The SELECTs of a signed-in inmate's home page, the second time it is shown."""
    from tests.support.statements import recorded, selects

    kiosk_user.sign_in("A100")
    kiosk_user.client.get("/home")
    with recorded(database.engine) as statements:
        assert kiosk_user.client.get("/home").status_code == 200
    return selects(statements)


def test_a_signed_in_page_reads_session_terminal_and_inmate_in_one_statement(kiosk_user,
                                                                             database):
    """Every kiosk request checks the session, the terminal and the inmate: one round trip
    for the three (issue 20: two, and three before that)."""
    read = _selects_of_a_second_home_page(kiosk_user, database)
    (first,) = [s for s in read if "server_session.token_hash" in s]
    assert "terminal.credential_hash" in first and "inmate.status" in first
    assert not any("from terminal" in s for s in read if s is not first)


def test_the_home_page_builds_no_rows_it_only_counts_or_already_has(kiosk_user, database):
    """The home page asks whether the inmate has a work statement (an EXISTS, not every
    statement and its author), and reads sent-back forms without joining the inmate, their
    prison and unit once more: the inmate is the session's (issue 20)."""
    read = _selects_of_a_second_home_page(kiosk_user, database)
    (work,) = [s for s in read if "work_statement" in s]
    assert work.startswith("select exists") and "staff_user" not in work
    (returned,) = [s for s in read if "from form_submission" in s]
    assert " join " not in returned


def test_the_home_page_reads_its_counts_without_the_orm(kiosk_user, database, kiosk_app):
    """The home page's counts and its EXISTS are columns, not rows to build: they are
    read on the session's connection (core.db.rows), and only the session's row and the
    sent-back forms go through the ORM (issue 20: about 90 µs a statement)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    kiosk_user.sign_in("A100")
    kiosk_user.client.get("/home")
    through_orm = []

    def record(state):
        through_orm.append(str(state.statement).lower())

    event.listen(Session, "do_orm_execute", record)
    try:
        assert kiosk_user.client.get("/home").status_code == 200
    finally:
        event.remove(Session, "do_orm_execute", record)
    assert len(through_orm) == 2, through_orm
    assert not any("request_message" in s or "work_statement" in s for s in through_orm)
