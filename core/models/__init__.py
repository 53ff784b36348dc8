"""Every model, imported here so that Base.metadata is complete for Alembic."""
from core.models.appointment import Appointment, OfficeHours
from core.models.audit import AuditEvent
from core.models.auth import ServerSession, SignInAttempt
from core.models.base import Base
from core.models.disclosure import Disclosure
from core.models.forms import (BenefitPlan, FormDraft, FormSubmission, MeldekortEtterregistrering,
                               MeldekortExemption)
from core.models.handover import Handover, ReleaseAppointment
from core.models.learning import (Certificate, ClassParticipant, InmateSetting, LessonClass,
                                  ModuleProgress, PracticeAttempt, StepProgress)
from core.models.inmate import Inmate, InmateStatus
from core.models.prison import Prison, Unit
from core.models.release import (MunicipalityContact, ReleasePlan, ReleasePlanEvent,
                                 ReleasePlanItem)
from core.models.request import (OPEN_STATUSES, Consent, Request, RequestAttachment,
                                 RequestDraft, RequestEvent, RequestForward, RequestMessage,
                                 RequestParticipant, Status, Visibility)
from core.models.routing import (Escalation, PrisonLead, StaffArea, StaffLanguage,
                                 TopicRule)
from core.models.staff import Role, StaffRole, StaffUser, staff_prison
from core.models.terminal import SupervisionWindow, Terminal
from core.models.work_shop import (WorkAttendance, WorkShop, WorkShopMember, WorkShopStaff,
                                   WorkStatement)

__all__ = [
    "OPEN_STATUSES", "Appointment", "AuditEvent", "Base", "BenefitPlan", "Certificate",
    "ClassParticipant", "Disclosure", "InmateSetting", "LessonClass",
    "MeldekortEtterregistrering", "MeldekortExemption",
    "ModuleProgress",
    "PracticeAttempt", "StepProgress",
    "FormDraft", "FormSubmission", "Handover", "ReleaseAppointment", "Consent", "Escalation",
    "Inmate", "InmateStatus", "MunicipalityContact", "OfficeHours", "Prison", "PrisonLead",
    "ReleasePlan", "ReleasePlanEvent", "ReleasePlanItem",
    "Request", "RequestAttachment", "RequestDraft", "RequestForward", "RequestEvent",
    "RequestMessage", "RequestParticipant", "Role", "ServerSession",
    "SignInAttempt", "StaffArea", "StaffLanguage", "StaffRole", "StaffUser", "Status",
    "SupervisionWindow", "Terminal", "TopicRule", "Unit", "Visibility",
    "WorkAttendance", "WorkShop", "WorkShopMember", "WorkShopStaff", "WorkStatement",
    "staff_prison",
]
