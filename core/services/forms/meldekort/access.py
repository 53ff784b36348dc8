"""Who may set an inmate's benefit, card type and schedule, and record exemptions and
etterregistrering: the data-class table's rule for DataClass.BENEFIT. Shared by the engine
and the exemptions, so that neither imports the other."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.models import Inmate, StaffUser


def may_manage_plan(db: Session, staff: StaffUser, inmate: Inmate) -> bool:
    """Nav advisers always; a prison social worker only with the inmate's consent to
    meldekort help from social work, or when no Nav adviser serves the prison."""
    from core.services.data_classes import Context, DataClass, permits
    from core.services.forms import inbox as form_inbox
    from core.services.requests import consents

    return permits(DataClass.BENEFIT, staff.roles, Context(
        team=True, consents=consents.active_pairs(db, inmate.id),
        no_adviser=form_inbox.no_adviser(db, inmate.prison_id)))
