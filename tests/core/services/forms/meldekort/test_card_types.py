"""Each card type's rules, table-driven: for every rule a passing and a failing card, each
row naming the NAV file the rule is read from (core/services/forms/meldekort/card_types.py
cites the same files in its tables)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from core.services.forms.meldekort import validation as v
from core.services.forms.meldekort.card import Answers, Benefit, Card, Day, Grid, Question
from core.services.forms.meldekort.card_types import (CARD_TYPES_FOR, MIGRATED_CARD_TYPE, SPECS,
                                                      CardType, Q5, allowed, spec)
from core.services.forms.meldekort.periods import Period, Status

PERIOD = Period(date(2026, 3, 2))
DP = "navikt/dp-rapportering: src/main/kotlin/no/nav/dagpenger/rapportering/utils/Innsendingkontroll.kt"
DP_FRONT = "navikt/dp-rapportering-frontend: app/utils/validering.util.ts"
DP_TYPES = "navikt/dp-rapportering-frontend: app/utils/types.ts, app/utils/periode.utils.tsx"
DP_SERVICE = ("navikt/dp-rapportering: src/main/kotlin/no/nav/dagpenger/rapportering/service/"
              "RapporteringService.kt")
ARENA_Q = "navikt/meldekort-frontend: app/components/innsending/1-Sporsmal.tsx"
ARENA_GRID = "navikt/meldekort-frontend: app/components/innsending/2-Utfylling.tsx"
KELVIN = ("navikt/aap-meldekort-backend: meldekortdomene/src/main/kotlin/no/nav/aap/utfylling/"
          "UtfyllingSteg.kt")
KELVIN_FLOW = ("navikt/aap-meldekort-backend: meldekortdomene/src/main/kotlin/no/nav/aap/utfylling/"
               "UtfyllingFlyt.kt")
TP = ("navikt/tiltakspenger-meldekort-api: src/main/kotlin/no/nav/tiltakspenger/meldekort/"
      "meldekort/BrukersMeldekort.kt")
TP_FRONT = "navikt/tiltakspenger-meldekort: packages/client/src/utils/utfyllingValidering.ts"
TP_DAY = ("navikt/tiltakspenger-meldekort-api: src/main/kotlin/no/nav/tiltakspenger/meldekort/"
          "meldekort/MeldekortDag.kt")

CLASSIC_NO = {"arbeidet": False, "kurs": False, "syk": False, "annetFravaer": False,
              "arbeidssoker": True}
ARENA_NO = {**CLASSIC_NO, "arbeidssoker": None}  # question 5 is hidden: nothing posted
KELVIN_NO = {"arbeidet": False, "avtalteAktiviteter": False}


def _card(answers: dict, days: dict[int, dict] | None = None) -> Card:
    grid = [Day() for _ in range(14)]
    for number, values in (days or {}).items():
        grid[number - 1] = Day(**values)
    return Card(PERIOD, Answers.from_dict(answers), Grid(tuple(grid)))


def _statuses(status: str, count: int, start: int = 1) -> dict[int, dict]:
    return {n: {"status": status} for n in range(start, start + count)}


@dataclass(frozen=True)
class Case:
    card_type: CardType
    rule: str
    source: str  # the NAV file the rule is read from
    answers: dict
    days: dict = field(default_factory=dict)
    expected: tuple[str, ...] = ()  # the problem codes, in order; () when the card is valid
    benefit: Benefit | None = None
    context: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.card_type.value}: {self.rule}: {'fails' if self.expected else 'passes'}"


D, AA, AK, TA, TN, ER = (CardType.DAGPENGER, CardType.AAP_ARENA, CardType.AAP_KELVIN,
                         CardType.TILTAKSPENGER_ARENA, CardType.TILTAKSPENGER_NEW,
                         CardType.ETTERREGISTRERING)
WORK = {**CLASSIC_NO, "arbeidet": True}
WORK_ILL = {**CLASSIC_NO, "arbeidet": True, "syk": True}
WORK_ABSENT = {**CLASSIC_NO, "arbeidet": True, "annetFravaer": True}
ILL_ABSENT = {**CLASSIC_NO, "syk": True, "annetFravaer": True}
A_WORK, A_WORK_ILL, A_WORK_ABSENT, A_ILL_ABSENT = (
    {**a, "arbeidssoker": None} for a in (WORK, WORK_ILL, WORK_ABSENT, ILL_ABSENT))

CASES = [
    # --- dagpenger and job seekers (dp-rapportering) ---------------------------------------
    Case(D, "a worked day is hours above 0", DP, WORK, {1: {"hours": "7,5"}}),
    Case(D, "a worked day is hours above 0", DP, WORK, {1: {"hours": "0"}}, ("row_needs_a_day",)),
    Case(D, "0.5 to 24 hours on a work day", DP, WORK, {1: {"hours": "0,5"}, 2: {"hours": "24"}}),
    Case(D, "0.5 to 24 hours on a work day", DP, WORK, {1: {"hours": "24,5"}}, ("hours_range",)),
    Case(D, "negative hours are an error", DP_FRONT, WORK, {1: {"hours": "4"}, 2: {"hours": "-1"}},
         ("hours_range",)),
    Case(D, "hours that are not a number are an error", DP_FRONT, WORK,
         {1: {"hours": "4"}, 2: {"hours": "sju"}}, ("hours_not_a_number",)),
    Case(D, "whole or half hours", DP_FRONT, WORK, {1: {"hours": "7.25"}}, ("hours_half",)),
    Case(D, "work and illness not the same day", DP, WORK_ILL,
         {1: {"hours": "4"}, 2: {"ill": True}}),
    Case(D, "work and illness not the same day", DP, WORK_ILL, {1: {"hours": "4", "ill": True}},
         ("combination_not_allowed",)),
    Case(D, "work and absence not the same day", DP, WORK_ABSENT,
         {1: {"hours": "4", "absence": True}}, ("combination_not_allowed",)),
    Case(D, "job seekers too: work and illness not the same day", DP, WORK_ILL,
         {1: {"hours": "4", "ill": True}}, ("combination_not_allowed",), Benefit.JOB_SEEKER),
    Case(D, "job seekers too: work and illness not the same day", DP, WORK_ILL,
         {1: {"hours": "4"}, 3: {"ill": True}}, (), Benefit.JOB_SEEKER),
    Case(D, "illness and absence the same day are allowed", DP, ILL_ABSENT,
         {1: {"ill": True, "absence": True}}),
    Case(D, "question 5 is asked", DP, {**CLASSIC_NO, "arbeidssoker": None}, {},
         ("answer_required",)),
    Case(D, "question 5 'no' needs no extra confirmation", DP,
         {**CLASSIC_NO, "arbeidssoker": False}),
    Case(D, "a late card still asks question 5 (until 20 days after)", DP,
         {**CLASSIC_NO, "arbeidssoker": None}, {}, ("answer_required",), context={"late": True}),
    Case(D, "after 20 days question 5 may be left open", DP,
         {**CLASSIC_NO, "arbeidssoker": None}, {}, (), context={"late": True, "q5_required": False}),
    Case(D, "a correction keeps the corrected card's question 5", ARENA_Q,
         {**CLASSIC_NO, "arbeidssoker": False}, {}, ("answer_fixed",),
         context={"correcting": Answers.from_dict(CLASSIC_NO), "reason": "x"}),
    Case(D, "a correction needs a reason in words", DP, CLASSIC_NO, {}, ("reason_text_required",),
         context={"correcting": Answers.from_dict(CLASSIC_NO), "reason": "  "}),
    Case(D, "a correction needs a reason in words", DP, CLASSIC_NO, {}, (),
         context={"correcting": Answers.from_dict(CLASSIC_NO), "reason": "Glemte en dag"}),
    Case(D, "a correction's reason is at most 500 characters", DP_FRONT, CLASSIC_NO, {},
         ("reason_too_long",), context={"correcting": Answers.from_dict(CLASSIC_NO),
                                        "reason": "x" * 501}),
    # --- AAP in Arena (meldekort-frontend) -----------------------------------------------
    Case(AA, "question 5 is hidden and 'yes'", ARENA_Q, ARENA_NO),
    Case(AA, "question 5 is hidden: whatever is posted, it is 'yes'", ARENA_Q,
         {**CLASSIC_NO, "arbeidssoker": False}),
    Case(AA, "every question 1-4 answered", ARENA_Q, {**ARENA_NO, "kurs": None}, {},
         ("answer_required",)),
    Case(AA, "a worked day is hours above 0", ARENA_GRID, A_WORK, {1: {"hours": "0"}},
         ("row_needs_a_day",)),
    Case(AA, "0 to 24 hours", ARENA_GRID, A_WORK, {1: {"hours": "24"}}),
    Case(AA, "0 to 24 hours", ARENA_GRID, A_WORK, {1: {"hours": "25"}}, ("hours_range",)),
    Case(AA, "work and absence not the same day", ARENA_GRID, A_WORK_ABSENT,
         {1: {"hours": "3", "absence": True}}, ("combination_not_allowed",)),
    Case(AA, "illness and absence not the same day", ARENA_GRID, A_ILL_ABSENT,
         {1: {"ill": True, "absence": True}}, ("combination_not_allowed",)),
    Case(AA, "work and illness the same day are allowed", ARENA_GRID, A_WORK_ILL,
         {1: {"hours": "3", "ill": True}}),
    Case(AA, "a correction's reason from NAV's list", ARENA_Q, ARENA_NO, {}, ("reason_required",),
         context={"correcting": Answers.from_dict(CLASSIC_NO), "reason": "because"}),
    Case(AA, "a correction's reason from NAV's list", ARENA_Q, ARENA_NO, {},
         context={"correcting": Answers.from_dict(CLASSIC_NO), "reason": "wrong_hours"}),
    # --- tiltakspenger in Arena (meldekort-frontend) ---------------------------------------
    Case(TA, "question 5 is hidden and 'yes'", ARENA_Q, ARENA_NO),
    Case(TA, "illness and absence not the same day", ARENA_GRID, A_ILL_ABSENT,
         {2: {"ill": True, "absence": True}}, ("combination_not_allowed",)),
    Case(TA, "work and absence the same day are allowed", ARENA_GRID, A_WORK_ABSENT,
         {2: {"hours": "2", "absence": True}}),
    Case(TA, "non-numeric hours are an error", ARENA_GRID, A_WORK,
         {1: {"hours": "2"}, 2: {"hours": "1e3"}}, ("hours_not_a_number",)),
    # --- the new AAP card (Kelvin) --------------------------------------------------------
    Case(AK, "did you work, and had agreed activities, must be answered", KELVIN, KELVIN_NO),
    Case(AK, "did you work, and had agreed activities, must be answered", KELVIN,
         {"arbeidet": None, "avtalteAktiviteter": False}, {}, ("answer_required",)),
    Case(AK, "absence is asked only after agreed activities", KELVIN,
         {"arbeidet": False, "avtalteAktiviteter": True}, {}, ("answer_required",)),
    Case(AK, "no illness, course or absence rows, no question 5", KELVIN,
         {**KELVIN_NO, "kurs": True, "syk": True, "arbeidssoker": None}),
    Case(AK, "work needs a day with hours above 0", KELVIN,
         {**KELVIN_NO, "arbeidet": True}, {1: {"hours": "0"}}, ("row_needs_a_day",)),
    Case(AK, "hours 0 to 24, whole or half", KELVIN, {**KELVIN_NO, "arbeidet": True},
         {1: {"hours": "7,5"}, 2: {"hours": "0"}}),
    Case(AK, "hours 0 to 24, whole or half", KELVIN, {**KELVIN_NO, "arbeidet": True},
         {1: {"hours": "7,3"}, 2: {"hours": "30"}}, ("hours_half", "hours_range")),
    Case(AK, "absence from agreed activities needs a day with a reason", KELVIN,
         {**KELVIN_NO, "avtalteAktiviteter": True, "fravaer": True}, {}, ("row_needs_a_day",)),
    Case(AK, "absence from agreed activities needs a day with a reason", KELVIN,
         {**KELVIN_NO, "avtalteAktiviteter": True, "fravaer": True},
         {3: {"aap_absence": "illness"}}),
    Case(AK, "a reason for absence is one of NAV's", KELVIN,
         {**KELVIN_NO, "avtalteAktiviteter": True, "fravaer": True},
         {3: {"aap_absence": "SYKDOM"}}, ("choice_unknown",)),
    Case(AK, "work and absence the same day are allowed", KELVIN,
         {"arbeidet": True, "avtalteAktiviteter": True, "fravaer": True},
         {3: {"hours": "2", "aap_absence": "illness"}}),
    Case(AK, "a correction asks no reason", KELVIN_FLOW, KELVIN_NO, {},
         context={"correcting": Answers.from_dict(KELVIN_NO), "reason": None}),
    # --- the new tiltakspenger card -------------------------------------------------------
    Case(TN, "exactly the decided number of days", TP, {}, _statuses("took_part", 10),
         context={"decided_days": 10}),
    Case(TN, "exactly the decided number of days", TP, {}, _statuses("took_part", 9),
         ("days_too_few",), context={"decided_days": 10}),
    Case(TN, "never more than the decided number of days", TP_FRONT, {},
         _statuses("took_part", 11), ("days_too_many",), context={"decided_days": 10}),
    Case(TN, "at least one day", TP_FRONT, {}, {}, ("days_none",), context={"decided_days": 10}),
    Case(TN, "a day that is not a programme day does not count", TP_DAY, {},
         {**_statuses("took_part", 9), 10: {"status": "not_a_programme_day"}}, ("days_too_few",),
         context={"decided_days": 10}),
    Case(TN, "absence counts as a day answered", TP_DAY, {},
         {**_statuses("took_part", 8), 9: {"status": "ill"}, 10: {"status": "absence_other"}},
         context={"decided_days": 10}),
    Case(TN, "days outside the decision are locked", TP, {},
         {**_statuses("took_part", 3), 12: {"status": "took_part"}}, ("status_locked",),
         context={"decided_days": 5, "eligible_days": frozenset(range(1, 8))}),
    Case(TN, "with days outside the decision, fewer days are allowed", TP_FRONT, {},
         _statuses("took_part", 3), context={"decided_days": 5,
                                             "eligible_days": frozenset(range(1, 8))}),
    Case(TN, "one of NAV's statuses per day", TP, {},
         {**_statuses("took_part", 9), 10: {"status": "DELTATT"}}, ("status_unknown",),
         context={"decided_days": 9}),
    # --- etterregistrering ----------------------------------------------------------------
    Case(ER, "question 5 is not asked", DP_TYPES, {**CLASSIC_NO, "arbeidssoker": None}),
    Case(ER, "the same-day pairs are those of the benefit's card", DP, WORK_ILL,
         {1: {"hours": "4", "ill": True}}, ("combination_not_allowed",), Benefit.DAGPENGER),
    Case(ER, "the same-day pairs are those of the benefit's card", ARENA_GRID, WORK_ILL,
         {1: {"hours": "4", "ill": True}}, (), Benefit.AAP),
]


def _benefit(case: Case) -> Benefit:
    if case.benefit is not None:
        return case.benefit
    return next(b for b, types in CARD_TYPES_FOR.items() if case.card_type in types) \
        if case.card_type is not ER else Benefit.DAGPENGER


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_card_types_rules(case):
    ctx = v.CardContext(case.card_type, _benefit(case), **case.context)
    card = _card(case.answers, case.days)
    problems = v.validate(card, ctx)
    assert tuple(p.code for p in problems) == case.expected, case.source
    assert all(p.code in v.CODES for p in problems)


def test_every_card_type_has_a_passing_and_a_failing_case_and_cites_navs_files():
    for card_type in CardType:
        cases = [c for c in CASES if c.card_type is card_type]
        assert any(c.expected for c in cases) and any(not c.expected for c in cases), card_type
        assert all(c.source.startswith("navikt/") for c in cases)
        assert SPECS[card_type].sources and all(s.startswith("navikt/")
                                                for s in SPECS[card_type].sources)


def test_question_5_per_card_type():
    """Asked with a warning on the dagpenger card; hidden and "yes" on the Arena cards
    (meldekort-frontend 1-Sporsmal.tsx, since week 11 of 2025); absent on the new cards and
    on etterregistrering (dp-rapportering-frontend periode.utils.tsx)."""
    assert {t: spec(t).q5 for t in CardType} == {
        D: Q5.ASKED_WITH_WARNING, AA: Q5.HIDDEN_YES, TA: Q5.HIDDEN_YES, AK: Q5.ABSENT,
        TN: Q5.ABSENT, ER: Q5.ABSENT}
    no = _card({**CLASSIC_NO, "arbeidssoker": False})
    dp = v.CardContext(D, Benefit.DAGPENGER)
    assert [n.code for n in v.notices(no, dp)] == ["unregister_warning"]
    assert v.normalise(no, dp).answers.arbeidssoker is False  # never replaced
    arena = v.CardContext(AA, Benefit.AAP)
    assert v.normalise(_card(ARENA_NO), arena).answers.arbeidssoker is True
    assert v.normalise(no, arena).answers.arbeidssoker is True
    assert Question.ARBEIDSSOKER not in v.asked(no, arena)
    for card_type, benefit in ((AK, Benefit.AAP), (TN, Benefit.TILTAKSPENGER),
                               (ER, Benefit.DAGPENGER)):
        ctx = v.CardContext(card_type, benefit)
        assert v.normalise(no, ctx).answers.arbeidssoker is None
        assert v.notices(no, ctx) == []


def test_a_late_card_tells_its_consequence_and_keeps_the_answer():
    """Late is not etterregistrering: the answer to question 5 stays the inmate's
    (dp-rapportering Innsendingkontroll.kt), and the card says what lateness costs."""
    card = _card({**CLASSIC_NO, "arbeidssoker": False})
    late = v.CardContext(D, Benefit.DAGPENGER, late=True)
    assert [(n.code, n.params.get("consequence")) for n in v.notices(card, late)] == [
        ("unregister_warning", None), ("late_consequence", "not_paid_until_sent")]
    assert v.normalise(card, late).answers.arbeidssoker is False
    seeker = v.CardContext(D, Benefit.JOB_SEEKER, late=True)
    assert v.notices(card, seeker)[-1].params["consequence"] == "job_seeker_deregistered"
    assert v.notices(card, v.CardContext(D, Benefit.DAGPENGER)) == [v.notices(card, late)[0]]


def test_normalise_clears_what_the_card_does_not_ask():
    card = _card({"arbeidet": False, "kurs": True, "syk": True, "avtalteAktiviteter": True,
                  "fravaer": False, "arbeidssoker": True},
                 {1: {"hours": "3", "ill": True, "aap_absence": "illness", "status": "ill"}})
    kelvin = v.normalise(card, v.CardContext(AK, Benefit.AAP))
    assert (kelvin.answers.kurs, kelvin.answers.syk, kelvin.answers.arbeidssoker) == (None,) * 3
    assert kelvin.grid.day(1) == Day()
    tp = v.normalise(card, v.CardContext(TN, Benefit.TILTAKSPENGER,
                                         eligible_days=frozenset(range(2, 15))))
    assert tp.answers == Answers() and tp.grid.day(1) == Day(status="no_right")
    classic = v.normalise(card, v.CardContext(D, Benefit.DAGPENGER))
    assert classic.grid.day(1) == Day(ill=True) and classic.answers.fravaer is None


@pytest.mark.parametrize("card_type, back, allowed_", [  # DP_SERVICE
    (D, 0, True), (D, 9, True), (D, 10, False), (AA, 9, True), (AK, 10, False)])
def test_the_last_10_periods_can_be_corrected(card_type, back, allowed_):
    """dp-rapportering RapporteringService.kt (hentSisteTiPerioderPlussNåværende: take(10))."""
    assert v.can_correct(card_type, is_correction=False, already_corrected=False,
                         status=Status.SENT, periods_back=back) is allowed_


@pytest.mark.parametrize("is_correction, already, status, allowed_", [
    (False, False, Status.REGISTERED, True), (True, False, Status.SENT, False),
    (False, True, Status.SENT, False), (False, False, Status.AWAITING_COUNTERSIGNATURE, False)])
def test_a_correction_is_never_corrected_again(is_correction, already, status, allowed_):
    assert v.can_correct(D, is_correction=is_correction, already_corrected=already,
                         status=status, periods_back=0) is allowed_


def test_the_card_types_the_adviser_may_choose_per_benefit():
    assert allowed("aap", "aap_kelvin") and allowed("aap", "aap_arena")
    assert not allowed("aap", "tiltakspenger_new") and not allowed("dagpenger", "aap_arena")
    assert not allowed("job_seeker", "etterregistrering") and not allowed("lottery", "dagpenger")
    assert allowed("job_seeker", "dagpenger")
    # Existing plans move to the matching older card (migration 0015).
    assert {b.value: t.value for b, t in MIGRATED_CARD_TYPE.items()} == {
        "dagpenger": "dagpenger", "job_seeker": "dagpenger", "aap": "aap_arena",
        "tiltakspenger": "tiltakspenger_arena"}


def test_hours_limits_are_the_card_types():
    assert spec(D).min_worked_hours == Decimal("0.5") and spec(D).max_hours == 24
    assert spec(AK).min_worked_hours == 0 and spec(AK).max_hours == 24
