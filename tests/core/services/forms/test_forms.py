"""Drafts, confirmation, practice and countersigning of forms."""
from datetime import date

import pytest
from sqlalchemy import func, select

from core.models import FormDraft, FormSubmission, Inmate, Terminal
from core.services.forms import submissions as forms
from core.services.errors import NotFound, ServiceError
from core.services.forms.definitions import registry

JOBSEEKER = {"level": "none", "situation": "never", "work_inside": "no", "limitations": "no",
             "wants": ["find_work"]}


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _draft(db, clock, world, key="a", practice=False, data=None):
    definition = registry().current("jobseeker", date(2026, 3, 2))
    terminal = db.get(Terminal, world.terminals["a"].id)
    return forms.start(db, clock.now(), _inmate(db, world, key), definition, terminal=terminal,
                       practice=practice, data=data)


def _confirm(db, clock, world, draft, key="a", submit_key="k1"):
    return forms.confirm_generic(db, clock.now(), _inmate(db, world, key), draft, language="nb",
                                 terminal=db.get(Terminal, world.terminals["a"].id),
                                 supervisor_id=None, submit_key=submit_key)


def test_the_inmate_resumes_the_same_draft(db, clock, world):
    draft = _draft(db, clock, world)
    forms.save(db, clock.now(), draft, {"level": "primary"}, step="education")
    again = _draft(db, clock, world)
    assert again.id == draft.id and forms.answers(again) == {"level": "primary"}
    assert _draft(db, clock, world, practice=True).id != draft.id  # practice is apart
    with pytest.raises(NotFound):
        forms.own_draft(db, _inmate(db, world, "a2"), draft.id)


def test_an_inmates_drafts_are_read_once_per_transaction_and_follow_start_and_discard(
        db, clock, world, database):
    """drafts_of reads each list once per transaction (issue 20: the meldekort periods
    page read both twice); starting and discarding a draft read them again."""
    from tests.support.statements import recorded, selects

    inmate = _inmate(db, world)
    with recorded(database.engine) as statements:
        assert forms.drafts_of(db, inmate) == forms.drafts_of(db, inmate) == []
        assert forms.drafts_of(db, inmate, practice=True) == []
    assert len([s for s in selects(statements) if "from form_draft" in s]) == 2
    draft = _draft(db, clock, world)
    practice = _draft(db, clock, world, practice=True)
    assert forms.drafts_of(db, inmate) == [draft]
    assert forms.drafts_of(db, inmate, practice=True) == [practice]
    forms.discard(db, draft)
    assert forms.drafts_of(db, inmate) == [] and forms.drafts_of(db, inmate, practice=True) == [
        practice]
    db.commit()  # a new transaction reads them again
    with recorded(database.engine) as statements:
        assert forms.drafts_of(db, inmate, practice=True) == [practice]
    assert len(selects(statements)) >= 1


def test_confirming_checks_every_answer_again(db, clock, world):
    draft = _draft(db, clock, world, data={**JOBSEEKER, "level": "phd"})
    with pytest.raises(ServiceError) as error:
        _confirm(db, clock, world, draft)
    assert error.value.code == "form_incomplete" and error.value.params["step"] == "education"


def test_a_confirmed_form_waits_for_the_countersignature(db, clock, world):
    draft = _draft(db, clock, world, data=JOBSEEKER)
    submission = _confirm(db, clock, world, draft)
    assert submission.status == forms.AWAITING and submission.received_at is None
    assert submission.terminal_id == world.terminals["a"].id
    assert db.get(FormDraft, draft.id) is None
    snapshot = forms.snapshot_of(submission)
    assert snapshot["title"] == "Registrer deg som arbeidssøker"
    with pytest.raises(ServiceError, match="not_officer_here"):
        forms.countersign(db, clock.now(), world.staff["other_officer"], submission, "admin")
    with pytest.raises(ServiceError, match="not_officer_here"):
        forms.countersign(db, clock.now(), world.staff["adviser"], submission, "admin")
    assert forms.awaiting_countersign(db, world.staff["officer"]) == [submission]
    assert forms.awaiting_countersign(db, world.staff["other_officer"]) == []
    forms.countersign(db, clock.now(), world.staff["officer"], submission, "terminal")
    assert (submission.status, submission.countersigned_by, submission.countersigned_via) == (
        forms.SENT, world.staff["officer"].id, "terminal")
    assert submission.received_at == clock.now()
    with pytest.raises(ServiceError, match="not_awaiting_countersign"):
        forms.countersign(db, clock.now(), world.staff["officer"], submission, "admin")


def test_a_repeated_submit_key_makes_no_second_submission(db, clock, world):
    first = _confirm(db, clock, world, _draft(db, clock, world, data=JOBSEEKER), submit_key="x")
    again = _confirm(db, clock, world, _draft(db, clock, world, data=JOBSEEKER), submit_key="x")
    assert again.id == first.id
    assert db.scalar(select(func.count()).select_from(FormSubmission)) == 1
    other_draft = _draft(db, clock, world, key="a2", data=JOBSEEKER)
    with pytest.raises(NotFound):
        _confirm(db, clock, world, other_draft, key="a2", submit_key="x")


def test_practice_never_creates_a_submission(db, clock, world):
    draft = _draft(db, clock, world, practice=True, data=JOBSEEKER)
    receipt = _confirm(db, clock, world, draft)
    assert isinstance(receipt, forms.PracticeReceipt)
    assert receipt.snapshot["steps"][0]["items"][0]["shown"] == "Ingen utdanning"
    assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
    assert db.get(FormDraft, draft.id) is None


def test_an_inmate_sees_only_their_own_submissions(db, clock, world):
    submission = _confirm(db, clock, world, _draft(db, clock, world, data=JOBSEEKER))
    assert forms.submissions_of(db, _inmate(db, world)) == [submission]
    assert forms.submissions_of(db, _inmate(db, world, "a2")) == []
    with pytest.raises(NotFound):
        forms.own_submission(db, _inmate(db, world, "a2"), submission.id)
