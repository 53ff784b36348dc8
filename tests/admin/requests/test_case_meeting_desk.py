"""A shared case meeting on the request's desk and on the kiosk (issue 16): refused with a
clear message without consent; with it, the second team reads the thread and the notes,
each marked with its team, and writes notes; withdrawing the consent removes them."""
from sqlalchemy import select

from core.models import Consent, Inmate
from core.services.requests import filing as requests

NOTE = "Merkelapp-notat fra Nav"


def _request(database, clock, world):
    with database.session() as db:
        item = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                             requests.Draft(topic="dagpenger", description="Trenger hjelp"))
        requests.add_note(db, clock.now(), world.staff["adviser"], item, NOTE)
        return item.id


def test_without_consent_the_desk_says_which_consent_is_missing(staff_user, database, clock,
                                                                world):
    request_id = _request(database, clock, world)
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert 'data-meeting-consent="social_worker" data-consent-state="missing"' in desk
    response = staff_user.post(f"/requests/{request_id}/participants",
                               {"staff_id": world.staff["social_worker"].id})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "har ikke samtykket til et felles saksmøte med dette teamet: Sosialkonsulenter" in html
    assert "«La dem være med»" in html


def test_a_three_way_case_with_consent_and_its_withdrawal(staff_user, kiosk_user, database,
                                                          clock, world, admin):
    request_id = _request(database, clock, world)
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert 'data-meeting-team="social_worker" data-consent-state="missing"' in page
    assert kiosk_user.post(f"/requests/{request_id}/case-meeting",
                           {"team": "social_worker"}).status_code == 302
    assert kiosk_user.post(f"/requests/{request_id}/case-meeting",
                           {"team": "police"}).status_code == 400
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{request_id}/participants",
                               {"staff_id": world.staff["social_worker"].id})
    assert response.status_code == 302
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")
    desk = staff_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "data-case-meeting-participant" in desk and NOTE in desk
    assert 'data-note-team="adviser"' in desk
    assert staff_user.post(f"/requests/{request_id}/meeting-note",
                           {"note": "Notat fra sosial"}).status_code == 302
    desk = staff_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert 'data-note-team="social_worker"' in desk
    # The participant does not reply to the inmate or change the request.
    assert staff_user.post(f"/requests/{request_id}/reply", {"body": "Hei"}).status_code == 403
    # The inmate withdraws the consent: the social worker loses the case at once.
    with database.session() as db:
        consent_id = db.scalar(select(Consent.id).where(Consent.purpose == "case_meeting"))
    assert kiosk_user.post(f"/requests/consents/{consent_id}/withdraw").status_code == 302
    assert staff_user.client.get(f"/requests/{request_id}").status_code == 404
    assert staff_user.post(f"/requests/{request_id}/meeting-note",
                           {"note": "For sent"}).status_code == 404
    kiosk_page = kiosk_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Notat fra sosial" not in kiosk_page and NOTE not in kiosk_page


def test_an_appointment_with_two_staff_participants(staff_user, kiosk_user, database, clock,
                                                    world):
    from datetime import date, datetime, time, timezone

    from core.models import Appointment, Request, StaffUser
    from core.services.appointments import booking, office_hours
    from core.services.requests import participants

    request_id = _request(database, clock, world)
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        inmate = db.get(Inmate, world.inmates["a"].id)
        office_hours.publish(db, clock.now(), adviser, office_hours.HoursData(
            prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12),
            slot_minutes=30, room="Samtalerom 2", valid_from=date(2026, 3, 2)))
        appointment = booking.book(db, clock.now(), adviser, inmate, adviser.id,
                                   datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc),
                                   request=db.get(Request, request_id))
        participants.give(db, clock.now(), inmate, request_id, "social_worker")
        row = participants.add(db, clock.now(), adviser, db.get(Request, request_id),
                               db.get(StaffUser, world.staff["social_worker"].id))
        appointment_id, participant_id = appointment.id, row.id
    staff_user.sign_in("adviser")
    response = staff_user.post(f"/requests/{request_id}/participants/{participant_id}/"
                               f"appointments/{appointment_id}")
    assert response.status_code == 302
    with database.session() as db:
        assert db.get(Appointment, appointment_id).second_staff_id == \
            world.staff["social_worker"].id
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")
    desk = staff_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "data-my-appointments" in desk and "Samtalerom 2" in desk
    kiosk_user.sign_in("A100")
    mine = kiosk_user.client.get("/appointments/").get_data(as_text=True)
    assert "Adviser og Social Worker" in mine
