"""Every way in (issue 16) end to end in Chromium: an officer registers a paper note with a
photo from the inmate's record; the adviser sees the photo (its metadata gone) and
forwards the request to social work; the inmate reads on the kiosk that staff registered
it and why it was forwarded. One run, in bokmål (the pages are axe-checked in nb and en
in test_accessibility.py)."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import Request, RequestAttachment
from tests.core.services.requests.test_attachments import jpeg_with_exif
from tests.e2e.pages import BasePage, InmatePage, KioskLoginPage, sign_in_staff
from tests.support.world import PIN

pytestmark = pytest.mark.e2e

NOTE = "Til Nav: Jeg trenger hjelp med dagpenger før løslatelsen."
REASON = "Sosialtjenesten hjelper deg med bolig og penger. De svarer deg."


def test_an_officer_registers_a_paper_note_and_an_adviser_forwards_it(
        contexts, kiosk_server, admin_server, world, clock, database):
    admin = admin_server.url
    officer = contexts.new_page()
    sign_in_staff(officer, admin, world.staff["officer"], clock)
    record = InmatePage(officer, admin, world.inmates["a"].id)
    record.open()
    officer.locator("main [data-record-log-request] a").click()
    expect(officer.locator("#inmate_number")).to_have_value("A100")
    officer.locator("main label[for=channel]").click()  # a paper note
    officer.locator("#topic").select_option("dagpenger")
    officer.locator("#description").fill(NOTE)
    officer.locator("#image").set_input_files(files=[{
        "name": "lapp.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_exif()}])
    BasePage(officer, admin).submit("/requests/log")
    expect(officer.locator("main .aksel-alert--success")).to_be_visible()
    expect(officer.locator("main [data-images]")).to_have_attribute("data-images", "1")
    expect(officer.locator("main")).not_to_contain_text(NOTE)  # officers never read it
    with database.session() as db:
        item = db.scalar(select(Request).where(Request.channel == "paper_note"))
        request_id, reference = item.id, item.reference
        assert db.scalar(select(RequestAttachment.request_id)) == request_id
    expect(officer.locator("main [data-logged]")).to_have_attribute("data-logged", reference)

    adviser = contexts.new_page()
    sign_in_staff(adviser, admin, world.staff["adviser"], clock)
    desk = BasePage(adviser, admin)
    desk.open(f"/requests/{request_id}")
    expect(adviser.locator("main [data-channel=paper_note]")).to_be_visible()
    photo = adviser.locator("main [data-desk-images] img")
    expect(photo).to_be_visible()
    source = photo.get_attribute("src")
    served = adviser.request.get(admin + source)
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.body())) as image:
        assert dict(image.getexif()) == {} and b"Ola Nordmann" not in served.body()

    adviser.locator("main [data-desk-ways-in] a", has_text="Send videre").click()
    adviser.locator("main label[for=destination]").click()  # the first: social workers
    adviser.locator("#reason").fill(REASON)
    BasePage(adviser, admin).submit(f"/requests/{request_id}/forward")
    expect(adviser.locator("main .aksel-alert--success")).to_be_visible()
    with database.session() as db:
        assert db.get(Request, request_id).team == "social_worker"

    social = contexts.new_page()
    sign_in_staff(social, admin, world.staff["social_worker"], clock)
    BasePage(social, admin).open(f"/requests/{request_id}")
    expect(social.locator("main [data-history]")).to_contain_text(REASON)
    expect(social.locator("main [data-history]")).to_contain_text("Nav-veiledere")
    expect(social.locator("main [data-desk-images] img")).to_be_visible()

    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.open()
    login.sign_in("A100", PIN)
    BasePage(kiosk, kiosk_server.url).open(f"/requests/{request_id}")
    expect(kiosk.locator("main [data-registered-by-staff]")).to_be_visible()
    expect(kiosk.locator("main")).to_contain_text(NOTE)
    expect(kiosk.locator("main [data-history]")).to_contain_text(REASON)
