"""Checking practice tasks: a perfect result passes, and every difference from the goal is
a mistake of its own, named."""
from datetime import date
from decimal import Decimal

import pytest

from core.services.forms.meldekort import rules as mk
from core.services.learning.practice.checks import (CardResult, LoginState, Mistake, check_dialog,
                                                    check_form, check_login, check_meldekort,
                                                    choose_reply, is_question, shares_a_secret)
from core.services.learning.practice.content import card_for, content

CONTENT = content()
TASKS = CONTENT.tasks
PERIOD = mk.Period(date(2026, 2, 16))


def codes(mistakes):
    return [m.code for m in mistakes]


# The login ----------------------------------------------------------------------------

def test_a_clean_login_with_bankid_passes():
    assert check_login(TASKS["login_bankid"], LoginState(step="done", method="bankid")) == []


def test_every_login_mistake_is_named():
    state = LoginState(step="done", method="bankid", tried=["minid", "minid", "buypass"],
                       wrong={"national_id": 1, "code": 2, "password": 3}, lockouts=1)
    assert check_login(TASKS["login_bankid"], state) == [
        Mistake("login_other_method", {"method": "minid"}),
        Mistake("login_other_method", {"method": "buypass"}),
        Mistake("login_wrong_national_id", {"times": 1}),
        Mistake("login_wrong_code", {"times": 2}),
        Mistake("login_wrong_password", {"times": 3}),
        Mistake("login_locked"),
    ]


@pytest.mark.parametrize("step", ["choose", "national_id", "code", "password"])
def test_a_login_not_finished_is_a_mistake(step):
    state = LoginState(step=step, method="bankid" if step != "choose" else None)
    assert codes(check_login(TASKS["login_bankid"], state)) == ["login_not_finished"]


def test_the_login_state_survives_the_session():
    state = LoginState(step="code", method="bankid", tried=["minid"],
                       wrong={"national_id": 2, "code": 0, "password": 0}, locked=True)
    assert LoginState.from_dict(state.as_dict()) == state
    assert LoginState.from_dict(None) == LoginState()


# The dialog --------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Når må jeg sende meldekortet?",
                                  "When must I send my meldekort?",
                                  "Hei. Når er fristen for meldekortet mitt"])
def test_a_short_question_about_the_meldekort_passes(text):
    assert check_dialog(TASKS["dialog_meldekort"], [text], CONTENT.adviser, CONTENT.codes) == []


def test_every_dialog_mistake_is_named():
    task = TASKS["dialog_meldekort"]
    long = "Jeg vil fortelle deg om dagen min. " * 20
    assert check_dialog(task, [], CONTENT.adviser, CONTENT.codes) == [
        Mistake("dialog_no_message")]
    assert check_dialog(task, [long], CONTENT.adviser, CONTENT.codes) == [
        Mistake("dialog_topic_missing", {"topic": "meldekort"}),
        Mistake("dialog_no_question"),
        Mistake("dialog_too_long", {"length": len(long), "max": 400}),
    ]
    assert codes(check_dialog(task, ["Meldekort? Passordet mitt er øving"], CONTENT.adviser,
                              CONTENT.codes)) == ["dialog_secret"]


def test_one_good_message_is_enough_and_the_last_is_judged_otherwise():
    task = TASKS["dialog_meldekort"]
    assert check_dialog(task, ["Hei", "Når må jeg sende meldekortet?", "Takk"],
                        CONTENT.adviser, CONTENT.codes) == []
    assert codes(check_dialog(task, ["Meldekort", "Takk"], CONTENT.adviser,
                              CONTENT.codes)) == ["dialog_topic_missing", "dialog_no_question"]


def test_questions_secrets_and_replies_are_recognised():
    adviser = CONTENT.adviser
    assert is_question("Kan du hjelpe meg", adviser) and is_question("Hei. Hva gjør jeg", adviser)
    assert not is_question("Jeg kan ikke sende det.", adviser)
    assert is_question("مرحبا، متى أرسل البطاقة؟", adviser)  # Arabic's question mark
    assert shares_a_secret("fnr 010170 12345", CONTENT.codes)
    assert shares_a_secret("koden er 123456", CONTENT.codes)
    assert shares_a_secret("Mitt passord: ØVING", CONTENT.codes)
    assert not shares_a_secret("Jeg slipper ut 3. mars", CONTENT.codes)
    assert choose_reply("Hva med MELDEKORTET?", adviser).key == "meldekort"
    assert choose_reply("I need help with rent", adviser).key == "money"
    assert choose_reply("Jeg vil ha jobb", adviser).key == "job"
    assert choose_reply("Hei!", adviser) is None


# The forms ----------------------------------------------------------------------------

JOBSEEKER = {"level": "upper_secondary", "completed": "yes", "passed": "yes",
             "situation": "never", "work_inside": "no", "limitations": "no",
             "wants": ["find_work", "cv"]}


def test_a_job_seeker_form_as_the_task_says_passes():
    assert check_form(TASKS["jobseeker_cv"], JOBSEEKER, finished=True) == []


def test_every_form_mistake_is_named():
    given = {**JOBSEEKER, "level": "primary", "completed": "no", "wants": ["find_work"]}
    given.pop("passed")
    assert check_form(TASKS["jobseeker_cv"], given, finished=False) == [
        Mistake("form_not_finished", {"form": "jobseeker"}),
        Mistake("answer_wrong", {"form": "jobseeker", "question": "level",
                                 "expected": "upper_secondary", "given": "primary"}),
        Mistake("answer_wrong", {"form": "jobseeker", "question": "completed",
                                 "expected": "yes", "given": "no"}),
        Mistake("answer_wrong", {"form": "jobseeker", "question": "passed",
                                 "expected": "yes", "given": None}),
        Mistake("answer_missing_choice", {"form": "jobseeker", "question": "wants",
                                          "missing": ["cv"]}),
    ]


def test_financial_help_compares_amounts_and_municipalities():
    task = TASKS["social_assistance_deposit"]
    given = {"home_municipality": "0301", "housing": "rented", "housing_cost": 9000,
             "income_now": "no", "expected": "unknown", "needs": ["deposit", "living"],
             "amount": 27000}
    assert check_form(task, given, finished=True) == []
    assert [m.params["question"] for m in check_form(
        task, {**given, "amount": 2700, "home_municipality": "4601"}, finished=True)] == [
        "home_municipality", "amount"]


# The meldekort ------------------------------------------------------------------------

def _card(task_key, **changes):
    goal = TASKS[task_key].expect
    card = card_for(PERIOD, goal["answers"], goal["days"])
    grid = card.grid
    for number, day in changes.items():
        grid = grid.with_day(int(number[1:]), day)
    return mk.Card(PERIOD, card.answers, grid)


@pytest.mark.parametrize("task_key", ["meldekort_ill", "meldekort_course"])
def test_the_meldekort_as_the_task_says_passes(task_key):
    assert check_meldekort(TASKS[task_key], CardResult.from_card(_card(task_key)), True) == []


def test_hours_as_typed_count_as_the_same_number():
    card = _card("meldekort_ill", d1=mk.Day(hours="7,50"))
    assert check_meldekort(TASKS["meldekort_ill"], CardResult.from_card(card), True) == []


def test_every_meldekort_mistake_is_named():
    card = _card("meldekort_ill", d1=mk.Day(hours=Decimal(8)), d4=mk.Day(),
                 d5=mk.Day(ill=True), d9=mk.Day(hours="abc"))
    card = mk.Card(PERIOD, card.answers.with_answer(mk.Question.ARBEIDSSOKER, False), card.grid)
    assert check_meldekort(TASKS["meldekort_ill"], CardResult.from_card(card), False) == [
        Mistake("form_not_finished", {"form": "meldekort"}),
        Mistake("meldekort_answer", {"question": "arbeidssoker", "expected": True,
                                     "given": False}),
        Mistake("meldekort_hours", {"day": 1, "date": "2026-02-16", "expected": "7.5",
                                    "given": "8"}),
        Mistake("meldekort_mark", {"day": 4, "date": "2026-02-19", "row": "ill",
                                   "expected": True}),
        Mistake("meldekort_mark", {"day": 5, "date": "2026-02-20", "row": "ill",
                                   "expected": False}),
        Mistake("meldekort_hours", {"day": 9, "date": "2026-02-24", "expected": None,
                                    "given": "abc"}),
    ]


def test_a_card_from_its_snapshot_reads_as_the_card():
    from core.services.forms.meldekort import engine as meldekort_forms, record

    card = _card("meldekort_course")
    definition = meldekort_forms.definition_for(PERIOD)
    shot = record.snapshot(definition, card, "en", benefit=mk.Benefit.DAGPENGER,
                                    late=False, unregister=False)
    assert CardResult.from_snapshot(shot) == CardResult.from_card(card)
    empty = mk.Card(PERIOD, mk.Answers(False, False, False, False, True))
    shot = record.snapshot(definition, empty, "nb", benefit=mk.Benefit.DAGPENGER,
                                    late=False, unregister=False)
    assert CardResult.from_snapshot(shot) == CardResult.from_card(empty)


def test_mistakes_survive_storage():
    mistake = Mistake("meldekort_hours", {"day": 1, "date": "2026-02-16", "expected": "7.5",
                                          "given": "8"})
    assert Mistake.from_dict(mistake.as_dict()) == mistake
