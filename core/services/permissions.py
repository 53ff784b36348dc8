"""Who may do what. Views name a capability; this table says which roles hold it.

Prison scoping is separate: a staff member acts only inside the prisons they serve
(``prison_scope``), except the system administrator, who serves all of them.
"""
from __future__ import annotations

import enum

from core.models import Role, StaffUser


class Can(str, enum.Enum):
    MANAGE_PRISONS = "manage_prisons"
    MANAGE_UNITS = "manage_units"
    MANAGE_TERMINALS = "manage_terminals"
    SUPERVISE_TERMINALS = "supervise_terminals"
    VIEW_INMATES = "view_inmates"
    MANAGE_INMATES = "manage_inmates"
    RESET_PINS = "reset_pins"
    MANAGE_STAFF = "manage_staff"
    READ_REQUESTS = "read_requests"  # and only requests routed to the role's team
    MANAGE_ROUTING = "manage_routing"  # routing rules, promises and the lead of a prison
    PUBLISH_OFFICE_HOURS = "publish_office_hours"
    BOOK_APPOINTMENTS = "book_appointments"
    VIEW_DAILY_LIST = "view_daily_list"  # times and places only, never what it is about
    VIEW_DIRECTORY = "view_directory"
    MANAGE_DIRECTORY = "manage_directory"
    RELEASE_PLAN = "release_plan"  # and only the pathways the role sees (release.pathways)
    SET_RELEASE_DATES = "set_release_dates"  # the plan's arrival and release dates
    # The person's hand-over to the home Nav office and the take-home sheet (issue 15).
    RELEASE_HANDOVER = "release_handover"
    VIEW_TIMELINE = "view_timeline"
    VIEW_REPORTS = "view_reports"  # counts and times only, no request content
    RECEIVE_FORMS = "receive_forms"  # and only forms whose definition names the role's team
    COUNTERSIGN = "countersign"  # who sent which form and when, never the answers
    MANAGE_BENEFITS = "manage_benefits"  # an inmate's benefit type and meldekort schedule
    VIEW_LEARNING = "view_learning"  # which lessons an inmate has completed
    VERIFY_CERTIFICATES = "verify_certificates"  # look a lesson certificate up by its code
    RUN_CLASSES = "run_classes"  # the trainer's own classes, and nothing else of the inmates
    VIEW_LEARNING_STATS = "view_learning_stats"  # completion per module and prison, stalls
    # Register a request for an inmate from a paper note, a call or a referral (issue 16);
    # officers and prison administrators still never read a request afterwards.
    LOG_REQUESTS = "log_requests"
    # The work shop (issue 16): its own inmates' attendance and work-capacity statements,
    # never requests or forms.
    RUN_WORK_SHOP = "run_work_shop"
    MANAGE_WORK_SHOPS = "manage_work_shops"  # create work shops, choose their staff
    RECEIVE_STATEMENTS = "receive_statements"  # read sent work-capacity statements


R = Role
GRANTS: dict[Can, frozenset[Role]] = {
    Can.MANAGE_PRISONS: frozenset({R.SYSTEM_ADMIN}),
    Can.MANAGE_UNITS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.MANAGE_TERMINALS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.SUPERVISE_TERMINALS: frozenset({R.OFFICER, R.PRISON_ADMIN}),
    # Trainers see inmates only as participants of their own classes (issue 5), the work
    # shop only as the inmates of its own work shops (issue 16).
    Can.VIEW_INMATES: frozenset(set(Role) - {R.TRAINER, R.WORK_SHOP}),
    Can.MANAGE_INMATES: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.RESET_PINS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN, R.OFFICER}),
    Can.MANAGE_STAFF: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.READ_REQUESTS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
    Can.MANAGE_ROUTING: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.PUBLISH_OFFICE_HOURS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
    Can.BOOK_APPOINTMENTS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
    Can.VIEW_DAILY_LIST: frozenset({R.OFFICER, R.PRISON_ADMIN, R.SYSTEM_ADMIN, R.ADVISER,
                                    R.SOCIAL_WORKER, R.SCHOOL}),
    Can.VIEW_DIRECTORY: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL, R.PRISON_ADMIN,
                                   R.SYSTEM_ADMIN}),
    Can.MANAGE_DIRECTORY: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.RELEASE_PLAN: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
    Can.SET_RELEASE_DATES: frozenset({R.ADVISER, R.SOCIAL_WORKER}),
    Can.RELEASE_HANDOVER: frozenset({R.ADVISER, R.SOCIAL_WORKER}),
    Can.VIEW_TIMELINE: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL, R.PRISON_ADMIN,
                                  R.SYSTEM_ADMIN}),
    Can.VIEW_REPORTS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL, R.PRISON_ADMIN,
                                 R.SYSTEM_ADMIN}),
    Can.RECEIVE_FORMS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
    Can.COUNTERSIGN: frozenset({R.OFFICER, R.PRISON_ADMIN}),
    Can.MANAGE_BENEFITS: frozenset({R.ADVISER, R.SOCIAL_WORKER}),
    Can.VIEW_LEARNING: frozenset({R.ADVISER, R.SOCIAL_WORKER}),
    Can.VERIFY_CERTIFICATES: frozenset(set(Role)),
    Can.RUN_CLASSES: frozenset({R.TRAINER}),
    Can.VIEW_LEARNING_STATS: frozenset({R.TRAINER, R.PRISON_ADMIN, R.SYSTEM_ADMIN}),
    Can.LOG_REQUESTS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL, R.OFFICER,
                                 R.PRISON_ADMIN}),
    Can.RUN_WORK_SHOP: frozenset({R.WORK_SHOP}),
    Can.MANAGE_WORK_SHOPS: frozenset({R.PRISON_ADMIN, R.SYSTEM_ADMIN}),
    Can.RECEIVE_STATEMENTS: frozenset({R.ADVISER}),
}

# Roles a prison administrator may hand out; only a system administrator grants the rest.
PRISON_ADMIN_GRANTABLE = frozenset(set(Role) - {R.SYSTEM_ADMIN})


def allowed(staff: StaffUser, capability: Can) -> bool:
    return bool(staff.roles & GRANTS[capability])


def prison_scope(staff: StaffUser) -> set[int] | None:
    """The prison ids a staff member serves; None means every prison."""
    if Role.SYSTEM_ADMIN in staff.roles:
        return None
    return staff.prison_ids


def in_scope(staff: StaffUser, prison_id: int) -> bool:
    scope = prison_scope(staff)
    return scope is None or prison_id in scope


def grantable_roles(staff: StaffUser) -> frozenset[Role]:
    if Role.SYSTEM_ADMIN in staff.roles:
        return frozenset(Role)
    if Role.PRISON_ADMIN in staff.roles:
        return PRISON_ADMIN_GRANTABLE
    return frozenset()
