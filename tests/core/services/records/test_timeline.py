"""Timelines: an inmate's from the audit log, a request's with its history rows; staff
who may not read a request see its reference only."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import audit
from core.audit import Actor
from core.models import Appointment, AuditEvent, Consent, Inmate, Request, StaffUser, Status
from core.services.release import plan_changes
from core.services.requests import consents, filing as requests
from core.services.records import timeline
from core.services.errors import NotFound


def _inmate(db, world, key="a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _file(db, clock, world, key="a", topic="dagpenger") -> Request:
    return requests.file(db, clock.now(), _inmate(db, world, key),
                         requests.Draft(topic=topic, description="Hemmelig tekst"),
                         consents={"home_nav"})


def _story(db, clock, world) -> Request:
    """A request filed with consent, read, noted, answered, reassigned and closed; the
    consent withdrawn; a release plan item done; and an appointment booked."""
    adviser = _staff(db, world)
    inmate = _inmate(db, world)
    item = _file(db, clock, world)
    for step in (
        lambda: requests.staff_request(db, clock.now(), adviser, item.id),
        lambda: requests.add_note(db, clock.now(), adviser, item, "Internt"),
        lambda: requests.reply(db, clock.now(), adviser, item, "Svar", Status.IN_PROGRESS),
        lambda: requests.assign(db, clock.now(), adviser, item, adviser, "Jeg tar den"),
        lambda: requests.set_status(db, clock.now(), adviser, item, Status.CLOSED),
        lambda: consents.withdraw_consent(db, clock.now(), inmate, db.scalar(
            select(Consent.id).where(Consent.inmate_id == inmate.id))),
        lambda: plan_changes.set_item(db, clock.now(), adviser, inmate, "recorded",
                                      plan_changes.ItemChange("done", "adviser")),
    ):
        clock.advance(minutes=1)
        step()
    clock.advance(minutes=1)
    appointment = Appointment(prison_id=inmate.prison_id, inmate_id=inmate.id,
                              staff_id=adviser.id, request_id=item.id, starts_at=clock.now(),
                              ends_at=clock.now() + timedelta(minutes=30), room="Rom 1",
                              created_at=clock.now(), created_by=adviser.id)
    db.add(appointment)
    db.flush()
    audit.record(db, clock.now(), Actor("staff", adviser.id), "appointment.book",
                 subject_type="appointment", subject_id=appointment.id,
                 prison_id=inmate.prison_id)
    clock.advance(minutes=1)
    return item


def test_an_inmates_timeline_holds_everything_about_them_newest_first(db, clock, world):
    item = _story(db, clock, world)
    found = timeline.for_inmate(db, clock.now(), _staff(db, world), _inmate(db, world))
    actions = [i.action for i in found.items]
    assert actions[:9] == ["appointment.book", "release_plan.item", "consent.withdraw",
                           "request.status", "request.assign", "request.reply",
                           "request.note", "request.view", "request.file"]
    assert {"consent.give", "inmate.create"} <= set(actions)
    assert [i.at for i in found.items] == sorted((i.at for i in found.items), reverse=True)
    filed = next(i for i in found.items if i.action == "request.file")
    assert filed.request == timeline.RequestRef(item.id, item.reference, "dagpenger")
    assert filed.actor_type == "inmate" and filed.detail == {"topic": "dagpenger"}
    assert found.names[world.staff["adviser"].id] == world.staff["adviser"].name
    assert found.total == len(found.items) and (found.page, found.pages) == (1, 1)


def test_never_another_inmates_events(db, clock, world):
    _story(db, clock, world)
    other = _file(db, clock, world, key="a2")
    requests.staff_request(db, clock.now(), _staff(db, world), other.id)
    found = timeline.for_inmate(db, clock.now(), _staff(db, world), _inmate(db, world))
    assert all(i.request is None or i.request.id != other.id for i in found.items)
    theirs = timeline.for_inmate(db, clock.now(), _staff(db, world), _inmate(db, world, "a2"))
    assert {i.request.id for i in theirs.items if i.request} == {other.id}
    assert "release_plan.item" not in {i.action for i in theirs.items}


def test_staff_who_may_not_read_a_request_see_its_reference_only(db, clock, world):
    item = _story(db, clock, world)
    for key in ("prison_admin", "social_worker"):  # no request content / another team
        found = timeline.for_inmate(db, clock.now(), _staff(db, world, key), _inmate(db, world))
        about = [i for i in found.items if i.request]
        assert about and all(i.request == timeline.RequestRef(item.id, item.reference, None)
                             for i in about)
        assert all(i.detail == {} for i in about)  # no topic, no status, no one assigned
        assert not any(i.request.readable for i in about)


def test_an_inmates_timeline_is_scoped_and_its_reading_audited(db, clock, world):
    with pytest.raises(NotFound):
        timeline.for_inmate(db, clock.now(), _staff(db, world, "other_prison_admin"),
                            _inmate(db, world))
    timeline.for_inmate(db, clock.now(), _staff(db, world, "prison_admin"), _inmate(db, world))
    read = db.scalar(select(AuditEvent).where(AuditEvent.action == "inmate.timeline"))
    assert read.subject_id == world.inmates["a"].id and read.actor_id == world.staff[
        "prison_admin"].id
    again = timeline.for_inmate(db, clock.now(), _staff(db, world, "prison_admin"),
                                _inmate(db, world))
    assert again.items[0].action == "inmate.timeline"  # the previous read shows


def test_pages_of_a_hundred(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    for _ in range(timeline.PAGE_SIZE + 4):
        clock.advance(seconds=1)
        audit.record(db, clock.now(), Actor("staff", adviser.id), "inmate.view",
                     subject_type="inmate", subject_id=inmate.id, prison_id=inmate.prison_id)
    first = timeline.for_inmate(db, clock.now(), adviser, inmate, 1)
    second = timeline.for_inmate(db, clock.now(), adviser, inmate, 2)
    assert len(first.items) == timeline.PAGE_SIZE and first.has_older and not first.has_newer
    assert second.pages == 2 and second.has_newer and not second.has_older
    assert second.total == first.total + 1  # the first read is on the timeline now
    assert second.items[0].at <= first.items[-1].at  # older on the next page
    for page in (0, 3):
        with pytest.raises(NotFound):
            timeline.for_inmate(db, clock.now(), adviser, inmate, page)


def test_a_requests_timeline_merges_history_and_views_once_each(db, clock, world):
    item = _story(db, clock, world)
    adviser = _staff(db, world)
    requests.staff_request(db, clock.now(), adviser, item.id)
    found = timeline.for_request(db, clock.now(), adviser, item)
    actions = [i.action for i in found.items]
    assert actions == ["request.view", "history.status", "history.assign", "history.reply",
                       "history.note", "request.view", "history.filed"]
    assert found.items[1].detail == {"status": "closed"}
    assert found.items[2].detail["reason"] == "Jeg tar den"
    assert found.items[2].detail["to"] == adviser.id and adviser.id in found.names
    assert db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == \
        "request.timeline"


def test_a_requests_timeline_is_for_those_who_read_it(db, clock, world):
    item = _file(db, clock, world)
    for key in ("social_worker", "prison_admin", "other_prison_admin", "officer"):
        with pytest.raises(NotFound):
            timeline.for_request(db, clock.now(), _staff(db, world, key), item)
        with pytest.raises(NotFound):
            timeline.readable_request(db, _staff(db, world, key), item.id)
    with pytest.raises(NotFound):
        timeline.readable_request(db, _staff(db, world), 999999)
    assert timeline.readable_request(db, _staff(db, world), item.id) is item


def test_the_inmate_sees_what_concerns_them_never_notes(db, clock, world):
    item = _story(db, clock, world)
    seen = requests.history(db, item, for_inmate=True)
    assert [e.kind for e in seen] == ["filed", "reply", "status"]
    assert all(e.visible_to_inmate for e in seen)
    mine = consents.consents_of(db, _inmate(db, world))
    assert mine[0].withdrawn_at is not None  # "My consents" shows when it was withdrawn


def test_an_inmates_forms_are_on_their_timeline_and_no_one_elses(db, clock, world):
    from tests.support import forms as seed
    from core.services.forms import inbox as form_inbox

    card = seed.meldekort(db, clock.now(), world)
    clock.advance(minutes=1)
    form_inbox.open_record(db, clock.now(), _staff(db, world), card.id)
    mine = timeline.for_inmate(db, clock.now(), _staff(db, world), _inmate(db, world))
    actions = [i.action for i in mine.items]
    assert actions[:2] == ["form.review", "form.view"]
    assert {"form.start", "form.confirm", "form.countersign", "meldekort.plan"} <= set(actions)
    other = timeline.for_inmate(db, clock.now(), _staff(db, world), _inmate(db, world, "a2"))
    assert not [i for i in other.items if i.action.startswith(("form.", "meldekort."))]
