"""The meldekort's problem texts (kiosk.forms.meldekort_texts): the count of days the inmate
has filled in has its own plural, so one day is "1 day", never "1 days" ("1 dager")."""
import re

import pytest
from flask_babel import force_locale

from core.services.forms.meldekort import rules as mk
from kiosk.forms.meldekort_texts import problem_text

EXPECTED = {
    ("en", "days_too_few"): {
        (1, 3): "You have filled in 1 day. Fill in 3 days, as your decision says.",
        (2, 3): "You have filled in 2 days. Fill in 3 days, as your decision says.",
        (0, 1): "You have filled in 0 days. Fill in 1 day, as your decision says.",
    },
    ("en", "days_too_many"): {
        (1, 0): "You have filled in 1 day. Your decision gives you 0 days: choose "
                "\"Not a programme day\" for the others.",
        (2, 1): "You have filled in 2 days. Your decision gives you 1 day: choose "
                "\"Not a programme day\" for the others.",
    },
    ("nb", "days_too_few"): {
        (1, 3): "Du har fylt ut 1 dag. Fyll ut 3 dager, slik vedtaket ditt sier.",
        (2, 3): "Du har fylt ut 2 dager. Fyll ut 3 dager, slik vedtaket ditt sier.",
        (0, 1): "Du har fylt ut 0 dager. Fyll ut 1 dag, slik vedtaket ditt sier.",
    },
    ("nb", "days_too_many"): {
        (1, 0): "Du har fylt ut 1 dag. Vedtaket ditt gir deg 0 dager: velg «Ikke tiltaksdag» "
                "for de andre.",
        (2, 1): "Du har fylt ut 2 dager. Vedtaket ditt gir deg 1 dag: velg «Ikke tiltaksdag» "
                "for de andre.",
    },
}


@pytest.mark.parametrize("lang, code", sorted(EXPECTED))
def test_the_days_filled_in_are_counted_in_the_right_number(kiosk_app, lang, code):
    with kiosk_app.test_request_context("/"), force_locale(lang):
        texts = {
            (counted, decided): problem_text(mk.Problem(
                "days", code, {"counted": counted, "decided": decided}))
            for counted, decided in EXPECTED[lang, code]}
        # every count of days filled in against every count in the decision
        every = [problem_text(mk.Problem("days", code, {"counted": counted, "decided": decided}))
                 for counted in (0, 1, 2, 5, 21) for decided in (0, 1, 2, 5, 21)]
    assert texts == EXPECTED[lang, code]
    for text in every:
        assert not re.search(r"(?<!\d)1 (days|dager)\b", text), text
        assert "%(" not in text and "None" not in text, text
