"""User-facing texts for forms: answer problems and submission statuses."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

STATUSES = {
    "awaiting_countersign": _l("Waiting for an officer to countersign"),
    "sent": _l("Sent"),
    "under_review": _l("Being looked at"),
    "returned": _l("Sent back to you for correction"),
    "registered": _l("Registered with Nav"),
}


def status_label(status: str) -> str:
    return str(STATUSES.get(status, status))


def problem_text(problem) -> str:
    """The message for a form_answers.Problem (or a meldekort problem with the same
    shape), in the user's language."""
    params = problem.params
    texts = {
        "answer_required": lambda: _("Answer the question."),
        "choose_one": lambda: _("Choose one of the answers."),
        "choose_one_or_more": lambda: _("Choose at least one."),
        "choice_unknown": lambda: _("Choose from the list."),
        "text_too_long": lambda: _("Use at most %(max)s characters.", max=params.get("max")),
        "number_format": lambda: _("Write a whole number, with digits only."),
        "number_range": lambda: _("Write a number from %(min)s to %(max)s.",
                                  min=params.get("min"), max=params.get("max")),
        "date_format": lambda: _("Write the date as day.month.year, for example 24.12.2026."),
        "municipality_unknown": lambda: _("Choose a municipality from the list."),
        "confirm_required": lambda: _("Tick the box to confirm."),
    }
    text = texts.get(problem.code)
    return text() if text else _("Check this answer.")
