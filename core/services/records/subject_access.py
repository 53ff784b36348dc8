"""Access to one's own data (innsyn, GDPR art. 15): everything held about an inmate,
grouped the way the person thinks of it and in facts, not database columns.

One assembly (core.services.records.subject_access_groups.collect) serves both readers, so
that they always agree:
- the inmate, on the kiosk ("Se alt Brobygger har lagret om deg", ``for_inmate``);
- staff, who print a complete export for a subject-access request (``export``).
Both show the groups in the order of ``GROUPS``.

The inmate's right of access covers everything, so this is the ONE place where the kiosk
shows staff's internal notes and staff-only history about the person (marked as such),
and the access log: who on the staff has read or changed their data, and when. Every
other kiosk page keeps internal notes out in the query (requests.inmate_thread).

Secrets are never part of the report, and every table that refers to the inmate is
covered (core.services.records.subject_access_groups says how). What the report is made
of: core.services.records.subject_access_report; core.web.data_labels puts it in the
reader's words.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Inmate, StaffUser
from core.services.records import disclosures
from core.services.data_classes import Context, DataClass, permits
from core.services.errors import NotFound
from core.services.records.subject_access_groups import collect
from core.services.records.subject_access_report import Report

GROUPS = ("about", "requests", "forms", "lessons", "consents", "appointments", "release",
          "work", "sign_ins", "access")


def for_inmate(db: Session, now: datetime, inmate: Inmate) -> Report:
    """The inmate's own innsyn page: the same report as staff's export (notes included,
    by the right of access); audited."""
    report = collect(db, inmate)
    audit.record(db, now, Actor("inmate", inmate.id), "innsyn.view", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id)
    return report


# The data classes (core.services.data_classes) each group holds, for the disclosure.
GROUP_CLASSES = {
    "about": (DataClass.IDENTITY, DataClass.BENEFIT),
    "requests": (DataClass.REQUEST_TEXT, DataClass.INTERNAL_NOTES),
    "forms": (DataClass.FORM_TYPE, DataClass.FORM_ANSWERS, DataClass.MELDEKORT_ANSWERS),
    "lessons": (DataClass.LESSON_PROGRESS, DataClass.CERTIFICATES),
    "consents": (DataClass.CONSENTS, DataClass.DISCLOSURES),
    "appointments": (DataClass.APPOINTMENT_TIME, DataClass.APPOINTMENT_PURPOSE),
    "release": (DataClass.RELEASE_PLAN, DataClass.RELEASE_NOTES, DataClass.RELEASE_DATES),
    "work": (DataClass.WORK_ATTENDANCE, DataClass.WORK_CAPACITY),
    "sign_ins": (DataClass.TIMELINE,),
}


def export(db: Session, now: datetime, staff: StaffUser, inmate: Inmate) -> Report:
    """The complete export for a subject-access request; audited as a read, and a
    disclosure (a print of personal records) the inmate sees on the kiosk."""
    report = collect(db, inmate)
    included = {DataClass.IDENTITY, DataClass.TIMELINE} | {
        c for group, entries in report.groups.items() if entries
        for c in GROUP_CLASSES.get(group, ())}
    if not all(permits(c, staff.roles, Context(subject_access=True)) for c in included):
        raise NotFound()
    audit.record(db, now, Actor("staff", staff.id), "innsyn.export", subject_type="inmate",
                 subject_id=inmate.id, prison_id=inmate.prison_id,
                 detail={"entries": sum(len(v) for v in report.groups.values())})
    disclosures.record(db, now, inmate, kind="print", recipient="staff_export",
                       recipient_name=staff.name, included=sorted(included), staff=staff)
    return report
