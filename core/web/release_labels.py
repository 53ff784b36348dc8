"""Plain-language labels for the release capability's codes (core.services.release), in the
user's language: the release plan's pathways, items, statuses and owners, the hand-over,
the release dates and the release statistics. The request domain's labels are in
core.web.labels."""
from flask_babel import lazy_gettext as _l

from core.services.release.pathways import words_of

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
