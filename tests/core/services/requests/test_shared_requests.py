"""A request shared with another team through the inmate's consent (issue 14): readable
by that team, audited, read-only, gone at once when the consent is withdrawn."""
import json

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, Request, StaffUser, Status
from core.services.errors import NotFound
from core.services.requests import consents, filing as requests, handover, several


@pytest.fixture
def shared(db, clock, world):
    inmate = db.get(Inmate, world.inmates["a"].id)
    return requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description="Dagpenger"), consents={"social_work"})


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def test_the_read_is_audited_as_shared(db, clock, world, shared):
    worker = _staff(db, world, "social_worker")
    assert requests.staff_request(db, clock.now(), worker, shared.id) is shared
    db.flush()
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "request.view")
                       .order_by(AuditEvent.id.desc())).first()
    assert event.subject_id == shared.id and json.loads(event.detail) == {"shared": True}


def test_the_team_it_was_shared_with_cannot_act_on_it(db, clock, world, shared):
    worker = _staff(db, world, "social_worker")
    with pytest.raises(NotFound):
        requests.reply(db, clock.now(), worker, shared, "Hei")
    with pytest.raises(NotFound):
        requests.add_note(db, clock.now(), worker, shared, "Notat")
    with pytest.raises(NotFound):
        requests.set_status(db, clock.now(), worker, shared, Status.CLOSED, "x")
    with pytest.raises(NotFound):
        requests.assign(db, clock.now(), worker, shared, worker, "Tar den")
    with pytest.raises(NotFound):
        handover.summary(db, clock.now(), worker, shared.id)
    assert several.bulk(db, clock.now(), worker, [shared.id], "close", "x") == (0, 1)
    assert worker not in requests.eligible_assignees(db, shared)
    assert db.get(Request, shared.id).status == Status.RECEIVED.value


def test_the_owning_team_may_not_assign_it_to_the_other_team(db, clock, world, shared):
    adviser, worker = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    with pytest.raises(requests.ServiceError):
        requests.assign(db, clock.now(), adviser, shared, worker, "Til sosialtjenesten")


def test_withdrawing_ends_the_read_at_once(db, clock, world, shared):
    worker = _staff(db, world, "social_worker")
    inmate = db.get(Inmate, world.inmates["a"].id)
    assert requests.staff_may_read(worker, shared)
    for consent in consents.of_request(db, shared):
        consents.withdraw_consent(db, clock.now(), inmate, consent.id)
    assert not requests.staff_may_read(worker, shared)
    with pytest.raises(NotFound):
        requests.staff_request(db, clock.now(), worker, shared.id)
