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
    READ_REQUESTS = "read_requests"  # and only on the topics the role handles (topics.py)


R = Role
GRANTS: dict[Can, frozenset[Role]] = {
    Can.MANAGE_PRISONS: frozenset({R.SYSTEM_ADMIN}),
    Can.MANAGE_UNITS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.MANAGE_TERMINALS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.SUPERVISE_TERMINALS: frozenset({R.OFFICER, R.PRISON_ADMIN}),
    Can.VIEW_INMATES: frozenset(set(Role)),
    Can.MANAGE_INMATES: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.RESET_PINS: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN, R.OFFICER}),
    Can.MANAGE_STAFF: frozenset({R.SYSTEM_ADMIN, R.PRISON_ADMIN}),
    Can.READ_REQUESTS: frozenset({R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL}),
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
