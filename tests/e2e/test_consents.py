"""Consent and disclosure end to end in Chromium (issue 14), with axe (WCAG 2.1 A/AA) on
every screen, in Norwegian and English: the consent step names who will read the request;
the adviser hands it over; the inmate withdraws in one step from "My consents"; the
adviser's stale page is refused; "Who has received information about me" lists the
hand-over with date, recipient and what was included."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.models import Consent, Disclosure
from tests.e2e import axe
from tests.e2e.pages import (BasePage, CheckAnswersPage, DescribeStep, FilledRequest,
                             KioskLoginPage, ReceiptPage, TopicStep, UrgencyStep,
                             sign_in_staff)
from tests.support.world import PIN

pytestmark = pytest.mark.e2e

TEXTS = {
    "nb": {"team": "Nav-veiledere i Fengsel A", "withdrawn": "Trukket tilbake",
           "to": "Nav-kontoret i hjemkommunen din",
           "included": "Det du skrev i henvendelsen"},
    "en": {"team": "Nav advisers at Fengsel A", "withdrawn": "Withdrawn",
           "to": "The Nav office in your home municipality",
           "included": "What you wrote in the request"},
}


def axe_clean(page: Page, what: str) -> None:
    violations = axe.violations(page)
    assert violations == [], f"{what}: " + "; ".join(
        f"{v['id']}: {v['help']}" for v in violations)


class ConsentStep(BasePage):
    path = "/requests/new/consent"


class MyConsentsPage(BasePage):
    path = "/requests/consents"

    def withdraw_first(self) -> None:
        self.page.locator('main form[action$="/withdraw"] button[type=submit]').first.click()


class DisclosuresPage(BasePage):
    path = "/requests/disclosures"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_consent_step_withdrawal_and_the_disclosure_list(lang, contexts, kiosk_server,
                                                         admin_server, world, clock,
                                                         database):
    kiosk_url, admin_url, text = kiosk_server.url, admin_server.url, TEXTS[lang]
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(kiosk, kiosk_url)
    login.open()
    login.switch_language(lang)
    login.sign_in(world.inmates["a"].inmate_number, PIN)

    # The consent step says who will read it (the routed team, by name) and what each gets.
    request = FilledRequest(topic="dagpenger", description="Dagpenger etter løslatelsen",
                            consents=("home_nav",))
    topic = TopicStep(kiosk, kiosk_url)
    topic.open()
    topic.choose(request.topic)
    topic.next()
    describe = DescribeStep(kiosk, kiosk_url)
    describe.expect_path(describe.path)
    describe.fill(request.description, request.kind)
    describe.next()
    urgency = UrgencyStep(kiosk, kiosk_url)
    urgency.expect_path(urgency.path)
    urgency.next()
    step = ConsentStep(kiosk, kiosk_url)
    step.expect_path(step.path)
    expect(kiosk.locator("main [data-reader-team]")).to_contain_text(text["team"])
    expect(kiosk.locator("main [data-recipient-purposes] [data-purpose]")).to_have_count(4)
    axe_clean(kiosk, "the consent step")
    kiosk.locator("main input[name=recipients][value=home_nav]").check()
    step.submit_main_form()
    check = CheckAnswersPage(kiosk, kiosk_url)
    check.expect_path(check.path)
    check.send()
    receipt = ReceiptPage(kiosk, kiosk_url)
    receipt.expect_shown()
    request_id = receipt.request_id

    # The adviser hands it over, and keeps the page open.
    admin = contexts.new_page()
    sign_in_staff(admin, admin_url, world.staff["adviser"], clock)
    admin.goto(f"{admin_url}/requests/{request_id}/handover")
    admin.locator("main form[data-mark-sent] button[type=submit]").click()
    expect(admin.locator(".aksel-alert--success")).to_be_visible()

    # The inmate withdraws in one step.
    consents_page = MyConsentsPage(kiosk, kiosk_url)
    consents_page.open()
    axe_clean(kiosk, "my consents")
    # Each fact of a consent on a line of its own (they ran together in one line before).
    parts = kiosk.locator('main [data-consent="home_nav"] > :is(strong, span)')
    tops = [parts.nth(i).bounding_box()["y"] for i in range(parts.count())]
    assert len(tops) >= 4 and tops == sorted(tops) and len(set(tops)) == len(tops), tops
    consents_page.withdraw_first()
    expect(kiosk.locator('main [data-consent-state="withdrawn"]')).to_contain_text(
        text["withdrawn"])
    axe_clean(kiosk, "my consents, withdrawn")

    # The adviser's page is stale: the next action is refused, nothing recorded.
    admin.locator("main form[data-mark-sent] button[type=submit]").click()
    expect(admin.locator(".aksel-alert--error").first).to_contain_text(
        "trukket tilbake samtykket")  # the staff app is in bokmål here
    expect(admin.locator("main [data-no-consent]")).to_be_visible()
    with database.session() as db:
        assert len(db.scalars(select(Disclosure)).all()) == 1
        assert db.scalar(select(Consent.withdrawn_at)) is not None

    # Who has received information about me.
    kiosk.locator(f'main a[href$="{DisclosuresPage.path}"]').click()
    DisclosuresPage(kiosk, kiosk_url).expect_path(DisclosuresPage.path)
    entry = kiosk.locator('main [data-disclosure="handover"]')
    expect(entry).to_have_count(1)
    expect(entry.locator("[data-disclosure-recipient]")).to_contain_text(text["to"])
    expect(entry.locator('[data-class="request_text"]')).to_contain_text(text["included"])
    axe_clean(kiosk, "who has received information about me")
