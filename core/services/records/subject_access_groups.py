"""What each group of the innsyn report (core.services.records.subject_access) holds, read
from the database: ``collect`` assembles everything held about an inmate, staff's internal
notes, staff-only history and the access log (who on the staff has read or changed the
inmate's data, and when) included.

Secrets are never part of the report: a PIN is stored only as a digest, and the report
says when it was set, never the digest; session tokens and submit keys are left out.
Which tables are covered is checked against the schema (``uncovered_tables``), so a new
table that refers to the inmate cannot be forgotten silently.
"""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import (Appointment, AuditEvent, Base, BenefitPlan, Certificate,
                         ClassParticipant, Consent, Disclosure, FormDraft, FormSubmission, Inmate,
                         InmateSetting, LessonClass, MeldekortEtterregistrering,
                         MeldekortExemption, ModuleProgress, PracticeAttempt,
                         ReleasePlan, Request, RequestAttachment,
                         RequestDraft, RequestEvent, RequestMessage, ServerSession,
                         SignInAttempt, StaffUser, StepProgress, Visibility, WorkAttendance,
                         WorkShop, WorkShopMember, WorkStatement)
from core.services.records.subject_access_report import (Access, Entry, Fact, Happening,
                                                          Message, Report)
from core.services.records.timeline import concerning

# Every table with a column referring to the inmate, and the group that shows it.
COVERED = {
    "request": "requests", "request_draft": "requests", "consent": "consents",
    "disclosure": "consents",
    "appointment": "appointments", "release_plan": "release", "handover": "release",
    "release_appointment": "release", "benefit_plan": "about",
    "meldekort_exemption": "about", "meldekort_etterregistrering": "forms",
    "inmate_setting": "about", "form_draft": "forms", "form_submission": "forms",
    "module_progress": "lessons", "step_progress": "lessons", "certificate": "lessons",
    "class_participant": "lessons", "practice_attempt": "lessons",
    "server_session": "sign_ins",
    "work_shop_member": "work", "work_attendance": "work", "work_statement": "work",
}


def uncovered_tables() -> set[str]:
    names = {table.name for table in Base.metadata.sorted_tables for column in table.columns
             if any(fk.column.table.name == "inmate" for fk in column.foreign_keys)}
    return names - set(COVERED) - {"sign_in_attempt"}


def _names(db: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))).all())


def _about(db: Session, inmate: Inmate) -> list[Entry]:
    me = Entry(Fact("name", inmate.name), [
        Fact("inmate_number", inmate.inmate_number),
        Fact("prison", inmate.prison.name),
        Fact("unit", inmate.unit.name if inmate.unit else None),
        Fact("home_municipality", inmate.municipality_name),
        Fact("language", inmate.language, "language"),
        Fact("expected_release", inmate.expected_release),
        Fact("inmate_status", inmate.status, "inmate_status"),
        Fact("released_on", inmate.released_on),
        Fact("registered_at", inmate.created_at),
        Fact("pin_set_at", inmate.pin_set_at),
    ])
    entries = [me]
    setting = db.get(InmateSetting, inmate.id)
    if setting:
        me.facts.append(Fact("large_text", setting.large_text))
    for plan in db.scalars(select(BenefitPlan).where(BenefitPlan.inmate_id == inmate.id)):
        entries.append(Entry(Fact("benefit", plan.benefit, "benefit"), [
            Fact("card_type", plan.card_type, "card_type"),
            Fact("first_period", plan.first_period), Fact("active", plan.active),
            Fact("decision_from", plan.decision_from), Fact("decision_to", plan.decision_to),
            Fact("days_per_period", plan.days_per_period),
            Fact("updated_at", plan.updated_at)]))
    for exemption in db.scalars(select(MeldekortExemption).where(
            MeldekortExemption.inmate_id == inmate.id).order_by(MeldekortExemption.starts_on)):
        entries.append(Entry(Fact("meldekort_exemption", exemption.reason, "exemption_reason"), [
            Fact("exemption_from", exemption.starts_on), Fact("exemption_to", exemption.ends_on),
            Fact("note", exemption.note or None), Fact("updated_at", exemption.created_at),
            Fact("withdrawn_at", exemption.withdrawn_at)]))
    return entries


def _requests(db: Session, inmate: Inmate) -> tuple[list[Entry], dict[int, str]]:
    items = list(db.scalars(select(Request).where(Request.inmate_id == inmate.id)
                            .order_by(Request.created_at, Request.id)))
    ids = [r.id for r in items] or [-1]
    messages = list(db.scalars(select(RequestMessage).where(RequestMessage.request_id.in_(ids))
                               .order_by(RequestMessage.created_at, RequestMessage.id)))
    events = list(db.scalars(select(RequestEvent).where(RequestEvent.request_id.in_(ids))
                             .order_by(RequestEvent.at, RequestEvent.id)))
    names = _names(db, [m.author_id for m in messages if m.author_type == "staff"])
    images: dict[int, int] = {}
    for request_id in db.scalars(select(RequestAttachment.request_id)
                                 .where(RequestAttachment.request_id.in_(ids))):
        images[request_id] = images.get(request_id, 0) + 1
    entries = []
    for item in items:
        entries.append(Entry(Fact("topic", item.topic, "topic"), [
            Fact("reference", item.reference), Fact("status", item.status, "status"),
            Fact("kind", item.kind, "request_kind"), Fact("sent_at", item.created_at),
            Fact("description", item.description or None),
            Fact("deadline_on", item.deadline_on), Fact("letter_received", item.letter_received),
            Fact("release_soon", item.release_soon),
            Fact("request_language", item.language, "language"),
            Fact("interpreter", item.interpreter), Fact("team", item.team, "team"),
            Fact("decline_reason", item.decline_reason), Fact("closed_at", item.closed_at),
            Fact("channel", item.channel, "channel"),
            Fact("images", images.get(item.id)),
        ], messages=[
            Message(m.created_at, m.author_type == "inmate", names.get(m.author_id, "")
                    if m.author_type == "staff" else "",
                    m.visibility == Visibility.STAFF_ONLY.value, m.body)
            for m in messages if m.request_id == item.id
        ], history=[
            Happening(e.at, e.kind, e.to_status, not e.visible_to_inmate)
            for e in events if e.request_id == item.id
        ]))
    for draft in db.scalars(select(RequestDraft).where(RequestDraft.inmate_id == inmate.id)):
        data = json.loads(draft.data or "{}")
        entries.append(Entry(Fact("request_draft", data.get("topic") or None, "topic"), [
            Fact("description", data.get("description") or None),
            Fact("updated_at", draft.updated_at)]))
    return entries, {r.id: r.reference for r in items}


def _consents(db: Session, inmate: Inmate, refs: dict[int, str]) -> list[Entry]:
    """The consents, then what was sent outside the prison (the disclosures)."""
    return [Entry(Fact("recipient", c.recipient, "recipient"), [
        Fact("purpose", c.purpose, "purpose"), Fact("scope", c.scope, "scope"),
        Fact("reference", refs.get(c.request_id)), Fact("given_at", c.given_at),
        Fact("withdrawn_at", c.withdrawn_at)])
        for c in db.scalars(select(Consent).where(Consent.inmate_id == inmate.id)
                            .order_by(Consent.given_at, Consent.id))] + [
        Entry(Fact("disclosed_to", d.recipient, "disclosure_recipient"), [
            Fact("disclosure_kind", d.kind, "disclosure_kind"),
            Fact("sent_at", d.at), Fact("reference", d.reference or None),
            Fact("included", ", ".join(d.classes), "data_classes")])
        for d in db.scalars(select(Disclosure).where(Disclosure.inmate_id == inmate.id)
                            .order_by(Disclosure.at, Disclosure.id))]


def _appointments(db: Session, inmate: Inmate, refs: dict[int, str]) -> list[Entry]:
    return [Entry(Fact("starts_at", a.starts_at), [
        Fact("ends_at", a.ends_at), Fact("room", a.room), Fact("with_whom", a.staff.name),
        Fact("appointment_status", a.status, "appointment_status"),
        Fact("cancel_reason", a.cancel_reason), Fact("reference", refs.get(a.request_id))])
        for a in db.scalars(select(Appointment).where(Appointment.inmate_id == inmate.id)
                            .order_by(Appointment.starts_at))]


def _handover(db: Session, inmate: Inmate) -> list[Entry]:
    """The hand-over to the home Nav office (when made, the receipt) and the appointments
    after release with their outcome (core.services.release.handover,
    core.services.release.handover_follow_up)."""
    from core.models import Handover, ReleaseAppointment

    entries = [Entry(Fact("handover", row.first_made_at), [
        Fact("handover_last_made", row.last_made_at), Fact("handover_copies", row.made_count),
        Fact("receipt_on", row.receipt_on), Fact("receipt_person", row.receipt_person or None),
        Fact("receipt_channel", row.receipt_channel or None,
             "receipt_channel" if row.receipt_channel else "")])
        for row in db.scalars(select(Handover).where(Handover.inmate_id == inmate.id))]
    entries += [Entry(Fact("after_release", a.starts_at), [
        Fact("place", a.place), Fact("address", a.address or None),
        Fact("with_whom", a.with_whom or None), Fact("what", a.what or None),
        Fact("appointment_outcome", a.outcome, "appointment_outcome" if a.outcome else "")])
        for a in db.scalars(select(ReleaseAppointment).where(
            ReleaseAppointment.inmate_id == inmate.id).order_by(ReleaseAppointment.starts_at))]
    return entries


def _release(db: Session, inmate: Inmate) -> list[Entry]:
    """The release plan: its dates, every item that has been touched (with the staff's
    note, marked internal on the page) and its history (core.services.release.plan,
    core.services.release.plan_reads.history)."""
    from core.services.release import plan as release_plan, plan_reads

    found = db.scalar(select(ReleasePlan).where(ReleasePlan.inmate_id == inmate.id))
    if found is None:
        return []
    entries = [Entry(Fact("plan_arrived_on", found.arrived_on), [
        Fact("plan_earliest_on", found.earliest_on), Fact("plan_expected_on", found.expected_on),
        Fact("plan_latest_on", found.latest_on), Fact("started_at", found.started_at),
        Fact("frozen_at", found.frozen_at),
        Fact("left_open", ", ".join(release_plan.frozen_open(found)) or None, "plan_items")],
        history=[Happening(e.at, f"plan_{e.kind}", None, e.actor_type != "inmate")
                 for e in plan_reads.history(db, found)])]
    for row in found.items:
        entries.append(Entry(Fact("plan_item", row.code, "plan_item"), [
            Fact("plan_status", row.status, "plan_status"),
            Fact("plan_owner", row.owner, "plan_owner"), Fact("due_on", row.due_on),
            Fact("staff_note", row.note or None),
            Fact("visible_to_inmate", row.visible_to_inmate),
            Fact("updated_at", row.updated_at)]))
    return entries


def _work(db: Session, inmate: Inmate) -> list[Entry]:
    """The work shop: where and when, the attendance recorded, and the statements."""
    shops = dict(db.execute(select(WorkShop.id, WorkShop.name)).all())
    entries = [Entry(Fact("work_shop", shops.get(m.work_shop_id, "")), [
        Fact("joined_at", m.joined_on), Fact("left_at", m.left_on)])
        for m in db.scalars(select(WorkShopMember).where(WorkShopMember.inmate_id == inmate.id)
                            .order_by(WorkShopMember.joined_on, WorkShopMember.id))]
    entries += [Entry(Fact("attendance_day", a.day), [
        Fact("attendance", a.status, "attendance")])
        for a in db.scalars(select(WorkAttendance).where(WorkAttendance.inmate_id == inmate.id)
                            .order_by(WorkAttendance.day))]
    entries += [Entry(Fact("work_statement", s.reference), [
        Fact("scale_attendance", s.attendance, "work_scale"),
        Fact("scale_punctuality", s.punctuality, "work_scale"),
        Fact("scale_cooperation", s.cooperation, "work_scale"),
        Fact("work_tasks", s.tasks or None), Fact("what_helps", s.what_helps or None),
        Fact("note", s.comment or None), Fact("read_at", s.read_at),
        Fact("sent_at", s.sent_at)])
        for s in db.scalars(select(WorkStatement).where(WorkStatement.inmate_id == inmate.id)
                            .order_by(WorkStatement.created_at, WorkStatement.id))]
    return entries


def _forms(db: Session, inmate: Inmate) -> list[Entry]:
    entries = []
    for s in db.scalars(select(FormSubmission).where(FormSubmission.inmate_id == inmate.id)
                        .order_by(FormSubmission.confirmed_at, FormSubmission.id)):
        snapshot = json.loads(s.snapshot or "{}")
        entries.append(Entry(Fact("form", s.form_key, "form"), [
            Fact("reference", s.reference), Fact("form_status", s.status, "form_status"),
            Fact("period_start", s.period_start),
            Fact("card_type", s.card_type, "card_type" if s.card_type else ""),
            Fact("late", s.late or None), Fact("confirmed_at", s.confirmed_at),
            Fact("countersigned_at", s.countersigned_at),
            Fact("registered_at_nav", s.registered_at), Fact("nav_reference", s.nav_reference),
            Fact("returned_at", s.returned_at), Fact("return_message", s.return_message),
        ], snapshot=snapshot))
    for d in db.scalars(select(FormDraft).where(FormDraft.inmate_id == inmate.id)
                        .order_by(FormDraft.started_at)):
        entries.append(Entry(Fact("form_draft", d.form_key, "form"), [
            Fact("practice", d.practice), Fact("period_start", d.period_start),
            Fact("started_at", d.started_at), Fact("updated_at", d.updated_at)]))
    for e in db.scalars(select(MeldekortEtterregistrering).where(
            MeldekortEtterregistrering.inmate_id == inmate.id)
            .order_by(MeldekortEtterregistrering.period_start)):
        entries.append(Entry(Fact("etterregistrering", e.period_start), [
            Fact("etterregistrering_reason", e.reason), Fact("updated_at", e.created_at)]))
    return entries


def _lessons(db: Session, inmate: Inmate) -> list[Entry]:
    steps = list(db.scalars(select(StepProgress).where(StepProgress.inmate_id == inmate.id)))
    entries = []
    for p in db.scalars(select(ModuleProgress).where(ModuleProgress.inmate_id == inmate.id)
                        .order_by(ModuleProgress.started_at)):
        mine = [s for s in steps if s.module == p.module]
        entries.append(Entry(Fact("lesson", p.module, "lesson"), [
            Fact("started_at", p.started_at), Fact("completed_at", p.completed_at),
            Fact("score", p.score), Fact("steps_seen", len(mine)),
            Fact("questions_answered", sum(1 for s in mine if s.answered_at)),
            Fact("first_answers_right", sum(1 for s in mine if s.correct))]))
    for c in db.scalars(select(Certificate).where(Certificate.inmate_id == inmate.id)):
        entries.append(Entry(Fact("certificate", c.issued_at), [
            Fact("verification_code", c.code), Fact("prison", c.prison_name)]))
    for part, module in db.execute(select(ClassParticipant, LessonClass.module).join(
            LessonClass, LessonClass.id == ClassParticipant.class_id)
            .where(ClassParticipant.inmate_id == inmate.id)):
        entries.append(Entry(Fact("class", module, "lesson"), [
            Fact("joined_at", part.joined_at), Fact("left_at", part.left_at)]))
    for a in db.scalars(select(PracticeAttempt).where(PracticeAttempt.inmate_id == inmate.id)
                        .order_by(PracticeAttempt.started_at)):
        entries.append(Entry(Fact("practice_task", a.task), [
            Fact("started_at", a.started_at), Fact("finished_at", a.finished_at),
            Fact("passed", a.passed)]))
    return entries


def _sign_ins(db: Session, inmate: Inmate) -> list[Entry]:
    entries = [Entry(Fact("signed_in_at", s.signed_in_at), [
        Fact("ended_at", s.ended_at), Fact("end_reason", s.end_reason, "end_reason")])
        for s in db.scalars(select(ServerSession).where(
            ServerSession.inmate_id == inmate.id, ServerSession.signed_in_at.is_not(None))
            .order_by(ServerSession.signed_in_at))]
    entries += [Entry(Fact("sign_in_attempt", a.at), [
        Fact("outcome", a.outcome, "outcome")])
        for a in db.scalars(select(SignInAttempt).where(
            SignInAttempt.kind == "inmate", SignInAttempt.subject == inmate.inmate_number)
            .order_by(SignInAttempt.at))]
    return entries


def _access(db: Session, inmate: Inmate, refs: dict[int, str]) -> list[Access]:
    """Who on the staff has read or changed the inmate's data, and when (the audit log)."""
    events = list(db.scalars(select(AuditEvent).where(
        concerning(inmate.id), AuditEvent.actor_type == "staff")
        .order_by(AuditEvent.at, AuditEvent.id)))
    staff = {u.id: u for u in db.scalars(select(StaffUser).where(
        StaffUser.id.in_({e.actor_id for e in events} or {-1})))}
    result = []
    for e in events:
        who = staff.get(e.actor_id)
        result.append(Access(e.at, who.name if who else "",
                             tuple(sorted(r.value for r in who.roles)) if who else (),
                             e.action, refs.get(e.subject_id)
                             if e.subject_type == "request" else None))
    return result


def collect(db: Session, inmate: Inmate) -> Report:
    """Everything held about the inmate, internal notes and the access log included."""
    requests, refs = _requests(db, inmate)
    groups = {
        "about": _about(db, inmate), "requests": requests, "forms": _forms(db, inmate),
        "lessons": _lessons(db, inmate), "consents": _consents(db, inmate, refs),
        "appointments": _appointments(db, inmate, refs),
        "release": _release(db, inmate) + _handover(db, inmate),
        "work": _work(db, inmate), "sign_ins": _sign_ins(db, inmate),
    }
    return Report(groups, _access(db, inmate, refs))
