"""The release plan's pathways and their items, and who sees which pathway: as data.

The pathways are the shared part of the prison's framtidsplan (seeds 002, lines
1862-1876: education, work, social network, substance use, money, housing ...), cut to
what the inmate, Nav, the municipality and the school share (shared/domain/README.md,
"Re-entry"). The income and network items carry what Nav's adviser must make sure of
before release (seeds 001, lines 418-426): the home Nav office knows the release date,
an appointment there right after release, income benefits applied for, the planned path
known to the home office, an individual plan with the home municipality where needed,
the first ansvarsgruppe meeting, everything recorded. The six items of the old release
checklist keep their codes here (migration 0012 moved their rows).

Health and rus are referrals only: whether a referral to the prison health service was
made and whether a §12 place was applied for (a status and a date), never a diagnosis or
any health detail; these items have no free text the inmate sees, and the note must
not hold health details (the form says so).

Due dates: ``days_before`` counts back from the plan's earliest release date
(core.services.release.plan_dates.anchor); ``arrival`` items make up the arrival list, due
within ARRIVAL_WORKING_DAYS working days of arrival instead.

Codes are stable identifiers stored with plan items; the labels live in the apps
(core.web.release_labels), translated.

Status words: every item stores the same statuses (STATUSES), but an item may show and
be chosen in a vocabulary of its own (``ItemDef.words``, one of WORDS). The income
benefits use "benefit": in_progress is "applied for" (Søkt), done is "decided" (Vedtak
fattet), not_needed is "not relevant" (Ikke aktuelt), as the issue names them; the
labels per vocabulary are core.web.release_labels.PLAN_STATUS_WORDS and
PLAN_STATUS_WORDS_FOR_INMATE.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.models import Role

ARRIVAL_WORKING_DAYS = 5
SHORT_STAY_DAYS = 90  # expected release within 90 days of arrival: a short stay

STATUSES = ("not_started", "in_progress", "done", "not_needed", "declined")
OPEN = frozenset({"not_started", "in_progress"})  # still to do
CLOSED = frozenset(STATUSES) - OPEN  # done, not needed, declined by the inmate
WORDS = ("general", "benefit")  # the status vocabularies (see above)

# Who owns an item: a team in the prison, or a party outside it.
INSIDE_OWNERS = ("adviser", "social_worker", "school", "work_shop", "health_service")
OUTSIDE_OWNERS = ("home_nav", "municipality", "probation", "next_school")
OWNERS = INSIDE_OWNERS + OUTSIDE_OWNERS


@dataclass(frozen=True)
class ItemDef:
    code: str
    owner: str  # the default owner, one of OWNERS
    days_before: int | None = None  # due this many days before the earliest release
    arrival: bool = False  # on the arrival list: due within 5 working days of arrival
    words: str = "general"  # the status vocabulary, one of WORDS


@dataclass(frozen=True)
class Pathway:
    code: str
    items: tuple[ItemDef, ...]


A = ItemDef
PATHWAYS: tuple[Pathway, ...] = (
    Pathway("income", (
        A("meldekort_schedule", "adviser", arrival=True),
        A("income_applied", "adviser", 21, words="benefit"),  # checklist: livsopphold applied
        A("dagpenger", "adviser", 21, words="benefit"),
        A("aap", "adviser", 21, words="benefit"),
        A("uforetrygd", "adviser", 30, words="benefit"),
        A("sosialhjelp", "home_nav", 14, words="benefit"),
        A("kvalifiseringsprogram", "home_nav", 30, words="benefit"),
    )),
    Pathway("housing", (
        A("housing_asked", "social_worker", arrival=True),  # rent and housing asked about
        A("rent_keep_or_end", "social_worker", 60),
        A("bostotte", "social_worker", 30),
        A("housing_office_contacted", "social_worker", 45),
        A("temporary_housing", "municipality", 14),
    )),
    Pathway("money_debt", (
        A("child_support_asked", "adviser", arrival=True),  # barnebidrag asked about
        A("child_support_paused", "adviser", 30),
        A("debt_advice", "social_worker", 45),
        A("debt_collector_contact", "social_worker", 30),  # Kemneren / Nav Innkreving
    )),
    Pathway("id_bank", (
        A("id_document", "social_worker", 45),  # passport or national ID card
        A("bank_account", "social_worker", 30),
        A("bankid", "social_worker", 14),
        A("minid", "social_worker", 14),
    )),
    Pathway("work_school", (
        A("school_wish", "school", arrival=True),
        A("jobseeker_registration", "adviser", 14),
        A("cv", "adviser", 30),
        A("course_or_tiltak", "adviser", 30),
        A("school_place", "school", 30),
        A("work_shop_statement", "work_shop", 30),
    )),
    Pathway("health", (  # referrals only: never a diagnosis
        A("health_referral", "health_service", 30),
        A("section12_applied", "social_worker", 60),
    )),
    Pathway("network", (
        A("home_nav_told_arrival", "adviser", arrival=True),  # if the inmate consents
        A("release_date_known", "adviser", 30),
        A("plans_shared", "adviser", 14),
        A("individual_plan", "municipality", 30),
        A("probation_informed", "social_worker", 14),
        A("appointment_booked", "adviser", 14),
        A("responsibility_group", "adviser", 7),
        A("recorded", "adviser", 1),
    )),
)
PATHWAY_CODES = tuple(p.code for p in PATHWAYS)
ITEMS: dict[str, tuple[str, ItemDef]] = {
    i.code: (p.code, i) for p in PATHWAYS for i in p.items}  # item code -> (pathway, def)
ARRIVAL_ITEMS = tuple(code for code, (_p, i) in ITEMS.items() if i.arrival)

# Which pathways each staff role sees (deny by default: a role not named sees none).
# Officers never see content; the school sees work and school; trainers and the
# administrators see none (administrators print it only in the innsyn export).
ALL = frozenset(PATHWAY_CODES)
VISIBLE: dict[Role, frozenset[str]] = {
    Role.ADVISER: ALL,
    Role.SOCIAL_WORKER: ALL,
    Role.SCHOOL: frozenset({"work_school"}),
    Role.OFFICER: frozenset(),
    Role.TRAINER: frozenset(),
    Role.PRISON_ADMIN: frozenset(),
    Role.SYSTEM_ADMIN: frozenset(),
}

# What the inmate can ask for help with on the kiosk ("Min plan"): the request topic it
# files (and so the team it reaches, core.services.requests.topics) and the plan item it
# is linked to (None: no one item).
HELP: dict[str, tuple[str, str | None]] = {
    "housing": ("housing", "housing_office_contacted"),
    "money": ("debt", "debt_advice"),
    "id": ("future_plan", "id_document"),
    "work": ("work", "jobseeker_registration"),
    "school": ("education_rights", "school_place"),
    "other": ("future_plan", None),
}


def visible_pathways(roles) -> frozenset[str]:
    """The pathways a staff member with these roles sees (the union over their roles)."""
    found: set[str] = set()
    for role in roles:
        found |= VISIBLE.get(Role(role), frozenset())
    return frozenset(found)


def may_see(roles, pathway: str) -> bool:
    return pathway in visible_pathways(roles)


def pathway_of(code: str) -> str | None:
    found = ITEMS.get(code)
    return found[0] if found else None


def words_of(code: str | None) -> str:
    """The status vocabulary an item is shown in ("general" for an unknown code)."""
    found = ITEMS.get(code or "")
    return found[1].words if found else "general"
