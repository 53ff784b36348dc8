"""The card types NAV runs in 2025-26, as data: one table (a ``CardTypeSpec``) per card type.

Which card a person meets depends on the benefit and on the system that holds the case
(/work/shared/domain/meldekort.md, "NAV's cards in 2025-26"). The adviser chooses the card
type when setting the benefit (plan.set_plan); a sent card keeps the type it was sent
on (form_submission.card_type), and so do its correction and a card sent back. Pure: no Flask, no database.

- ``CardType``: the six types. ``CARD_TYPES_FOR[benefit]`` lists what the adviser may
  choose for a benefit (the first is the default); ``MIGRATED_CARD_TYPE[benefit]`` is the
  type an existing plan got in migration 0015. ETTERREGISTRERING is never chosen for a
  plan: the adviser creates it for one period that had no card (plan.create_etterregistrering).
- ``SPECS[card_type]`` (or ``spec(card_type)``): the table. Each says, with NAV's file for it:
  the questions and how question 5 is handled (``Q5``), the rows of the day grid, the hours
  allowed on a worked day, the refused same-day pairs, when the card opens and whether
  holidays move the opening day or the deadline, how a correction gives its reason
  (``ReasonMode``) and how many periods back a card can be corrected.
- ``TILTAKSPENGER_STATUSES``: the new tiltakspenger card's day statuses (NAV's
  MeldekortDagStatus). ``AAP_ABSENCE_REASONS``: the new AAP card's reasons for absence
  from agreed activities (NAV's Fravær).

The rules that read these tables are in validation.py (questions, grid, corrections) and
calendar.py (opening days, deadlines, holidays, exemptions).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from core.services.forms.meldekort.card import Activity, Benefit, Question


class CardType(str, enum.Enum):
    """A card NAV runs, stored as the value (benefit_plan.card_type, form_submission.card_type)."""

    DAGPENGER = "dagpenger"  # dp-rapportering: dagpenger, and job seekers without a benefit (ARBS)
    AAP_ARENA = "aap_arena"  # AAP in NAV's older system (Arena): meldekort-frontend
    AAP_KELVIN = "aap_kelvin"  # the new AAP card (Kelvin): aap-meldekort-backend
    TILTAKSPENGER_ARENA = "tiltakspenger_arena"  # tiltakspenger in Arena: meldekort-frontend
    TILTAKSPENGER_NEW = "tiltakspenger_new"  # the new tiltakspenger card: tiltakspenger-meldekort
    ETTERREGISTRERING = "etterregistrering"  # a period that had no card, created by the adviser


class Q5(str, enum.Enum):
    """How a card handles question 5 ("stay registered as a job seeker?")."""

    ASKED_WITH_WARNING = "asked_with_warning"  # asked; "no" shows a warning, no extra confirmation
    HIDDEN_YES = "hidden_yes"  # not shown, always "yes"
    ABSENT = "absent"  # not part of the card at all


class ReasonMode(str, enum.Enum):
    """What a correction asks for as its reason."""

    FREE_TEXT = "free_text"  # a required text (dp-rapportering's begrunnelseEndring)
    LIST = "list"  # a choice from NAV's list (meldekort-frontend's korriger.begrunnelse.valg)
    NONE = "none"  # no reason asked


class Opening(str, enum.Enum):
    """When the card of a period can first be sent."""

    SATURDAY_WEEK_TWO = "saturday_week_two"  # day 13, 00:00 Oslo
    FRIDAY_WEEK_TWO_15 = "friday_week_two_15"  # day 12 at 15:00 Oslo
    MONDAY_AFTER = "monday_after"  # the day after the period ends, 00:00 Oslo


class RowKind(str, enum.Enum):
    HOURS = "hours"  # a number of hours per day
    CHECKBOX = "checkbox"  # ticked or not per day
    CHOICE = "choice"  # one of a list per day (``choices``), or nothing


@dataclass(frozen=True)
class QuestionSpec:
    """A yes/no question on the card. ``shows`` names the grid rows a "yes" brings in;
    ``asked_if`` names a question that must be "yes" for this one to be asked."""

    question: Question
    shows: tuple[Activity, ...] = ()
    asked_if: Question | None = None


@dataclass(frozen=True)
class RowSpec:
    activity: Activity
    kind: RowKind
    choices: tuple[str, ...] = ()  # RowKind.CHOICE only


@dataclass(frozen=True)
class CardTypeSpec:
    """The rules of one card type, each with the NAV file it is read from (``sources``)."""

    card_type: CardType
    questions: tuple[QuestionSpec, ...]  # in the order asked, question 5 not included
    q5: Q5
    rows: tuple[RowSpec, ...]  # the day grid's rows, in page order (empty: a status per day)
    min_worked_hours: Decimal  # the least hours on a day marked as work (0 = none asked)
    max_hours: Decimal
    forbidden_pairs: tuple[tuple[Activity, Activity], ...]  # refused on the same day
    per_day_status: bool  # one status per day (the new tiltakspenger card) instead of rows
    opening: Opening
    holidays_move_deadline: bool  # a deadline on a public holiday moves to the next day
    opening_exceptions: tuple[tuple[str, str], ...]  # NAV's own list: (ordinary, moved) ISO dates
    reason: ReasonMode
    # How many periods back a card can be corrected: 10 from dp-rapportering's
    # RapporteringService.kt (the last 10 periods); the other cards take the same limit
    # (issue 17), as their own code sets none that Brobygger can read.
    correctable_periods: int | None
    has_deadline: bool  # etterregistrering has none: the period is already over
    q5_required_days_after_end: int | None  # q5 may be left open on a late card after this
    sources: tuple[str, ...]  # "navikt/<repo>: <path>" for every rule in the table


# Question sets -----------------------------------------------------------------------

_CLASSIC = (QuestionSpec(Question.ARBEIDET, (Activity.WORK,)),
            QuestionSpec(Question.KURS, (Activity.COURSE,)),
            QuestionSpec(Question.SYK, (Activity.ILL,)),
            QuestionSpec(Question.ANNET_FRAVAER, (Activity.ABSENCE,)))
_CLASSIC_ROWS = (RowSpec(Activity.WORK, RowKind.HOURS), RowSpec(Activity.COURSE, RowKind.CHECKBOX),
                 RowSpec(Activity.ILL, RowKind.CHECKBOX), RowSpec(Activity.ABSENCE, RowKind.CHECKBOX))

# NAV's Fravær (aap-meldekort-backend meldekortdomene/.../utfylling/Svar.kt), by our keys.
AAP_ABSENCE_REASONS: dict[str, str] = {
    "illness": "SYKDOM_ELLER_SKADE",
    "child_care": "OMSORG_FØRSTE_SKOLEDAG_TILVENNING_ELLER_ANNEN_OPPFØLGING_BARN",
    "care_of_relative": "OMSORG_PLEIE_I_HJEMMET_AV_NÆR_PÅRØRENDE",
    "bereavement": "OMSORG_DØDSFALL_I_FAMILIE_ELLER_VENNEKRETS",
    "other_strong_reason": "OMSORG_ANNEN_STERK_GRUNN",
    "other": "ANNEN",
}

# NAV's MeldekortDagStatus (tiltakspenger-meldekort-api .../meldekort/MeldekortDagStatus.kt),
# by our keys, in NAV's order. "not_answered" and "no_right" are not answers: see ANSWERED.
TILTAKSPENGER_STATUSES: dict[str, str] = {
    "took_part": "DELTATT_UTEN_LØNN_I_TILTAKET",
    "took_part_paid": "DELTATT_MED_LØNN_I_TILTAKET",
    "ill": "FRAVÆR_SYK",
    "sick_child": "FRAVÆR_SYKT_BARN",
    "welfare_or_interview": "FRAVÆR_STERKE_VELFERDSGRUNNER_ELLER_JOBBINTERVJU",
    "absence_approved": "FRAVÆR_GODKJENT_AV_NAV",
    "absence_other": "FRAVÆR_ANNET",
    "not_a_programme_day": "IKKE_TILTAKSDAG",
    "not_answered": "IKKE_BESVART",
    "no_right": "IKKE_RETT_TIL_TILTAKSPENGER",
}
# The statuses a person chooses on a day inside the decision (NAV's client offers these).
TILTAKSPENGER_CHOICES = tuple(k for k in TILTAKSPENGER_STATUSES if k not in ("not_answered", "no_right"))
# Days that count towards the decided number (MeldekortDag.erBesvart): not IKKE_BESVART,
# IKKE_RETT_TIL_TILTAKSPENGER or IKKE_TILTAKSDAG.
TILTAKSPENGER_COUNTED = frozenset(TILTAKSPENGER_CHOICES) - {"not_a_programme_day"}

_DP = "navikt/dp-rapportering: src/main/kotlin/no/nav/dagpenger/rapportering/"
_AAP = "navikt/aap-meldekort-backend: meldekortdomene/src/main/kotlin/no/nav/aap/"
_TP = "navikt/tiltakspenger-meldekort-api: src/main/kotlin/no/nav/tiltakspenger/meldekort/"
_ARENA_SOURCES = (
    "navikt/meldekort-frontend: app/components/innsending/1-Sporsmal.tsx",
    "navikt/meldekort-frontend: app/components/innsending/2-Utfylling.tsx",
)

SPECS: dict[CardType, CardTypeSpec] = {
    CardType.DAGPENGER: CardTypeSpec(
        card_type=CardType.DAGPENGER,
        questions=_CLASSIC, q5=Q5.ASKED_WITH_WARNING, rows=_CLASSIC_ROWS,
        min_worked_hours=Decimal("0.5"), max_hours=Decimal(24),
        # Innsendingkontroll.validerAktivitetsTypeKombinasjoner: for everyone on the card,
        # job seekers without a benefit (ARBS) included.
        forbidden_pairs=((Activity.WORK, Activity.ILL), (Activity.WORK, Activity.ABSENCE)),
        per_day_status=False, opening=Opening.SATURDAY_WEEK_TWO,
        holidays_move_deadline=True, opening_exceptions=(),
        reason=ReasonMode.FREE_TEXT, correctable_periods=10, has_deadline=True,
        q5_required_days_after_end=20,
        sources=(
            _DP + "utils/Innsendingkontroll.kt",
            _DP + "service/RapporteringService.kt",
            _DP + "utils/PeriodeUtils.kt",
            _DP + "api/RapporteringApi.kt",
            "navikt/dp-rapportering-frontend: app/utils/validering.util.ts",
            "navikt/meldekort-frontend: app/root.tsx",
        )),
    CardType.AAP_ARENA: CardTypeSpec(
        card_type=CardType.AAP_ARENA,
        questions=_CLASSIC, q5=Q5.HIDDEN_YES, rows=_CLASSIC_ROWS,
        min_worked_hours=Decimal(0), max_hours=Decimal(24),
        forbidden_pairs=((Activity.WORK, Activity.ABSENCE), (Activity.ILL, Activity.ABSENCE)),
        per_day_status=False, opening=Opening.SATURDAY_WEEK_TWO,
        holidays_move_deadline=False, opening_exceptions=(),
        reason=ReasonMode.LIST, correctable_periods=10, has_deadline=True,
        q5_required_days_after_end=None, sources=_ARENA_SOURCES),
    CardType.TILTAKSPENGER_ARENA: CardTypeSpec(
        card_type=CardType.TILTAKSPENGER_ARENA,
        questions=_CLASSIC, q5=Q5.HIDDEN_YES, rows=_CLASSIC_ROWS,
        min_worked_hours=Decimal(0), max_hours=Decimal(24),
        forbidden_pairs=((Activity.ILL, Activity.ABSENCE),),
        per_day_status=False, opening=Opening.SATURDAY_WEEK_TWO,
        holidays_move_deadline=False, opening_exceptions=(),
        reason=ReasonMode.LIST, correctable_periods=10, has_deadline=True,
        q5_required_days_after_end=None, sources=_ARENA_SOURCES),
    CardType.AAP_KELVIN: CardTypeSpec(
        card_type=CardType.AAP_KELVIN,
        # UtfyllingSteg.kt: ArbeidetSpørsmål, TimerArbeidetSteg, FraværSpørsmålSteg (had
        # agreed activities? then: absent from them?), DagerFraværSteg.
        questions=(QuestionSpec(Question.ARBEIDET, (Activity.WORK,)),
                   QuestionSpec(Question.AVTALTE_AKTIVITETER),
                   QuestionSpec(Question.FRAVAER, (Activity.AAP_ABSENCE,),
                                asked_if=Question.AVTALTE_AKTIVITETER)),
        q5=Q5.ABSENT,
        rows=(RowSpec(Activity.WORK, RowKind.HOURS),
              RowSpec(Activity.AAP_ABSENCE, RowKind.CHOICE, tuple(AAP_ABSENCE_REASONS))),
        min_worked_hours=Decimal(0), max_hours=Decimal(24), forbidden_pairs=(),
        per_day_status=False, opening=Opening.MONDAY_AFTER,
        holidays_move_deadline=True,
        # Helligdagsunntak.kt, helligdagsunntakJustertMeldedag: the Christmas card of 2025.
        opening_exceptions=(("2025-12-22", "2025-12-17"),),
        reason=ReasonMode.NONE, correctable_periods=10, has_deadline=True,
        q5_required_days_after_end=None,
        sources=(
            _AAP + "utfylling/UtfyllingSteg.kt",
            _AAP + "utfylling/UtfyllingFlyt.kt",
            _AAP + "utfylling/Svar.kt",
            _AAP + "kelvin/KelvinSakService.kt",
            _AAP + "kelvin/Helligdagsunntak.kt",
        )),
    CardType.TILTAKSPENGER_NEW: CardTypeSpec(
        card_type=CardType.TILTAKSPENGER_NEW,
        questions=(), q5=Q5.ABSENT, rows=(),
        min_worked_hours=Decimal(0), max_hours=Decimal(0), forbidden_pairs=(),
        per_day_status=True, opening=Opening.FRIDAY_WEEK_TWO_15,
        holidays_move_deadline=False, opening_exceptions=(),
        reason=ReasonMode.NONE, correctable_periods=10, has_deadline=True,
        q5_required_days_after_end=None,
        sources=(
            _TP + "meldekort/BrukersMeldekort.kt",
            _TP + "meldekort/MeldekortDag.kt",
            _TP + "meldeperiode/Meldeperiode.kt",
            "navikt/tiltakspenger-meldekort: packages/client/src/utils/utfyllingValidering.ts",
        )),
    CardType.ETTERREGISTRERING: CardTypeSpec(
        card_type=CardType.ETTERREGISTRERING,
        # The classic questions; question 5 is not asked (dp types.ts KortType.ETTERREGISTRERT,
        # periode.utils.tsx skalHaArbeidssokerSporsmal). The same-day pairs follow the
        # benefit (validation.forbidden_pairs_for).
        questions=_CLASSIC, q5=Q5.ABSENT, rows=_CLASSIC_ROWS,
        min_worked_hours=Decimal(0), max_hours=Decimal(24), forbidden_pairs=(),
        per_day_status=False, opening=Opening.MONDAY_AFTER,
        holidays_move_deadline=False, opening_exceptions=(),
        reason=ReasonMode.LIST, correctable_periods=10, has_deadline=False,
        q5_required_days_after_end=None,
        sources=(
            "navikt/dp-rapportering-frontend: app/utils/types.ts",
            "navikt/dp-rapportering-frontend: app/utils/periode.utils.tsx",
            "navikt/meldekort-frontend: app/components/innsending/1-Sporsmal.tsx",
        )),
}

# What the adviser may choose for each benefit; the first is the default.
CARD_TYPES_FOR: dict[Benefit, tuple[CardType, ...]] = {
    Benefit.DAGPENGER: (CardType.DAGPENGER,),
    Benefit.JOB_SEEKER: (CardType.DAGPENGER,),
    Benefit.AAP: (CardType.AAP_ARENA, CardType.AAP_KELVIN),
    Benefit.TILTAKSPENGER: (CardType.TILTAKSPENGER_ARENA, CardType.TILTAKSPENGER_NEW),
}

# Migration 0015: every existing plan gets the matching older card. NAV sends every DAGP
# and ARBS card through dp-rapportering (meldekort-frontend app/root.tsx), so dagpenger and
# job seekers have no older card left to keep.
MIGRATED_CARD_TYPE: dict[Benefit, CardType] = {
    Benefit.DAGPENGER: CardType.DAGPENGER,
    Benefit.JOB_SEEKER: CardType.DAGPENGER,
    Benefit.AAP: CardType.AAP_ARENA,
    Benefit.TILTAKSPENGER: CardType.TILTAKSPENGER_ARENA,
}


def spec(card_type: CardType | str) -> CardTypeSpec:
    """The table of ``card_type``; ValueError for an unknown one."""
    return SPECS[CardType(card_type)]


def allowed(benefit: Benefit | str, card_type: CardType | str) -> bool:
    """Whether the adviser may choose ``card_type`` for ``benefit``."""
    try:
        return CardType(card_type) in CARD_TYPES_FOR[Benefit(benefit)]
    except ValueError:
        return False
