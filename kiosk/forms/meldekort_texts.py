"""User-facing texts around the meldekort, in the user's language: a message for each
problem the rules find (core.services.forms.meldekort.rules.CODES), named per day in the day grid,
the statuses of a period, and the reasons for a correction.

The card's own texts (questions, hints, the grid's rows, the confirmations, the late
notice) come from its form definition (content/forms/meldekort/vN.toml), never from here.
"""
from __future__ import annotations

from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.services.forms.meldekort import rules as mk

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


def _language() -> str:
    return str(get_locale() or "nb")


def day_name(day: date, *, capital: bool = True) -> str:
    """A day as a heading or a message starts with it: "Tirsdag 4. mars", "Tuesday 4
    March"; with ``capital`` False, as it reads inside a sentence ("tirsdag 4. mars")."""
    text = format_date(day, "EEEE d. MMMM" if _language() == "nb" else "EEEE d MMMM")
    return text[:1].upper() + text[1:] if capital else text


def short_date(day: date) -> str:
    """"4. mars", "4 March"."""
    return format_date(day, "d. MMMM" if _language() == "nb" else "d MMMM")


def hours_text(hours) -> str:
    """A day's hours as the page shows them: 7,5 in Norwegian, or exactly as typed."""
    if hours is None:
        return ""
    text = str(hours)
    if not isinstance(hours, str) and _language() == "nb":
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
    }[mk.Activity(row)]


def _combination(day: str, first: mk.Activity, second: mk.Activity, benefit: str) -> str:
    pair = frozenset({mk.Activity(first), mk.Activity(second)})
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
    if code == "row_needs_a_day":
        return _row_needs_a_day(params["row"])
    if code == "hours_not_a_number":
        return _("%(day)s: write the hours as a number, for example 7.5.", day=day)
    if code == "hours_half":
        return _("%(day)s: you can only enter whole or half hours.", day=day)
    if code == "hours_range":
        return _("%(day)s: write from 0 to 24 hours.", day=day)
    if code == "combination_not_allowed":
        return _combination(day, params["first"], params["second"],
                            str(BENEFITS[mk.Benefit(params["benefit"])]))
    if code == "confirm_required":
        return _("Tick the box to confirm.")
    return _("Check this answer.")
