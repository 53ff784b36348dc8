"""Plain titles for the tables of an innsyn listing (core.services.subject_access)."""
from flask_babel import lazy_gettext as _l

TABLES = {
    "inmate": _l("Your details"),
    "request": _l("Your requests"),
    "request_message": _l("Messages on your requests"),
    "request_event": _l("What has happened with your requests"),
    "request_draft": _l("A request you have started"),
    "consent": _l("Your consents"),
    "appointment": _l("Your appointments"),
    "checklist_item": _l("Your release checklist"),
    "benefit_plan": _l("Your benefit and meldekort schedule"),
    "form_draft": _l("Forms you have started"),
    "form_submission": _l("Forms and meldekort you have sent"),
    "inmate_setting": _l("Your settings"),
    "module_progress": _l("Your lessons"),
    "step_progress": _l("Your answers in the lessons"),
    "certificate": _l("Your certificates"),
    "class_participant": _l("Classes you have joined"),
    "practice_attempt": _l("Your practice tasks"),
    "server_session": _l("Your sign-ins on the terminals"),
    "sign_in_attempt": _l("Sign-in attempts with your inmate number"),
    "audit_event": _l("The log of everything done with your data"),
}


def table_title(name: str) -> str:
    return str(TABLES.get(name, name.replace("_", " ")))


def column_title(name: str) -> str:
    return name.replace("_", " ")
