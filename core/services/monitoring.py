"""What the monitoring asks of the database at each scrape: queue sizes and broken
promises, counted per prison (by its code) and team. Counts only, never who or what."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import OPEN_STATUSES, Escalation, FormSubmission, Prison, Request
from core.services.forms.submissions import AWAITING


@dataclass(frozen=True)
class Counts:
    open_requests: dict[tuple[str, str], int]        # (prison code, team) -> open requests
    awaiting_countersignature: dict[str, int]       # prison code -> forms waiting for an officer
    broken_promises: dict[tuple[str, str], int]     # (prison code, clock) -> open requests


def counts(db: Session) -> Counts:
    open_statuses = [s.value for s in OPEN_STATUSES]
    requests = db.execute(
        select(Prison.code, Request.team, func.count()).select_from(Request)
        .join(Prison, Prison.id == Request.prison_id)
        .where(Request.status.in_(open_statuses))
        .group_by(Prison.code, Request.team))
    forms = db.execute(
        select(Prison.code, func.count()).select_from(FormSubmission)
        .join(Prison, Prison.id == FormSubmission.prison_id)
        .where(FormSubmission.status == AWAITING)
        .group_by(Prison.code))
    broken = db.execute(
        select(Prison.code, Escalation.clock, func.count()).select_from(Escalation)
        .join(Prison, Prison.id == Escalation.prison_id)
        .join(Request, Request.id == Escalation.request_id)
        .where(Request.status.in_(open_statuses))
        .group_by(Prison.code, Escalation.clock))
    return Counts(open_requests={(code, team): n for code, team, n in requests},
                  awaiting_countersignature={code: n for code, n in forms},
                  broken_promises={(code, clock): n for code, clock, n in broken})
