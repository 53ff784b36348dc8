"""Plain-language labels for the request domain's codes, in the user's language."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from core import locales
from core.services.release.pathways import words_of
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

# The release plan (core.services.release.pathways), in the staff member's words.
PATHWAYS = {
    "income": _l("Income"),
    "housing": _l("Housing"),
    "money_debt": _l("Money and debt"),
    "id_bank": _l("ID, bank and electronic ID"),
    "work_school": _l("Work and school"),
    "health": _l("Health and substance use: referrals only"),
    "network": _l("Network and the home Nav office"),
}
PLAN_ITEMS = {
    "meldekort_schedule": _l("The meldekort schedule is set"),
    "income_applied": _l("Money to live on after release (livsopphold) is applied for"),
    "dagpenger": _l("Unemployment benefit (dagpenger)"),
    "aap": _l("Work assessment allowance (AAP)"),
    "uforetrygd": _l("Disability benefit (uføretrygd)"),
    "sosialhjelp": _l("Financial assistance (sosialhjelp)"),
    "kvalifiseringsprogram": _l("Qualification programme (kvalifiseringsprogram)"),
    "housing_asked": _l("Asked about rent and housing"),
    "rent_keep_or_end": _l("The rent is kept or the lease ended"),
    "bostotte": _l("Housing allowance (bostøtte)"),
    "housing_office_contacted": _l("The municipal housing office is contacted"),
    "temporary_housing": _l("Temporary housing is arranged"),
    "child_support_asked": _l("Asked about child support (barnebidrag)"),
    "child_support_paused": _l("Child support is paused"),
    "debt_advice": _l("Debt advice"),
    "debt_collector_contact": _l("Contact with Kemneren or Nav Innkreving"),
    "id_document": _l("Passport or national ID card"),
    "bank_account": _l("Bank account"),
    "bankid": _l("BankID"),
    "minid": _l("MinID"),
    "school_wish": _l("The wish for school is recorded"),
    "jobseeker_registration": _l("Registered as a job seeker"),
    "cv": _l("The CV is done"),
    "course_or_tiltak": _l("A course or labour market measure (tiltak)"),
    "school_place": _l("A school place after release"),
    "work_shop_statement": _l("A statement from the work shop"),
    "health_referral": _l("Referred to the prison health service"),
    "section12_applied": _l("A §12 place is applied for"),
    "home_nav_told_arrival": _l("The home Nav office is told of the arrival (with consent)"),
    "release_date_known": _l("The home Nav office knows the release date"),
    "plans_shared": _l("The home Nav office knows the plans"),
    "individual_plan": _l("An individual plan with the home municipality, if one is wanted"),
    "probation_informed": _l("The probation office (friomsorgen) is informed"),
    "appointment_booked": _l("An appointment at the home Nav office right after release is "
                             "booked"),
    "responsibility_group": _l("The first responsibility group (ansvarsgruppe) meeting after "
                               "release is arranged"),
    "recorded": _l("Everything is recorded"),
}
# The same items in plain words for the inmate (kiosk, "Min plan for løslatelsen").
PLAN_ITEMS_FOR_INMATE = {
    "meldekort_schedule": _l("Your meldekort dates are set up"),
    "income_applied": _l("You have applied for money to live on after release"),
    "dagpenger": _l("Unemployment benefit (dagpenger)"),
    "aap": _l("Work assessment allowance (AAP)"),
    "uforetrygd": _l("Disability benefit (uføretrygd)"),
    "sosialhjelp": _l("Money from the Nav office in your municipality (sosialhjelp)"),
    "kvalifiseringsprogram": _l("The qualification programme"),
    "housing_asked": _l("We have talked about where you live"),
    "rent_keep_or_end": _l("Keep or end the rent of your flat"),
    "bostotte": _l("Help to pay for housing (bostøtte)"),
    "housing_office_contacted": _l("The housing office in your municipality knows you need a "
                                   "place to live"),
    "temporary_housing": _l("A place to stay right after release"),
    "child_support_asked": _l("We have talked about child support"),
    "child_support_paused": _l("Child support is paused while you are inside"),
    "debt_advice": _l("Help with debt"),
    "debt_collector_contact": _l("Contact with those you owe money (Kemneren or Nav "
                                 "Innkreving)"),
    "id_document": _l("A passport or ID card"),
    "bank_account": _l("A bank account"),
    "bankid": _l("BankID"),
    "minid": _l("MinID"),
    "school_wish": _l("Your wish for school"),
    "jobseeker_registration": _l("Register as a job seeker"),
    "cv": _l("Your CV"),
    "course_or_tiltak": _l("A course or work training"),
    "school_place": _l("A school place after release"),
    "work_shop_statement": _l("A statement of your work from the work shop"),
    "health_referral": _l("A meeting with the health service in the prison"),
    "section12_applied": _l("An application to serve your sentence in treatment (§12)"),
    "home_nav_told_arrival": _l("The Nav office at home knows you are here"),
    "release_date_known": _l("The Nav office at home knows your release date"),
    "plans_shared": _l("The Nav office at home knows your plans"),
    "individual_plan": _l("An individual plan with your municipality"),
    "probation_informed": _l("The probation office knows about you"),
    "appointment_booked": _l("A meeting at the Nav office right after release"),
    "responsibility_group": _l("The first meeting with your responsibility group"),
    "recorded": _l("Everything is written down"),
}
PLAN_STATUSES = {
    "not_started": _l("Not started"), "in_progress": _l("In progress"), "done": _l("Done"),
    "not_needed": _l("Not needed"), "declined": _l("Declined by the inmate"),
}
PLAN_STATUSES_FOR_INMATE = {
    "not_started": _l("Not started"), "in_progress": _l("Being worked on"), "done": _l("Done"),
    "not_needed": _l("Not needed"), "declined": _l("You said no thanks"),
}
# The income benefits' words for the same statuses (core.services.release.pathways.WORDS):
# applied for, decided, not relevant.
PLAN_STATUS_WORDS = {
    "general": PLAN_STATUSES,
    "benefit": {
        "not_started": _l("Not applied for"), "in_progress": _l("Applied for"),
        "done": _l("Decided"), "not_needed": _l("Not relevant"),
        "declined": _l("Declined by the inmate"),
    },
}
PLAN_STATUS_WORDS_FOR_INMATE = {
    "general": PLAN_STATUSES_FOR_INMATE,
    "benefit": {
        "not_started": _l("Not applied for"), "in_progress": _l("Applied for"),
        "done": _l("Decided"), "not_needed": _l("Not relevant"),
        "declined": _l("You said no thanks"),
    },
}


def plan_status(item: str | None, status: str, for_inmate: bool = False) -> str:
    """A plan item's status in the words of the item's vocabulary (the income benefits:
    applied for, decided, not relevant); the code itself when there is none."""
    tables = PLAN_STATUS_WORDS_FOR_INMATE if for_inmate else PLAN_STATUS_WORDS
    return str(tables[words_of(item)].get(status, status))


PLAN_OWNERS = {
    "adviser": _l("Nav adviser in the prison"), "social_worker": _l("Social worker"),
    "school": _l("The prison school"), "work_shop": _l("The work shop"),
    "health_service": _l("The prison health service"), "home_nav": _l("The home Nav office"),
    "municipality": _l("The home municipality"), "probation": _l("The probation office"),
    "next_school": _l("The school after release"),
}
# What the inmate can ask for help with from "Min plan" (core.services.release.pathways.HELP).
PLAN_HELP = {
    "housing": _l("A place to live"), "money": _l("Money and debt"),
    "id": _l("ID card, bank and BankID"), "work": _l("Work"), "school": _l("School"),
    "other": _l("Something else"),
}


# The sections of the person's hand-over (core.services.release.handover), as staff and
# the home Nav office read them.
HANDOVER_SECTIONS = {
    "about": _l("Who it is, the release dates and the contact person in prison"),
    "plan": _l("The release plan"),
    "appointments": _l("Appointments after release"),
    "claims": _l("Applications and forms sent"),
    "requests": _l("Requests"),
}

# The release dates (core.services.release.plan_view.dates).
RELEASE_DATES = {
    "arrived_on": _l("Arrived"),
    "earliest_on": _l("Earliest possible release"),
    "expected_on": _l("Expected release"),
    "latest_on": _l("Latest release"),
}

# How the home Nav office confirmed receipt of the hand-over, and whether the person came
# to the first appointment after release (core.services.release.handover_follow_up).
RECEIPT_CHANNELS = {
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "letter": _l("Letter"),
    "nav_systems": _l("Nav's own systems"),
    "meeting": _l("In a meeting"),
}
APPOINTMENT_OUTCOMES = {
    "kept": _l("Kept: the person came"),
    "missed": _l("Missed: the person did not come"),
    "unknown": _l("Not known"),
}

# Release statistics: the pathways' key items (core.services.release.statistics).
KEY_ITEMS = {
    "housing": _l("Housing"),
    "income": _l("Income applied for"),
    "appointment": _l("Appointment booked"),
    "id": _l("ID"),
}


def plan_label(kind: str, code: str, item: str | None = None) -> str:
    """A release plan's pathway, item, status or owner in words (the plan's own labels,
    core.services.release); the code itself when there is none. A status is in the words
    of ``item``'s vocabulary."""
    if kind == "status":
        return plan_status(item, code)
    table = {"pathway": "PATHWAYS", "item": "PLAN_ITEMS", "status": "PLAN_STATUSES",
             "owner": "PLAN_OWNERS"}.get(kind, "")
    return str(globals().get(table, {}).get(code, code))
