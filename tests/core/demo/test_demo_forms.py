from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from core.demo import loader as demo
from core.models import FormSubmission, Inmate, StaffUser
from core.services.forms.meldekort import due as meldekort_due


@pytest.mark.parametrize("now", [
    datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc),  # Monday morning
    datetime(2026, 3, 29, 21, 30, tzinfo=timezone.utc),  # Sunday night, summer time begun
    datetime(2027, 1, 1, 11, 0, tzinfo=timezone.utc),  # across a year's end
])
def test_demo_meldekort_in_every_status_once(db, hasher, pin_hasher, now):
    assert demo.load(db, now, hasher, pin_hasher).created
    rows = db.execute(select(Inmate.inmate_number, FormSubmission.form_key,
                             FormSubmission.status, FormSubmission.kind, FormSubmission.late)
                      .join(Inmate, Inmate.id == FormSubmission.inmate_id)).all()
    found = {(number, form, status, kind, late) for number, form, status, kind, late in rows}
    assert found == {
        ("H1001", "meldekort", "registered", "original", False),
        ("H1002", "meldekort", "awaiting_countersign", "original", False),
        ("H1003", "meldekort", "under_review", "original", False),
        ("H1004", "meldekort", "returned", "original", False),
        ("H1006", "meldekort", "sent", "original", False),
        ("HA2002", "meldekort", "registered", "original", True),
        ("HA2002", "meldekort", "sent", "correction", False),
        ("HA2003", "meldekort", "sent", "original", False),  # the new AAP card
        ("HA2005", "meldekort", "sent", "original", False),  # the new tiltakspenger card
        ("H1005", "jobseeker", "sent", "original", False),
        ("HA2004", "social_assistance", "sent", "original", False),
    }
    assert all(s.countersigned_at is None or s.countersigned_at <= now
               for s in db.scalars(select(FormSubmission)))
    adviser = db.scalar(select(StaffUser).where(StaffUser.username == "veileder"))
    due = {(c.inmate.inmate_number, c.status.value, c.has_draft)
           for group in meldekort_due.due(db, now, adviser) for c in group.cards}
    assert due == {("H1001", "open", True), ("H1005", "open", False),
                   ("HA2001", "late", False), ("HA2001", "open", False),
                   ("HA2002", "open", False),
                   # exempt for M-28; an etterregistrering card for M-42; M-14 open
                   ("HA2006", "open", False),
                   ("H1004", "returned", False)}  # sent back: the inmate must send it again
    assert not demo.load(db, now, hasher, pin_hasher).created
    assert db.scalar(select(func.count()).select_from(FormSubmission)) == 11
    card_types = dict(db.execute(select(Inmate.inmate_number, FormSubmission.card_type).join(
        Inmate, Inmate.id == FormSubmission.inmate_id).where(
        FormSubmission.form_key == "meldekort", FormSubmission.kind == "original")).all())
    assert {card_types[n] for n in ("H1001", "H1002", "H1003", "HA2003", "HA2005")} == {
        "dagpenger", "aap_arena", "tiltakspenger_arena", "aap_kelvin", "tiltakspenger_new"}
    due_types = {(c.inmate.inmate_number, c.card_type)
                 for group in meldekort_due.due(db, now, adviser) for c in group.cards}
    assert ("HA2006", "etterregistrering") in due_types
