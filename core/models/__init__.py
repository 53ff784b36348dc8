"""Every model, imported here so that Base.metadata is complete for Alembic."""
from core.models.audit import AuditEvent
from core.models.auth import ServerSession, SignInAttempt
from core.models.base import Base
from core.models.inmate import Inmate, InmateStatus
from core.models.prison import Prison, Unit
from core.models.request import (OPEN_STATUSES, Consent, Request, RequestDraft, RequestEvent,
                                 RequestMessage, Status, Visibility)
from core.models.staff import Role, StaffRole, StaffUser, staff_prison
from core.models.terminal import SupervisionWindow, Terminal

__all__ = [
    "OPEN_STATUSES", "AuditEvent", "Base", "Consent", "Inmate", "InmateStatus", "Prison",
    "Request", "RequestDraft", "RequestEvent", "RequestMessage", "Role", "ServerSession",
    "SignInAttempt", "StaffRole", "StaffUser", "Status", "SupervisionWindow", "Terminal", "Unit",
    "Visibility", "staff_prison",
]
