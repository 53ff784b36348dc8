"""What an inmate can ask about, and which team handles it (shared/domain/README.md).

Codes are stable identifiers stored with requests; the plain-language labels live in the
apps (translated), not here. Health is deliberately absent: the kiosk tells people how to
reach the prison health service instead of collecting health information.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from core import locales
from core.models import Role

# The languages a request can be written in (routing by language chooses among these).
LANGUAGES = (*locales.KIOSK, "other")  # the kiosk's, and "another language"


class Group(str, enum.Enum):
    NAV = "nav"
    MUNICIPAL = "municipal"
    SCHOOL = "school"
    PRISON = "prison"


# Which role works each group's requests.
TEAM = {
    Group.NAV: Role.ADVISER,
    Group.MUNICIPAL: Role.SOCIAL_WORKER,
    Group.SCHOOL: Role.SCHOOL,
    Group.PRISON: Role.SOCIAL_WORKER,
}


@dataclass(frozen=True)
class Topic:
    code: str
    group: Group
    icon: str  # a file in static/vendor/icons/, without .svg

    @property
    def team(self) -> Role:
        return TEAM[self.group]


TOPICS: tuple[Topic, ...] = (
    Topic("work", Group.NAV, "Briefcase"),
    Topic("dagpenger", Group.NAV, "SackKroner"),
    Topic("aap", Group.NAV, "PersonCheckmark"),
    Topic("tiltak", Group.NAV, "HatSchool"),
    Topic("pension", Group.NAV, "SackPension"),
    Topic("child_maintenance", Group.NAV, "Stroller"),
    Topic("income_after_release", Group.NAV, "Wallet"),
    Topic("nav_other", Group.NAV, "ChatElipsis"),
    Topic("social_assistance", Group.MUNICIPAL, "Kroner"),
    Topic("qualification_programme", Group.MUNICIPAL, "Tasklist"),
    Topic("debt", Group.MUNICIPAL, "Calculator"),
    Topic("housing", Group.MUNICIPAL, "House"),
    Topic("individual_plan", Group.MUNICIPAL, "PersonGroup"),
    Topic("education_rights", Group.SCHOOL, "Book"),
    Topic("followup_class", Group.SCHOOL, "OpenBook"),
    Topic("career_guidance", Group.SCHOOL, "BriefcaseClock"),
    Topic("release_parole", Group.PRISON, "DoorOpen"),
    Topic("transfer", Group.PRISON, "Bus"),
    Topic("future_plan", Group.PRISON, "NotePencil"),
    Topic("conflict_council", Group.PRISON, "Handshake"),
)

BY_CODE = {t.code: t for t in TOPICS}


def get(code: str) -> Topic | None:
    return BY_CODE.get(code)


def grouped() -> dict[Group, list[Topic]]:
    groups: dict[Group, list[Topic]] = {g: [] for g in Group}
    for topic in TOPICS:
        groups[topic.group].append(topic)
    return groups


def handled_by(roles: set[Role]) -> set[str]:
    """Topic codes whose requests a staff member with ``roles`` may read.

    Officers, trainers and administrators read no request content (confidentiality).
    """
    return {t.code for t in TOPICS if t.team in roles}
