"""The person's hand-over end to end in Chromium (issue 15): the inmate agrees on the
kiosk to share who they are and the plan with the home Nav office; the adviser opens the
hand-over from the inmate's record, adds an appointment after release, downloads the PDF
(its text is checked: what was agreed to is in it, the plan's note and the claims are
not) and records the office's receipt; the inmate sees the hand-over under "Who has
received information about me", and the appointment on the take-home sheet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from core.models import StaffUser
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.release import plan_changes
from tests.e2e.pages import PersonHandoverPage, sign_in_staff
from tests.e2e.test_requests import sign_in_on_kiosk

pytestmark = pytest.mark.e2e

NOTE = "INTERNT-PLANNOTAT-15"


def test_the_adviser_makes_the_hand_over_and_the_inmate_sees_it(
        contexts, kiosk_server, admin_server, world, clock, database, tmp_path):
    inmate = world.inmates["a"]
    kiosk_url, admin_url = kiosk_server.url, admin_server.url
    with database.session() as db:
        directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
            nav_office="Nav Grünerløkka", contact_name="Per Holm", phone="55551111",
            address="Thorvald Meyers gate 1, 0555 Oslo"))
        plan_changes.set_item(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                              db.merge(inmate), "income_applied",
                              plan_changes.ItemChange("done", "adviser", note=NOTE))

    # 1. The inmate agrees, for the whole stay, to the hand-over and to the plan.
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    sign_in_on_kiosk(kiosk, kiosk_url, inmate)
    kiosk.goto(f"{kiosk_url}/requests/consents")
    for purpose in ("handover", "plan"):
        kiosk.locator(f'main [data-standing="{purpose}"] button[type=submit]').click()
        expect(kiosk.locator(f'main [data-consent-purpose="{purpose}"]'
                             '[data-consent-state="active"]')).to_be_visible()

    # 2. The adviser opens the hand-over from the record and adds the first appointment.
    admin = contexts.new_page()
    sign_in_staff(admin, admin_url, world.staff["adviser"], clock)
    admin.goto(f"{admin_url}/inmates/{inmate.id}")
    admin.locator('main [data-record-handover] a[href$="/handover"]').click()
    handover = PersonHandoverPage(admin, admin_url, inmate.id)
    handover.expect_path(handover.path)
    expect(handover.left_out).to_have_count(2)  # the claims, and the requests
    admin.locator("#day").fill("2026-06-02")
    admin.locator("#at").fill("10:00")
    admin.locator("#place").fill("Nav Grünerløkka")
    admin.locator("#address").fill("Thorvald Meyers gate 1, 0555 Oslo")
    handover.submit("/handover/appointments")
    expect(admin.locator("main [data-appointment]")).to_have_count(1)

    # 3. ... downloads the PDF and checks what is in it.
    download = handover.download(".pdf")
    path = tmp_path / "handover.pdf"
    download.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Overføring til Nav-kontoret i hjemkommunen" in text
    assert inmate.name in text and inmate.inmate_number in text
    assert "Nav Grünerløkka" in text and "Thorvald Meyers gate 1" in text
    assert "Løslatelsesplanen" in text
    assert NOTE not in text
    assert "Søknader og skjemaer som er sendt" in text  # named as left out, never listed

    # 4. ... and records that the office confirmed receipt.
    handover.open()
    handover.confirm_receipt("2026-03-02", "Per Holm")
    expect(handover.receipt).to_contain_text("Per Holm")

    # 5. The inmate sees who has received information, and the take-home sheet.
    kiosk.goto(f"{kiosk_url}/requests/disclosures")
    shown = kiosk.locator('main [data-disclosure="release_handover"]')
    expect(shown).to_have_count(1)
    expect(shown).to_contain_text("Nav Grünerløkka")
    expect(shown.locator('[data-class="release_plan"]')).to_be_visible()
    kiosk.goto(f"{kiosk_url}/home")
    kiosk.locator('main a[data-tile="takehome"]').click()
    expect(kiosk.locator("main h1")).to_have_text("Etter løslatelsen")
    expect(kiosk.locator("main [data-takehome-appointments]")).to_contain_text(
        "Thorvald Meyers gate 1")
    expect(kiosk.locator("main")).not_to_contain_text(NOTE)
