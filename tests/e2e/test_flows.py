"""The main journeys, end to end in Chromium: enrolment, PINs and lockout, staff sign-in
with TOTP, the kiosk's idle timeout and supervised terminals."""
from __future__ import annotations

import re

import pyotp
import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from core.security import totp
from core.services.errors import ServiceError
from core.web.messages import message
from tests.e2e.pages import (AdminCodePage, AdminHomePage, AdminLoginPage, EnrolPage,
                             IdleDialog, InmatePage, KioskHomePage, KioskLoginPage,
                             NewTerminalPage, SupervisionPage, TerminalPage, sign_in_staff)
from tests.support.world import PASSWORD, PIN

pytestmark = pytest.mark.e2e


def service_text(app, code: str, lang: str = "nb") -> str:
    """The message the app shows for a ServiceError code, in ``lang``."""
    with app.test_request_context(), force_locale(lang):
        return message(ServiceError(code))


# Enrolment and sign-in run on production's engine too (tests/conftest.py).
@pytest.mark.postgresql
def test_enrol_a_terminal_and_sign_in_with_a_new_pin(contexts, kiosk_server, admin_server,
                                                     world, clock):
    admin = contexts.new_page()
    sign_in_staff(admin, admin_server.url, world.staff["prison_admin"], clock)
    new_terminal = NewTerminalPage(admin, admin_server.url)
    new_terminal.open()
    code = new_terminal.register("Skolerom 2", supervised=False)
    assert code

    kiosk = contexts.new_page()
    response = kiosk.goto(kiosk_server.url + "/")
    assert response.status == 403
    enrol = EnrolPage(kiosk, kiosk_server.url)
    enrol.expect_shown()
    enrol.open()
    enrol.enrol(code)
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.expect_form()
    assert any(c["name"] == "bb_terminal" for c in kiosk.context.cookies(kiosk_server.url))

    inmate = world.inmates["a"]
    record = InmatePage(admin, admin_server.url, inmate.id)
    record.open()
    pin = record.give_pin()

    login.sign_in(inmate.inmate_number, pin)
    # A PIN given by staff is one-time: it opens only the page to choose one's own.
    expect(kiosk).to_have_url(re.compile(r"/pin/new$"))
    expect(kiosk.locator("main")).to_contain_text(world.staff["prison_admin"].name)
    own_pin = "275913"
    kiosk.locator("#pin").fill(own_pin)
    kiosk.locator("#repeat").fill(own_pin)
    kiosk.locator("main form button[type=submit]").click()
    home = KioskHomePage(kiosk, kiosk_server.url)
    home.expect_shown(inmate.name)
    home.sign_out()
    login.expect_form()
    login.sign_in(inmate.inmate_number, pin)  # the slip works no more
    expect(kiosk.locator("main")).to_contain_text(service_text(kiosk_server.app, "bad_credentials"))
    login.sign_in(inmate.inmate_number, own_pin)
    home.expect_shown(inmate.name)

    home.sign_out()
    login.expect_form()
    expect(kiosk).to_have_url(re.compile(r"ended=signed_out"))
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)

    kiosk.go_back()
    # Cache-Control: no-store, so Back asks the server again, which shows no one's page.
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)
    expect(kiosk.locator("#inmate_number")).to_be_visible()
    expect(kiosk.locator(".bb-header__user")).to_have_count(0)


def test_five_wrong_pins_lock_until_an_officer_unlocks(contexts, kiosk_server, admin_server,
                                                       world, clock):
    inmate = world.inmates["a"]
    locked_text = service_text(kiosk_server.app, "locked")
    wrong_text = service_text(kiosk_server.app, "bad_credentials")
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.open()
    for attempt in range(1, 6):
        login.sign_in(inmate.inmate_number, "000000")
        login.expect_form()
        expect(login.error_alert).to_contain_text(wrong_text if attempt < 5 else locked_text)

    login.sign_in(inmate.inmate_number, PIN)  # the right PIN, but the account is locked
    login.expect_form()
    expect(login.error_alert).to_contain_text(locked_text)
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)

    admin = contexts.new_page()
    sign_in_staff(admin, admin_server.url, world.staff["officer"], clock)
    record = InmatePage(admin, admin_server.url, inmate.id)
    record.open()
    expect(record.locked_warning).to_be_visible()
    record.unlock()
    expect(record.locked_warning).to_have_count(0)

    login.sign_in(inmate.inmate_number, PIN)
    KioskHomePage(kiosk, kiosk_server.url).expect_shown(inmate.name)


def test_staff_sign_in_needs_a_fresh_totp_code(contexts, admin_server, world, clock):
    user = world.staff["prison_admin"]
    page = contexts.new_page()
    login = AdminLoginPage(page, admin_server.url)
    login.open()
    login.submit_password(user.username, PASSWORD)
    code_page = AdminCodePage(page, admin_server.url)
    code_page.expect_path("/sign-in/code")

    clock.advance(seconds=30)
    now = clock.now()
    step = int(now.timestamp()) // totp.STEP
    accepted = {pyotp.TOTP(user.totp_secret).generate_otp(s) for s in (step - 1, step, step + 1)}
    wrong = next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in accepted)
    code_page.submit_code(wrong)
    code_page.expect_path("/sign-in/code")
    expect(code_page.error_alert).to_contain_text(service_text(admin_server.app, "bad_code"))
    expect(page.locator("ul.bb-nav__list")).to_have_count(0)

    right = totp.code_at(user.totp_secret, now)
    code_page.submit_code(right)
    AdminHomePage(page, admin_server.url).expect_shown(user.name)

    again = contexts.new_page()
    login = AdminLoginPage(again, admin_server.url)
    login.open()
    login.submit_password(user.username, PASSWORD)
    replay = AdminCodePage(again, admin_server.url)
    replay.expect_path("/sign-in/code")
    replay.submit_code(right)  # the same step, same code: refused
    replay.expect_path("/sign-in/code")
    expect(replay.error_alert).to_contain_text(service_text(admin_server.app, "bad_code"))
    expect(again.locator("ul.bb-nav__list")).to_have_count(0)


def test_idle_warning_extends_and_then_signs_out(contexts, kiosk_server, world, clock,
                                                 settings):
    inmate = world.inmates["a"]
    idle = settings.kiosk_idle_seconds
    warning = settings.kiosk_idle_warning_seconds
    kiosk = contexts.new_page(terminal_credential=world.credentials["a"])
    kiosk.clock.install()
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.open()
    login.sign_in(inmate.inmate_number, PIN)
    home = KioskHomePage(kiosk, kiosk_server.url)
    home.expect_shown(inmate.name)
    dialog = IdleDialog(kiosk)
    dialog.expect_closed()

    clock.advance(seconds=idle - warning)
    kiosk.clock.fast_forward((idle - warning) * 1000)
    dialog.expect_open()
    expect(dialog.extend_button).to_be_focused()
    expect(dialog.countdown).to_have_text(re.compile(r"^\d+$"))

    with kiosk.expect_response(lambda r: r.url.endswith("/session/extend")) as extended:
        dialog.extend()
    assert extended.value.status == 200
    assert extended.value.json()["idle"] == idle
    dialog.expect_closed()

    # The server's idle clock restarted at the extension: 250 s later the session lives.
    clock.advance(seconds=250)
    kiosk.clock.fast_forward(250 * 1000)
    kiosk.reload()
    home.expect_shown(inmate.name)
    old_session = next(c["value"] for c in kiosk.context.cookies(kiosk_server.url)
                       if c["name"] == "bb_kiosk_session")

    # Nothing more happens: past the idle limit the page goes to the sign-out by itself.
    clock.advance(seconds=idle + 1)
    kiosk.clock.fast_forward((idle + 1) * 1000)
    expect(kiosk).to_have_url(re.compile(r"ended=idle"))
    login.expect_form()
    expect(kiosk.locator("main .aksel-alert--info")).to_be_visible()
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)

    stale = contexts.new_page(terminal_credential=world.credentials["a"],
                              session_cookie=old_session)
    stale.goto(kiosk_server.url + "/home")
    KioskLoginPage(stale, kiosk_server.url).expect_form()
    expect(stale.locator("body")).not_to_contain_text(inmate.name)


def test_officer_opens_a_supervised_terminal_on_the_terminal(contexts, kiosk_server, world,
                                                            clock):
    inmate = world.inmates["a"]
    officer = world.staff["officer"]
    kiosk = contexts.new_page(terminal_credential=world.credentials["a_supervised"])
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.open()
    login.expect_closed_for_inmates()

    login.officer_link.click()
    supervision = SupervisionPage(kiosk, kiosk_server.url)
    supervision.expect_path("/supervision")
    clock.advance(seconds=30)
    supervision.open_terminal(officer.username, PASSWORD,
                              totp.code_at(officer.totp_secret, clock.now()), 30)
    login.expect_form()
    login.sign_in(inmate.inmate_number, PIN)
    KioskHomePage(kiosk, kiosk_server.url).expect_shown(inmate.name)


def test_officer_opens_and_closes_a_supervised_terminal_from_admin(
        contexts, kiosk_server, admin_server, world, clock):
    inmate = world.inmates["a"]
    terminal = world.terminals["a_supervised"]
    kiosk = contexts.new_page(terminal_credential=world.credentials["a_supervised"])
    login = KioskLoginPage(kiosk, kiosk_server.url)
    login.open()
    login.expect_closed_for_inmates()

    admin = contexts.new_page()
    sign_in_staff(admin, admin_server.url, world.staff["officer"], clock)
    page = TerminalPage(admin, admin_server.url, terminal.id)
    page.open()
    expect(page.close_button).to_have_count(0)
    page.open_window(30)
    page.expect_path(page.path)
    expect(page.close_button).to_be_visible()

    kiosk.reload()
    login.expect_form()
    login.sign_in(inmate.inmate_number, PIN)
    home = KioskHomePage(kiosk, kiosk_server.url)
    home.expect_shown(inmate.name)

    page.close_window()
    page.expect_path(page.path)
    expect(page.close_button).to_have_count(0)

    kiosk.locator('main a[href$="/me"]').click()  # the inmate's next request
    expect(kiosk).to_have_url(re.compile(r"ended=supervision"))
    login.expect_closed_for_inmates()
    expect(kiosk.locator("body")).not_to_contain_text(inmate.name)
