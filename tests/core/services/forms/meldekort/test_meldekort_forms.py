"""The meldekort on the form engine: periods per inmate, drafts, snapshot, confirmation,
corrections and returned cards."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from core.models import FormSubmission, Inmate, Terminal
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, period_list, plan as meldekort_plan, rules as mk
from core.services.errors import NotFound, ServiceError

FIRST = date(2026, 2, 2)  # a Monday; periods: 2 Feb, 16 Feb, 2 Mar, 16 Mar ...


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _plan(db, clock, world, benefit="dagpenger", key="a"):
    return meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"], _inmate(db, world, key),
                                   benefit, FIRST)


def _fill(db, clock, draft, answers, days=None):
    card = mf.card_of(draft)
    data = card.as_dict()
    data["answers"].update(answers)
    for number, changes in (days or {}).items():
        data["days"][number - 1].update(changes)
    forms.save(db, clock.now(), draft, {"card": data})


def _confirm(db, clock, world, draft, key="a", submit_key=None):
    return mf.confirm(db, clock.now(), _inmate(db, world, key), draft, language="nb",
                      terminal=db.get(Terminal, world.terminals["a"].id), supervisor_id=None,
                      submit_key=submit_key)


NO = {"arbeidet": False, "kurs": False, "syk": False, "annetFravaer": False,
      "arbeidssoker": True}


def test_without_a_plan_there_are_no_periods(db, clock, world):
    assert period_list.periods(db, _inmate(db, world), clock.now()) == []


def test_a_plan_must_start_on_a_monday_with_a_known_benefit(db, clock, world):
    with pytest.raises(ServiceError, match="meldekort_start_not_monday"):
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"], _inmate(db, world), "aap",
                                date(2026, 2, 3))
    with pytest.raises(ServiceError, match="benefit_unknown"):
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"], _inmate(db, world), "lottery",
                                FIRST)


def test_periods_show_what_is_open_late_and_next(db, clock, world):
    _plan(db, clock, world)
    # Monday 2 March 2026: 2 Feb is late (deadline 23 Feb), 16 Feb open, 2 Mar not yet.
    rows = period_list.periods(db, _inmate(db, world), clock.now())
    assert [(r.period.start, r.status) for r in rows] == [
        (date(2026, 3, 2), mk.Status.NOT_YET_OPEN), (date(2026, 2, 16), mk.Status.OPEN),
        (date(2026, 2, 2), mk.Status.LATE)]


def test_a_card_with_work_and_illness_is_confirmed_with_its_grid(db, clock, world):
    _plan(db, clock, world)
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, {**NO, "arbeidet": True, "syk": True},
          {1: {"hours": "7,5"}, 4: {"ill": True}})
    submission = _confirm(db, clock, world, draft, submit_key="m1")
    assert (submission.status, submission.late, submission.benefit) == (
        forms.AWAITING, False, "dagpenger")
    shot = forms.snapshot_of(submission)
    assert shot["grid"]["shown_rows"] == ["work", "ill"]
    assert shot["grid"]["weeks"][0]["days"][0] == {
        "date": "2026-02-16", "label": "mandag 16. februar", "hours": "7.5", "course": False,
        "ill": False, "absence": False}
    assert shot["period"]["label"] == "16. februar – 1. mars 2026 (uke 8 og 9)"
    assert shot["steps"][0]["items"][0]["shown"] == "Ja"
    row = period_list.period_row(db, inmate, clock.now(), "2026-W08")
    assert row.status == mk.Status.AWAITING_COUNTERSIGNATURE and row.submission == submission


def test_work_and_illness_the_same_day_is_refused_for_dagpenger(db, clock, world):
    _plan(db, clock, world)
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, {**NO, "arbeidet": True, "syk": True},
          {2: {"hours": "4", "ill": True}})
    problems = mf.validate(db, draft, clock.now())
    assert [(p.code, p.params["day"]) for p in problems] == [("combination_not_allowed", 2)]
    with pytest.raises(ServiceError, match="form_incomplete"):
        _confirm(db, clock, world, draft)


def test_a_late_card_is_accepted_marked_late_and_question_5_is_still_the_inmates(db, clock, world):
    """Late is not etterregistrering: the dagpenger card still asks question 5 until 20 days
    after the period (navikt/dp-rapportering Innsendingkontroll.kt), and keeps the answer."""
    _plan(db, clock, world)
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(FIRST))
    _fill(db, clock, draft, {**NO, "arbeidssoker": None})
    assert [p.code for p in mf.validate(db, draft, clock.now())] == ["answer_required"]
    _fill(db, clock, draft, {**NO, "arbeidssoker": False})
    assert [p.code for p in mf.notices(db, draft, clock.now())] == [
        "unregister_warning", "late_consequence"]
    submission = _confirm(db, clock, world, draft)
    shot = forms.snapshot_of(submission)
    assert submission.late and shot["late_notice"] and shot["late_consequence"]
    assert submission.card_type == "dagpenger" and shot["card_type"] == "dagpenger"
    assert forms.answers_of(submission)["card"]["answers"]["arbeidssoker"] is False


def test_a_sent_card_can_be_corrected_once(db, clock, world):
    """The dagpenger card asks a correction's reason in words (navikt/dp-rapportering
    Innsendingkontroll.kt, begrunnelseEndring)."""
    _plan(db, clock, world)
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, NO)
    original = _confirm(db, clock, world, draft)
    with pytest.raises(ServiceError, match="cannot_correct"):  # not sent yet
        mf.start_correction(db, clock.now(), inmate, original, None)
    forms.countersign(db, clock.now(), world.staff["officer"], original, "admin")
    correction = mf.start_correction(db, clock.now(), inmate, original, None)
    assert mf.card_of(correction).answers.arbeidssoker is True
    _fill(db, clock, correction, {"arbeidet": True}, {3: {"hours": "6"}})
    assert [p.code for p in mf.validate(db, correction, clock.now())] == ["reason_text_required"]
    forms.save(db, clock.now(), correction, {"reason": "   "})
    assert [p.code for p in mf.validate(db, correction, clock.now())] == ["reason_text_required"]
    forms.save(db, clock.now(), correction, {"reason": "Jeg glemte en arbeidsdag."})
    fixed = _confirm(db, clock, world, correction)
    assert (fixed.kind, fixed.previous_id, fixed.correction_reason) == (
        "correction", original.id, mf.FREE_TEXT_REASON)
    assert forms.answers_of(fixed)["reason"] == "Jeg glemte en arbeidsdag."
    assert forms.snapshot_of(fixed)["correction_reason"] == "Jeg glemte en arbeidsdag."
    forms.countersign(db, clock.now(), world.staff["officer"], fixed, "admin")
    with pytest.raises(ServiceError, match="cannot_correct"):
        mf.start_correction(db, clock.now(), inmate, original, None)  # corrected already
    with pytest.raises(ServiceError, match="cannot_correct"):
        mf.start_correction(db, clock.now(), inmate, fixed, None)  # a correction
    row = period_list.period_row(db, inmate, clock.now(), "2026-W08")
    assert row.submission == original and row.correction == fixed


def test_an_arena_card_is_corrected_with_a_reason_from_navs_list(db, clock, world):
    """navikt/meldekort-frontend app/components/innsending/1-Sporsmal.tsx: korriger.begrunnelse.valg."""
    _plan(db, clock, world, benefit="aap")
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, {**NO, "arbeidssoker": None})
    original = _confirm(db, clock, world, draft)
    assert original.card_type == "aap_arena"
    assert forms.answers_of(original)["card"]["answers"]["arbeidssoker"] is True  # hidden, "yes"
    forms.countersign(db, clock.now(), world.staff["officer"], original, "admin")
    correction = mf.start_correction(db, clock.now(), inmate, original, None)
    assert [p.code for p in mf.validate(db, correction, clock.now())] == ["reason_required"]
    forms.save(db, clock.now(), correction, {"reason": "forgot_activity"})
    assert _confirm(db, clock, world, correction).correction_reason == "forgot_activity"


def test_practice_uses_a_past_period_and_stores_nothing(db, clock, world):
    inmate = _inmate(db, world)
    period = mf.practice_period(clock.now())
    assert period.end < clock.now().date()
    draft = mf.start(db, clock.now(), inmate, None, period, practice=True)
    _fill(db, clock, draft, NO)
    receipt = _confirm(db, clock, world, draft)
    assert isinstance(receipt, forms.PracticeReceipt)
    assert db.scalar(select(FormSubmission)) is None


def test_another_inmates_card_cannot_be_confirmed_or_corrected(db, clock, world):
    _plan(db, clock, world)
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, NO)
    with pytest.raises(NotFound):
        _confirm(db, clock, world, draft, key="a2")
    original = _confirm(db, clock, world, draft)
    with pytest.raises(NotFound):
        mf.start_correction(db, clock.now(), _inmate(db, world, "a2"), original, None)


def test_periods_cross_the_new_year(db, clock, world):
    meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"], _inmate(db, world), "aap",
                            date(2025, 12, 15))
    now = datetime(2026, 1, 10, 12, tzinfo=timezone.utc)  # Saturday of week two: day 13
    rows = period_list.periods(db, _inmate(db, world), now)
    assert [(r.period.id, r.status) for r in rows] == [
        ("2026-W03", mk.Status.NOT_YET_OPEN), ("2026-W01", mk.Status.OPEN),
        ("2025-W51", mk.Status.LATE)]  # its deadline was Monday 5 January


def test_an_inmates_sent_cards_are_read_without_joining_the_inmate_again(db, clock, world):
    """Every meldekort page reads the inmate's sent cards; each row leaves out the inmate
    (the one asked about), which is still there when asked."""
    from tests.support.statements import recorded, selects

    _plan(db, clock, world)
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, NO)
    sent = _confirm(db, clock, world, draft, submit_key="m1")
    db.flush()
    db.expunge_all()
    inmate = _inmate(db, world)
    with recorded(db.get_bind()) as statements:
        rows = period_list.periods(db, inmate, clock.now())
        assert meldekort_plan.card_type_of(db, inmate, mk.Period(date(2026, 2, 16))).value
        cards = [s for s in selects(statements) if "from form_submission" in s]
        assert len(cards) == 2 and not any(" join " in s for s in cards)
        (row,) = [r for r in rows if r.submission is not None]
        assert row.submission.id == sent.id and row.submission.inmate is inmate
