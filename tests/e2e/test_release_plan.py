"""The release plan end to end in Chromium (issue 15): the adviser fills the plan (dates,
an item done with a note, an item hidden from the inmate); the inmate opens "Min plan for
løslatelsen" from the kiosk's start page, sees what is done and what is next without the
note or the hidden item, and asks for help with housing: an ordinary request to social
work, linked to the plan item."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import Request
from tests.e2e.pages import MyPlanPage, ReceiptPage, ReleasePlanPage, sign_in_staff
from tests.e2e.test_requests import sign_in_on_kiosk

pytestmark = pytest.mark.e2e

NOTE = "INTERNT-NOTAT-CV-15"


def test_the_adviser_fills_the_plan_and_the_inmate_asks_for_housing_help(
        contexts, kiosk_server, admin_server, world, clock, database):
    inmate = world.inmates["a"]
    kiosk_url, admin_url = kiosk_server.url, admin_server.url

    # 1. The adviser opens the plan from the inmate's record and fills it.
    admin = contexts.new_page()
    sign_in_staff(admin, admin_url, world.staff["adviser"], clock)
    admin.goto(f"{admin_url}/inmates/{inmate.id}")
    admin.locator('main [data-record-plan] a[href$="/release"]').click()
    plan = ReleasePlanPage(admin, admin_url, inmate.id)
    plan.expect_path(plan.path)
    plan.set_dates(earliest="2026-05-01", expected="2026-06-01", latest="2026-07-01")
    expect(plan.success).to_be_visible()
    expect(plan.item("recorded").locator("[data-due]")).to_have_attribute(
        "data-due", "2026-04-30")
    plan.save("cv", "done", NOTE)
    expect(plan.success).to_be_visible()
    expect(plan.item("cv")).to_have_attribute("data-status", "done")
    plan.save("debt_advice", "in_progress", visible=False)
    expect(plan.item("debt_advice")).to_have_attribute("data-status", "in_progress")

    # 2. The inmate opens Min plan from the start page.
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    kiosk.locator('main a[data-tile="release-plan"]').click()
    mine = MyPlanPage(kiosk, kiosk_url)
    mine.expect_path(mine.path)
    expect(kiosk.locator("main h1")).to_have_text("Min plan for løslatelsen")
    expect(kiosk.locator("main [data-plan-done]")).to_contain_text("CV-en din")
    expect(mine.item("debt_advice")).to_have_count(0)
    expect(kiosk.locator("main")).not_to_contain_text(NOTE)

    # 3. ... and asks for help with housing: the receipt of an ordinary request.
    mine.ask_for_help("housing", "Jeg mister leiligheten min.")
    receipt = ReceiptPage(kiosk, kiosk_url)
    receipt.expect_shown()
    with database.session() as db:
        filed = db.scalar(select(Request).where(Request.id == receipt.request_id))
        assert (filed.topic, filed.team, filed.description) == (
            "housing", "social_worker", "Jeg mister leiligheten min.")
    mine.open()
    expect(mine.item("housing_office_contacted").locator("[data-asked]")).to_be_visible()
