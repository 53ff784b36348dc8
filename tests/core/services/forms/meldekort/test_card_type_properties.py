"""Properties of every card type's rules under hostile input: huge, negative, non-numeric
and "7,5"-style hours, unknown day statuses and absence reasons, any answers, any reason,
any decision. No input raises; every problem has a known code, a linkable field and the
right date; a valid card stays valid once normalised; the stored form is JSON."""
from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from core.services.forms.meldekort import validation as v
from core.services.forms.meldekort.card import Answers, Benefit, Card, Day, Grid, Question
from core.services.forms.meldekort.card_types import (AAP_ABSENCE_REASONS, CARD_TYPES_FOR,
                                                      TILTAKSPENGER_STATUSES, CardType)
from core.services.forms.meldekort.periods import Period

PERIOD = Period(date(2026, 3, 2))
FIELD = re.compile(r"^(arbeidet|kurs|syk|annetFravaer|arbeidssoker|avtalteAktiviteter|fravaer|"
                   r"reason|confirm|day-(?:[1-9]|1[0-4])-(?:hours|course|ill|absence|aap_absence|"
                   r"status))$")
HOSTILE_NUMBERS = ["7,5", "7.5", " 8 ", "+4", "-1", "-0,5", "0", "00", "24", "24,5", "0,25",
                   "1e3", "1E+999", "NaN", "Infinity", "-inf", "٣", "७", "7 ½", "½", "7,5,5",
                   "7.5.", ",5", ".", ",", "0x10", "1_000", "9" * 400, "-" + "9" * 400,
                   "0," + "0" * 300 + "5", "\u00a08", "８", "7٫5", ""]

hours = st.one_of(
    st.none(), st.sampled_from(HOSTILE_NUMBERS), st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**30, max_value=10**30),
    st.sampled_from([Decimal("1E+1000"), Decimal("-1E+1000"), Decimal("1E-1000"), 7.5, True]))
statuses = st.one_of(st.none(), st.sampled_from(list(TILTAKSPENGER_STATUSES)), st.text(max_size=8))
reasons = st.one_of(st.none(), st.sampled_from(list(AAP_ABSENCE_REASONS)), st.text(max_size=8))
days = st.builds(Day, hours=hours, course=st.booleans(), ill=st.booleans(), absence=st.booleans(),
                 aap_absence=reasons, status=statuses)
answer = st.one_of(st.none(), st.booleans())
answers = st.builds(Answers, answer, answer, answer, answer, answer, answer, answer)
cards = st.builds(Card, st.just(PERIOD), answers, st.lists(days, min_size=14, max_size=14)
                  .map(lambda d: Grid(tuple(d))))
# As a card is stored and posted: hours are text (or empty), never a float or a Decimal.
typed_days = st.builds(Day, hours=st.one_of(st.none(), st.sampled_from(HOSTILE_NUMBERS),
                                            st.text(max_size=12)),
                       course=st.booleans(), ill=st.booleans(), absence=st.booleans(),
                       aap_absence=reasons, status=statuses)
typed_cards = st.builds(Card, st.just(PERIOD), answers,
                        st.lists(typed_days, min_size=14, max_size=14).map(lambda d: Grid(tuple(d))))


@st.composite
def contexts(draw):
    card_type = draw(st.sampled_from(list(CardType)))
    benefits = [b for b, types in CARD_TYPES_FOR.items() if card_type in types] or list(Benefit)
    correcting = draw(st.one_of(st.none(), answers))
    return v.CardContext(
        card_type=card_type, benefit=draw(st.sampled_from(benefits)), late=draw(st.booleans()),
        q5_required=draw(st.booleans()), correcting=correcting,
        reason=draw(st.one_of(st.none(), st.text(max_size=600), st.sampled_from(
            ["wrong_hours", "other", " ", "x" * 501]))),
        eligible_days=draw(st.frozensets(st.integers(1, 14), min_size=1)),
        decided_days=draw(st.one_of(st.none(), st.integers(-5, 30))))


@settings(max_examples=300)
@given(cards, contexts(), st.one_of(st.none(), st.booleans()))
def test_no_input_raises_and_every_problem_is_named(card, ctx, confirmed):
    problems = v.validate(card, ctx, confirmed=confirmed)
    for problem in problems:
        assert problem.code in v.CODES, problem
        assert FIELD.match(problem.field), problem
        if "day" in problem.params:
            assert problem.params["date"] == PERIOD.day(problem.params["day"])
            assert problem.field.startswith(f"day-{problem.params['day']}-")
    for notice in v.notices(card, ctx):
        assert notice.code in v.NOTICE_CODES
    if confirmed is not None:
        assert any(p.code == "confirm_required" for p in problems) is (confirmed is not True)


@settings(max_examples=300)
@given(typed_cards, contexts())
def test_a_valid_card_stays_valid_once_normalised_and_stores_as_json(card, ctx):
    stored = v.normalise(card, ctx)
    assert v.normalise(stored, ctx) == stored
    json.dumps(stored.as_dict())
    assert Card.from_dict(json.loads(json.dumps(stored.as_dict()))) == stored
    if v.validate(card, ctx) == []:
        assert v.validate(stored, ctx) == []


@settings(max_examples=200)
@given(st.sampled_from([CardType.DAGPENGER, CardType.AAP_ARENA, CardType.TILTAKSPENGER_ARENA,
                        CardType.AAP_KELVIN, CardType.ETTERREGISTRERING]),
       st.integers(0, 48), st.integers(1, 14))
def test_a_decimal_comma_reads_as_a_point_on_every_card(card_type, halves, day):
    """"7,5" and "7.5" are the same hours on every card with hours."""
    text = f"{halves // 2}.{5 if halves % 2 else 0}"
    benefit = next((b for b, t in CARD_TYPES_FOR.items() if card_type in t), Benefit.DAGPENGER)
    ctx = v.CardContext(card_type, benefit)
    base = {"arbeidet": True, "kurs": False, "syk": False, "annetFravaer": False,
            "arbeidssoker": True, "avtalteAktiviteter": False}

    def codes(typed):
        grid = [Day() for _ in range(14)]
        grid[day - 1] = Day(hours=typed)
        return [p.code for p in v.validate(Card(PERIOD, Answers.from_dict(base), Grid(tuple(grid))),
                                           ctx)]

    assert codes(text) == codes(text.replace(".", ","))
    if 0 < halves <= 48:
        assert codes(text) == []


NOT_WORK = ["-1", "-0,5", "-24", "1e3", "1E+999", "NaN", "Infinity", "-inf", "٣", "७", "7 ½",
            "½", "7,5,5", "7.5.", ".", ",", "0x10", "1_000", "-" + "9" * 400, "８", "7٫5",
            Decimal("NaN"), Decimal("-1E+1000"), 7.5, True, "0", "00"]


@given(st.sampled_from(NOT_WORK), st.sampled_from(list(CardType)))
def test_negative_huge_and_non_numeric_hours_never_count_as_work(typed, card_type):
    """A worked day is hours above 0 (meldekort-frontend 2-Utfylling.tsx; aap
    UtfyllingSteg.kt): such hours get their own problem and never a same-day refusal."""
    benefit = next((b for b, t in CARD_TYPES_FOR.items() if card_type in t), Benefit.DAGPENGER)
    ctx = v.CardContext(card_type, benefit)
    answers = Answers.from_dict({"arbeidet": True, "kurs": False, "syk": True,
                                 "annetFravaer": True, "arbeidssoker": True,
                                 "avtalteAktiviteter": False})
    grid = [Day(ill=True)] + [Day() for _ in range(13)]
    grid[0] = Day(hours=typed, ill=True)
    problems = v.validate(Card(PERIOD, answers, Grid(tuple(grid))), ctx)
    assert not any(p.code == "combination_not_allowed" and p.params["first"].value == "work"
                   for p in problems)
    if card_type is not CardType.TILTAKSPENGER_NEW:
        assert Question.ARBEIDET in v.asked(Card(PERIOD, answers), ctx)
        assert any(p.code in ("hours_range", "hours_not_a_number", "row_needs_a_day")
                   for p in problems)
