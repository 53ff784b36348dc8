"""Practice tasks on the kiosk: started from a clean slate, done on the practice pages or
the forms' own pages, checked with each mistake explained, and tried again."""
import re

import pytest
from sqlalchemy import select

from core.models import FormDraft, FormSubmission, PracticeAttempt, Request, RequestMessage
from core.services.forms import submissions as forms
from core.services.forms.meldekort import rules as mk
from core.services.learning.practice.checks import Mistake
from core.services.learning.practice.content import content
from tests.kiosk.practice.test_practice import (JOBSEEKER_STEPS, TASKS, _attempt_id, _check, _count,
                                                _html, _log_in, _start)


# Tasks ----------------------------------------------------------------------------------------

def _attempt(database, attempt_id) -> PracticeAttempt:
    with database.session() as db:
        found = db.get(PracticeAttempt, attempt_id)
        db.expunge(found)
        return found


def test_the_login_task_passes_with_the_practice_codes(kiosk_user, database):
    kiosk_user.sign_in("A100")
    task_page = _html(kiosk_user.client.get("/practice/tasks/login_bankid"))
    assert "data-practice-codes" in task_page and "123456" in task_page
    assert _start(kiosk_user, "login_bankid").endswith("/practice/login")
    assert "Start på nytt" in _html(kiosk_user.client.get("/practice/tasks/login_bankid"))
    _log_in(kiosk_user)
    attempt = _attempt_id(kiosk_user)
    result = _html(_check(kiosk_user, attempt))
    assert 'data-result="passed"' in result and "data-mistakes" not in result
    assert _attempt(database, attempt).passed is True
    assert "data-passed" in _html(kiosk_user.client.get("/practice/"))


def test_the_login_task_explains_each_mistake(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _start(kiosk_user, "login_bankid")
    kiosk_user.post("/practice/login", {"method": "minid"})
    _log_in(kiosk_user, code="123465")
    attempt = _attempt_id(kiosk_user)
    result = _html(_check(kiosk_user, attempt))
    assert 'data-result="failed"' in result
    assert "Du valgte MinID. Oppgaven sa BankID." in result
    assert "Du skrev feil engangskode 1 gang. Øvekoden er 123456." in result
    assert "Du kom ikke helt inn på Min side." in result
    assert _attempt(database, attempt).passed is False
    again = kiosk_user.post("/practice/tasks/login_bankid/start")
    assert again.status_code == 302
    assert _attempt_id(kiosk_user) != attempt  # a new try, from a clean slate
    assert kiosk_user.client.get("/practice/min-side").status_code == 302


def test_the_dialog_task_is_checked(kiosk_user, database):
    kiosk_user.sign_in("A100")
    kiosk_user.post("/practice/dialog", {"body": "En gammel melding"})
    _start(kiosk_user, "dialog_meldekort")
    assert "data-empty-thread" in _html(kiosk_user.client.get("/practice/dialog"))
    kiosk_user.post("/practice/dialog", {"body": "Hei, jeg har et spørsmål."})
    result = _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert "Meldingen din sier ikke at den handler om meldekortet." in result
    assert "Meldingen din spør ikke om noe." in result
    kiosk_user.post("/practice/tasks/dialog_meldekort/start")
    kiosk_user.post("/practice/dialog", {"body": "Når må jeg sende meldekortet?"})
    assert 'data-result="passed"' in _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert _count(database, Request) == 0 and _count(database, RequestMessage) == 0


def test_a_form_task_done_on_the_form_pages_is_checked_on_the_receipt(kiosk_user, database):
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user, "jobseeker_cv")
    draft = int(re.search(r"/forms/d/(\d+)/", location).group(1))
    for step, data in JOBSEEKER_STEPS:
        response = kiosk_user.post(f"/forms/d/{draft}/{step}", data)
        assert response.status_code == 302, (step, _html(response)[:1500])
    check = kiosk_user.client.get(f"/forms/d/{draft}/check")
    assert 'data-practice-task="jobseeker_cv"' in _html(check)
    key = re.search(r'name="submit_key" value="([^"]+)"', _html(check)).group(1)
    receipt = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"})
    html = _html(receipt)
    assert receipt.status_code == 200 and 'data-task-result="passed"' in html
    attempt = int(re.search(r'href="/practice/attempts/(\d+)"', html).group(1))
    assert _attempt(database, attempt).passed is True
    assert 'data-result="passed"' in _html(kiosk_user.client.get(f"/practice/attempts/{attempt}"))
    assert _count(database, FormSubmission) == 0 and _count(database, FormDraft) == 0
    assert "data-practice-task" not in _html(kiosk_user.client.get("/practice/"))


def test_free_practice_of_the_same_form_is_not_judged_as_the_task(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _start(kiosk_user, "jobseeker_cv")
    kiosk_user.post("/practice/task/stop")
    location = kiosk_user.post("/forms/jobseeker/start", {"practice": "1"}).headers["Location"]
    assert "data-practice-task" not in _html(kiosk_user.client.get(location))
    with database.session() as db:
        assert db.scalar(select(PracticeAttempt.finished_at)) is None


def test_a_form_task_with_wrong_answers_explains_each_in_plain_words(kiosk_user):
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user, "jobseeker_cv")
    draft = int(re.search(r"/forms/d/(\d+)/", location).group(1))
    steps = dict(JOBSEEKER_STEPS)
    steps["education"] = {"level": "primary", "completed": "yes", "passed": "yes",
                          "shown": ["level", "completed", "passed"]}
    steps["help"] = {"wants": ["find_work"], "more": "", "shown": ["wants", "more"]}
    for step, data in steps.items():
        kiosk_user.post(f"/forms/d/{draft}/{step}", data)
    kiosk_user.post("/language", {"lang": "en"})
    result = _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert ("«What is the highest education you have?» You answered «Primary and lower "
            "secondary school». The task said «Upper secondary school, trade or journeyman"
            "&#39;s certificate».") in result
    assert "«What do you want help with? Choose all that fit.» You did not choose «Making a " \
           "CV»." in result


def test_checking_an_unfinished_form_says_so_and_keeps_nothing(kiosk_user, database):
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user, "social_assistance_deposit")
    draft = int(re.search(r"/forms/d/(\d+)/", location).group(1))
    kiosk_user.post(f"/forms/d/{draft}/municipality", {"home_municipality": "0301",
                                                       "shown": ["home_municipality"]})
    result = _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert "Du ble ikke ferdig med «Søk om økonomisk sosialhjelp»." in result
    assert _count(database, FormDraft) == 0 and _count(database, FormSubmission) == 0


def _fill_card(database, draft_id, hours="7,5"):
    """What the meldekort's own pages (kiosk/forms/meldekort.py) save as the inmate fills in."""
    with database.session() as db:
        draft = db.get(FormDraft, draft_id)
        period = mk.Period(draft.period_start)
        answers = mk.Answers.from_dict(TASKS["meldekort_ill"].expect["answers"])
        grid = mk.Grid().with_day(1, mk.Day(hours=hours)).with_day(4, mk.Day(ill=True))
        forms.save(db, draft.updated_at, draft, {"card": mk.Card(period, answers, grid).as_dict()})


def test_the_meldekort_task_starts_a_practice_card_and_checks_it(kiosk_user, database):
    kiosk_user.sign_in("A100")
    task_page = _html(kiosk_user.client.get("/practice/tasks/meldekort_ill"))
    assert "mandag 16. februar" in task_page and "torsdag 19. februar" in task_page
    location = _start(kiosk_user, "meldekort_ill")
    draft = int(re.fullmatch(r"/forms/meldekort/d/(\d+)/questions", location).group(1))
    with database.session() as db:
        assert db.get(FormDraft, draft).practice is True
    _fill_card(database, draft, hours="8")
    result = _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert "Du skrev 8 timer mandag 16. februar. Oppgaven sa 7,5." in result
    location = _start(kiosk_user, "meldekort_ill")
    _fill_card(database, int(location.split("/")[-2]))
    assert 'data-result="passed"' in _html(_check(kiosk_user, _attempt_id(kiosk_user)))
    assert _count(database, FormSubmission) == 0 and _count(database, FormDraft) == 0


def test_a_free_practice_meldekort_continues_where_it_stopped(kiosk_user, database):
    kiosk_user.sign_in("A100")
    first = kiosk_user.post("/practice/meldekort/start").headers["Location"]
    assert re.fullmatch(r"/forms/meldekort/d/\d+/questions", first)
    assert kiosk_user.post("/practice/meldekort/start").headers["Location"] == first
    with database.session() as db:
        assert db.scalar(select(FormDraft.practice)) is True


def test_practice_never_creates_a_submission_request_or_message(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _log_in(kiosk_user)
    for key in TASKS:
        _start(kiosk_user, key)
        kiosk_user.post("/practice/dialog", {"body": "Når kommer pengene? AAP, meldekort, jobb"})
        _check(kiosk_user, _attempt_id(kiosk_user))
    kiosk_user.post("/practice/meldekort/start")
    assert _count(database, PracticeAttempt) == len(TASKS)
    assert _count(database, FormSubmission) == 0
    assert _count(database, Request) == 0 and _count(database, RequestMessage) == 0


def test_a_stopped_task_stays_unchecked(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _start(kiosk_user, "dialog_money")
    attempt = _attempt_id(kiosk_user)
    assert kiosk_user.post("/practice/task/stop").status_code == 302
    assert "data-practice-task" not in _html(kiosk_user.client.get("/practice/"))
    page = _html(kiosk_user.client.get(f"/practice/attempts/{attempt}"))
    assert "data-result" not in page and "data-try-again" in page
    result = _html(_check(kiosk_user, attempt))  # checked away from its session state
    assert "Du sendte ingen melding til veilederen." in result


def test_another_inmates_attempt_does_not_exist(kiosk_user, database):
    kiosk_user.sign_in("A100")
    _start(kiosk_user, "dialog_money")
    attempt = _attempt_id(kiosk_user)
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200", terminal="a2")
    assert kiosk_user.client.get(f"/practice/attempts/{attempt}").status_code == 404
    assert kiosk_user.post(f"/practice/attempts/{attempt}/check").status_code == 404
    assert _attempt(database, attempt).finished_at is None


def test_practice_posts_need_the_csrf_token(kiosk_user, database):
    kiosk_user.sign_in("A100")
    for path, data in (("/practice/tasks/login_bankid/start", {}),
                       ("/practice/dialog", {"body": "Meldekort?"}),
                       ("/practice/login", {"method": "bankid"}),
                       ("/practice/meldekort/start", {})):
        assert kiosk_user.client.post(path, data=data).status_code == 400, path
    assert _count(database, PracticeAttempt) == 0 and _count(database, FormDraft) == 0
    assert "data-empty-thread" in _html(kiosk_user.client.get("/practice/dialog"))


def test_the_lessons_can_show_the_tasks_of_a_module(kiosk_app, kiosk_user):
    from flask import render_template

    kiosk_user.sign_in("A100")
    with kiosk_app.test_request_context("/"):
        html = render_template("kiosk/practice/_for_module.html", module_key="meldekort")
        none = render_template("kiosk/practice/_for_module.html", module_key="terminal")
    assert html.count('href="/practice/tasks/meldekort_') == 2 and "data-practise-this" in html
    assert none.strip() == ""


EVERY_MISTAKE = [
    Mistake("login_not_finished"), Mistake("login_other_method", {"method": "minid"}),
    Mistake("login_wrong_national_id", {"times": 2}), Mistake("login_wrong_code", {"times": 1}),
    Mistake("login_wrong_password", {"times": 3}), Mistake("login_locked"),
    Mistake("dialog_no_message"), Mistake("dialog_topic_missing", {"topic": "money"}),
    Mistake("dialog_no_question"), Mistake("dialog_too_long", {"length": 512, "max": 400}),
    Mistake("dialog_secret"), Mistake("form_not_finished", {"form": "jobseeker"}),
    Mistake("answer_wrong", {"form": "social_assistance", "question": "amount",
                             "expected": 27000, "given": 2700}),
    Mistake("answer_wrong", {"form": "jobseeker", "question": "passed", "expected": "yes",
                             "given": None}),
    Mistake("answer_missing_choice", {"form": "jobseeker", "question": "wants",
                                      "missing": ["cv", "education"]}),
    Mistake("meldekort_answer", {"question": "syk", "expected": True, "given": None}),
    Mistake("meldekort_hours", {"day": 1, "date": "2026-02-16", "expected": "7.5",
                                "given": None}),
    Mistake("meldekort_hours", {"day": 2, "date": "2026-02-17", "expected": None,
                                "given": "abc"}),
    Mistake("meldekort_mark", {"day": 4, "date": "2026-02-19", "row": "ill", "expected": False}),
]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_mistake_is_explained_in_plain_words(kiosk_app, lang):
    from flask_babel import force_locale

    from kiosk.practice.texts import mistake_text

    with kiosk_app.test_request_context("/"), force_locale(lang):
        texts = [mistake_text(m, lang, content()) for m in EVERY_MISTAKE]
        fallback = mistake_text(Mistake("nonsense"), lang, content())
    assert fallback not in texts and len(set(texts)) == len(texts)
    assert not any("%(" in t or "None" in t for t in texts)
    joined = "\n".join(texts)
    if lang == "en":
        assert "«How much do you apply for, in kroner?» You answered «2,700 kr». The task " \
               "said «27,000 kr»." in joined
        assert "You did not choose «Making a CV; Education or a course»." in joined
        assert "On Monday 16 February you wrote no hours. The task said 7.5 hours." in joined
        assert "«Have you been ill?» You did not answer. The task said Yes." in joined
    else:
        assert "Du krysset av for «Syk» torsdag 19. februar. Det sa ikke oppgaven." in joined
        assert "Øvenummeret er 010170 12345." in joined
