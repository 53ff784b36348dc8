"""The meldekort as data: the benefit, the five answers, the 14-day grid, and hours as typed.

See core.services.forms.meldekort.rules for the rules (and for the overview of all three modules); this
module only holds the card and reads what the user typed. Pure: no Flask, no database.

- ``Card(period, answers, grid)``. ``Answers`` holds the five questions, each True, False or
  None (unanswered); ``Question`` names them by NAV's keys (arbeidet, kurs, syk,
  annetFravaer, arbeidssoker), which are also their field names, and ``answers[question]``
  reads one. ``Grid`` is 14 ``Day``s, day 1 being the period's first Monday: hours worked,
  and the course/tiltak, ill and absence checkboxes. ``Activity`` names the grid's rows.
- ``Day.hours`` is a Decimal, None (empty), or the text as typed: a form may store the text,
  so nothing typed is lost. ``parse_hours`` reads text ("7,5", " 8 "); ``read_hours(card)``
  turns readable whole or half hours into Decimals and keeps anything else as typed.
- ``Card.as_dict()`` and ``Card.from_dict()``: a JSON-safe form for drafts and the record.
- ``cell_field(day, activity)``: a grid cell's field name, e.g. "day-3-hours".
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from core.services.forms.meldekort.periods import PERIOD_DAYS, Period

MAX_HOURS = Decimal(24)


class Benefit(str, enum.Enum):
    """The inmate's benefit, set by staff. NAV calls it the meldegruppe (see NAV_MELDEGRUPPE)."""

    DAGPENGER = "dagpenger"
    AAP = "aap"
    TILTAKSPENGER = "tiltakspenger"
    JOB_SEEKER = "job_seeker"  # registered as a job seeker, with no benefit


NAV_MELDEGRUPPE = {Benefit.DAGPENGER: "DAGP", Benefit.AAP: "ATTF",
                   Benefit.TILTAKSPENGER: "INDIV", Benefit.JOB_SEEKER: "ARBS"}


class Question(str, enum.Enum):
    """The five questions, by NAV's keys (also their field names), in the order asked."""

    ARBEIDET = "arbeidet"  # 1. worked in the last 14 days?
    KURS = "kurs"  # 2. taken part in a NAV programme (tiltak), a course or education?
    SYK = "syk"  # 3. been ill?
    ANNET_FRAVAER = "annetFravaer"  # 4. holiday or other absence?
    ARBEIDSSOKER = "arbeidssoker"  # 5. stay registered as a job seeker for the next 14 days?
    # The new AAP card only (aap-meldekort-backend Svar.kt: harDuHattAvtalteAktiviteter,
    # harDuHattFravær): had agreed activities in the period? If so: absent from any of them?
    AVTALTE_AKTIVITETER = "avtalteAktiviteter"
    FRAVAER = "fravaer"


# The five questions of the classic card (NAV's older card, dp-rapportering and etterregistrering).
CLASSIC_QUESTIONS = (Question.ARBEIDET, Question.KURS, Question.SYK, Question.ANNET_FRAVAER,
                     Question.ARBEIDSSOKER)


class Activity(str, enum.Enum):
    """A row of the day grid. Each row belongs to one of questions 1-4 (ROW_QUESTION)."""

    WORK = "work"  # hours per day
    COURSE = "course"  # a checkbox per day, as are the two below
    ILL = "ill"
    ABSENCE = "absence"
    AAP_ABSENCE = "aap_absence"  # the new AAP card: a reason for absence per day (a choice)
    STATUS = "status"  # the new tiltakspenger card: one status per day (a choice)


ROW_QUESTION = {Activity.WORK: Question.ARBEIDET, Activity.COURSE: Question.KURS,
                Activity.ILL: Question.SYK, Activity.ABSENCE: Question.ANNET_FRAVAER}
_FIELD_SUFFIX = {Activity.WORK: "hours", Activity.COURSE: "course", Activity.ILL: "ill",
                 Activity.ABSENCE: "absence", Activity.AAP_ABSENCE: "aap_absence",
                 Activity.STATUS: "status"}
_ATTRIBUTE = {Question.ARBEIDET: "arbeidet", Question.KURS: "kurs", Question.SYK: "syk",
              Question.ANNET_FRAVAER: "annet_fravaer", Question.ARBEIDSSOKER: "arbeidssoker",
              Question.AVTALTE_AKTIVITETER: "avtalte_aktiviteter", Question.FRAVAER: "fravaer"}
_DAY_ATTRIBUTE = {Activity.COURSE: "course", Activity.ILL: "ill", Activity.ABSENCE: "absence",
                  Activity.AAP_ABSENCE: "aap_absence", Activity.STATUS: "status"}


def cell_field(number: int, activity: Activity) -> str:
    """The field name of day ``number``'s cell in ``activity``'s row, e.g. "day-3-hours"."""
    return f"day-{number}-{_FIELD_SUFFIX[activity]}"


# Hours as typed: digits with an optional decimal comma or point ("7,5", "8", ".5"), and an
# optional sign, so that "-1" reads as a number and is then refused for its range.
_HOURS_TEXT = re.compile(r"^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$")


class HoursNotANumber(ValueError):
    code = "hours_not_a_number"


def parse_hours(text: str | None) -> Decimal | None:
    """Hours as the user typed them: None when empty, else a Decimal (not yet range-checked).

    Surrounding spaces are ignored and a decimal comma is read as a point. Anything else
    ("abc", "7.5t", "1e3", "NaN", "7 ½", "٣") raises HoursNotANumber (code "hours_not_a_number").
    """
    if text is None:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    if not _HOURS_TEXT.match(stripped):
        raise HoursNotANumber(text)
    return Decimal(stripped.replace(",", "."))


def hours_value(hours: object) -> Decimal | None:
    """A day's hours as a finite Decimal, or None when empty; HoursNotANumber otherwise."""
    if hours is None:
        return None
    if isinstance(hours, str):
        hours = parse_hours(hours)
        if hours is None:
            return None
    elif isinstance(hours, int) and not isinstance(hours, bool):
        hours = Decimal(hours)
    if not isinstance(hours, Decimal) or not hours.is_finite():
        raise HoursNotANumber(repr(hours))
    return hours


def whole_or_half(hours: Decimal) -> bool:
    """Whether finite ``hours`` is a multiple of 0.5, exactly: no rounding, whatever its size."""
    _, digits, exponent = hours.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError("not a finite number")
    if exponent >= 0:
        return True
    coefficient = int("".join(map(str, digits)) or "0")
    if coefficient == 0:
        return True
    if -exponent > len(digits) + 1:  # 2 x coefficient has too few digits to end in that many 0s
        return False
    return (2 * coefficient) % 10 ** -exponent == 0


def _canonical(hours: Decimal) -> Decimal:
    """7.50 as 7.5, 8.0 as 8, -0 as 0 (for whole or half hours from 0 to 24)."""
    if hours == hours.to_integral_value():
        return Decimal(int(hours))
    return hours.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Answers:
    arbeidet: bool | None = None
    kurs: bool | None = None
    syk: bool | None = None
    annet_fravaer: bool | None = None
    arbeidssoker: bool | None = None
    avtalte_aktiviteter: bool | None = None
    fravaer: bool | None = None

    def __getitem__(self, question: Question) -> bool | None:
        return getattr(self, _ATTRIBUTE[Question(question)])

    def with_answer(self, question: Question, value: bool | None) -> Answers:
        return replace(self, **{_ATTRIBUTE[Question(question)]: value})

    def as_dict(self) -> dict[str, bool | None]:
        """By NAV's keys: {"arbeidet": True, ..., "annetFravaer": False, ...}. The new AAP
        card's two questions are left out while unanswered, so a classic card's dict is
        what it always was."""
        return {question.value: self[question] for question in Question
                if question in CLASSIC_QUESTIONS or self[question] is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answers:
        return cls(**{_ATTRIBUTE[q]: data.get(q.value) for q in Question})


@dataclass(frozen=True)
class Day:
    hours: Decimal | str | None = None  # a Decimal, the text as typed, or None (empty)
    course: bool = False
    ill: bool = False
    absence: bool = False
    aap_absence: str | None = None  # the new AAP card: a key of AAP_ABSENCE_REASONS, or as posted
    status: str | None = None  # the new tiltakspenger card: a key of TILTAKSPENGER_STATUSES

    def marked(self, activity: Activity) -> bool:
        """Whether the row has something on this day. For work: anything typed other than 0
        (hours that are not valid count too; they get a problem of their own)."""
        if activity is not Activity.WORK:
            return bool(getattr(self, _DAY_ATTRIBUTE[activity]))
        try:
            value = hours_value(self.hours)
        except HoursNotANumber:
            return True
        return value is not None and value != 0

    def cleared(self, activity: Activity) -> Day:
        if activity is Activity.WORK:
            return replace(self, hours=None)
        if activity in (Activity.AAP_ABSENCE, Activity.STATUS):
            return replace(self, **{_DAY_ATTRIBUTE[activity]: None})
        return replace(self, **{_DAY_ATTRIBUTE[activity]: False})


@dataclass(frozen=True)
class Grid:
    """The 14 days of the period, day 1 first."""

    days: tuple[Day, ...] = (Day(),) * PERIOD_DAYS

    def __post_init__(self) -> None:
        if len(self.days) != PERIOD_DAYS:
            raise ValueError("a grid has 14 days")

    def day(self, number: int) -> Day:
        """Day ``number``, 1 to 14."""
        if not 1 <= number <= PERIOD_DAYS:
            raise ValueError("a grid has days 1 to 14")
        return self.days[number - 1]

    def with_day(self, number: int, day: Day) -> Grid:
        self.day(number)
        return Grid(self.days[:number - 1] + (day,) + self.days[number:])

    def cleared(self, activity: Activity) -> Grid:
        return Grid(tuple(day.cleared(activity) for day in self.days))


@dataclass(frozen=True)
class Card:
    period: Period
    answers: Answers = Answers()
    grid: Grid = Grid()

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: the period's id, answers by NAV's keys, and hours as text ("7.5", or
        exactly as typed), None when empty."""
        return {"period": self.period.id, "answers": self.answers.as_dict(),
                "days": [_day_dict(d) for d in self.grid.days]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        days = tuple(Day(hours=d.get("hours"), course=bool(d.get("course")),
                         ill=bool(d.get("ill")), absence=bool(d.get("absence")),
                         aap_absence=_text_or_none(d.get("aap_absence")),
                         status=_text_or_none(d.get("status")))
                     for d in data["days"])
        return read_hours(cls(Period.from_id(data["period"]), Answers.from_dict(data["answers"]),
                              Grid(days)))


def _day_dict(day: Day) -> dict[str, Any]:
    found: dict[str, Any] = {"hours": None if day.hours is None else str(day.hours),
                             "course": day.course, "ill": day.ill, "absence": day.absence}
    if day.aap_absence is not None:
        found["aap_absence"] = day.aap_absence
    if day.status is not None:
        found["status"] = day.status
    return found


def _text_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def read_hours(card: Card) -> Card:
    """Typed hours that are whole or half hours from 0 to 24 become Decimals ("7,50" is 7.5),
    empty text becomes None, and anything else is kept exactly as typed."""
    days = []
    for day in card.grid.days:
        try:
            value = hours_value(day.hours)
        except HoursNotANumber:
            days.append(day)
            continue
        if value is not None and 0 <= value <= MAX_HOURS and whole_or_half(value):
            days.append(replace(day, hours=_canonical(value)))
        elif value is None or not isinstance(day.hours, str):
            days.append(replace(day, hours=value))
        else:
            days.append(day)
    return replace(card, grid=Grid(tuple(days)))
