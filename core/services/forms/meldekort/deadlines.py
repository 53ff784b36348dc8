"""When each card type opens and when it is late, with Norway's public holidays and the
adviser's exemptions. Pure: no Flask, no database.

Read from NAV's code, per card type (card_types.SPECS says which rule each type follows):
- Opening (``opens_at``):
  - the Saturday of week two, 00:00 Oslo: the Arena cards (meldekort-frontend, as before)
    and dagpenger (dp-rapportering PeriodeUtils.finnKanSendesFra: tilOgMed - 1 day, unless
    NAV's per-period table INNSENDINGTIDSPUNKT moves it: ``DP_OPENING_ADJUSTMENTS``);
  - the Friday of week two at 15:00 Oslo: the new tiltakspenger card
    (tiltakspenger-meldekort-api meldeperiode/Meldeperiode.kt, kanFyllesUtFraOgMed);
  - the Monday after the period, 00:00 Oslo: the new AAP card (aap-meldekort-backend
    KelvinSakService.kt, meldevindu from tom + 1), moved by NAV's own list
    (Helligdagsunntak.kt, helligdagsunntakJustertMeldedag: 22 Dec 2025 opened on 17 Dec);
  - an etterregistrering is for a period already over: it opens the Monday after.
- Deadline (``deadline``): the period's end + 8 days (dp-rapportering
  RapporteringService.justerSisteFristForTrekk, default 8; aap KelvinSakService
  finnMeldepliktfristForPeriode, tom + 8), sent until 23:59:59 Oslo that day
  (dp-rapportering RapporteringApi.kt: sisteFristForTrekk.atTime(23, 59, 59)).
  Where the card type's table says holidays move it (dagpenger and the new AAP card), a
  deadline on a Norwegian public holiday moves to the next working day. NAV's AAP list
  (Helligdagsunntak.kt, helligdagsunntakJustertMeldefrist) has exactly that for 2026:
  Easter Monday 6 April to 7 April, Whit Monday 25 May to 26 May; dp-rapportering keeps
  the same per period in its SISTE_FRIST_FOR_TREKK_JUSTERINGER table, whose values are
  not public, so the rule stands in for it. The holidays come from
  core.services.workdays.public_holidays (Easter by the Gregorian computus).
- Question 5 on a late dagpenger card must be answered until 20 days after the period's
  end (dp-rapportering Innsendingkontroll.kt, MELDESYKLUS_DAGER): ``q5_required``.
- An etterregistrering has no deadline, nor has a correction or a card sent back.
- An exemption (``Exemption``) overlapping a period means no card is due or late for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

from core.clock import OSLO, as_utc
from core.services.forms.meldekort.card_types import CardType, Opening, spec
from core.services.forms.meldekort.periods import (DEADLINE_DAYS_AFTER_END, SENT_STATUSES, Period,
                                                   Stage, Status, status_of)
from core.services.workdays import is_working_day, public_holidays

# dp-rapportering's INNSENDINGTIDSPUNKT: days from the period's end to the opening day, by
# NAV's period code (ISO year and week of the first Monday, "202450"). The values live in
# NAV's database; the one known here is the example in its migration V4 (the Christmas
# period of 2024 opened on Tuesday 17 December).
DP_OPENING_ADJUSTMENTS: dict[str, int] = {"202450": -5}
DP_DEFAULT_OPENING = -1  # PeriodeUtils.finnKanSendesFra: tilOgMed.plusDays(-1), the Saturday
Q5_REQUIRED_DAYS = 20  # Innsendingkontroll.MELDESYKLUS_DAGER
LAST_SECOND = time(23, 59, 59)
TILTAKSPENGER_OPENING_TIME = time(15, 0)  # Meldeperiode.TIDSPUNKT_BRUKER_KAN_FYLLE_UT_MELDEPERIODE_FOR


def period_code(period: Period) -> str:
    """NAV's period code: "202450" (PeriodeUtils.finnPeriodeKode)."""
    year, week, _ = period.start.isocalendar()
    return f"{year}{week:02d}"


def holidays(year: int) -> frozenset[date]:
    """Norway's public holidays in ``year``."""
    return public_holidays(year)


def _oslo(day: date, at: time = time(0)) -> datetime:
    return as_utc(datetime.combine(day, at, tzinfo=OSLO))


def opens_on(card_type: CardType | str, period: Period) -> date:
    """The first day the card of ``period`` can be sent."""
    table = spec(card_type)
    if table.opening is Opening.FRIDAY_WEEK_TWO_15:
        return period.day(12)
    if table.opening is Opening.MONDAY_AFTER:
        ordinary = period.end + timedelta(days=1)
        moved = dict(table.opening_exceptions).get(ordinary.isoformat())
        return date.fromisoformat(moved) if moved else ordinary
    if CardType(card_type) is CardType.DAGPENGER:
        return period.end + timedelta(days=DP_OPENING_ADJUSTMENTS.get(period_code(period),
                                                                      DP_DEFAULT_OPENING))
    return period.day(13)


def opens_at(card_type: CardType | str, period: Period) -> datetime:
    """The first moment the card can be sent, as UTC."""
    at = (TILTAKSPENGER_OPENING_TIME if spec(card_type).opening is Opening.FRIDAY_WEEK_TWO_15
          else time(0))
    return _oslo(opens_on(card_type, period), at)


def deadline(card_type: CardType | str, period: Period) -> date | None:
    """The last day on which sending is on time, or None (etterregistrering: no deadline)."""
    table = spec(card_type)
    if not table.has_deadline:
        return None
    day = period.end + timedelta(days=DEADLINE_DAYS_AFTER_END)
    if table.holidays_move_deadline:
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def deadline_at(card_type: CardType | str, period: Period) -> datetime | None:
    """The last on-time moment, 23:59:59 Oslo on ``deadline``, as UTC."""
    day = deadline(card_type, period)
    return None if day is None else _oslo(day, LAST_SECOND)


def late_from(card_type: CardType | str, period: Period) -> datetime | None:
    """The first late moment: 00:00 Oslo the day after ``deadline``, as UTC."""
    day = deadline(card_type, period)
    return None if day is None else _oslo(day + timedelta(days=1))


def is_open(card_type: CardType | str, period: Period, now: datetime) -> bool:
    return as_utc(now) >= opens_at(card_type, period)


@dataclass(frozen=True)
class Exemption:
    """From ``starts_on`` to ``ends_on`` (inclusive; None: until further notice)."""

    starts_on: date
    ends_on: date | None = None

    def overlaps(self, period: Period) -> bool:
        return self.starts_on <= period.end and (self.ends_on is None or self.ends_on >= period.start)


def exempt(period: Period, exemptions: Iterable[Exemption]) -> bool:
    """Whether an exemption overlaps ``period``: then no card is due or late for it."""
    return any(e.overlaps(period) for e in exemptions)


def is_late(card_type: CardType | str, period: Period, now: datetime, *,
            deadline_applies: bool = True, exemptions: Iterable[Exemption] = ()) -> bool:
    """Whether a card not yet sent is late at ``now``: never for an exempt period, a card
    with no deadline (etterregistrering, a correction, a card sent back)."""
    first_late = late_from(card_type, period)
    return (deadline_applies and first_late is not None and as_utc(now) >= first_late
            and not exempt(period, exemptions))


def q5_required(card_type: CardType | str, period: Period, now: datetime) -> bool:
    """Whether question 5 must be answered at ``now`` (on a card that asks it): until 20
    days after the period's end, late or not (Innsendingkontroll.kt); after that the
    inmate may still answer it, and the answer is never replaced."""
    days = spec(card_type).q5_required_days_after_end
    if days is None:
        return True
    return as_utc(now) < _oslo(period.end + timedelta(days=days + 1))


def card_status(card_type: CardType | str, period: Period, now: datetime,
                stage: Stage = Stage.DRAFT, *, deadline_applies: bool = True,
                exemptions: Iterable[Exemption] = ()) -> Status:
    """What the inmate sees for ``period``, by the card type's calendar: NOT_YET_OPEN,
    OPEN, LATE, or EXEMPT (an exemption overlaps a period with no card sent); after the
    inmate confirms, the stage decides (periods.status_of)."""
    if stage is not Stage.DRAFT:
        return status_of(period, now, stage)
    if exempt(period, list(exemptions)):
        return Status.EXEMPT
    if not is_open(card_type, period, now):
        return Status.NOT_YET_OPEN
    if is_late(card_type, period, now, deadline_applies=deadline_applies):
        return Status.LATE
    return Status.OPEN


__all__ = ["DP_OPENING_ADJUSTMENTS", "Exemption", "SENT_STATUSES", "card_status", "deadline",
           "deadline_at", "exempt", "holidays", "is_late", "is_open", "late_from", "opens_at",
           "opens_on", "period_code", "q5_required"]
