"""The practice service: attempts, practice forms that never become submissions, the
pretend login's rules and the pretend adviser."""
from datetime import date

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, FormDraft, FormSubmission, Inmate
from core.services.forms import submissions as forms
from core.services.forms.meldekort import rules as mk
from core.services.learning.practice import attempts as practice
from core.services.errors import NotFound, ServiceError
from core.services.learning.practice.checks import LoginState, Mistake
from core.services.learning.practice.content import content

CONTENT = content()
TASKS = CONTENT.tasks


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _count(db, model):
    return db.scalar(select(func.count()).select_from(model))


# Attempts ------------------------------------------------------------------------------

def test_attempts_record_the_result_once_and_only_for_their_inmate(db, world, clock):
    inmate, other = _inmate(db, world), _inmate(db, world, "a2")
    events = _count(db, AuditEvent)
    attempt = practice.start_attempt(db, clock.now(), inmate, TASKS["login_bankid"])
    assert (attempt.finished_at, attempt.passed) == (None, None)
    assert practice.progress(db, inmate) == {}  # started is not tried
    with pytest.raises(NotFound):
        practice.own_attempt(db, other, attempt.id)
    wrong = [Mistake("login_wrong_code", {"times": 1})]
    practice.finish_attempt(db, clock.now(), attempt, wrong)
    assert attempt.passed is False and practice.mistakes_of(attempt) == wrong
    with pytest.raises(ServiceError):
        practice.finish_attempt(db, clock.now(), attempt, [])
    again = practice.start_attempt(db, clock.now(), inmate, TASKS["login_bankid"])
    clock.advance(minutes=5)
    practice.finish_attempt(db, clock.now(), again, [])
    assert practice.progress(db, inmate) == {"login_bankid": practice.Progress(2, True)}
    assert practice.attempts_of(db, inmate, "login_bankid") == [again, attempt]
    assert practice.attempts_of(db, other, "login_bankid") == []
    assert _count(db, AuditEvent) == events  # practice writes no audit event


# Practice forms ------------------------------------------------------------------------

JOBSEEKER = {"level": "upper_secondary", "completed": "yes", "passed": "yes",
             "situation": "never", "work_inside": "no", "limitations": "no", "wants": ["cv"]}


def test_a_finished_practice_form_is_checked_from_its_receipt_and_stores_nothing(db, world,
                                                                               clock):
    inmate = _inmate(db, world)
    draft = practice.start_form(db, clock.now(), inmate, None, "jobseeker", fresh=True)
    assert draft.practice
    forms.save(db, clock.now(), draft, JOBSEEKER)
    result = practice.finish_form(db, clock.now(), inmate, draft, "en")
    assert result.finished and result.answers == {**JOBSEEKER, "more": None}
    assert practice.check_form_task(TASKS["jobseeker_cv"], result) == []
    assert _count(db, FormSubmission) == 0 and _count(db, FormDraft) == 0


def test_an_unfinished_practice_form_is_judged_as_it_is_and_thrown_away(db, world, clock):
    inmate = _inmate(db, world)
    draft = practice.start_form(db, clock.now(), inmate, None, "social_assistance", fresh=True)
    forms.save(db, clock.now(), draft, {"home_municipality": "0301"})
    result = practice.finish_form(db, clock.now(), inmate, draft, "nb")
    assert not result.finished and result.answers == {"home_municipality": "0301"}
    mistakes = practice.check_form_task(TASKS["social_assistance_deposit"], result)
    assert mistakes[0] == Mistake("form_not_finished", {"form": "social_assistance"})
    assert _count(db, FormDraft) == 0 and _count(db, FormSubmission) == 0
    assert practice.finish_form(db, clock.now(), inmate, None, "nb").finished is False


def test_a_fresh_start_throws_away_the_old_practice_draft_but_not_real_ones(db, world, clock):
    inmate = _inmate(db, world)
    first = practice.start_form(db, clock.now(), inmate, None, "jobseeker", fresh=False)
    assert practice.start_form(db, clock.now(), inmate, None, "jobseeker", fresh=False) is first
    real = forms.start(db, clock.now(), inmate, forms.definition_of(first), terminal=None)
    second = practice.start_form(db, clock.now(), inmate, None, "jobseeker", fresh=True)
    assert second.id != first.id and db.get(FormDraft, real.id) is not None
    assert practice.practice_draft(db, inmate, real.id) is None
    assert practice.practice_draft(db, inmate, second.id) is second
    assert practice.practice_draft(db, _inmate(db, world, "a2"), second.id) is None
    with pytest.raises(NotFound):
        practice.start_form(db, clock.now(), inmate, None, "nonsense", fresh=True)
    with pytest.raises(NotFound):
        practice.finish_form(db, clock.now(), _inmate(db, world, "a2"), second, "nb")


def test_a_practice_meldekort_is_of_the_last_period_and_checked_as_a_card(db, world, clock):
    inmate = _inmate(db, world)
    draft = practice.start_form(db, clock.now(), inmate, None, "meldekort", fresh=True)
    assert draft.practice and draft.period_start == date(2026, 2, 16)  # world: 2 March 2026
    period = mk.Period(draft.period_start)
    goal = TASKS["meldekort_ill"].expect
    card = mk.Card(period, mk.Answers.from_dict(goal["answers"]),
                   mk.Grid().with_day(1, mk.Day(hours="7,5")).with_day(4, mk.Day(ill=True)))
    forms.save(db, clock.now(), draft, {"card": card.as_dict()})
    result = practice.finish_form(db, clock.now(), inmate, draft, "nb")
    assert result.finished
    assert practice.check_form_task(TASKS["meldekort_ill"], result) == []
    assert _count(db, FormSubmission) == 0 and _count(db, FormDraft) == 0


def test_a_practice_meldekort_of_an_old_period_gives_way_to_the_new_one(db, world, clock):
    inmate = _inmate(db, world)
    old = practice.start_form(db, clock.now(), inmate, None, "meldekort", fresh=False)
    assert practice.start_form(db, clock.now(), inmate, None, "meldekort", fresh=False) is old
    clock.advance(days=14)
    new = practice.start_form(db, clock.now(), inmate, None, "meldekort", fresh=False)
    assert new.period_start == date(2026, 3, 2)
    assert db.scalars(select(FormDraft.id)).all() == [new.id]


def test_an_unfinished_practice_meldekort_names_what_differs(db, world, clock):
    inmate = _inmate(db, world)
    draft = practice.start_form(db, clock.now(), inmate, None, "meldekort", fresh=True)
    result = practice.finish_form(db, clock.now(), inmate, draft, "nb")
    mistakes = practice.check_form_task(TASKS["meldekort_ill"], result)
    assert [m.code for m in mistakes][:2] == ["form_not_finished", "meldekort_answer"]
    assert _count(db, FormDraft) == 0


# The pretend login ---------------------------------------------------------------------

def _refused(step, state, text):
    with pytest.raises(ServiceError) as caught:
        step(state, CONTENT, text)
    return caught.value


def test_the_pretend_bankid_takes_the_practice_codes_only():
    state = practice.choose_method(LoginState(), "minid")
    assert state.step == "choose" and state.tried == ["minid"]
    state = practice.choose_method(state, "bankid")
    assert state.step == "national_id"
    assert _refused(practice.enter_national_id, state, "0101701234").code == \
        "practice_national_id_format"
    assert _refused(practice.enter_national_id, state, "01017012343").code == \
        "practice_national_id_wrong"
    practice.enter_national_id(state, CONTENT, " 010170 12345 ")
    assert practice.step_reached(state, "code") and not practice.step_reached(state, "done")
    assert _refused(practice.enter_code, state, "12345a").code == "practice_code_format"
    assert _refused(practice.enter_code, state, "654321").code == "practice_code_wrong"
    practice.enter_code(state, CONTENT, "123 456")
    refused = _refused(practice.enter_password, state, "Øving")  # letters count as typed
    assert (refused.code, refused.params) == ("practice_password_wrong", {"left": 2})
    practice.enter_password(state, CONTENT, "øving")
    assert state.step == "done"
    assert state.wrong == {"national_id": 2, "code": 2, "password": 1}
    with pytest.raises(ServiceError):
        practice.choose_method(state, "fax")


def test_three_wrong_passwords_lock_the_pretend_bankid_until_started_again():
    state = practice.choose_method(LoginState(), "bankid")
    practice.enter_national_id(state, CONTENT, "01017012345")
    practice.enter_code(state, CONTENT, "123456")
    assert _refused(practice.enter_password, state, "x").params == {"left": 2}
    assert _refused(practice.enter_password, state, "y").params == {"left": 1}
    assert _refused(practice.enter_password, state, "z").code == "practice_locked"
    assert state.locked
    assert _refused(practice.enter_password, state, "øving").code == "practice_locked"
    practice.choose_method(state, "bankid")
    assert (state.locked, state.lockouts, state.step) == (False, 1, "national_id")


# The pretend adviser ---------------------------------------------------------------------

def test_the_pretend_adviser_answers_at_once_by_keyword(clock):
    thread = practice.send_message([], clock.now(), CONTENT, "  Når kommer AAP?  ")
    assert thread[0] == {"by": "inmate", "text": "Når kommer AAP?",
                         "at": clock.now().isoformat()}
    assert thread[1]["by"] == "adviser" and thread[1]["reply"] == "aap"
    thread = practice.send_message(thread, clock.now(), CONTENT, "Hei")
    assert thread[-1]["reply"] is None  # the default reply
    for text, code in (("   ", "text_required"), ("x" * 1001, "text_too_long")):
        with pytest.raises(ServiceError, match=code):
            practice.send_message(thread, clock.now(), CONTENT, text)
    for number in range(30):
        thread = practice.send_message(thread, clock.now(), CONTENT, f"Melding {number}")
    assert len(thread) == practice.MAX_THREAD and thread[-2]["text"] == "Melding 29"


def test_a_task_is_checked_by_its_kind(clock):
    thread = practice.send_message([], clock.now(), CONTENT, "Når må jeg sende meldekortet?")
    assert practice.check_task(TASKS["dialog_meldekort"], CONTENT, thread=thread) == []
    assert practice.check_task(TASKS["dialog_meldekort"], CONTENT) == [
        Mistake("dialog_no_message")]
    assert practice.check_task(TASKS["login_bankid"], CONTENT) == [Mistake("login_not_finished")]
    assert practice.check_task(TASKS["jobseeker_cv"], CONTENT)[0].code == "form_not_finished"
