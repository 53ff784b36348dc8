"""User-facing texts around the meldekort, in the user's language: a message for each
problem the rules find (core.services.forms.meldekort.validation.CODES), named per day in
the day grid, the statuses of a period, the card types, and the reasons for a correction.

The card's own texts (questions, hints, the grid's rows and choices, the confirmation, the
late notice and its consequence, the warning on question 5) come from its form definition
(content/forms/meldekort/vN.toml), never from here: ``card_questions`` and ``card_text``
read them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from core.clock import OSLO, as_utc
from core.locale_formats import format_day
from core.services.forms.definitions import FormDefinition
from core.services.forms.meldekort import rules as mk
from core.services.forms.meldekort.card_types import CardType
from core.web.translations import locale_code

STATUSES = {
    mk.Status.NOT_YET_OPEN: _l("Not open yet"),
    mk.Status.OPEN: _l("Ready to fill in"),
    mk.Status.LATE: _l("Late: send it now"),
    mk.Status.AWAITING_COUNTERSIGNATURE: _l("Waiting for an officer to countersign"),
    mk.Status.SENT: _l("Sent"),
    mk.Status.UNDER_REVIEW: _l("Being looked at"),
    mk.Status.RETURNED: _l("Sent back to you for correction"),
    mk.Status.REGISTERED: _l("Registered with Nav"),
    mk.Status.EXEMPT: _l("No card: you are exempt from sending meldekort"),
}

# The colour of each status's tag (Aksel's data-color).
STATUS_COLORS = {
    mk.Status.NOT_YET_OPEN: "neutral", mk.Status.OPEN: "info", mk.Status.LATE: "warning",
    mk.Status.AWAITING_COUNTERSIGNATURE: "warning", mk.Status.SENT: "success",
    mk.Status.UNDER_REVIEW: "info", mk.Status.RETURNED: "danger",
    mk.Status.REGISTERED: "success", mk.Status.EXEMPT: "neutral",
}

# NAV's list of reasons for a correction, in plain words.
REASONS = {
    mk.CorrectionReason.WRONG_HOURS: _l("I wrote the wrong number of hours worked"),
    mk.CorrectionReason.FORGOT_ACTIVITY: _l("I forgot to fill in something I did, such as "
                                            "work, a course or a programme"),
    mk.CorrectionReason.ILLNESS: _l("What I wrote about being ill was wrong or missing"),
    mk.CorrectionReason.ABROAD: _l("What I wrote about a stay abroad was wrong or missing"),
    mk.CorrectionReason.WRONG_ABSENCE: _l("What I wrote about holiday or other absence "
                                          "was wrong"),
    mk.CorrectionReason.OTHER: _l("Something else"),
}

BENEFITS = {
    mk.Benefit.DAGPENGER: _l("dagpenger"),
    mk.Benefit.AAP: _l("AAP"),
    mk.Benefit.TILTAKSPENGER: _l("tiltakspenger"),
    mk.Benefit.JOB_SEEKER: _l("job seeker"),
}


# The card types as the inmate meets them: which card, in plain words.
CARD_TYPES = {
    CardType.DAGPENGER: _l("Meldekort for dagpenger and job seekers"),
    CardType.AAP_ARENA: _l("Meldekort for AAP"),
    CardType.AAP_KELVIN: _l("The new meldekort for AAP"),
    CardType.TILTAKSPENGER_ARENA: _l("Meldekort for tiltakspenger"),
    CardType.TILTAKSPENGER_NEW: _l("The new meldekort for tiltakspenger"),
    CardType.ETTERREGISTRERING: _l("Meldekort for a period you did not send a card for"),
}
# What each card asks, for the choice of card in practice.
CARD_TYPE_HINTS = {
    CardType.DAGPENGER: _l("Five questions, then hours and days. You answer whether you want "
                           "to stay registered as a job seeker."),
    CardType.AAP_ARENA: _l("Four questions, then hours and days."),
    CardType.AAP_KELVIN: _l("Work with hours each day, and absence from activities agreed "
                            "with Nav."),
    CardType.TILTAKSPENGER_ARENA: _l("Four questions, then hours and days."),
    CardType.TILTAKSPENGER_NEW: _l("What you did each day of your programme, one answer a "
                                   "day."),
}
# The card types offered in practice (etterregistrering is made by staff only).
PRACTICE_CARD_TYPES = tuple(t.value for t in CARD_TYPE_HINTS)


def card_type_label(card_type: str | None) -> str:
    try:
        return str(CARD_TYPES[CardType(card_type)])
    except ValueError:
        return ""


def card_type_hint(card_type: str) -> str:
    return str(CARD_TYPE_HINTS[CardType(card_type)])


@dataclass(frozen=True)
class CardQuestion:
    """A question of a card as the question macro draws it (kiosk/forms/_question.html):
    the classic five from the definition's step, the new AAP card's from its texts."""

    key: str
    label: Callable[[str], str]
    hint: Callable[[str], str] | None = None
    type: str = "yesno"
    options: tuple = ()


def card_text(definition: FormDefinition, name: str, language: str) -> str:
    """A text of the card's definition by name ("row_work", "status_ill" ...); "" if none."""
    text = definition.texts.get(name)
    return text(language) if text is not None else ""


def card_questions(definition: FormDefinition, language: str) -> list[CardQuestion]:
    """Every question a card of ``definition`` may ask, by key."""
    found = [CardQuestion(q.key, q.label, q.hint) for q in definition.steps[0].questions]
    for question in (mk.Question.AVTALTE_AKTIVITETER, mk.Question.FRAVAER):
        key = question.value
        label = definition.texts.get(f"q_{key}")
        if label is not None:
            found.append(CardQuestion(key, label, definition.texts.get(f"q_{key}_hint")))
    return found


def oslo_moment(moment: datetime) -> str:
    """"fredag 27. februar kl. 15:00", "Friday 27 February at 15:00"; at midnight only the
    day ("lørdag 14. mars"), since the whole day counts."""
    local = as_utc(moment).astimezone(OSLO)
    if (local.hour, local.minute) == (0, 0):
        return day_name(local.date(), capital=False)
    if language() == "nb":
        return format_datetime(local, "EEEE d. MMMM 'kl.' HH:mm")
    return format_datetime(local, "EEEE d MMMM 'at' HH:mm")


def language() -> str:
    """The language the kiosk's page is shown in."""
    return locale_code()


def day_name(day: date, *, capital: bool = True) -> str:
    """A day as a heading or a message starts with it: "Tirsdag 4. mars", "Tuesday 4
    March"; with ``capital`` False, as it reads inside a sentence ("tirsdag 4. mars")."""
    lang = language()
    text = format_day(day, "EEEE d. MMMM" if lang == "nb" else "EEEE d MMMM", lang)
    return text[:1].upper() + text[1:] if capital else text


def short_date(day: date) -> str:
    """"4. mars", "4 March"."""
    lang = language()
    return format_day(day, "d. MMMM" if lang == "nb" else "d MMMM", lang)


def hours_text(hours) -> str:
    """A day's hours as the page shows them: 7,5 in Norwegian, or exactly as typed."""
    if hours is None:
        return ""
    text = str(hours)
    if not isinstance(hours, str) and language() == "nb":
        text = text.replace(".", ",")
    return text


def status_label(status: mk.Status) -> str:
    return str(STATUSES[mk.Status(status)])


def reason_label(reason: str | None) -> str:
    try:
        return str(REASONS[mk.CorrectionReason(reason)])
    except ValueError:
        return reason or ""


def _row_needs_a_day(row: mk.Activity) -> str:
    return {
        mk.Activity.WORK: _("Write the hours for at least one day you worked, or go back and "
                            "answer no to the question about work."),
        mk.Activity.COURSE: _("Tick at least one day you took part in a programme, course or "
                              "education, or go back and answer no to that question."),
        mk.Activity.ILL: _("Tick at least one day you were ill, or go back and answer no to "
                           "the question about illness."),
        mk.Activity.ABSENCE: _("Tick at least one day you had holiday or other absence, or "
                               "go back and answer no to that question."),
        mk.Activity.AAP_ABSENCE: _("Choose the reason on at least one day you were absent "
                                   "from an agreed activity, or go back and answer no to "
                                   "that question."),
    }[mk.Activity(row)]


def _combination(day: str, first: mk.Activity, second: mk.Activity, benefit: str | None) -> str:
    """The refused pair on ``day``: "when you get <benefit>", or, for a job seeker with no
    benefit (the dagpenger card refuses the same pairs for them), "on the meldekort"."""
    pair = frozenset({mk.Activity(first), mk.Activity(second)})
    if benefit is None:
        if pair == {mk.Activity.WORK, mk.Activity.ILL}:
            return _("%(day)s: you cannot both work and be ill on the same day on the "
                     "meldekort.", day=day)
        if pair == {mk.Activity.WORK, mk.Activity.ABSENCE}:
            return _("%(day)s: you cannot both work and have holiday or other absence on the "
                     "same day on the meldekort.", day=day)
        return _("%(day)s: you cannot both be ill and have holiday or other absence on the "
                 "same day on the meldekort.", day=day)
    if pair == {mk.Activity.WORK, mk.Activity.ILL}:
        return _("%(day)s: you cannot both work and be ill on the same day when you get "
                 "%(benefit)s.", day=day, benefit=benefit)
    if pair == {mk.Activity.WORK, mk.Activity.ABSENCE}:
        return _("%(day)s: you cannot both work and have holiday or other absence on the "
                 "same day when you get %(benefit)s.", day=day, benefit=benefit)
    return _("%(day)s: you cannot both be ill and have holiday or other absence on the same "
             "day when you get %(benefit)s.", day=day, benefit=benefit)


def problem_text(problem: mk.Problem, labels: dict[str, str] | None = None) -> str:
    """The message for a meldekort problem. Problems in the day grid start with the day
    they are about; ``labels`` gives the questions' texts by key, as the page shows them."""
    params = problem.params
    day = day_name(params["date"]) if "date" in params else ""
    code = problem.code
    if code == "answer_required":
        question = (labels or {}).get(problem.field)
        return (_("Answer yes or no: %(question)s", question=question) if question
                else _("Answer yes or no."))
    if code == "answer_fixed":
        return (_("This answer cannot be changed on this card. It is yes.") if params.get("value")
                else _("This answer cannot be changed on this card. It is no."))
    if code == "unregister_confirm_required":
        return _("Tick the box to show that you understand, or go back and answer yes.")
    if code == "reason_required":
        return _("Choose why you are correcting the card.")
    if code == "reason_text_required":
        return _("Write why you are correcting the card.")
    if code == "reason_too_long":
        return _("Use at most %(max)s characters.", max=params.get("max"))
    if code == "row_needs_a_day":
        return _row_needs_a_day(params["row"])
    if code == "hours_not_a_number":
        return _("%(day)s: write the hours as a number, for example 7.5.", day=day)
    if code == "hours_half":
        return _("%(day)s: you can only enter whole or half hours.", day=day)
    if code == "hours_range":
        low = params.get("min") or 0
        if low:
            return _("%(day)s: write from %(min)s to %(max)s hours on a day you worked, or "
                     "leave the day empty.", day=day, min=hours_text(low),
                     max=hours_text(params.get("max", 24)))
        return _("%(day)s: write from 0 to %(max)s hours.", day=day,
                 max=hours_text(params.get("max", 24)))
    if code == "choice_unknown":
        return _("%(day)s: choose from the list.", day=day)
    if code == "status_unknown":
        return _("%(day)s: choose what you did this day from the list.", day=day)
    if code == "status_locked":
        return _("%(day)s: this day is not part of your programme. Leave it empty.", day=day)
    if code == "days_none":
        return ngettext("Fill in what you did on the %(num)s day your decision gives you.",
                        "Fill in what you did on the %(num)s days your decision gives you.",
                        params.get("decided") or 0)
    if code in ("days_too_many", "days_too_few"):
        # Two sentences, each with its own plural: the days filled in, then the decision's.
        counted = params.get("counted") or 0
        decided = params.get("decided") or 0
        filled_in = ngettext("You have filled in %(num)s day.",
                             "You have filled in %(num)s days.", counted)
        if code == "days_too_many":
            decision = ngettext("Your decision gives you %(num)s day: choose \"Not a programme "
                                "day\" for the others.",
                                "Your decision gives you %(num)s days: choose \"Not a programme "
                                "day\" for the others.", decided)
        else:
            decision = ngettext("Fill in %(num)s day, as your decision says.",
                                "Fill in %(num)s days, as your decision says.", decided)
        return f"{filled_in} {decision}"
    if code == "combination_not_allowed":
        benefit = mk.Benefit(params["benefit"])
        return _combination(day, params["first"], params["second"],
                            None if benefit is mk.Benefit.JOB_SEEKER else str(BENEFITS[benefit]))
    if code == "confirm_required":
        return _("Tick the box to confirm.")
    return _("Check this answer.")
