"""The meldekort end to end in Chromium: an inmate fills in a card with work hours and a
sick day on the kiosk, meets an error named by its day, corrects it and confirms; the
officer countersigns on the terminal; the adviser finds it in the inbox, sees exactly what
the inmate saw and answered, and marks it registered with NAV's reference; the inmate
sees "registered" and the reference on the kiosk. That is the dagpenger card; then one
card of each other card type, from filling in to registering (MeldekortJourney).
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.models import FormSubmission, Inmate
from core.security import totp
from core.services.forms.meldekort import plan as meldekort_plan
from tests.e2e.pages import (BasePage, FormRecordPage, MeldekortCheckPage, MeldekortJourney,
                             MeldekortPage, MeldekortStep, sign_in_staff)
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
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"], db.get(Inmate, inmate.id),
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


# One card of each other card type (issue 17): fill in, meet an error, put it right, send,
# countersign on the terminal, register. The period of 16 February 2026 is open on each.

def _plan(database, clock, world, benefit, card_type, **decision):
    with database.session() as db:
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"],
                                db.get(Inmate, world.inmates["a"].id), benefit, date(2026, 2, 2),
                                card_type=card_type, **decision)


def _newest(database) -> FormSubmission:
    with database.session() as db:
        return db.scalar(select(FormSubmission).order_by(FormSubmission.id.desc()))


def _journey(contexts, kiosk_server, admin_server, world, clock) -> MeldekortJourney:
    return MeldekortJourney(contexts, kiosk_server.url, admin_server.url, world, clock)


def test_aap_in_arena(contexts, kiosk_server, admin_server, world, clock, database):
    _plan(database, clock, world, "aap", "aap_arena")
    journey = _journey(contexts, kiosk_server, admin_server, world, clock)
    step = journey.start(PERIOD)
    expect(step.page.locator('main [name="arbeidssoker"]')).to_have_count(0)  # hidden: "yes"
    step.answer(arbeidet="yes", kurs="no", syk="no", annetFravaer="yes")
    step.next()
    step.hours(2, "4")
    step.tick("day-2-absence")
    step.next()
    step.expect_error("day-2-hours", "Tirsdag 17. februar: Du kan ikke både arbeide og ha ferie "
                                     "eller annet fravær samme dag når du får AAP.")
    step.page.locator("main #day-2-absence").uncheck()
    step.tick("day-3-absence")
    step.next()
    journey.send_and_countersign()
    card = _newest(database)
    record = journey.register(card.id, "AAP-1")
    expect(record.page.locator("main [data-card-type]")).to_have_attribute("data-card-type",
                                                                          "aap_arena")
    expect(record.page.locator('main [data-rekey-question="arbeidssoker"]')).to_have_text("Ja")
    expect(record.page.locator('main [data-rekey-day="2026-02-17"]')).to_contain_text("Arbeid: 4")


def test_the_new_aap_card(contexts, kiosk_server, admin_server, world, clock, database):
    _plan(database, clock, world, "aap", "aap_kelvin")
    journey = _journey(contexts, kiosk_server, admin_server, world, clock)
    step = journey.start(PERIOD)
    step.answer(arbeidet="yes", avtalteAktiviteter="yes", fravaer="yes")
    step.next()
    step.hours(1, "25")
    step.select("day-2-aap_absence", "illness")
    step.next()
    step.expect_error("day-1-hours", "Mandag 16. februar: Skriv fra 0 til 24 timer.")
    expect(step.page.locator("main #day-2-aap_absence")).to_have_value("illness")  # kept
    step.hours(1, "7,5")
    step.next()
    journey.send_and_countersign()
    record = journey.register(_newest(database).id, "AAP-2")
    day = record.page.locator('main [data-rekey-day="2026-02-17"]')
    expect(day).to_contain_text("fravær: SYKDOM_ELLER_SKADE")
    expect(record.page.locator('main [data-rekey-day="2026-02-16"]')).to_contain_text(
        "timerArbeidet: 7,5")


def test_tiltakspenger_in_arena(contexts, kiosk_server, admin_server, world, clock, database):
    _plan(database, clock, world, "tiltakspenger", "tiltakspenger_arena")
    journey = _journey(contexts, kiosk_server, admin_server, world, clock)
    step = journey.start(PERIOD)
    step.answer(arbeidet="no", kurs="yes", syk="yes", annetFravaer="yes")
    step.next()
    step.tick("day-1-course")
    step.tick("day-2-ill")
    step.tick("day-2-absence")
    step.next()
    step.expect_error("day-2-ill", "Tirsdag 17. februar: Du kan ikke både være syk og ha ferie "
                                   "eller annet fravær samme dag når du får tiltakspenger.")
    step.page.locator("main #day-2-absence").uncheck()
    step.tick("day-5-absence")
    step.next()
    journey.send_and_countersign()
    record = journey.register(_newest(database).id, "TP-1")
    expect(record.page.locator('main [data-rekey-day="2026-02-17"]')).to_contain_text("Syk: Ja")


def test_the_new_tiltakspenger_card(contexts, kiosk_server, admin_server, world, clock,
                                    database):
    """Three days in the decision from Wednesday 18 February: the two days before are
    locked, and a fourth day is refused."""
    _plan(database, clock, world, "tiltakspenger", "tiltakspenger_new", days_per_period=3,
          decision_from=date(2026, 2, 18))
    journey = _journey(contexts, kiosk_server, admin_server, world, clock)
    step = journey.start(PERIOD)
    expect(step.page.locator("main h1")).to_have_text("Fyll ut dagene")  # no questions
    expect(step.page.locator("main #day-1-status[data-locked]")).to_be_visible()
    for number in (3, 4, 5, 6):
        step.select(f"day-{number}-status", "took_part")
    step.next()
    step.expect_error("day-3-status", "Du har fylt ut 4 dager. Vedtaket ditt gir deg 3 dager: "
                                      "velg «Ikke tiltaksdag» for de andre.")
    step.select("day-6-status", "not_a_programme_day")
    step.next()
    journey.send_and_countersign()
    record = journey.register(_newest(database).id, "TP-2")
    expect(record.page.locator('main [data-rekey-day="2026-02-18"]')).to_contain_text(
        "DELTATT_UTEN_LØNN_I_TILTAKET")


def test_an_etterregistrering_card(contexts, kiosk_server, admin_server, world, clock,
                                   database):
    """The adviser makes the card for the period of 2 February, which had none."""
    from core.services.forms.meldekort import rules as mk

    _plan(database, clock, world, "dagpenger", "dagpenger")
    with database.session() as db:
        meldekort_plan.create_etterregistrering(db, clock.now(), world.staff["adviser"],
                                                db.get(Inmate, world.inmates["a"].id),
                                                mk.Period(date(2026, 2, 2)), "Glemt.")
    journey = _journey(contexts, kiosk_server, admin_server, world, clock)
    step = journey.start("2026-W06")
    expect(step.page.locator('main [name="arbeidssoker"]')).to_have_count(0)
    step.answer(arbeidet="no", kurs="no", syk="no")
    step.next()
    step.expect_error("annetFravaer",
                      "Svar ja eller nei: Har du hatt ferie eller annet fravær?")
    step.answer(annetFravaer="no")
    step.next()
    journey.send_and_countersign()
    card = _newest(database)
    assert (card.card_type, card.late) == ("etterregistrering", False)
    record = journey.register(card.id, "ETTER-1")
    expect(record.page.locator("main [data-card-type]")).to_have_attribute(
        "data-card-type", "etterregistrering")
