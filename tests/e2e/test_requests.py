"""Contact NAV and others, end to end in Chromium: an inmate files a request on the kiosk,
an adviser works it in the staff app (an internal note and a reply), the inmate reads the
reply but never the note, and an officer cannot see the request at all. A half-written
request survives an idle sign-out."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import Consent, Request
from tests.e2e.pages import (DescribeStep, FilledRequest, KioskHomePage,
                             KioskLoginPage, KioskRequestPage, KioskRequestsPage, QueuePage,
                             ReceiptPage, RequestDeskPage, TopicStep, UrgencyStep,
                             fill_request_steps, sign_in_staff)
from tests.support.world import PIN

pytestmark = pytest.mark.e2e

DESCRIPTION = "Jeg vil søke dagpenger når jeg kommer ut i desember."
NOTE = "INTERN-NOTAT-123"
REPLY = "Svar til deg"


def sign_in_on_kiosk(page, base_url, inmate) -> KioskHomePage:
    login = KioskLoginPage(page, base_url)
    login.open()
    login.sign_in(inmate.inmate_number, PIN)
    home = KioskHomePage(page, base_url)
    home.expect_shown(inmate.name)
    return home


def open_my_requests(page, base_url) -> KioskRequestsPage:
    page.locator('main a[href$="/requests/"]').click()  # the tile on the start page
    requests_page = KioskRequestsPage(page, base_url)
    requests_page.expect_path(requests_page.path)
    return requests_page


# The central journey runs on production's engine too (tests/conftest.py).
@pytest.mark.postgresql
def test_a_request_reaches_the_adviser_and_the_reply_reaches_the_inmate(
        contexts, kiosk_server, admin_server, world, clock, database):
    inmate = world.inmates["a"]
    kiosk_url, admin_url = kiosk_server.url, admin_server.url

    # 1. The inmate files a request through every step on terminal a.
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    home = sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    requests_page = open_my_requests(kiosk, kiosk_url)
    requests_page.new_request_link.click()
    TopicStep(kiosk, kiosk_url).expect_path(TopicStep.path)
    check = fill_request_steps(kiosk, kiosk_url, FilledRequest(
        topic="dagpenger", description=DESCRIPTION, kind="conversation", release_soon=True,
        letter_received=True, deadline="2026-12-15", consents=("home_nav",)))
    expect(kiosk.locator("main")).to_contain_text(DESCRIPTION)
    check.send()
    receipt = ReceiptPage(kiosk, kiosk_url)
    receipt.expect_shown()
    reference = receipt.reference.inner_text().strip()
    request_id = receipt.request_id
    with database.session() as db:
        filed = db.get(Request, request_id)
        assert (filed.reference, filed.topic, filed.inmate_id) == (reference, "dagpenger",
                                                                    inmate.id)
        assert filed.description == DESCRIPTION
        assert filed.release_soon and filed.letter_received
        assert str(filed.deadline_on) == "2026-12-15"
        assert db.scalars(select(Consent.recipient).where(
            Consent.request_id == request_id)).all() == ["home_nav"]
    home.sign_out()
    KioskLoginPage(kiosk, kiosk_url).expect_form()

    # 2. The adviser finds it in the queue, writes an internal note and replies.
    admin = contexts.new_page()
    sign_in_staff(admin, admin_url, world.staff["adviser"], clock)
    queue = QueuePage(admin, admin_url)
    queue.open()
    expect(queue.link_to(request_id)).to_have_text(reference)
    queue.link_to(request_id).click()
    desk = RequestDeskPage(admin, admin_url, request_id)
    desk.expect_path(desk.path)
    expect(admin.locator("main")).to_contain_text(DESCRIPTION)
    desk.add_note(NOTE)
    desk.expect_path(desk.path)
    expect(desk.success).to_be_visible()
    expect(desk.notes).to_have_count(1)
    expect(desk.notes).to_contain_text(NOTE)
    desk.reply(REPLY)
    desk.expect_path(desk.path)
    expect(desk.success).to_be_visible()
    expect(desk.replies).to_have_count(1)
    expect(desk.replies).to_contain_text(REPLY)
    expect(desk.notes).to_contain_text(NOTE)

    # 3. Back on the kiosk: an unread marker, the reply, and never the internal note.
    sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    requests_page = open_my_requests(kiosk, kiosk_url)
    expect(requests_page.unread_marker(request_id)).to_be_visible()
    expect(requests_page.unread_marker(request_id)).to_contain_text("1")
    requests_page.open_request(request_id)
    thread = KioskRequestPage(kiosk, kiosk_url, request_id)
    thread.expect_path(thread.path)
    expect(thread.staff_messages).to_have_count(1)
    expect(thread.staff_messages).to_contain_text(REPLY)
    expect(kiosk.locator("body")).not_to_contain_text(NOTE)
    assert NOTE not in kiosk.content()
    requests_page.open()
    expect(requests_page.row(request_id)).to_be_visible()
    expect(requests_page.unread_marker(request_id)).to_have_count(0)  # read now
    assert NOTE not in kiosk.content()

    # 4. An officer is refused the queue and the request (confidentiality).
    officer = contexts.new_page()
    sign_in_staff(officer, admin_url, world.staff["officer"], clock)
    expect(officer.locator('nav a[href$="/requests/"]')).to_have_count(0)
    for path in ("/requests/", f"/requests/{request_id}"):
        response = officer.goto(admin_url + path)
        assert response.status == 403, path
        body = officer.locator("body")
        for secret in (reference, DESCRIPTION, REPLY, NOTE):
            expect(body).not_to_contain_text(secret)


def test_a_half_written_request_survives_an_idle_sign_out(contexts, kiosk_server, world,
                                                          clock, settings):
    inmate = world.inmates["a"]
    idle = settings.kiosk_idle_seconds
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    kiosk.clock.install()
    sign_in_on_kiosk(kiosk, kiosk_server.url, inmate)
    requests_page = open_my_requests(kiosk, kiosk_server.url)
    requests_page.new_request_link.click()
    topic = TopicStep(kiosk, kiosk_server.url)
    topic.expect_path(topic.path)
    expect(topic.option("dagpenger")).not_to_be_checked()
    topic.choose("dagpenger")
    topic.next()
    describe = DescribeStep(kiosk, kiosk_server.url)
    describe.expect_path(describe.path)

    # Nothing happens: past the idle limit the kiosk signs the inmate out by itself.
    clock.advance(seconds=idle + 1)
    kiosk.clock.fast_forward((idle + 1) * 1000)
    expect(kiosk).to_have_url(re.compile(r"ended=idle"))
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.expect_form()
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)

    # Signed in again, "New request" continues where the inmate stopped.
    sign_in_on_kiosk(kiosk, kiosk_server.url, inmate)
    requests_page = open_my_requests(kiosk, kiosk_server.url)
    requests_page.new_request_link.click()
    topic.expect_path(topic.path)
    expect(topic.option("dagpenger")).to_be_checked()
    topic.next()
    describe.expect_path(describe.path)
    describe.next()
    UrgencyStep(kiosk, kiosk_server.url).expect_path(UrgencyStep.path)
