"""Plain-language labels for the request domain's codes, in the user's language: requests,
consents and disclosures, forms and meldekort. The release capability's labels are in
core.web.release_labels."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from core import locales
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

# The teams, as the inmate reads where a request was forwarded (issue 16).
TEAMS_FOR_INMATE = {
    "adviser": _l("Nav's advisers in the prison"),
    "social_worker": _l("the prison's social workers"),
    "school": _l("the school in prison"),
}

# How a request came, as staff read it (core.services.requests.ways_in.CHANNELS; "kiosk":
# the inmate at a terminal).
CHANNELS = {
    "kiosk": _l("The inmate, at a terminal"),
    "paper_note": _l("Paper note (samtalelapp)"),
    "conversation": _l("In a conversation"),
    "phone": _l("By phone"),
    "health": _l("Referral from the health service"),
    "school": _l("Referral from the school"),
    "work_shop": _l("Referral from the work shop"),
    "home_nav": _l("Referral from the home Nav office"),
    "probation": _l("Referral from the probation office (friomsorgen)"),
}

# How a request registered by staff came (core.services.requests.ways_in.CHANNELS), as the
# inmate reads it.
CHANNELS_FOR_INMATE = {
    "paper_note": _l("From your paper note."),
    "conversation": _l("From a conversation with you."),
    "phone": _l("From a phone call."),
    "health": _l("The health service told us you need help."),
    "school": _l("The school told us you need help."),
    "work_shop": _l("The work shop told us you need help."),
    "home_nav": _l("The Nav office in your home municipality told us you need help."),
    "probation": _l("The probation office told us you need help."),
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

# Each language named in itself (core.locales), as the inmate chose it.
LANGUAGES = {**{locale.code: locale.name for locale in locales.KIOSK_LOCALES},
             "nb": "Norsk", "other": _l("Another language")}

# The same recipients, as staff read them (core.services.requests.handover).
# Why a consent is given (core.services.data_classes.Purpose), in plain words.
PURPOSES = {
    "handover": _l("Hand-over before release: the request is sent to the Nav office in your "
                   "home municipality"),
    "share_request": _l("They may be told about this request and help with it"),
    "work_capacity": _l("A statement of how you manage at work, sent to Nav"),
    "meldekort_help": _l("Meldekort help from social work: they may read your meldekort and "
                         "your benefit"),
    "plan": _l("Your release plan and your appointments after release are sent to the Nav "
               "office in your home municipality"),
    "claims": _l("Which applications and forms you have sent are told to the Nav office in "
                 "your home municipality"),
    "case_meeting": _l("They may take part in this case together with the team that has it, "
                       "and read what staff write about it"),
}

# A purpose given for the whole stay, where it reads otherwise than on a request.
STANDING_PURPOSES = {
    "handover": _l("Hand-over before release: who you are, your release dates and your contact "
                   "person in prison are sent to the Nav office in your home municipality"),
}

PURPOSES_FOR_STAFF = {
    "handover": _l("Hand-over before release"),
    "share_request": _l("Told about the request"),
    "work_capacity": _l("Work-capacity statement to Nav"),
    "meldekort_help": _l("Meldekort help from social work"),
    "plan": _l("Release plan and appointments after release"),
    "claims": _l("Applications and forms sent"),
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
    "request_channel": _l("How a request registered for you came (a paper note, a call, "
                          "a referral)"),
    "request_attachment": _l("The scan or photo of your paper note"),
    "internal_notes": _l("Staff's internal notes"),
    "form_answers": _l("Your answers in a form"),
    "form_type": _l("Which form you sent"),
    "meldekort_answers": _l("Your meldekort answers"),
    "benefit": _l("Your benefit and meldekort schedule"),
    "release_plan": _l("Your release plan and appointments after release"),
    "release_notes": _l("Staff's notes on your release plan"),
    "release_dates": _l("Your arrival and release dates"),
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
    "release_handover": _l("Hand-over before release"),
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

# The meldekort NAV runs (core.services.forms.meldekort.card_types.CardType): what the
# adviser chooses with the benefit, and what the record, CSV and print say.
CARD_TYPES = {
    "dagpenger": _l("Dagpenger and job seekers: Nav's new reporting card"),
    "aap_arena": _l("AAP in Arena: the older card"),
    "aap_kelvin": _l("AAP in Kelvin: the new AAP card"),
    "tiltakspenger_arena": _l("Tiltakspenger in Arena: the older card"),
    "tiltakspenger_new": _l("Tiltakspenger: the new card, one status per day"),
    "etterregistrering": _l("Etterregistrering: a card for a period that had none"),
}

# Why an inmate is exempt from sending meldekort (core.services.forms.meldekort.exemptions).
EXEMPTION_REASONS = {
    "nav_decision": _l("Nav has decided it"),
    "health_institution": _l("Admitted to a health institution"),
    "other": _l("Other (say why in the note)"),
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
