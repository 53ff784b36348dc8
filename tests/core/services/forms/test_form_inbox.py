"""The staff side of forms: who reads which forms, the inbox's filters and counts, the
record's first opening, registering with NAV and returning for correction."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from core.models import AuditEvent, FormSubmission, StaffUser
from core.services.forms import export as form_export, inbox as form_inbox, submissions as forms
from core.services.errors import NotFound, ServiceError
from core.services.forms.inbox import Filters
from tests.support import forms as seed


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def _actions(db, subject_id=None):
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_type == "form_submission",
                            AuditEvent.subject_id == subject_id)
    return list(db.scalars(query))


def test_each_team_reads_the_forms_sent_to_it(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
    assistance = seed.generic(db, clock.now(), world, "social_assistance")
    seen = {key: {s.id for s in form_inbox.inbox(db, clock.now(), _staff(db, world, key))}
            for key in ("adviser", "social_worker", "school", "officer", "system_admin")}
    assert seen == {"adviser": {card.id, jobseeker.id},
                    "social_worker": {card.id, assistance.id},
                    "school": set(), "officer": set(), "system_admin": set()}
    assert form_inbox.may_read(_staff(db, world, "social_worker"), card)
    assert not form_inbox.may_read(_staff(db, world, "social_worker"), jobseeker)
    assert not form_inbox.may_read(_staff(db, world, "adviser"), assistance)


def test_only_received_forms_in_the_prisons_served(db, clock, world):
    waiting = seed.meldekort(db, clock.now(), world, countersign=False)
    elsewhere = seed.meldekort(db, clock.now(), world, key="b")
    practice = seed.meldekort(db, clock.now(), world, key="a2", practice=True)
    assert isinstance(practice, forms.PracticeReceipt)
    adviser = _staff(db, world, "adviser")
    assert form_inbox.inbox(db, clock.now(), adviser) == []
    assert db.scalars(select(FormSubmission.id).order_by(FormSubmission.id)).all() == [
        waiting.id, elsewhere.id]
    for submission in (waiting, elsewhere):
        with pytest.raises(NotFound):
            form_inbox.open_record(db, clock.now(), adviser, submission.id)
    with pytest.raises(NotFound):
        form_inbox.open_record(db, clock.now(), adviser, 999999)


def test_filters_and_counts(db, clock, world):
    late = seed.meldekort(db, clock.now(), world, period_start=seed.LATE_PERIOD)
    clock.advance(hours=1)
    card = seed.meldekort(db, clock.now(), world)
    clock.advance(hours=1)
    jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
    adviser = _staff(db, world, "adviser")
    form_inbox.register(db, clock.now(), adviser, late, "Nav-1")

    def ids(**filters):
        return [s.id for s in form_inbox.inbox(db, clock.now(), adviser, Filters(**filters))]

    assert ids() == [jobseeker.id, card.id, late.id]
    assert ids(order="oldest") == [late.id, card.id, jobseeker.id]
    assert ids(form="meldekort") == [card.id, late.id]
    assert ids(status="registered") == [late.id]
    assert ids(period="2026-W08") == [card.id]  # the period starting 16 February
    assert ids(period="2026-03") == [jobseeker.id, card.id, late.id]
    assert ids(period="2026-02") == []
    assert form_inbox.counts(db, adviser, Filters(form="meldekort", status="sent")) == {
        "sent": 1, "under_review": 0, "returned": 0, "registered": 1, "": 2}
    assert [p.start for p in form_inbox.meldekort_periods(db, adviser)] == [
        seed.OPEN_PERIOD, seed.LATE_PERIOD]
    for bad in (Filters(period="2026-W99"), Filters(period="2026-13"), Filters(period="x"),
                Filters(status="awaiting_countersign"), Filters(order="random")):
        with pytest.raises(ServiceError):
            form_inbox.inbox(db, clock.now(), adviser, bad)


def test_a_month_received_is_counted_in_oslo_time(db, clock, world):
    # 23:30 UTC on 31 March is 01:30 on 1 April in Oslo (summer time).
    clock.set(datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc))
    card = seed.meldekort(db, clock.now(), world)
    adviser = _staff(db, world, "adviser")
    assert [s.id for s in form_inbox.inbox(db, clock.now(), adviser,
                                           Filters(period="2026-04"))] == [card.id]
    assert form_inbox.inbox(db, clock.now(), adviser, Filters(period="2026-03")) == []


def test_the_inbox_read_is_audited_with_a_count_only(db, clock, world):
    seed.meldekort(db, clock.now(), world)
    form_inbox.inbox(db, clock.now(), _staff(db, world, "adviser"), Filters(form="meldekort"))
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "form.inbox")).one()
    assert '"count": 1' in event.detail and '"form": "meldekort"' in event.detail


def test_opening_a_sent_form_puts_it_under_review_once(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    adviser = _staff(db, world, "adviser")
    assert form_inbox.open_record(db, clock.now(), adviser, card.id).status == forms.UNDER_REVIEW
    form_inbox.open_record(db, clock.now(), adviser, card.id)
    assert _actions(db, card.id)[-3:] == ["form.view", "form.review", "form.view"]


def test_registering_needs_a_reference_and_a_received_form(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    adviser = _staff(db, world, "adviser")
    for reference, code in (("", "nav_reference_required"), ("   ", "nav_reference_required"),
                            ("x" * 65, "nav_reference_too_long")):
        with pytest.raises(ServiceError, match=code):
            form_inbox.register(db, clock.now(), adviser, card, reference)
    form_inbox.register(db, clock.now(), adviser, card, "  " + "R" * 64 + " ")
    assert (card.status, card.nav_reference, card.registered_by) == (
        forms.REGISTERED, "R" * 64, adviser.id)
    assert card.registered_at == clock.now()
    assert _actions(db, card.id)[-1] == "form.register"
    with pytest.raises(ServiceError, match="form_not_registrable"):
        form_inbox.register(db, clock.now(), adviser, card, "again")
    with pytest.raises(ServiceError, match="form_not_returnable"):
        form_inbox.return_for_correction(db, clock.now(), adviser, card, "Fix it")


def test_returning_needs_a_message_and_a_received_form(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    worker = _staff(db, world, "social_worker")
    for text, code in (("", "return_message_required"),
                       ("x" * 1001, "return_message_too_long")):
        with pytest.raises(ServiceError, match=code):
            form_inbox.return_for_correction(db, clock.now(), worker, card, text)
    form_inbox.return_for_correction(db, clock.now(), worker, card, "Tirsdag mangler timer.")
    assert (card.status, card.return_message, card.returned_by) == (
        forms.RETURNED, "Tirsdag mangler timer.", worker.id)
    assert _actions(db, card.id)[-1] == "form.return"
    with pytest.raises(ServiceError, match="form_not_registrable"):
        form_inbox.register(db, clock.now(), worker, card, "Nav-1")
    with pytest.raises(ServiceError, match="form_not_returnable"):
        form_inbox.return_for_correction(db, clock.now(), worker, card, "Again")


def test_no_change_to_a_form_waiting_for_the_officer_or_out_of_reach(db, clock, world):
    waiting = seed.meldekort(db, clock.now(), world, countersign=False)
    jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
    with pytest.raises(NotFound):
        form_inbox.register(db, clock.now(), _staff(db, world, "adviser"), waiting, "Nav-1")
    with pytest.raises(NotFound):
        form_inbox.return_for_correction(db, clock.now(), _staff(db, world, "social_worker"),
                                         jobseeker, "Nei")
    assert (waiting.status, jobseeker.status) == (forms.AWAITING, forms.SENT)


def test_the_record_names_everyone_and_links_a_correction(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    clock.advance(hours=2)
    who = seed.inmate(db, world)
    from core.services.forms.meldekort import engine as mf

    draft = mf.start_correction(db, clock.now(), who, card, None)
    forms.save(db, clock.now(), draft, {"reason": "wrong_hours"})
    correction = mf.confirm(db, clock.now(), who, draft, language="nb", terminal=None,
                            supervisor_id=None, submit_key=None)
    record = form_inbox.record_of(db, card, _staff(db, world, "adviser"))
    assert record.countersigner.id == world.staff["officer"].id
    assert record.supervisor.id == world.staff["officer"].id
    assert record.terminal.name == "Terminal A" and record.prison.id == world.prison.id
    assert record.following.id == correction.id
    assert form_inbox.record_of(db, correction, _staff(db, world, "adviser")).previous.id == card.id


def test_a_meldekort_exports_one_row_per_answer_and_flat_columns(db, clock, world):
    card = seed.meldekort(db, clock.now(), world, answers={**seed.NO, "arbeidet": True},
                          days={1: {"hours": "7,5"}})
    shot = forms.snapshot_of(card)
    rows = form_export.answer_rows(shot)
    assert [(r.key, r.answer) for r in rows[:3]] == [("card_type", "dagpenger"), ("late", "Nei"),
                                                     ("arbeidet", "Ja")]
    day_rows = [r for r in rows if r.key.startswith("day-")]
    assert len(day_rows) == 14 and day_rows[0].answer == "7,5"
    assert day_rows[0].question.startswith("mandag 16. februar")
    flat = form_export.flat_answers(shot)
    assert flat["meldekort.day01.work"] == "7,5" and "meldekort.day01.ill" not in flat
    columns = form_export.columns([shot])
    assert columns[:8] == ["meldekort.card_type", "meldekort.late", "meldekort.correction_reason",
                           "meldekort.arbeidet", "meldekort.kurs", "meldekort.syk",
                           "meldekort.annetFravaer", "meldekort.arbeidssoker"]
    assert len(columns) == 8 + 14 * 4
    assert columns == form_export.meldekort_columns("dagpenger")
    assert [form_export.cell(v) for v in ("=1+1", "+47", "-3", "@x", "7,5", None)] == [
        "'=1+1", "'+47", "'-3", "'@x", "7,5", ""]


def test_a_generic_form_exports_its_questions(db, clock, world):
    jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
    shot = forms.snapshot_of(jobseeker)
    assert [r.key for r in form_export.answer_rows(shot)][:2] == ["level", "situation"]
    assert "grid" not in shot and "jobseeker.level" in form_export.flat_answers(shot)
    assert not any(c.startswith("jobseeker.day") for c in form_export.columns([shot]))
