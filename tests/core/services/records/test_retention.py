"""Retention with a controllable clock: released inmates' data goes after 12 months."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from core import audit
from core.models import (AuditEvent, Consent, Inmate, ReleasePlan, ReleasePlanEvent,
                         ReleasePlanItem, Request, RequestMessage, ServerSession,
                         SignInAttempt, StepProgress)
from core.services import throttle
from core.services.release import plan_changes
from core.services.people import inmates
from core.services.learning import progress as learning
from core.services.requests import filing as requests
from core.services.records import retention
from core.services.learning.lessons import catalogue


def _release(db, clock, world, key="a"):
    inmate = db.get(Inmate, world.inmates[key].id)
    inmates.update(db, clock.now(), world.staff["system_admin"], inmate, inmates.InmateData(
        inmate_number=inmate.inmate_number, name=inmate.name, prison_id=inmate.prison_id,
        unit_id=inmate.unit_id, municipality_number="0301", language="nb",
        expected_release=None, status="released"))
    return inmate


def _history(db, clock, world):
    """Inmate a has a request with a reply, a consent, lesson progress, a release plan item
    with a note and
    failed sign-ins; then is released."""
    inmate = db.get(Inmate, world.inmates["a"].id)
    filed = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                          consents={"home_nav"})
    requests.reply(db, clock.now(), world.staff["adviser"], filed, "Svar")
    step = catalogue().modules["terminal"].step_ids[0]
    learning.open_step(db, clock.now(), inmate, "terminal", step)
    plan_changes.set_item(db, clock.now(), db.merge(world.staff["adviser"]), inmate, "recorded",
                          plan_changes.ItemChange("done", "adviser", note="Notat"))
    throttle.record(db, clock.now(), "inmate", inmate.inmate_number, "failure")
    return _release(db, clock, world), filed


def test_months_before_handles_short_months():
    assert retention.months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert retention.months_before(date(2027, 1, 15), 12) == date(2026, 1, 15)
    assert retention.months_before(date(2027, 1, 15), 13) == date(2025, 12, 15)


def test_released_on_is_set_when_released_and_cleared_when_back(db, clock, world):
    inmate = _release(db, clock, world)
    assert inmate.released_on == clock.now().date()
    inmates.update(db, clock.now(), world.staff["system_admin"], inmate, inmates.InmateData(
        inmate_number=inmate.inmate_number, name=inmate.name, prison_id=inmate.prison_id,
        unit_id=None, municipality_number=None, language="nb", expected_release=None,
        status="present"))
    assert inmate.released_on is None


def test_nothing_goes_before_12_months(db, clock, world):
    _history(db, clock, world)
    soon = clock.now() + timedelta(days=364)
    found = retention.plan(db, soon, 12)
    assert found.inmate_ids == [] and found.counts["requests"] == 0


def test_after_12_months_everything_about_the_inmate_goes(db, clock, world):
    inmate, filed = _history(db, clock, world)
    number, inmate_id, filed_id = inmate.inmate_number, inmate.id, filed.id
    other = db.get(Inmate, world.inmates["a2"].id)
    kept_id = requests.file(db, clock.now(), other, requests.Draft(topic="dagpenger")).id
    later = datetime(2027, 3, 2, 12, tzinfo=timezone.utc)
    dry = retention.plan(db, later, 12)
    assert dry.inmate_ids == [inmate_id] and dry.counts["requests"] == 1
    assert db.get(Request, filed_id) is not None  # the dry run changed nothing
    done = retention.purge(db, later, 12)
    assert done.counts["consents"] == 1 and done.counts["inmates"] == 1
    assert db.get(Request, filed_id) is None and db.get(Request, kept_id) is not None
    # The release plan goes with its items and history (they hang on the plan).
    assert db.scalar(select(func.count()).select_from(ReleasePlan)) == 0
    assert db.scalar(select(func.count()).select_from(ReleasePlanItem)) == 0
    assert db.scalar(select(func.count()).select_from(ReleasePlanEvent)) == 0
    for model, column in ((RequestMessage, RequestMessage.request_id),
                          (Consent, Consent.inmate_id), (StepProgress, StepProgress.inmate_id)):
        assert db.scalar(select(func.count()).select_from(model).where(
            column == (filed_id if model is RequestMessage else inmate_id))) == 0
    assert db.scalar(select(func.count()).select_from(SignInAttempt).where(
        SignInAttempt.subject == number)) == 0
    tombstone = db.get(Inmate, inmate_id)
    assert (tombstone.name, tombstone.status, tombstone.municipality_number,
            tombstone.pin_hash) == ("", "purged", None, None)
    assert tombstone.inmate_number != number
    # The audit log keeps its events (and its chain), with only the id left.
    events = db.scalars(select(AuditEvent).where(AuditEvent.subject_id == inmate_id,
                                                 AuditEvent.subject_type == "inmate")).all()
    assert events and all(number not in e.detail and "Innsatt" not in e.detail for e in events)
    assert audit.verify_session(db)[1] is None
    assert retention.plan(db, later, 12).inmate_ids == []
    assert inmate_id not in [i.id for i in inmates.list_for(db, world.staff["system_admin"])]


def test_old_ended_sessions_and_attempts_go(db, clock, world):
    throttle.record(db, clock.now(), "staff", "someone", "failure")
    db.add(ServerSession(token_hash="x" * 64, app="admin", data="{}", created_at=clock.now(),
                         last_seen_at=clock.now(), ended_at=clock.now(), end_reason="idle"))
    db.flush()
    assert retention.plan(db, clock.now() + timedelta(days=29), 12).counts["sessions"] == 0
    later = clock.now() + timedelta(days=91)
    found = retention.purge(db, later, 12)
    assert found.counts["sessions"] == 1 and found.counts["sign_in_attempts"] == 1
