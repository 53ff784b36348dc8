"""The meldekort end to end in Chromium: an inmate fills in a card with work hours and a
sick day on the kiosk, meets an error named by its day, corrects it and confirms; the
officer countersigns on the terminal; the adviser finds it in the inbox, sees exactly what
the inmate saw and answered, and marks it registered with NAV's reference; the inmate
sees "registered" and the reference on the kiosk.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import FormSubmission, Inmate
from core.security import totp
from core.services.forms.meldekort import engine as mf
from tests.e2e.pages import (BasePage, FormRecordPage, MeldekortCheckPage, MeldekortPage,
                             MeldekortStep, sign_in_staff)
from tests.e2e.test_requests import sign_in_on_kiosk
from tests.support.world import PASSWORD

pytestmark = pytest.mark.e2e

PERIOD = "2026-W08"  # 16 February to 1 March 2026: open on Monday 2 March
NAV_REFERENCE = "MK-2026-000417"


def test_a_meldekort_is_filled_in_countersigned_and_registered(
        contexts, kiosk_server, admin_server, world, clock, database):
    inmate, officer = world.inmates["a"], world.staff["officer"]
    kiosk_url = kiosk_server.url
    with database.session() as db:
        mf.set_plan(db, clock.now(), world.staff["adviser"], db.get(Inmate, inmate.id),
                    "dagpenger", date(2026, 2, 2))

    # 1. The inmate finds the card from the start page and fills it in.
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    kiosk.locator('main a[href$="/forms/"]').click()
    tile = kiosk.locator("main [data-meldekort-tile]")
    expect(tile.locator("[data-due]")).to_have_attribute("data-due", "2")
    tile.locator('a[href$="/forms/meldekort/"]').click()
    periods = MeldekortPage(kiosk, kiosk_url)
    periods.expect_path(periods.path)
    expect(periods.period(PERIOD)).to_have_attribute("data-status", "open")
    periods.start(PERIOD)

    step = MeldekortStep(kiosk, kiosk_url)
    expect(kiosk.locator("main h1")).to_have_text("Spørsmål om de siste 14 dagene")
    step.answer(arbeidet="yes", kurs="no", syk="yes", annetFravaer="no", arbeidssoker="yes")
    step.next()
    expect(kiosk.locator("main #day-1-hours")).to_be_visible()
    expect(kiosk.locator("main #day-1-course")).to_have_count(0)  # answered "no"
    step.hours(1, "7,5")
    step.hours(2, "7,3")
    step.tick("day-4-ill")
    step.next()

    # The error: named by its day, in the summary (which takes focus) and by the field.
    expect(step.error_summary).to_be_focused()
    message = "Tirsdag 17. februar: Du kan bare skrive hele eller halve timer."
    expect(step.error_for("day-2-hours")).to_have_text(message)
    expect(kiosk.locator("#day-2-hours-error")).to_have_text(message)
    expect(kiosk.locator("main #day-2-hours")).to_have_value("7,3")  # kept as typed
    expect(kiosk.locator("main #day-4-ill")).to_be_checked()
    step.error_for("day-2-hours").click()
    expect(kiosk.locator("main #day-2-hours")).to_be_focused()
    step.hours(2, "7")
    step.next()

    check = MeldekortCheckPage(kiosk, kiosk_url)
    expect(check.grid_weeks).to_have_count(2)
    expect(check.grid_weeks.first).to_contain_text("7,5")
    check.send()
    receipt = BasePage(kiosk, kiosk_url)
    expect(kiosk.locator("main [data-status]")).to_have_attribute(
        "data-status", "awaiting_countersign")
    receipt_path = urlparse(kiosk.url).path

    # 2. The officer countersigns on the terminal with password and code.
    kiosk.locator(f'main a[href$="{receipt_path}/countersign"]').click()
    expect(kiosk.locator("main [data-countersign-facts]")).to_be_visible()
    expect(kiosk.locator("main")).not_to_contain_text("7,5")  # the officer sees no answers
    clock.advance(seconds=30)
    kiosk.locator("#username").fill(officer.username)
    kiosk.locator("#password").fill(PASSWORD)
    kiosk.locator("#code").fill(totp.code_at(officer.totp_secret, clock.now()))
    receipt.submit_main_form()
    expect(kiosk.locator("main [data-status]")).to_have_attribute("data-status", "sent")

    # 3. The adviser sees the exact record in the inbox and marks it registered.
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        assert (submission.status, submission.countersigned_via) == ("sent", "terminal")
    adviser = contexts.new_page()
    sign_in_staff(adviser, admin_server.url, world.staff["adviser"], clock)
    adviser.goto(admin_server.url + "/forms/")
    adviser.locator(f'main a[href$="/forms/{submission.id}"]').click()
    record = FormRecordPage(adviser, admin_server.url, submission.id)
    expect(record.status).to_have_attribute("data-status", "under_review")
    snapshot = adviser.locator("main [data-snapshot]")
    expect(snapshot).to_contain_text("Har du vært syk?")  # the question as the inmate saw it
    expect(snapshot.locator("[data-grid-week='1']")).to_contain_text("7,5")
    expect(snapshot.locator("[data-grid-week='1']")).to_contain_text("✓")  # ill on Thursday
    record.register(NAV_REFERENCE)
    expect(record.success).to_be_visible()
    expect(record.nav_reference).to_have_text(NAV_REFERENCE)

    # 4. The inmate sees "registered" and NAV's reference.
    periods.open()
    row = periods.period(PERIOD)
    expect(row).to_have_attribute("data-status", "registered")
    expect(row.locator("[data-nav-reference]")).to_have_text(NAV_REFERENCE)
    row.locator("a[data-reference]").click()
    expect(kiosk.locator("main [data-status]")).to_have_attribute("data-status", "registered")
    expect(kiosk.locator("main [data-nav-reference]")).to_have_text(NAV_REFERENCE)
