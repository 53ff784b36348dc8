"""Plain-language labels for the request domain's codes, in the user's language."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from core.services.requests.topics import Group

TOPICS = {
    "work": _l("Work and job seeking"),
    "dagpenger": _l("Dagpenger and meldekort"),
    "aap": _l("AAP (work assessment allowance) and work ability"),
    "tiltak": _l("Courses, tiltak and AMO"),
    "pension": _l("Disability benefit (uføretrygd) and pension"),
    "child_maintenance": _l("Child maintenance (barnebidrag)"),
    "income_after_release": _l("Money to live on after release"),
    "nav_other": _l("Other questions for Nav"),
    "social_assistance": _l("Financial help (økonomisk sosialhjelp)"),
    "qualification_programme": _l("The qualification programme (kvalifiseringsprogrammet)"),
    "debt": _l("Debt and money advice"),
    "housing": _l("A place to live after release"),
    "individual_plan": _l("Individual plan and responsibility group"),
    "education_rights": _l("Your right to education"),
    "followup_class": _l("School in prison (oppfølgingsklasse)"),
    "career_guidance": _l("Career guidance"),
    "release_parole": _l("Release and parole"),
    "transfer": _l("Transfer and halfway house"),
    "future_plan": _l("Your plan for the future (framtidsplan)"),
    "conflict_council": _l("The conflict council (konfliktrådet)"),
}

GROUPS = {
    Group.NAV: _l("Nav"),
    Group.MUNICIPAL: _l("Your municipality and money"),
    Group.SCHOOL: _l("School and education"),
    Group.PRISON: _l("The prison"),
}

# A request's status, as staff read it. "Waiting for the inmate" (not "Waiting for
# you"): an adviser read "you" as themselves (issue 11, fault 4).
STATUSES = {
    "received": _l("Received"),
    "in_progress": _l("In progress"),
    "waiting_for_inmate": _l("Waiting for the inmate"),
    "waiting_for_others": _l("Waiting for others"),
    "answered": _l("Answered"),
    "closed": lazy_pgettext("request status", "Closed"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
}

# The same statuses, as the inmate reads them on the kiosk.
STATUSES_FOR_INMATE = {**STATUSES, "waiting_for_inmate": _l("Waiting for you")}

TEAMS = {
    "adviser": _l("Nav advisers"),
    "social_worker": _l("Social workers"),
    "school": _l("The school"),
}

KINDS = {
    "conversation": _l("I want a conversation"),
    "question": _l("I have a question"),
}

RECIPIENTS = {
    "home_nav": _l("The Nav office in your home municipality"),
    "social_work": _l("The prison's social workers"),
    "school": _l("The school in prison"),
    "work_shop": _l("The prison work shop, which may tell Nav how you manage at work"),
    "nav_adviser": _l("The Nav advisers in the prison"),
}

LANGUAGES = {
    "nb": "Norsk", "nn": "Nynorsk", "en": "English", "se": "Davvisámegiella", "pl": "Polski",
    "lt": "Lietuvių", "ro": "Română", "ar": "العربية", "other": _l("Another language"),
}

# The same recipients, as staff read them (core.services.requests.handover).
# Why a consent is given (core.services.data_classes.Purpose), in plain words.
PURPOSES = {
    "handover": _l("Hand-over before release: the request is sent to the Nav office in your "
                   "home municipality"),
    "share_request": _l("They may be told about this request and help with it"),
    "work_capacity": _l("A statement of how you manage at work, sent to Nav"),
    "meldekort_help": _l("Meldekort help from social work: they may read your meldekort and "
                         "your benefit"),
    "case_meeting": _l("They may take part in this case together with the team that has it, "
                       "and read what staff write about it"),
}

PURPOSES_FOR_STAFF = {
    "handover": _l("Hand-over before release"),
    "share_request": _l("Told about the request"),
    "work_capacity": _l("Work-capacity statement to Nav"),
    "meldekort_help": _l("Meldekort help from social work"),
    "case_meeting": _l("Shared case meeting"),
}

# How long a consent lasts.
SCOPES = {
    "request": _l("For this request only"),
    "form": _l("For one form only"),
    "stay": _l("For the whole stay, until you withdraw it"),
}

# What a disclosure included (core.services.data_classes.DataClass), for the inmate.
DATA_CLASSES = {
    "identity": _l("Your name, inmate number, prison and expected release"),
    "request_text": _l("What you wrote in the request, and the replies"),
    "internal_notes": _l("Staff's internal notes"),
    "form_answers": _l("Your answers in a form"),
    "form_type": _l("Which form you sent"),
    "meldekort_answers": _l("Your meldekort answers"),
    "benefit": _l("Your benefit and meldekort schedule"),
    "release_plan": _l("Your release checklist"),
    "appointment_time": _l("When and where your appointments are"),
    "appointment_purpose": _l("What your appointments are about"),
    "lesson_progress": _l("Your lessons"),
    "certificates": _l("Your course certificates"),
    "consents": _l("Your consents"),
    "timeline": _l("The log of what happened"),
    "disclosures": _l("What has been sent about you"),
    "work_attendance": _l("How often you came to work, and on time"),
    "work_capacity": _l("The work shop's statement of how you manage at work"),
}

# Who received a disclosure.
DISCLOSURE_RECIPIENTS = {
    "home_nav": _l("The Nav office in your home municipality"),
    "staff_export": _l("Exported or printed by prison staff"),
    "nav_prison": _l("The Nav advisers in the prison"),
}
DISCLOSURE_KINDS = {
    "handover": _l("Hand-over"),
    "export": _l("Export"),
    "print": _l("Print"),
    "statement": _l("Statement from the work shop"),
}

RECIPIENTS_FOR_STAFF = {
    "home_nav": _l("The Nav office in the home municipality"),
    "social_work": _l("The prison's social workers"),
    "school": _l("The school in prison"),
    "work_shop": _l("The prison work shop, about work capacity, to Nav"),
    "nav_adviser": _l("The Nav advisers in the prison"),
}

# Forms, as staff read them (the staff inbox; the kiosk has its own wording).
FORM_STATUSES = {
    "awaiting_countersign": _l("Waiting for an officer's countersignature"),
    "sent": _l("Sent, not opened"),
    "under_review": _l("Under review"),
    "returned": _l("Returned for correction"),
    "registered": _l("Registered with Nav"),
}

FORM_KINDS = {
    "original": _l("Original"),
    "correction": _l("Correction"),
    "resubmission": _l("New version after a return"),
}

BENEFITS = {
    "dagpenger": _l("Dagpenger"),
    "aap": _l("AAP (work assessment allowance)"),
    "tiltakspenger": _l("Tiltakspenger"),
    "job_seeker": _l("Job seeker only, no benefit"),
}

# Why a sent meldekort is corrected (core.services.forms.meldekort.rules.CorrectionReason).
CORRECTION_REASONS = {
    "wrong_hours": _l("The hours worked were wrong"),
    "forgot_activity": _l("An activity was left out"),
    "illness": _l("Illness was wrong or left out"),
    "abroad": _l("A stay abroad was wrong or left out"),
    "wrong_absence": _l("Other absence was wrong"),
    "other": _l("Something else"),
}

# The release checklist (core.services.release.checklist), in the staff member's words.
CHECKLIST = {
    "release_date_known": _l("The home Nav office knows the release date"),
    "income_applied": _l("Money to live on after release (livsopphold) is applied for"),
    "appointment_booked": _l("An appointment at the home Nav office right after release is "
                             "booked"),
    "plans_shared": _l("The home Nav office knows the plans, and there is an individual plan "
                       "if one is wanted"),
    "responsibility_group": _l("The first responsibility group (ansvarsgruppe) meeting after "
                               "release is arranged"),
    "recorded": _l("Everything is recorded"),
}
