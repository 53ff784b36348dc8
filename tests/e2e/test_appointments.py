"""Appointments end to end in Chromium: an inmate files a request on the kiosk; an adviser
publishes office hours, takes the request, writes an internal note, replies and books an
appointment; the inmate sees the reply and the appointment but not the note; an officer's
daily list shows the time and place but not what the appointment is about."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from core.models import Appointment, Request
from tests.e2e.pages import (BookAppointmentPage, DailyListPage, DeskAppointments,
                             FilledRequest, KioskAppointmentsPage, KioskRequestPage,
                             OfficeHoursPage, QueuePage, ReceiptPage, RequestDeskPage,
                             fill_request_steps, sign_in_staff)
from tests.e2e.test_requests import open_my_requests, sign_in_on_kiosk

pytestmark = pytest.mark.e2e

DESCRIPTION = "Jeg trenger hjelp med AAP-søknaden før jeg slipper ut."
NOTE = "INTERNT-NOTAT-AAP-77"
REPLY = "Vi tar en samtale om AAP på tirsdag."
ROOM = "Samtalerom Nav 2"
NINE_THIRTY = datetime(2026, 3, 3, 8, 30, tzinfo=timezone.utc)  # Tuesday 09:30 in Oslo


def take(desk: RequestDeskPage, staff_id: int, reason: str) -> None:
    """The desk's assign form: take the request."""
    form = desk.page.locator(f'form[action$="{desk.path}/assign"]')
    form.locator("select[name=assignee]").select_option(str(staff_id))
    form.locator("textarea[name=assign_reason]").fill(reason)
    desk.submit(f"{desk.path}/assign")


def test_an_appointment_is_booked_from_the_desk_and_reaches_inmate_and_officer(
        contexts, kiosk_server, admin_server, world, clock, database):
    inmate = world.inmates["a"]
    adviser = world.staff["adviser"]
    kiosk_url, admin_url = kiosk_server.url, admin_server.url

    # 1. The inmate files a request on the kiosk.
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    home = sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    open_my_requests(kiosk, kiosk_url).new_request_link.click()
    fill_request_steps(kiosk, kiosk_url, FilledRequest(
        topic="aap", description=DESCRIPTION)).send()
    receipt = ReceiptPage(kiosk, kiosk_url)
    receipt.expect_shown()
    request_id = receipt.request_id
    reference = receipt.reference.inner_text().strip()
    home.sign_out()

    # 2. The adviser publishes office hours, then works the request from the queue: takes
    # it, writes an internal note, replies and books an appointment in another room.
    admin = contexts.new_page()
    sign_in_staff(admin, admin_url, adviser, clock)
    admin.locator('nav a[href$="/appointments/hours"]').click()
    hours = OfficeHoursPage(admin, admin_url)
    hours.expect_path(hours.path)
    expect(hours.rows).to_have_count(0)
    hours.publish(world.prison.id, weekday=1, starts="09:00", ends="12:00", minutes=30,
                  room="Samtalerom 1", valid_from="2026-03-02")
    hours.expect_path(hours.path)
    expect(hours.rows).to_have_count(1)
    expect(hours.rows).to_contain_text("Samtalerom 1")

    queue = QueuePage(admin, admin_url)
    queue.open()
    queue.link_to(request_id).click()
    desk = RequestDeskPage(admin, admin_url, request_id)
    desk.expect_path(desk.path)
    take(desk, adviser.id, "Jeg er inne på tirsdag")
    expect(desk.success).to_be_visible()
    expect(admin.locator("[data-assignee]")).to_have_text(adviser.name)
    desk.add_note(NOTE)
    expect(desk.notes).to_contain_text(NOTE)
    desk.reply(REPLY)
    expect(desk.replies).to_contain_text(REPLY)
    appointments = DeskAppointments(admin)
    expect(appointments.items).to_have_count(0)
    appointments.book_link.click()
    booking = BookAppointmentPage(admin, admin_url, request_id)
    booking.expect_path(booking.path)
    expect(booking.slot(adviser.id, NINE_THIRTY)).to_be_visible()
    booking.book(adviser.id, NINE_THIRTY, room=ROOM)
    desk.expect_path(desk.path)
    expect(desk.success).to_be_visible()
    expect(appointments.items).to_have_count(1)
    expect(appointments.items).to_contain_text("09:30")
    expect(appointments.items).to_contain_text(ROOM)
    with database.session() as db:
        assert db.get(Request, request_id).assignee_id == adviser.id
        booked = db.query(Appointment).one()
        assert (booked.starts_at, booked.room, booked.request_id) == (NINE_THIRTY, ROOM,
                                                                      request_id)

    # 3. The inmate sees the reply and the appointment, never the note.
    sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    open_my_requests(kiosk, kiosk_url).open_request(request_id)
    thread = KioskRequestPage(kiosk, kiosk_url, request_id)
    thread.expect_path(thread.path)
    expect(thread.staff_messages).to_contain_text(REPLY)
    shown = kiosk.locator("main [data-request-appointments] [data-appointment]")
    expect(shown).to_have_count(1)
    for text in ("09:30", "10:00", ROOM, adviser.name):
        expect(shown).to_contain_text(text)
    expect(kiosk.locator("body")).not_to_contain_text(NOTE)
    assert NOTE not in kiosk.content()
    kiosk.goto(kiosk_url + "/home")
    kiosk.locator('main a[href$="/appointments/"]').click()  # the tile
    mine = KioskAppointmentsPage(kiosk, kiosk_url)
    mine.expect_path(mine.path)
    expect(mine.items).to_have_count(1)
    expect(mine.items).to_contain_text(ROOM)

    # 4. An officer's daily list: the time and the place, never what it is about.
    officer = contexts.new_page()
    sign_in_staff(officer, admin_url, world.staff["officer"], clock)
    officer.locator('nav a[href$="/appointments/daily"]').click()
    daily = DailyListPage(officer, admin_url)
    daily.expect_path(daily.path)
    daily.open(day="2026-03-03")
    expect(daily.rows).to_have_count(1)
    for text in ("09:30", "10:00", ROOM, inmate.name, inmate.inmate_number):
        expect(daily.rows).to_contain_text(text)
    expect(daily.print_button).to_be_visible()  # shown by the script, which can print
    body = officer.locator("body")
    for secret in (DESCRIPTION, REPLY, NOTE, reference, adviser.name, "AAP"):
        expect(body).not_to_contain_text(secret)
