"""Opening days and deadlines per card type, across the Norwegian public holidays of 2026
and 2027, and exemptions (core/services/forms/meldekort/deadlines.py).

NAV's files: dp-rapportering PeriodeUtils.kt (finnKanSendesFra), RapporteringService.kt
(justerSisteFristForTrekk), RapporteringApi.kt (23:59:59); aap-meldekort-backend
KelvinSakService.kt and Helligdagsunntak.kt; tiltakspenger-meldekort-api Meldeperiode.kt;
meldekort-frontend for the Arena cards (the Saturday of week two, as before)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.clock import OSLO
from core.services.forms.meldekort import deadlines as dl
from core.services.forms.meldekort.card_types import CardType
from core.services.forms.meldekort.periods import Period, Stage, Status
from core.services.workdays import easter_sunday

D, AA, AK, TA, TN, ER = (CardType.DAGPENGER, CardType.AAP_ARENA, CardType.AAP_KELVIN,
                         CardType.TILTAKSPENGER_ARENA, CardType.TILTAKSPENGER_NEW,
                         CardType.ETTERREGISTRERING)


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


def test_the_holidays_of_2026_and_2027():
    assert easter_sunday(2026) == date(2026, 4, 5) and easter_sunday(2027) == date(2027, 3, 28)
    assert sorted(dl.holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),
        date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 17), date(2026, 5, 24),
        date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26)]
    assert sorted(dl.holidays(2027)) == [
        date(2027, 1, 1), date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 28),
        date(2027, 3, 29), date(2027, 5, 1), date(2027, 5, 6), date(2027, 5, 16),
        date(2027, 5, 17), date(2027, 12, 25), date(2027, 12, 26)]


P = Period(date(2026, 3, 2))  # ends Sunday 15 March 2026, winter time (UTC+1)


@pytest.mark.parametrize("card_type, opens", [
    (D, oslo(2026, 3, 14)),  # the Saturday of week two (PeriodeUtils.finnKanSendesFra)
    (AA, oslo(2026, 3, 14)), (TA, oslo(2026, 3, 14)),  # as before (meldekort-frontend)
    (TN, oslo(2026, 3, 13, 15)),  # the Friday of week two at 15:00 (Meldeperiode.kt)
    (AK, oslo(2026, 3, 16)),  # the Monday after (KelvinSakService.kt)
    (ER, oslo(2026, 3, 16)),
])
def test_each_card_type_opens_on_its_day(card_type, opens):
    assert dl.opens_at(card_type, P) == opens
    assert not dl.is_open(card_type, P, opens - timedelta(seconds=1))
    assert dl.is_open(card_type, P, opens)


def test_tiltakspenger_opens_at_15_in_summer_time_too():
    summer = Period(date(2026, 6, 1))
    assert dl.opens_at(TN, summer) == datetime(2026, 6, 12, 13, tzinfo=timezone.utc)


def test_navs_own_moves_of_the_opening_day():
    """Helligdagsunntak.kt: the AAP period ending 21 Dec 2025 opened on 17 Dec; dp's
    INNSENDINGTIDSPUNKT (migration V4's example): period 202450 five days before its end."""
    assert dl.opens_on(AK, Period(date(2025, 12, 8))) == date(2025, 12, 17)
    assert dl.opens_on(AK, Period(date(2025, 11, 24))) == date(2025, 12, 8)  # ordinary
    assert dl.period_code(Period(date(2024, 12, 9))) == "202450"
    assert dl.opens_on(D, Period(date(2024, 12, 9))) == date(2024, 12, 17)


def test_the_deadline_is_the_end_plus_8_days_until_23_59_59_oslo():
    """RapporteringApi.kt: sisteFristForTrekk.atTime(23, 59, 59)."""
    for card_type in (D, AA, TA, AK, TN):
        assert dl.deadline(card_type, P) == date(2026, 3, 23)
        assert dl.deadline_at(card_type, P) == oslo(2026, 3, 23, 23, 59, 59)
        assert not dl.is_late(card_type, P, oslo(2026, 3, 23, 23, 59, 59))
        assert dl.is_late(card_type, P, oslo(2026, 3, 24))
    assert dl.deadline(ER, P) is None and not dl.is_late(ER, P, oslo(2030, 1, 1))


# Periods whose ordinary deadline (the Monday end + 8) is a public holiday.
HOLIDAY_DEADLINES = [
    (date(2026, 3, 16), date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday 2026
    (date(2026, 5, 4), date(2026, 5, 25), date(2026, 5, 26)),  # Whit Monday 2026
    (date(2027, 3, 8), date(2027, 3, 29), date(2027, 3, 30)),  # Easter Monday 2027
    (date(2027, 4, 26), date(2027, 5, 17), date(2027, 5, 18)),  # Whit Monday and 17 May 2027
]


@pytest.mark.parametrize("start, ordinary, moved", HOLIDAY_DEADLINES)
def test_holidays_move_the_deadline_where_nav_moves_it(start, ordinary, moved):
    """Helligdagsunntak.kt moves the 2026 deadlines on Easter Monday and Whit Monday to the
    Tuesday; dp-rapportering moves its per period (RapporteringService.kt). The Arena cards
    and the new tiltakspenger card keep the ordinary day."""
    period = Period(start)
    assert period.end + timedelta(days=8) == ordinary
    for card_type in (D, AK):
        assert dl.deadline(card_type, period) == moved
        assert not dl.is_late(card_type, period, oslo(moved.year, moved.month, moved.day, 23, 59))
        assert dl.is_late(card_type, period, oslo(moved.year, moved.month, moved.day) + timedelta(days=1))
    for card_type in (AA, TA, TN):
        assert dl.deadline(card_type, period) == ordinary


def test_navs_aap_list_for_2026_is_what_the_rule_gives():
    """Helligdagsunntak.kt, helligdagsunntakJustertMeldefrist: 6 April -> 7 April and
    25 May -> 26 May 2026."""
    assert dl.deadline(AK, Period(date(2026, 3, 16))) == date(2026, 4, 7)
    assert dl.deadline(AK, Period(date(2026, 5, 4))) == date(2026, 5, 26)


def test_every_deadline_of_2026_and_2027_on_the_moving_cards_is_a_working_day():
    start = Period(date(2025, 12, 29))
    period = start
    while period.start.year <= 2027:
        for card_type in (D, AK):
            day = dl.deadline(card_type, period)
            assert day not in dl.holidays(day.year) and day.weekday() < 5
            assert 0 <= (day - (period.end + timedelta(days=8))).days <= 2
        assert dl.deadline(AA, period) == period.end + timedelta(days=8)
        period = period.next()


@pytest.mark.parametrize("start, opens", [
    (date(2026, 3, 23), date(2026, 4, 4)),  # Easter Saturday is not a public holiday
    (date(2026, 12, 14), date(2026, 12, 26)),  # Boxing Day: NAV's list has no entry for it
    (date(2027, 3, 15), date(2027, 3, 27)),
])
def test_holidays_do_not_move_the_arena_saturday(start, opens):
    assert dl.opens_on(AA, Period(start)) == opens == dl.opens_on(D, Period(start))


def test_question_5_is_required_until_20_days_after_the_period():
    """Innsendingkontroll.kt: MELDESYKLUS_DAGER = 20."""
    assert dl.q5_required(D, P, oslo(2026, 4, 4, 23, 59))  # 15 March + 20 days
    assert not dl.q5_required(D, P, oslo(2026, 4, 5))
    assert dl.q5_required(AA, P, oslo(2030, 1, 1))  # no such limit where it is hidden


def test_an_exemption_means_no_card_is_due_or_late():
    late = oslo(2026, 4, 1)
    assert dl.card_status(D, P, late) is Status.LATE
    covering = [dl.Exemption(date(2026, 3, 10), date(2026, 3, 20))]
    assert dl.card_status(D, P, late, exemptions=covering) is Status.EXEMPT
    assert not dl.is_late(D, P, late, exemptions=covering)
    open_ended = [dl.Exemption(date(2026, 3, 15))]
    assert dl.exempt(P, open_ended) and dl.exempt(P.next(), open_ended)
    before = [dl.Exemption(date(2026, 2, 1), date(2026, 3, 1))]
    assert dl.card_status(D, P, late, exemptions=before) is Status.LATE
    # A card sent is shown as sent, exemption or not.
    assert dl.card_status(D, P, late, Stage.SENT, exemptions=covering) is Status.SENT
