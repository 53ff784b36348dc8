"""User-facing texts for ServiceError codes, in the user's language."""
from flask_babel import gettext as _

from core.services.errors import ServiceError


def message(error: ServiceError) -> str:
    texts = {
        "enrolment_invalid": _("That code does not work. It may be mistyped, used already or "
                               "more than 15 minutes old. Ask for a new code."),
        "enrolment_throttled": _("Too many wrong codes. Wait 15 minutes and try again."),
        "bad_credentials": _("The inmate number or PIN code is wrong. Check them and try again."),
        "locked": _("This account is locked after too many wrong attempts. "
                    "Ask an officer to unlock it."),
        "terminal_throttled": _("Too many wrong attempts on this terminal. "
                                "Wait 15 minutes or ask an officer."),
        "throttled": _("Too many wrong attempts from here. Wait 15 minutes and try again."),
        "staff_bad_credentials": _("The username or password is wrong."),
        "bad_code": _("The code is wrong or has been used already. Wait for a new code "
                      "and try again."),
        "not_officer_here": _("Only an officer at this prison can open this terminal."),
        "window_minutes": _("Choose between 5 and 480 minutes."),
        "password_short": _("The password must be at least %(min)s characters.",
                            min=error.params.get("min", 12)),
        "password_long": _("The password is too long."),
        "username_format": _("Use 2 to 64 lower-case letters, digits, dots, dashes or "
                             "underscores."),
        "username_taken": _("That username is taken."),
        "roles_required": _("Choose at least one role."),
        "role_not_grantable": _("You cannot give that role."),
        "prison_not_grantable": _("You can only choose prisons you serve."),
        "prisons_required": _("Choose at least one prison."),
        "prison_unknown": _("That prison does not exist."),
        "cannot_deactivate_self": _("You cannot deactivate your own account."),
        "inmate_number_format": _("Use 3 to 16 letters, digits or dashes."),
        "inmate_number_taken": _("That inmate number is in use."),
        "municipality_unknown": _("Choose a municipality from the list."),
        "language_unknown": _("Choose a language from the list."),
        "status_unknown": _("Choose a status from the list."),
        "prison_code_format": _("Use 2 to 16 capital letters, digits or dashes."),
        "prison_code_taken": _("That code is in use."),
        "unit_taken": _("That unit exists already."),
        "totp_already": _("Two-step sign-in is set up already."),
        "not_found": _("Not found."),
        "topic_unknown": _("Choose what it is about."),
        "kind_unknown": _("Choose a conversation or a question."),
        "text_required": _("Write a message."),
        "text_too_long": _("Use at most %(max)s characters.", max=error.params.get("max", 1000)),
        "request_closed": _("This request is closed. Make a new request if you need more help."),
        "recipient_unknown": _("Choose from the list."),
        "status_not_allowed": _("That status change is not possible from here."),
        "reason_required": _("Give a reason."),
        "assignee_not_eligible": _("That person does not work on this topic in this prison."),
    }
    return texts.get(error.code, _("Something went wrong. Try again."))
