"""The practice copy of NAV's services on the kiosk: marked as practice on every page,
never sending anything, the pretend login and the pretend adviser (the tasks are in
test_practice_tasks.py)."""
import re

import pytest
from sqlalchemy import func, select

from core.models import Request, RequestMessage
from core.services.learning.practice.content import content

CODES = content().codes
TASKS = content().tasks
JOBSEEKER_STEPS = [
    ("education", {"level": "upper_secondary", "completed": "yes", "passed": "yes",
                   "shown": ["level", "completed", "passed"]}),
    ("work", {"situation": "never", "work_inside": "no", "shown": ["situation", "work_inside"]}),
    ("limits", {"limitations": "no", "shown": ["limitations"]}),
    ("help", {"wants": ["cv"], "more": "", "shown": ["wants", "more"]}),
]


def _html(response) -> str:
    return response.get_data(as_text=True)


def _count(database, model) -> int:
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(model))


def _marked(html: str) -> bool:
    return ("data-practice" in html and '<span lang="nb">Øving</span> / '
            '<span lang="en">Practice</span>' in html)


def _start(kiosk_user, task_key):
    response = kiosk_user.post(f"/practice/tasks/{task_key}/start")
    assert response.status_code == 302
    return response.headers["Location"]


def _attempt_id(kiosk_user) -> int:
    html = _html(kiosk_user.client.get("/practice/"))
    return int(re.search(r'action="/practice/attempts/(\d+)/check"', html).group(1))


def _check(kiosk_user, attempt_id):
    response = kiosk_user.post(f"/practice/attempts/{attempt_id}/check")
    assert response.status_code == 302
    return kiosk_user.client.get(response.headers["Location"])


def _log_in(kiosk_user, national_id=CODES.national_id, code=CODES.one_time_code,
            password=CODES.password):
    assert kiosk_user.post("/practice/login", {"method": "bankid"}).headers[
        "Location"].endswith("/practice/login/bankid")
    responses = [kiosk_user.post("/practice/login/bankid", {"national_id": national_id}),
                 kiosk_user.post("/practice/login/bankid/code", {"code": code}),
                 kiosk_user.post("/practice/login/bankid/password", {"password": password})]
    return responses


# Where practice is, and how it is marked ---------------------------------------------------

def test_the_home_page_has_a_practice_tile(kiosk_user):
    kiosk_user.sign_in("A100")
    html = _html(kiosk_user.client.get("/home"))
    assert 'data-tile="practice"' in html and 'href="/practice/"' in html


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_practice_page_is_marked_in_both_words(kiosk_user, lang):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    _log_in(kiosk_user)
    kiosk_user.post("/practice/dialog", {"body": "Hei"})
    _start(kiosk_user, "dialog_meldekort")
    attempt = _attempt_id(kiosk_user)
    pages = ["/practice/", "/practice/login", "/practice/login/bankid",
             "/practice/login/bankid/code", "/practice/login/bankid/password",
             "/practice/min-side", "/practice/dialog", f"/practice/attempts/{attempt}",
             *(f"/practice/tasks/{key}" for key in TASKS)]
    for path in pages:
        response = kiosk_user.client.get(path)
        html = _html(response)
        assert response.status_code == 200, path
        assert _marked(html) and f'lang="{lang}"' in html, path
        assert "http://" not in html and "https://" not in html, path  # no way out
    other = kiosk_user.post("/practice/login", {"method": "minid"})
    assert other.status_code == 200 and _marked(_html(other))
    assert _marked(_html(_check(kiosk_user, attempt)))


def test_a_practice_form_page_is_marked_and_shows_the_task(kiosk_user):
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user, "jobseeker_cv")
    assert re.search(r"/forms/d/\d+/education$", location)
    html = _html(kiosk_user.client.get(location))
    assert _marked(html) and 'data-practice-task="jobseeker_cv"' in html


def test_practice_pages_need_an_inmate(kiosk_user):
    kiosk_user.use_terminal("a")
    for path in ("/practice/", "/practice/login", "/practice/dialog", "/practice/min-side"):
        response = kiosk_user.client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/")


def test_an_unknown_task_does_not_exist(kiosk_user):
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get("/practice/tasks/nonsense").status_code == 404
    assert kiosk_user.post("/practice/tasks/nonsense/start").status_code == 404


# The pretend login ----------------------------------------------------------------------------

def test_the_pretend_login_lets_the_practice_codes_in(kiosk_user):
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get("/practice/min-side").headers["Location"].endswith(
        "/practice/login")
    choice = _html(kiosk_user.client.get("/practice/login"))
    assert all(f'data-method="{m}"' in choice for m in ("bankid", "minid", "buypass"))
    assert "data-practice-codes" in choice and "010170 12345" in choice
    responses = _log_in(kiosk_user, national_id="010170 12345")
    assert [r.headers["Location"] for r in responses] == [
        "/practice/login/bankid/code", "/practice/login/bankid/password",
        "/practice/min-side"]
    side = _html(kiosk_user.client.get("/practice/min-side"))
    assert "Innsatt A100" in side and 'action="/practice/meldekort/start"' in side
    assert 'action="/forms/jobseeker/start"' in side and 'href="/practice/dialog"' in side
    assert kiosk_user.post("/practice/logout").status_code == 302
    assert kiosk_user.client.get("/practice/min-side").status_code == 302


@pytest.mark.parametrize("step, data, text", [
    ("", {"national_id": ""}, "Skriv fødselsnummeret ditt."),
    ("", {"national_id": "1234"}, "Et fødselsnummer har 11 sifre."),
    ("", {"national_id": "01017012343"}, "Vi fant ingen BankID"),
    ("/code", {"code": "654321"}, "Feil engangskode."),
    ("/password", {"password": "Øving"}, "Feil passord. Du har 2 forsøk igjen."),
])
def test_the_pretend_login_refuses_wrong_codes(kiosk_user, step, data, text):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/practice/login", {"method": "bankid"})
    if step:
        kiosk_user.post("/practice/login/bankid", {"national_id": CODES.national_id})
    if step == "/password":
        kiosk_user.post("/practice/login/bankid/code", {"code": CODES.one_time_code})
    response = kiosk_user.post(f"/practice/login/bankid{step}", data)
    html = _html(response)
    assert response.status_code == 400 and "data-bb-error-summary" in html and text in html
    if step == "/password":
        assert 'value="Øving"' not in html  # a password is never shown again
    assert kiosk_user.client.get("/practice/min-side").status_code == 302


def test_a_later_step_cannot_be_reached_first(kiosk_user):
    kiosk_user.sign_in("A100")
    for step in ("", "/code", "/password"):
        response = kiosk_user.client.get(f"/practice/login/bankid{step}")
        assert response.headers["Location"].endswith("/practice/login")
    assert kiosk_user.post("/practice/login/bankid/password", {"password": CODES.password}
                           ).status_code == 302
    assert kiosk_user.client.get("/practice/min-side").status_code == 302


def test_three_wrong_passwords_lock_the_pretend_bankid(kiosk_user):
    kiosk_user.sign_in("A100")
    _log_in(kiosk_user, password="feil")
    kiosk_user.post("/practice/login/bankid/password", {"password": "feil"})
    locked = kiosk_user.post("/practice/login/bankid/password", {"password": "feil"})
    assert locked.status_code == 400 and "kontakte banken" in _html(locked)
    still = kiosk_user.post("/practice/login/bankid/password", {"password": CODES.password})
    assert still.status_code == 400
    assert 'name="password"' not in _html(kiosk_user.client.get("/practice/login/bankid/password"))
    _log_in(kiosk_user)  # started again
    assert kiosk_user.client.get("/practice/min-side").status_code == 200


def test_another_e_id_is_explained_and_a_bad_choice_refused(kiosk_user):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/practice/login", {"method": "minid"})
    assert response.status_code == 200 and 'data-method-chosen="minid"' in _html(response)
    refused = kiosk_user.post("/practice/login", {"method": "fax"})
    assert refused.status_code == 400 and "aksel-alert--error" in _html(refused)


# The pretend adviser -------------------------------------------------------------------------

def test_the_pretend_adviser_answers_in_the_page_language(kiosk_user, database):
    kiosk_user.sign_in("A100")
    assert "data-empty-thread" in _html(kiosk_user.client.get("/practice/dialog"))
    sent = kiosk_user.post("/practice/dialog", {"body": "Når må jeg sende meldekortet?"})
    assert sent.status_code == 302
    html = _html(kiosk_user.client.get("/practice/dialog"))
    assert "Når må jeg sende meldekortet?" in html and 'data-reply="meldekort"' in html
    assert "Du sender meldekortet hver 14. dag" in html
    kiosk_user.post("/language", {"lang": "en"})
    html = _html(kiosk_user.client.get("/practice/dialog"))
    assert "You send the meldekort every 14 days" in html
    assert _count(database, Request) == 0 and _count(database, RequestMessage) == 0


def test_an_empty_or_long_message_is_refused_and_kept(kiosk_user):
    kiosk_user.sign_in("A100")
    empty = kiosk_user.post("/practice/dialog", {"body": "  "})
    assert empty.status_code == 400 and 'href="#body"' in _html(empty)
    long = kiosk_user.post("/practice/dialog", {"body": "x" * 1001})
    assert long.status_code == 400 and "x" * 1001 in _html(long)
    assert "data-empty-thread" in _html(kiosk_user.client.get("/practice/dialog"))


def test_the_dialog_is_gone_after_sign_out(kiosk_user):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/practice/dialog", {"body": "Hemmelig spørsmål om AAP"})
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100")
    assert "data-empty-thread" in _html(kiosk_user.client.get("/practice/dialog"))


def test_the_practice_copy_offers_every_meldekort_card_type(kiosk_user, database):
    """Issue 17: the inmate practises the card they will meet; etterregistrering is not
    offered (an adviser makes it)."""
    kiosk_user.sign_in("A100")
    page = _html(kiosk_user.client.get("/practice/"))
    for card_type in ("dagpenger", "aap_arena", "aap_kelvin", "tiltakspenger_arena",
                      "tiltakspenger_new"):
        assert f'name="card_type" value="{card_type}"' in page
    assert 'value="etterregistrering"' not in page
    assert re.search(r'value="dagpenger"[^>]*checked', page)  # no plan: the dagpenger card
    location = kiosk_user.post("/practice/meldekort/start",
                               {"card_type": "tiltakspenger_new"}).headers["Location"]
    assert location.endswith("/questions")
    days = kiosk_user.client.get(location)  # no questions on this card: the days first
    assert days.headers["Location"].endswith("/days")
    grid = _html(kiosk_user.client.get(days.headers["Location"]))
    assert "data-practice" in grid and 'data-card-type="tiltakspenger_new"' in grid
    again = kiosk_user.post("/practice/meldekort/start", {"card_type": "etterregistrering"})
    assert again.headers["Location"] == location  # not offered: the practice goes on
    assert 'data-card-type="tiltakspenger_new"' in _html(kiosk_user.client.get(
        days.headers["Location"]))
    kelvin = kiosk_user.post("/practice/meldekort/start", {"card_type": "aap_kelvin"})
    assert 'name="avtalteAktiviteter"' in _html(kiosk_user.client.get(kelvin.headers["Location"]))
