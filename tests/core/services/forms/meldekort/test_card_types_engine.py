"""Card types on the form engine: the adviser's choice with the benefit, a period's card
type, etterregistrering, exemptions, corrections within the last 10 periods, and each new
card filled in and confirmed (core/services/forms/meldekort/plan.py, period_list.py,
engine.py, exemptions.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from core.models import AuditEvent, FormSubmission, Inmate, StaffUser, Terminal
from core.services.errors import ServiceError
from core.services.forms import submissions as forms
from core.services.forms.meldekort import (due, engine as mf, exemptions, period_list,
                                          plan as meldekort_plan, rules as mk)
from core.services.forms.meldekort.card_types import CardType

FIRST = date(2026, 2, 2)  # clock: Monday 2 March 2026; 2 Feb late, 16 Feb open
NO = {"arbeidet": False, "kurs": False, "syk": False, "annetFravaer": False, "arbeidssoker": True}


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _adviser(db, world):
    return db.get(StaffUser, world.staff["adviser"].id)


def _plan(db, clock, world, benefit="dagpenger", first=FIRST, **kw):
    return meldekort_plan.set_plan(db, clock.now(), _adviser(db, world), _inmate(db, world), benefit, first,
                                   **kw)


def _fill(db, clock, draft, answers=None, days=None):
    data = mf.card_of(draft).as_dict()
    data["answers"].update(answers or {})
    for number, changes in (days or {}).items():
        data["days"][number - 1].update(changes)
    forms.save(db, clock.now(), draft, {"card": data})


def _confirm(db, clock, world, draft):
    return mf.confirm(db, clock.now(), _inmate(db, world), draft, language="nb",
                      terminal=db.get(Terminal, world.terminals["a"].id), supervisor_id=None,
                      submit_key=None)


def test_the_adviser_chooses_the_card_type_with_the_benefit(db, clock, world):
    assert _plan(db, clock, world, "aap").card_type == "aap_arena"  # the default: the first
    assert _plan(db, clock, world, "job_seeker").card_type == "dagpenger"
    plan = _plan(db, clock, world, "aap", card_type="aap_kelvin")
    assert plan.card_type == "aap_kelvin"
    with pytest.raises(ServiceError, match="card_type_not_for_benefit"):
        _plan(db, clock, world, "dagpenger", card_type="aap_kelvin")
    with pytest.raises(ServiceError, match="card_type_not_for_benefit"):
        _plan(db, clock, world, "aap", card_type="etterregistrering")
    with pytest.raises(ServiceError, match="decision_days_invalid"):
        _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new")
    with pytest.raises(ServiceError, match="decision_dates_invalid"):
        _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new", days_per_period=10,
              decision_from=date(2026, 3, 1), decision_to=date(2026, 2, 1))
    plan = _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new",
                 days_per_period=8, decision_from=date(2026, 2, 18))
    assert (plan.days_per_period, plan.decision_from) == (8, date(2026, 2, 18))
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "meldekort.plan")
                       .order_by(AuditEvent.id.desc())).first()
    assert '"card_type": "tiltakspenger_new"' in event.detail


def test_each_period_opens_by_its_card_type(db, clock, world):
    """The new AAP card opens the Monday after (aap KelvinSakService.kt): on Monday 2 March,
    the period of 16 Feb (ending 1 March) is open and the next is not."""
    _plan(db, clock, world, "aap", card_type="aap_kelvin")
    rows = period_list.periods(db, _inmate(db, world), clock.now())
    assert [(r.period.start, r.status, r.card_type) for r in rows] == [
        (date(2026, 3, 2), mk.Status.NOT_YET_OPEN, CardType.AAP_KELVIN),
        (date(2026, 2, 16), mk.Status.OPEN, CardType.AAP_KELVIN),
        (date(2026, 2, 2), mk.Status.LATE, CardType.AAP_KELVIN)]
    assert rows[1].deadline == date(2026, 3, 9)
    clock.set(datetime(2026, 3, 13, 13, 59, tzinfo=timezone.utc))  # Friday, 14:59 in Oslo
    _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new", days_per_period=10)
    assert period_list.periods(db, _inmate(db, world), clock.now())[0].status is mk.Status.NOT_YET_OPEN
    clock.set(datetime(2026, 3, 13, 14, 0, tzinfo=timezone.utc))  # 15:00 in Oslo
    rows = period_list.periods(db, _inmate(db, world), clock.now())
    assert (rows[1].period.start, rows[1].status) == (date(2026, 3, 2), mk.Status.OPEN)


def test_a_sent_card_keeps_its_type_and_a_draft_follows_the_plan(db, clock, world):
    _plan(db, clock, world, "aap")
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(FIRST))
    _fill(db, clock, draft, {**NO, "arbeidssoker": None})
    sent = _confirm(db, clock, world, draft)
    _plan(db, clock, world, "aap", card_type="aap_kelvin")
    assert meldekort_plan.card_type_of(db, inmate, mk.Period(FIRST)) is CardType.AAP_ARENA
    open_draft = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
    assert mf.card_type_of_draft(db, open_draft) is CardType.AAP_KELVIN
    assert sent.card_type == "aap_arena"


def test_the_new_aap_card_is_filled_in_and_recorded(db, clock, world):
    """aap-meldekort-backend UtfyllingSteg.kt: work with hours, agreed activities, absence."""
    _plan(db, clock, world, "aap", card_type="aap_kelvin")
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, {"arbeidet": True, "avtalteAktiviteter": True, "fravaer": True},
          {1: {"hours": "7,5"}, 2: {"aap_absence": "bereavement"}})
    assert mf.validate(db, draft, clock.now()) == []
    submission = _confirm(db, clock, world, draft)
    shot = forms.snapshot_of(submission)
    assert [i["key"] for i in shot["steps"][0]["items"]] == ["arbeidet", "avtalteAktiviteter",
                                                              "fravaer"]
    assert shot["steps"][0]["items"][1]["label"].startswith("Har du hatt avtalte aktiviteter")
    assert shot["grid"]["shown_rows"] == ["work", "aap_absence"]
    assert shot["grid"]["weeks"][0]["days"][1]["aap_absence_label"] == \
        "Dødsfall i familien eller vennekretsen"
    answers = forms.answers_of(submission)
    assert answers["card_type"] == "aap_kelvin"
    assert answers["card"]["answers"]["arbeidssoker"] is None  # not on this card
    assert answers["card"]["answers"]["fravaer"] is True


def test_the_new_tiltakspenger_card_locks_days_outside_the_decision(db, clock, world):
    """tiltakspenger-meldekort-api BrukersMeldekort.kt: girRett per day, maksAntallDager."""
    _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new", days_per_period=10,
          decision_from=date(2026, 2, 23))  # days 8-14 of the period of 16 February
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, days={1: {"status": "took_part"}})
    assert [(p.code, p.field) for p in mf.validate(db, draft, clock.now())] == [
        ("status_locked", "day-1-status"), ("days_none", "day-8-status")]
    _fill(db, clock, draft, days={1: {"status": None}, **{n: {"status": "took_part"}
                                                          for n in range(8, 13)}})
    assert mf.validate(db, draft, clock.now()) == []  # 5 of 7 days: fewer are allowed here
    submission = _confirm(db, clock, world, draft)
    days = forms.answers_of(submission)["card"]["days"]
    assert days[0]["status"] == "no_right" and days[7]["status"] == "took_part"
    assert forms.snapshot_of(submission)["decision"] == {"days": list(range(8, 15)), "decided": 7}


def test_an_etterregistrering_is_made_by_the_adviser_for_a_period_with_no_card(db, clock, world):
    """dp-rapportering-frontend types.ts (KortType.ETTERREGISTRERT), periode.utils.tsx: no
    question 5; and no deadline."""
    _plan(db, clock, world)
    inmate, adviser = _inmate(db, world), _adviser(db, world)
    with pytest.raises(ServiceError, match="etterregistrering_reason_required"):
        meldekort_plan.create_etterregistrering(db, clock.now(), adviser, inmate, mk.Period(FIRST), " ")
    with pytest.raises(ServiceError, match="period_not_over"):
        meldekort_plan.create_etterregistrering(db, clock.now(), adviser, inmate,
                                                mk.Period(date(2026, 3, 2)), "Ingen kort")
    meldekort_plan.create_etterregistrering(db, clock.now(), adviser, inmate, mk.Period(FIRST),
                                            "Kortet kom aldri")
    with pytest.raises(ServiceError, match="etterregistrering_exists"):
        meldekort_plan.create_etterregistrering(db, clock.now(), adviser, inmate, mk.Period(FIRST), "Igjen")
    clock.set(datetime(2026, 6, 1, 9, tzinfo=timezone.utc))  # long after: still not late
    row = period_list.period_row(db, inmate, clock.now(), "2026-W06")
    assert (row.card_type, row.status, row.deadline) == (
        CardType.ETTERREGISTRERING, mk.Status.OPEN, None)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(FIRST))
    _fill(db, clock, draft, {**NO, "arbeidssoker": None})
    assert mf.validate(db, draft, clock.now()) == []
    submission = _confirm(db, clock, world, draft)
    assert (submission.card_type, submission.late) == ("etterregistrering", False)
    assert forms.answers_of(submission)["card"]["answers"]["arbeidssoker"] is None
    sent = period_list.periods(db, inmate, clock.now())
    assert not any(r.period.start == date(2026, 2, 16) and r.card_type is CardType.ETTERREGISTRERING
                   for r in sent)


def test_no_etterregistrering_for_a_period_that_has_a_card(db, clock, world):
    _plan(db, clock, world)
    inmate = _inmate(db, world)
    draft = mf.start(db, clock.now(), inmate, None, mk.Period(FIRST))
    _fill(db, clock, draft, NO)
    _confirm(db, clock, world, draft)
    with pytest.raises(ServiceError, match="period_has_card"):
        meldekort_plan.create_etterregistrering(db, clock.now(), _adviser(db, world), inmate,
                                                mk.Period(FIRST), "Feil")


def test_an_exemption_means_no_card_is_due_or_late(db, clock, world):
    _plan(db, clock, world)
    inmate, adviser = _inmate(db, world), _adviser(db, world)
    listed = {c.period.start for p in due.due(db, clock.now(), adviser) for c in p.cards
              if c.inmate.id == inmate.id}
    assert listed == {date(2026, 2, 2), date(2026, 2, 16)}
    with pytest.raises(ServiceError, match="exemption_note_required"):
        exemptions.record(db, clock.now(), adviser, inmate, reason="other",
                          starts_on=date(2026, 2, 1))
    with pytest.raises(ServiceError, match="exemption_dates"):
        exemptions.record(db, clock.now(), adviser, inmate, reason="nav_decision",
                          starts_on=date(2026, 2, 10), ends_on=date(2026, 2, 1))
    with pytest.raises(ServiceError, match="exemption_reason_unknown"):
        exemptions.record(db, clock.now(), adviser, inmate, reason="holiday",
                          starts_on=date(2026, 2, 1))
    exemption = exemptions.record(db, clock.now(), adviser, inmate, reason="health_institution",
                                  starts_on=date(2026, 2, 5), ends_on=date(2026, 2, 12))
    rows = {r.period.start: r.status for r in period_list.periods(db, inmate, clock.now())}
    assert rows[date(2026, 2, 2)] is mk.Status.EXEMPT and rows[date(2026, 2, 16)] is mk.Status.OPEN
    listed = {c.period.start for p in due.due(db, clock.now(), adviser) for c in p.cards
              if c.inmate.id == inmate.id}
    assert listed == {date(2026, 2, 16)}
    exemptions.withdraw(db, clock.now(), adviser, exemption)
    with pytest.raises(ServiceError, match="exemption_withdrawn"):
        exemptions.withdraw(db, clock.now(), adviser, exemption)
    rows = {r.period.start: r.status for r in period_list.periods(db, inmate, clock.now())}
    assert rows[date(2026, 2, 2)] is mk.Status.LATE
    assert [e.id for e in exemptions.of_inmate(db, inmate)] == [exemption.id]
    kinds = list(db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("meldekort.exemption%"))))
    assert kinds == ["meldekort.exemption", "meldekort.exemption_withdrawn"]


def test_a_social_worker_without_consent_records_no_exemption(db, clock, world):
    _plan(db, clock, world)
    worker = db.get(StaffUser, world.staff["social_worker"].id)
    with pytest.raises(ServiceError, match="benefit_needs_consent"):
        exemptions.record(db, clock.now(), worker, _inmate(db, world), reason="nav_decision",
                          starts_on=date(2026, 2, 1))
    with pytest.raises(ServiceError, match="benefit_needs_consent"):
        meldekort_plan.create_etterregistrering(db, clock.now(), worker, _inmate(db, world),
                                                mk.Period(FIRST), "x")


def test_only_the_last_10_periods_can_be_corrected(db, clock, world):
    """dp-rapportering RapporteringService.kt: the last 10 periods."""
    _plan(db, clock, world, first=date(2025, 9, 1))
    inmate = _inmate(db, world)
    old = mk.Period(date(2025, 9, 1))
    draft = mf.start(db, clock.now(), inmate, None, old)
    _fill(db, clock, draft, NO)
    sent = _confirm(db, clock, world, draft)
    forms.countersign(db, clock.now(), world.staff["officer"], sent, "admin")
    assert period_list.periods_back(db, inmate, clock.now(), old) == 12
    with pytest.raises(ServiceError, match="correction_too_old"):
        mf.start_correction(db, clock.now(), inmate, sent, None)
    recent = mk.Period(date(2025, 10, 27))  # 8 periods back
    draft = mf.start(db, clock.now(), inmate, None, recent)
    _fill(db, clock, draft, NO)
    sent = _confirm(db, clock, world, draft)
    forms.countersign(db, clock.now(), world.staff["officer"], sent, "admin")
    assert mf.start_correction(db, clock.now(), inmate, sent, None).previous_id == sent.id


def test_practice_offers_every_card_type(db, clock, world):
    inmate = _inmate(db, world)
    period = mf.practice_period(clock.now())
    for card_type in CardType:
        draft = mf.start(db, clock.now(), inmate, None, period, practice=True, card_type=card_type)
        assert mf.card_type_of_draft(db, draft) is card_type
        assert mf.context_of(db, draft, clock.now()).card.card_type is card_type
    tp = mf.start(db, clock.now(), inmate, None, period, practice=True,
                  card_type="tiltakspenger_new")
    _fill(db, clock, tp, days={n: {"status": "took_part"} for n in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)})
    assert mf.validate(db, tp, clock.now(), confirmed=True) == []
    assert isinstance(_confirm(db, clock, world, tp), forms.PracticeReceipt)
    assert db.scalar(select(FormSubmission)) is None


def test_a_period_outside_the_tiltakspenger_decision_has_no_card(db, clock, world):
    """tiltakspenger-meldekort-api BrukersMeldekort.kt: no card for a period in which no day
    gives a right (tilOppdatertMeldekort returns null)."""
    _plan(db, clock, world, "tiltakspenger", card_type="tiltakspenger_new", days_per_period=10,
          decision_from=date(2026, 2, 16))
    rows = period_list.periods(db, _inmate(db, world), clock.now())
    assert [r.period.start for r in rows] == [date(2026, 3, 2), date(2026, 2, 16)]
    listed = {c.period.start for p in due.due(db, clock.now(), _adviser(db, world))
              for c in p.cards}
    assert listed == {date(2026, 2, 16)}


def test_the_export_gives_the_card_type_and_every_answer_in_its_shape(db, clock, world):
    """core/services/forms/export.py: the card type, the fixed answers, every question and
    every day's cell of the card type, in the order the adviser re-keys them."""
    from core.services.forms import export

    _plan(db, clock, world, "aap", card_type="aap_kelvin")
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(date(2026, 2, 16)))
    _fill(db, clock, draft, {"arbeidet": True, "avtalteAktiviteter": True, "fravaer": True},
          {1: {"hours": "7,5"}, 2: {"aap_absence": "illness"}})
    shot = forms.snapshot_of(_confirm(db, clock, world, draft))
    rows = {r.key: r.answer for r in export.answer_rows(shot)}
    assert rows["card_type"] == "aap_kelvin" and rows["late"] == "Nei"
    assert (rows["arbeidet"], rows["avtalteAktiviteter"], rows["fravaer"]) == ("Ja",) * 3
    assert rows["day-1-work"] == "7,5" and rows["day-2-aap_absence"] == "Sykdom eller skade"
    flat = export.flat_answers(shot)
    assert flat["meldekort.day02.aap_absence"] == "Sykdom eller skade"
    assert export.columns([shot]) == export.meldekort_columns("aap_kelvin")
    assert set(flat) <= set(export.meldekort_columns("aap_kelvin"))

    _plan(db, clock, world, "aap")  # the Arena card: question 5 fixed, not asked
    draft = mf.start(db, clock.now(), _inmate(db, world), None, mk.Period(FIRST))
    _fill(db, clock, draft, {**NO, "arbeidssoker": None})
    shot = forms.snapshot_of(_confirm(db, clock, world, draft))
    flat = export.flat_answers(shot)
    assert (flat["meldekort.card_type"], flat["meldekort.fixed.arbeidssoker"],
            flat["meldekort.late"]) == ("aap_arena", "Ja", "Ja")
    assert "meldekort.arbeidssoker" not in flat
    assert set(flat) <= set(export.meldekort_columns("aap_arena"))
    tp = export.meldekort_columns("tiltakspenger_new")
    assert tp[0] == "meldekort.card_type" and tp[-1] == "meldekort.day14.status"
