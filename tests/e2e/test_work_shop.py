"""Issue 16 end to end in Chromium: a three-way case with the inmate's consent (the inmate
lets social work take part on the kiosk, the adviser adds a social worker on the desk, the
social worker reads the adviser's note marked with its team and writes one, and the
inmate's withdrawal shuts them out at once), and a work-shop statement read by the inmate
on the kiosk and then sent (refused first, naming the missing consent)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import Consent, Inmate, Request, WorkStatement
from core.services.requests import filing as requests
from tests.e2e.pages import BasePage, KioskLoginPage, sign_in_staff
from tests.support import work_shop as seed
from tests.support.world import PIN

pytestmark = pytest.mark.e2e


def _kiosk(contexts, kiosk_url, world):
    page = contexts.new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(page, kiosk_url)
    login.open()
    login.switch_language("nb")
    login.sign_in(world.inmates["a"].inmate_number, PIN)
    return page


def test_a_three_way_case_with_consent_and_its_withdrawal(contexts, kiosk_server, admin_server,
                                                          world, clock, database):
    kiosk_url, admin_url = kiosk_server.url, admin_server.url
    with database.session() as db:
        item = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                             requests.Draft(topic="dagpenger", description="Bolig og penger"))
        requests.add_note(db, clock.now(), world.staff["adviser"], item, "Notat fra Nav")
        request_id = item.id
    adviser = contexts.new_page()
    sign_in_staff(adviser, admin_url, world.staff["adviser"], clock, lang="nb")
    desk = BasePage(adviser, admin_url)
    desk.open(f"/requests/{request_id}")
    adviser.locator("#participant-staff").select_option(str(world.staff["social_worker"].id))
    desk.submit(f"/requests/{request_id}/participants")
    expect(adviser.locator("main [data-case-meeting-error]")).to_contain_text("Sosialkonsulenter")

    inmate = _kiosk(contexts, kiosk_url, world)
    page = BasePage(inmate, kiosk_url)
    page.open(f"/requests/{request_id}")
    inmate.locator('main [data-meeting-team="social_worker"] button').click()
    expect(inmate.locator('main [data-meeting-team="social_worker"]')).to_have_attribute(
        "data-consent-state", "given")

    desk.open(f"/requests/{request_id}")
    adviser.locator("#participant-staff").select_option(str(world.staff["social_worker"].id))
    desk.submit(f"/requests/{request_id}/participants")
    expect(adviser.locator('main [data-participant="social-worker"]')).to_have_attribute(
        "data-participant-active", "yes")

    social = contexts.new_page()
    sign_in_staff(social, admin_url, world.staff["social_worker"], clock, lang="nb")
    theirs = BasePage(social, admin_url)
    theirs.open(f"/requests/{request_id}")
    expect(social.locator("main [data-case-meeting-participant]")).to_be_visible()
    expect(social.locator('main [data-note-team="adviser"]')).to_be_visible()
    social.locator("#meeting-note").fill("Notat fra sosialkonsulenten")
    theirs.submit(f"/requests/{request_id}/meeting-note")
    expect(social.locator('main [data-note-team="social_worker"]')).to_be_visible()
    desk.open(f"/requests/{request_id}")
    expect(adviser.locator("main .bb-thread")).to_contain_text("Notat fra sosialkonsulenten")

    # The inmate withdraws the consent: the social worker is out at once.
    page.open("/requests/consents")
    inmate.locator('main [data-consent-purpose="case_meeting"] button').click()
    expect(inmate.locator('main [data-consent-purpose="case_meeting"]')).to_have_attribute(
        "data-consent-state", "withdrawn")
    response = theirs.open(f"/requests/{request_id}")
    assert response is not None and response.status == 404
    desk.open(f"/requests/{request_id}")
    expect(adviser.locator("main [data-participants]")).to_have_count(0)
    with database.session() as db:
        assert db.scalar(select(Consent.withdrawn_at).where(
            Consent.purpose == "case_meeting")) is not None
        assert db.get(Request, request_id).team == "adviser"


def test_a_work_shop_statement_read_on_the_kiosk_and_then_sent(contexts, kiosk_server,
                                                                admin_server, world, clock,
                                                                database):
    kiosk_url, admin_url = kiosk_server.url, admin_server.url
    with database.session() as db:
        seed.shop(db, clock.now(), world, "a")
    worker = contexts.new_page()
    sign_in_staff(worker, admin_url, world.staff["work_shop"], clock, lang="nb")
    staff_page = BasePage(worker, admin_url)
    inmate_id = world.inmates["a"].id
    staff_page.open(f"/work-shops/inmates/{inmate_id}/statements/new")
    worker.locator("#attendance-1").check()  # "good" (the second option)
    worker.locator("#punctuality").check()
    worker.locator("#cooperation").check()
    worker.locator("#tasks").fill("Sliper og lakkerer møbler.")
    worker.locator("#what_helps").fill("En plan for dagen.")
    worker.locator("#comment").fill("Stødig og blid.")
    worker.locator("main form[action$='/statements/new'] button[type=submit]").click()
    with database.session() as db:
        statement_id = db.scalar(select(WorkStatement.id))
    staff_page.submit(f"/work-shops/statements/{statement_id}/ready")
    expect(worker.locator("main [data-statement-status]")).to_have_attribute(
        "data-statement-status", "for_inmate")
    # Sending before the inmate has read it or consented: refused, naming the consent.
    staff_page.submit(f"/work-shops/statements/{statement_id}/send")
    expect(worker.locator("main [data-statement-error]")).to_be_visible()
    expect(worker.locator('main [data-missing-item="consent_missing"]')).to_contain_text(
        "Mine samtykker")

    inmate = _kiosk(contexts, kiosk_url, world)
    inmate.locator('main [data-tile="work-shop"]').click()
    inmate.locator(f'main [data-work-statement="{statement_id}"] a').click()
    expect(inmate.locator("main [data-statement-body]")).to_contain_text("Stødig og blid.")
    inmate.locator('main form[action$="/read"] button').click()
    expect(inmate.locator("main [data-statement-read]")).to_be_visible()
    inmate.locator('main form[action$="/work/consent"] button').click()
    expect(inmate.locator('main [data-work-consent="given"]')).to_be_visible()

    staff_page.open(f"/work-shops/statements/{statement_id}")
    expect(worker.locator("main [data-missing]")).to_have_count(0)
    staff_page.submit(f"/work-shops/statements/{statement_id}/send")
    expect(worker.locator("main [data-statement-status]")).to_have_attribute(
        "data-statement-status", "sent")

    BasePage(inmate, kiosk_url).open("/requests/disclosures")
    expect(inmate.locator('main [data-disclosure="statement"]')).to_contain_text(
        "Nav-veilederne i fengselet")
    adviser = contexts.new_page()
    sign_in_staff(adviser, admin_url, world.staff["adviser"], clock, lang="nb")
    BasePage(adviser, admin_url).open(f"/inmates/{inmate_id}")
    expect(adviser.locator("main [data-record-work-statements]")).to_contain_text(
        "Stødig og blid.")
