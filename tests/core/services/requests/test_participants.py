"""Shared case meetings (trekantsamtale, issue 16): with the inmate's consent, a second
team takes part in a request, reads the thread and the internal notes (each marked with
its team), writes notes and joins an appointment; withdrawing the consent removes the
second team at once."""
from datetime import date, datetime, time, timezone

import pytest

from core.models import Inmate, Role, StaffUser
from core.services.appointments import booking, office_hours
from core.services.errors import NotFound, ServiceError
from core.services.requests import access, consents, filing as requests, participants


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


@pytest.fixture
def case(db, clock, world):
    inmate = db.get(Inmate, world.inmates["a"].id)
    item = requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description="Dagpenger og bolig etter løslatelse"))
    requests.add_note(db, clock.now(), _staff(db, world, "adviser"), item, "Notat fra Nav")
    requests.reply(db, clock.now(), _staff(db, world, "adviser"), item, "Svar til innsatt")
    return inmate, item


def test_without_consent_adding_a_second_team_is_refused_naming_the_consent(db, clock, world,
                                                                            case):
    inmate, item = case
    adviser, social = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    with pytest.raises(ServiceError) as error:
        participants.add(db, clock.now(), adviser, item, social)
    assert (error.value.code, error.value.params) == ("case_meeting_consent_missing",
                                                      {"team": "social_worker"})
    # A consent to share the request (read-only) is not a consent to a case meeting.
    consents.give(db, clock.now(), inmate, "social_work", "share_request", "request",
                  request=item)
    with pytest.raises(ServiceError):
        participants.add(db, clock.now(), adviser, item, social)
    # A consent on another request does not count either.
    other = requests.file(db, clock.now(), inmate, requests.Draft(topic="housing"))
    consents.give(db, clock.now(), inmate, "nav_adviser", "case_meeting", "request",
                  request=other)
    participants.give(db, clock.now(), inmate, other.id, "adviser")
    with pytest.raises(ServiceError):
        participants.add(db, clock.now(), adviser, item, social)
    assert participants.of_request(db, item) == []


def test_with_consent_both_teams_read_the_thread_and_notes_and_write_notes(db, clock, world,
                                                                            case):
    inmate, item = case
    adviser, social = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    assert not requests.staff_may_read(social, item)
    participants.give(db, clock.now(), inmate, item.id, "social_worker")
    assert not requests.staff_may_read(social, item)  # consent alone adds nobody
    with pytest.raises(NotFound):  # only the routed team adds participants
        participants.add(db, clock.now(), social, item, social)
    participants.add(db, clock.now(), adviser, item, social)
    assert requests.staff_may_read(social, item) and access.in_meeting(social, item)
    assert not requests.staff_may_work(social, item)  # replies and status stay with Nav
    thread = requests.staff_thread(db, item, social)
    assert [m.visibility for m in thread] == ["staff_only", "staff_and_inmate"]
    requests.add_note(db, clock.now(), social, item, "Notat fra sosialkonsulent")
    assert len(requests.staff_thread(db, item, adviser)) == 3
    assert participants.requests_of(db, social) == [item]
    # Two teams in all: the school cannot join a meeting of Nav and social work.
    participants.give(db, clock.now(), inmate, item.id, "school")
    with pytest.raises(ServiceError) as error:
        participants.add(db, clock.now(), adviser, item, _staff(db, world, "school"))
    assert error.value.code == "one_second_team"
    # Staff of the same team, officers and trainers are not a second team.
    for key in ("officer", "trainer", "work_shop"):
        with pytest.raises(ServiceError):
            participants.add(db, clock.now(), adviser, item, _staff(db, world, key))
    # Nothing reaches the kiosk from the notes.
    assert [m.body for m in requests.inmate_thread(db, inmate, item.id)] == ["Svar til innsatt"]


def test_withdrawing_the_consent_removes_the_second_team_at_once(db, clock, world, case):
    inmate, item = case
    adviser, social = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    hours = office_hours.publish(db, clock.now(), adviser, office_hours.HoursData(
        prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12), slot_minutes=30,
        room="Rom 1", valid_from=date(2026, 3, 2)))
    assert hours.id
    appointment = booking.book(db, clock.now(), adviser, inmate, adviser.id,
                               datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc), request=item)
    consent = participants.give(db, clock.now(), inmate, item.id, "social_worker")
    row = participants.add(db, clock.now(), adviser, item, social)
    participants.join_appointment(db, clock.now(), adviser, item, appointment.id, row.id)
    assert appointment.second_staff_id == social.id
    consents.withdraw_consent(db, clock.now(), inmate, consent.id)
    assert not requests.staff_may_read(social, item)
    assert not access.in_meeting(social, item)
    assert "staff_only" not in [m.visibility for m in requests.staff_thread(db, item, social)]
    with pytest.raises(NotFound):
        requests.add_note(db, clock.now(), social, item, "For sent")
    assert (row.removed_at, row.removed_cause) == (clock.now(), "withdrawn")
    assert appointment.second_staff_id is None
    assert participants.requests_of(db, social) == []
    # Without a consent the appointment cannot get the participant back.
    with pytest.raises(NotFound):
        participants.join_appointment(db, clock.now(), adviser, item, appointment.id, row.id)


def test_a_consent_for_the_stay_covers_and_its_withdrawal_ends_every_meeting(db, clock, world,
                                                                             case):
    inmate, item = case
    adviser, social = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    stay = consents.give(db, clock.now(), inmate, "social_work", "case_meeting", "stay")
    participants.add(db, clock.now(), adviser, item, social)
    assert requests.staff_may_read(social, item)
    consents.withdraw_consent(db, clock.now(), inmate, stay.id)
    assert not requests.staff_may_read(social, item)
    assert participants.of_request(db, item) == []


def test_the_routed_team_removes_a_participant(db, clock, world, case):
    inmate, item = case
    adviser, social = _staff(db, world, "adviser"), _staff(db, world, "social_worker")
    participants.give(db, clock.now(), inmate, item.id, "social_worker")
    row = participants.add(db, clock.now(), adviser, item, social)
    with pytest.raises(NotFound):
        participants.remove(db, clock.now(), _staff(db, world, "school"), item, row.id)
    participants.remove(db, clock.now(), adviser, item, row.id)
    assert not requests.staff_may_read(social, item)


def test_the_candidates_are_found_by_the_database_not_by_reading_all_staff(db, clock, world,
                                                                           case, hasher):
    """The desk offers staff of another team serving the request's prison. With national
    data that is a handful among thousands of staff, all of whom were read (with their
    prisons and roles) on every desk page (make bench --profile, national data at 4x)."""
    from sqlalchemy import event

    from core.services.people import staff as staff_service
    from tests.support.world import PASSWORD

    _inmate, item = case
    elsewhere = staff_service.create(db, clock.now(), None, staff_service.StaffData(
        "sosialarbeider-b", "Sosialarbeider B", {Role.SOCIAL_WORKER},
        {world.other_prison.id}), PASSWORD, hasher)
    db.flush()
    expected = {u.id for u in participants.candidates(db, item)}
    assert world.staff["social_worker"].id in expected
    request_id, elsewhere_id, officer_id = item.id, elsewhere.id, world.staff["officer"].id
    db.expunge_all()
    loaded = []
    listener = lambda target, _context: loaded.append(target.id)  # noqa: E731
    event.listen(StaffUser, "load", listener)
    try:
        found = participants.candidates(db, db.get(requests.Request, request_id))
    finally:
        event.remove(StaffUser, "load", listener)
    assert {u.id for u in found} == expected
    assert elsewhere_id not in loaded and officer_id not in loaded



def test_the_meeting_consents_are_consent_for_each_team_read_at_once(db, clock, world, case):
    """meeting_consents reads every team's consent in one query (consents.active_for) and
    gives what consent_for gives for each: one for the stay or for this request, the oldest
    first, never one for another request or one withdrawn (issue 20)."""
    inmate, item = case
    other = requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description="Et annet spørsmål om dagpenger"))

    def expected():
        return {team: participants.consent_for(db, item, team)
                for team in participants.second_teams(item)}

    assert participants.meeting_consents(db, item) == expected()
    assert set(expected().values()) == {None}
    recipients = [participants.recipient_of(t) for t in participants.second_teams(item)]
    consents.give(db, clock.now(), inmate, recipients[0], "case_meeting", "request", request=other)
    withdrawn = consents.give(db, clock.now(), inmate, recipients[1], "case_meeting", "request",
                              request=item)
    consents.withdraw_consent(db, clock.now(), inmate, withdrawn.id)
    assert set(participants.meeting_consents(db, item).values()) == {None}
    first = consents.give(db, clock.now(), inmate, recipients[0], "case_meeting", "request",
                          request=item)
    consents.give(db, clock.now(), inmate, recipients[0], "case_meeting", "stay")
    stay = consents.give(db, clock.now(), inmate, recipients[1], "case_meeting", "stay")
    found = participants.meeting_consents(db, item)
    assert found == expected() and set(found.values()) == {first, stay}
