"""Page objects for the kiosk and the admin app.

They locate by what stays put while the texts are being translated: field ids, data-*
hooks and form actions, never by visible wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, Response, expect

from core.security import totp
from tests.support.world import PASSWORD


class BasePage:
    path = "/"

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def url(self, path: str | None = None, **query) -> str:
        target = self.base_url + (path if path is not None else self.path)
        return f"{target}?{urlencode(query)}" if query else target

    def open(self, path: str | None = None, **query) -> Response | None:
        return self.page.goto(self.url(path, **query))

    def submit(self, action: str) -> None:
        """Press the submit button of the form posting to ``action`` (an ending)."""
        self.page.locator(f'form[action$="{action}"] button[type=submit]').click()

    def submit_main_form(self) -> None:
        """Press the submit button of the only form in <main> that has no action."""
        self.page.locator("main form[method=post]:not([action]) button[type=submit]").click()

    def switch_language(self, lang: str) -> None:
        self.page.locator(f"button[name=lang][value={lang}]").click()
        expect(self.page.locator("html")).to_have_attribute("lang", lang)

    @property
    def heading(self) -> Locator:
        return self.page.locator("main h1")

    @property
    def error_alert(self) -> Locator:
        return self.page.locator(".aksel-alert--error")

    @property
    def error_summary(self) -> Locator:
        return self.page.locator("[data-bb-error-summary]")

    def expect_path(self, path: str) -> None:
        expect(self.page).to_have_url(re.compile(re.escape(self.base_url + path) + r"(\?.*)?$"))


# ---- kiosk -------------------------------------------------------------------------


class EnrolPage(BasePage):
    path = "/enrol"

    @property
    def code(self) -> Locator:
        return self.page.locator("#code")

    def expect_shown(self) -> None:
        expect(self.page.locator('form[action$="/enrol"]')).to_be_visible()
        expect(self.code).to_be_visible()
        expect(self.page.locator("#inmate_number")).to_have_count(0)

    def enrol(self, code: str) -> None:
        self.code.fill(code)
        self.submit("/enrol")


class KioskLoginPage(BasePage):
    path = "/"

    @property
    def inmate_number(self) -> Locator:
        return self.page.locator("#inmate_number")

    @property
    def pin(self) -> Locator:
        return self.page.locator("#pin")

    @property
    def officer_link(self) -> Locator:
        return self.page.locator('main a[href$="/supervision"]')

    def expect_form(self) -> None:
        self.expect_path("/")
        expect(self.inmate_number).to_be_visible()
        expect(self.pin).to_be_visible()

    def expect_closed_for_inmates(self) -> None:
        """A supervised terminal nobody has opened: no sign-in form, a way for officers."""
        expect(self.officer_link).to_be_visible()
        expect(self.inmate_number).to_have_count(0)
        expect(self.pin).to_have_count(0)

    def sign_in(self, number: str, pin: str) -> None:
        self.inmate_number.fill(number)
        self.pin.fill(pin)
        self.page.locator('main form[action="/"] button[type=submit]').click()


class KioskHomePage(BasePage):
    path = "/home"

    def expect_shown(self, name: str) -> None:
        self.expect_path("/home")
        expect(self.heading).to_contain_text(name)
        expect(self.page.locator(".bb-header__user")).to_have_text(name)

    def sign_out(self) -> None:
        self.submit("/sign-out")


class IdleDialog:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.locator("#idle-dialog")
        self.extend_button = self.dialog.locator("[data-idle-extend]")
        self.sign_out_button = self.dialog.locator("[data-idle-signout]")
        self.countdown = self.dialog.locator("[data-idle-countdown]")

    def expect_open(self) -> None:
        expect(self.dialog).to_have_attribute("open", "")
        expect(self.dialog).to_be_visible()

    def expect_closed(self) -> None:
        expect(self.dialog).not_to_have_attribute("open", re.compile(".*"))
        expect(self.dialog).to_be_hidden()

    def extend(self) -> None:
        self.extend_button.click()


class SupervisionPage(BasePage):
    path = "/supervision"

    def open_terminal(self, username: str, password: str, code: str, minutes: int) -> None:
        self.page.locator("#username").fill(username)
        self.page.locator("#password").fill(password)
        self.page.locator("#code").fill(code)
        self.page.locator("#minutes").fill(str(minutes))
        self.submit("/supervision")


# ---- admin -------------------------------------------------------------------------


class AdminLoginPage(BasePage):
    path = "/sign-in"

    def submit_password(self, username: str, password: str) -> None:
        self.page.locator("#username").fill(username)
        self.page.locator("#password").fill(password)
        self.submit_main_form()


class AdminCodePage(BasePage):
    path = "/sign-in/code"

    @property
    def code(self) -> Locator:
        return self.page.locator("#code")

    def submit_code(self, code: str) -> None:
        self.code.fill(code)
        self.submit_main_form()


class AdminSetupPage(AdminCodePage):
    path = "/sign-in/setup"

    @property
    def secret(self) -> str:
        return self.page.locator("[data-totp-secret]").inner_text().strip()


class AdminHomePage(BasePage):
    path = "/"

    def expect_shown(self, name: str) -> None:
        self.expect_path("/")
        expect(self.page.locator(".bb-nav__user")).to_have_text(name)
        expect(self.page.locator("ul.bb-nav__list")).to_be_visible()


def sign_in_staff(page: Page, base_url: str, user, clock, lang: str | None = None) -> None:
    """Password, then a fresh TOTP code (the clock moves one step: a code works once)."""
    login = AdminLoginPage(page, base_url)
    login.open()
    if lang:
        login.switch_language(lang)
    login.submit_password(user.username, PASSWORD)
    code_page = AdminCodePage(page, base_url)
    code_page.expect_path(code_page.path)
    clock.advance(seconds=30)
    code_page.submit_code(totp.code_at(user.totp_secret, clock.now()))
    AdminHomePage(page, base_url).expect_shown(user.name)


class NewTerminalPage(BasePage):
    path = "/terminals/new"

    def register(self, name: str, supervised: bool) -> str:
        self.page.locator("#name").fill(name)
        box = self.page.locator("#supervised")
        if box.is_checked() != supervised:
            self.page.locator("label[for=supervised]").click()
        expect(box).to_be_checked(checked=supervised)
        self.submit_main_form()
        code = self.page.locator("[data-enrolment-code]")
        expect(code).to_be_visible()
        return code.inner_text().strip()


class TerminalPage(BasePage):
    def __init__(self, page: Page, base_url: str, terminal_id: int) -> None:
        super().__init__(page, base_url)
        self.terminal_id = terminal_id
        self.path = f"/terminals/{terminal_id}"

    def open_window(self, minutes: int) -> None:
        self.page.locator(f'form[action$="{self.path}/window"] #minutes').fill(str(minutes))
        self.submit(f"{self.path}/window")

    @property
    def close_button(self) -> Locator:
        return self.page.locator(f'form[action$="{self.path}/window/close"] button')

    def close_window(self) -> None:
        self.close_button.click()


class InmatePage(BasePage):
    def __init__(self, page: Page, base_url: str, inmate_id: int) -> None:
        super().__init__(page, base_url)
        self.inmate_id = inmate_id
        self.path = f"/inmates/{inmate_id}"

    @property
    def unlock_button(self) -> Locator:
        return self.page.locator(f'form[action$="{self.path}/unlock"] button')

    @property
    def locked_warning(self) -> Locator:
        return self.page.locator("main .aksel-alert--warning")

    def give_pin(self) -> str:
        self.submit(f"{self.path}/pin")
        pin = self.page.locator("[data-pin]")
        expect(pin).to_have_text(re.compile(r"^\s*\d{6}\s*$"))
        return pin.inner_text().strip()

    def unlock(self) -> None:
        self.unlock_button.click()
        self.expect_path(self.path)
        expect(self.unlock_button).to_have_count(0)


# ---- requests: kiosk ("Contact NAV and others") ---------------------------------------


class KioskRequestsPage(BasePage):
    """Contact NAV and others: the way into a new request, and "My requests"."""

    path = "/requests/"

    @property
    def new_request_link(self) -> Locator:
        """"New request", or "Continue your request" when a draft is saved."""
        return self.page.locator('main a[href$="/requests/new/topic"]')

    @property
    def consents_link(self) -> Locator:
        return self.page.locator('main a[href$="/requests/consents"]')

    def row(self, request_id: int) -> Locator:
        return self.page.locator("main li").filter(
            has=self.page.locator(f'a[href$="/requests/{request_id}"]'))

    def unread_marker(self, request_id: int) -> Locator:
        return self.row(request_id).locator("[data-unread]")

    def open_request(self, request_id: int) -> None:
        self.page.locator(f'main a[href$="/requests/{request_id}"]').click()


class TopicStep(BasePage):
    path = "/requests/new/topic"

    def option(self, code: str) -> Locator:
        return self.page.locator(f"main input[name=topic][value={code}]")

    @property
    def error(self) -> Locator:
        return self.page.locator("#topic-error")

    def choose(self, code: str) -> None:
        self.option(code).check()

    def next(self) -> None:
        self.submit_main_form()


class DescribeStep(BasePage):
    path = "/requests/new/describe"

    @property
    def description(self) -> Locator:
        return self.page.locator("#description")

    def fill(self, text: str, kind: str = "conversation") -> None:
        self.page.locator(f"main input[name=kind][value={kind}]").check()
        self.description.fill(text)

    def next(self) -> None:
        self.submit_main_form()


class UrgencyStep(BasePage):
    path = "/requests/new/urgency"

    def fill(self, release_soon: bool = False, letter_received: bool = False,
             deadline: str | None = None, language: str | None = None,
             interpreter: bool = False) -> None:
        self.page.locator("#release_soon").set_checked(release_soon)
        self.page.locator("#letter_received").set_checked(letter_received)
        if deadline:
            self.page.locator("#deadline_on").fill(deadline)
        if language:
            self.page.locator("#language").select_option(language)
        self.page.locator("#interpreter").set_checked(interpreter)

    def next(self) -> None:
        self.submit_main_form()


class ConsentStep(BasePage):
    path = "/requests/new/consent"

    def recipient(self, code: str) -> Locator:
        return self.page.locator(f"main input[name=recipients][value={code}]")

    def tick(self, *codes: str) -> None:
        for code in codes:
            self.recipient(code).check()

    def next(self) -> None:
        self.submit_main_form()


class CheckAnswersPage(BasePage):
    path = "/requests/new/check"

    def change_link(self, step: str) -> Locator:
        return self.page.locator(f'main a[href*="/requests/new/{step}?change"]').first

    def send(self) -> None:
        self.submit_main_form()


class ReceiptPage(BasePage):
    RECEIPT = re.compile(r"/requests/(\d+)/receipt$")

    @property
    def reference(self) -> Locator:
        return self.page.locator("[data-reference]")

    def expect_shown(self) -> None:
        expect(self.page).to_have_url(self.RECEIPT)
        expect(self.reference).to_have_text(re.compile(r"\S"))

    @property
    def request_id(self) -> int:
        return int(self.RECEIPT.search(self.page.url.split("?")[0]).group(1))


class KioskRequestPage(BasePage):
    """One of the inmate's requests: the thread, a reply and cancelling."""

    def __init__(self, page: Page, base_url: str, request_id: int) -> None:
        super().__init__(page, base_url)
        self.request_id = request_id
        self.path = f"/requests/{request_id}"

    @property
    def messages(self) -> Locator:
        return self.page.locator("main [data-message]")

    @property
    def staff_messages(self) -> Locator:
        return self.page.locator('main [data-message][data-author="staff"]')

    def reply(self, body: str) -> None:
        self.page.locator(f'form[action$="{self.path}/reply"] textarea[name=body]').fill(body)
        self.submit(f"{self.path}/reply")


@dataclass
class FilledRequest:
    """What an inmate types into the steps of a new request."""

    topic: str = "dagpenger"
    description: str = ""
    kind: str = "conversation"
    release_soon: bool = False
    letter_received: bool = False
    deadline: str | None = None
    language: str | None = None
    interpreter: bool = False
    consents: tuple[str, ...] = ()


def fill_request_steps(page: Page, base_url: str, request: FilledRequest) -> CheckAnswersPage:
    """Topic, description, urgency and consent, from the first step to check-your-answers."""
    topic = TopicStep(page, base_url)
    topic.open()
    topic.choose(request.topic)
    topic.next()
    describe = DescribeStep(page, base_url)
    describe.expect_path(describe.path)
    describe.fill(request.description, request.kind)
    describe.next()
    urgency = UrgencyStep(page, base_url)
    urgency.expect_path(urgency.path)
    urgency.fill(request.release_soon, request.letter_received, request.deadline,
                 request.language, request.interpreter)
    urgency.next()
    consent = ConsentStep(page, base_url)
    consent.expect_path(consent.path)
    consent.tick(*request.consents)
    consent.next()
    check = CheckAnswersPage(page, base_url)
    check.expect_path(check.path)
    return check


# ---- requests: admin (the queue) ------------------------------------------------------


class QueuePage(BasePage):
    path = "/requests/"

    def link_to(self, request_id: int) -> Locator:
        return self.page.locator(f'main table a[href$="/requests/{request_id}"]')


class RequestDeskPage(BasePage):
    """A request on the staff side: the thread with notes, reply, note and status."""

    def __init__(self, page: Page, base_url: str, request_id: int) -> None:
        super().__init__(page, base_url)
        self.request_id = request_id
        self.path = f"/requests/{request_id}"

    @property
    def notes(self) -> Locator:
        return self.page.locator('main [data-visibility="staff_only"]')

    @property
    def replies(self) -> Locator:
        return self.page.locator('main [data-visibility="staff_and_inmate"]')

    @property
    def success(self) -> Locator:
        return self.page.locator("main .aksel-alert--success")

    def reply(self, body: str, status: str | None = None) -> None:
        form = self.page.locator(f'form[action$="{self.path}/reply"]')
        form.locator("textarea[name=body]").fill(body)
        if status:
            form.locator("select[name=status]").select_option(status)
        self.submit(f"{self.path}/reply")

    def add_note(self, text: str) -> None:
        self.page.locator(f'form[action$="{self.path}/note"] textarea[name=note]').fill(text)
        self.submit(f"{self.path}/note")
