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
        """The sign-in page lists every language; elsewhere the header's chooser leads to
        the language page (issue 18), which comes back here."""
        if not self.page.locator(f"button[name=lang][value={lang}]").count():
            self.page.locator("[data-choose-language]").click()
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


# ---- appointments ----------------------------------------------------------------------


class OfficeHoursPage(BasePage):
    """My office hours: the list and the form that publishes more."""

    path = "/appointments/hours"

    @property
    def rows(self) -> Locator:
        return self.page.locator("main [data-office-hours] tbody tr")

    def publish(self, prison_id: int, weekday: int, starts: str, ends: str, minutes: int,
                room: str, valid_from: str | None = None) -> None:
        self.page.locator("#prison_id").select_option(str(prison_id))
        self.page.locator("#weekday").select_option(str(weekday))
        self.page.locator("#starts").fill(starts)
        self.page.locator("#ends").fill(ends)
        self.page.locator("#slot_minutes").fill(str(minutes))
        self.page.locator("#room").fill(room)
        if valid_from:
            self.page.locator("#valid_from").fill(valid_from)
        self.submit("/appointments/hours")


class BookAppointmentPage(BasePage):
    """Free slots of a request's prison, by staff member and day, as radio buttons."""

    def __init__(self, page: Page, base_url: str, request_id: int) -> None:
        super().__init__(page, base_url)
        self.path = f"/requests/{request_id}/appointments/new"

    def slot(self, staff_id: int, starts_at) -> Locator:
        return self.page.locator(
            f'main input[name=slot][value="{staff_id}@{int(starts_at.timestamp())}"]')

    def book(self, staff_id: int, starts_at, room: str | None = None) -> None:
        self.slot(staff_id, starts_at).check()
        if room is not None:
            self.page.locator("#room").fill(room)
        self.submit_main_form()


class DeskAppointments:
    """The appointments section on a request's desk."""

    def __init__(self, page: Page) -> None:
        self.section = page.locator("main [data-desk-appointments]")
        self.items = self.section.locator("[data-appointment]")
        self.book_link = self.section.locator("[data-book-appointment]")


class DailyListPage(BasePage):
    """The officers' printable list of a day's appointments per unit."""

    path = "/appointments/daily"

    @property
    def rows(self) -> Locator:
        return self.page.locator("main [data-daily-list] tbody tr")

    @property
    def print_button(self) -> Locator:
        return self.page.locator("main [data-bb-print]")


class KioskAppointmentsPage(BasePage):
    """My appointments on the kiosk."""

    path = "/appointments/"

    @property
    def items(self) -> Locator:
        return self.page.locator("main [data-appointment]")
# ---- the home-municipality directory and the hand-over summary (admin) ----------------


class DirectoryEntryPage(BasePage):
    """One municipality: its NAV office, and the form administrators change it with."""

    def __init__(self, page: Page, base_url: str, number: str) -> None:
        super().__init__(page, base_url)
        self.path = f"/directory/{number}"

    def save(self, **fields: str) -> None:
        for name, value in fields.items():
            self.page.locator(f"main #{name}").fill(value)
        self.submit(self.path)


class DirectoryImportPage(BasePage):
    path = "/directory/import"

    @property
    def problems(self) -> Locator:
        return self.page.locator("[data-import-problems] tbody tr")

    def upload(self, content: bytes, name: str = "kommuner.csv") -> None:
        self.page.locator("main #file").set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
        self.submit_main_form()


class HandoverPage(BasePage):
    """A request's printable hand-over summary for the home NAV office."""

    def __init__(self, page: Page, base_url: str, request_id: int) -> None:
        super().__init__(page, base_url)
        self.path = f"/requests/{request_id}/handover"

    @property
    def no_consent_warning(self) -> Locator:
        return self.page.locator("main [data-no-consent]")

    @property
    def nav_office(self) -> Locator:
        return self.page.locator("main [data-nav-office]")


class PersonHandoverPage(BasePage):
    """The person's hand-over to the home Nav office (issue 15): the copies, the receipt,
    the appointments after release."""

    def __init__(self, page: Page, base_url: str, inmate_id: int) -> None:
        super().__init__(page, base_url)
        self.path = f"/inmates/{inmate_id}/handover"

    @property
    def left_out(self) -> Locator:
        return self.page.locator("main [data-left-out-section]")

    def download(self, suffix: str):
        """Click the copy ending in ``suffix`` (".pdf", ".csv", ".json"): the Download."""
        with self.page.expect_download() as info:
            self.page.locator(f'main [data-handover-copies] a[href$="{suffix}"]').click()
        return info.value

    def confirm_receipt(self, day: str, person: str, channel: str = "phone") -> None:
        self.page.locator("#received_on").fill(day)
        self.page.locator("#person").fill(person)
        self.page.locator("#channel").select_option(channel)
        self.submit("/handover/receipt")

    @property
    def receipt(self) -> Locator:
        return self.page.locator("main [data-receipt]")


# ---- reports ----------------------------------------------------------------------------


class ReportsPage(BasePage):
    """Reports on requests: the filters, charts, tables and the CSV link."""

    path = "/reports/"

    @property
    def charts(self) -> Locator:
        return self.page.locator('main svg[role="img"]')

    @property
    def csv_link(self) -> Locator:
        return self.page.locator("main a[data-bb-report-csv]")

    @property
    def oldest(self) -> Locator:
        return self.page.locator("main [data-bb-report-oldest] tbody tr")

    def open_details(self) -> None:
        """Opens every <details> in main, so the tables inside them are checked too."""
        for details in self.page.locator("main details").all():
            details.locator("summary").click()
            expect(details).to_have_attribute("open", "")

    def choose_dates(self, start: str, end: str) -> None:
        form = self.page.locator("main form[data-bb-report-filters]")
        form.locator("#date_from").fill(start)
        form.locator("#date_to").fill(end)
        form.locator("button[type=submit]").click()
# ---- release plan and timelines -----------------------------------------------------


class ReleasePlanPage(BasePage):
    """An inmate's release plan (issue 15): the dates form, and one form per item inside
    a "Change" disclosure."""

    def __init__(self, page: Page, base_url: str, inmate_id: int) -> None:
        super().__init__(page, base_url)
        self.path = f"/inmates/{inmate_id}/release"

    def item(self, code: str) -> Locator:
        return self.page.locator(f'main [data-item="{code}"]')

    @property
    def success(self) -> Locator:
        return self.page.locator("main .aksel-alert--success")

    def save(self, code: str, status: str, note: str = "", visible: bool = True) -> None:
        """Set an item's status and note; a note over the field's maxlength is typed in
        anyway, as a browser without the limit would send it."""
        item = self.item(code)
        details = item.locator("details")
        if details.get_attribute("open") is None:
            item.locator("summary").click()
        item.locator(f"#{code}-status").select_option(status)
        item.locator(f"#{code}-visible_to_inmate").set_checked(visible)
        note_field = item.locator(f"#{code}-note")
        note_field.evaluate("field => field.removeAttribute('maxlength')")
        note_field.fill(note)
        item.locator("button[type=submit]").click()

    def set_dates(self, earliest: str = "", expected: str = "", latest: str = "") -> None:
        form = self.page.locator("main #dates form")
        for name, value in (("earliest_on", earliest), ("expected_on", expected),
                            ("latest_on", latest)):
            form.locator(f"#{name}").fill(value)
        form.locator("button[type=submit]").click()


class MyPlanPage(BasePage):
    """The kiosk's "Min plan for løslatelsen": the inmate's own plan and "ask for help"."""

    path = "/plan/"

    def item(self, code: str) -> Locator:
        return self.page.locator(f'main [data-item="{code}"]')

    def ask_for_help(self, choice: str | None, text: str = "") -> None:
        form = self.page.locator('main form[action="/plan/help"]')
        if choice:
            form.locator(f'input[name=choice][value="{choice}"]').check()
        form.locator("textarea[name=text]").fill(text)
        form.locator("button[type=submit]").click()


class TimelinePage(BasePage):
    """The timeline of an inmate or of a request: one row per event, newest first."""

    @property
    def rows(self) -> Locator:
        return self.page.locator("main [data-timeline] tbody tr[data-action]")

    @property
    def older(self) -> Locator:
        return self.page.locator('main nav a[rel="next"]')


# ---- forms for staff --------------------------------------------------------------------


class FormRecordPage(BasePage):
    """A received form's record in the staff app: register it with NAV, or return it."""

    def __init__(self, page: Page, base_url: str, submission_id: int) -> None:
        super().__init__(page, base_url)
        self.path = f"/forms/{submission_id}"

    @property
    def success(self) -> Locator:
        return self.page.locator("main .aksel-alert--success")

    @property
    def status(self) -> Locator:
        return self.page.locator("main [data-status]")

    @property
    def nav_reference(self) -> Locator:
        return self.page.locator("main [data-nav-reference]")

    def register(self, reference: str) -> None:
        self.page.locator("#nav_reference").fill(reference)
        self.submit("/register")

    def return_(self, message: str) -> None:
        self.page.locator("#return_message").fill(message)
        self.submit("/return")


# ---- classes run by a trainer --------------------------------------------------------


class KioskJoinClassPage(BasePage):
    """The kiosk's "Join a class": one field for the trainer's code."""

    path = "/lessons/join"

    @property
    def code(self) -> Locator:
        return self.page.locator("#code")

    @property
    def code_error(self) -> Locator:
        return self.page.locator("#code-error")

    def join(self, code: str) -> None:
        self.code.fill(code)
        self.submit("/lessons/join")


class ClassNotice:
    """The trainer's class at the top of a lesson step (templates/kiosk/lessons/_class.html)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.box = page.locator("#bb-class")
        self.paused = page.locator("#bb-class [data-class-paused]")
        self.moved = page.locator("#bb-class [data-class-moved]")

    def go_to_step_link(self) -> Locator:
        return self.moved.locator("a")


class MyClassesPage(BasePage):
    """The trainer's "My classes": the list and the form for a new class."""

    path = "/classes/"

    def row(self, class_id: int) -> Locator:
        return self.page.locator(f'main [data-class-list] tr[data-class="{class_id}"]')

    def create(self, module: str = "", prison_id: int | None = None, day: str | None = None,
               time: str | None = None) -> None:
        self.page.locator("#module").select_option(module)
        if prison_id is not None:
            self.page.locator("#prison_id").select_option(str(prison_id))
        if day is not None:
            self.page.locator("#day").fill(day)
        if time is not None:
            self.page.locator("#starts").fill(time)
        self.page.locator('main form[action$="/classes/"] button[type=submit]').click()


class ClassPage(BasePage):
    """A trainer's live class: the code, the controls, the participants (polled)."""

    def __init__(self, page: Page, base_url: str, class_id: int) -> None:
        super().__init__(page, base_url)
        self.class_id = class_id
        self.path = f"/classes/{class_id}"

    @property
    def join_code(self) -> Locator:
        return self.page.locator("main [data-join-code]").first

    @property
    def success(self) -> Locator:
        return self.page.locator("main .aksel-alert--success")

    @property
    def live(self) -> Locator:
        return self.page.locator("#class-live")

    def participant(self, number: str) -> Locator:
        return self.page.locator(f'#class-live tr[data-participant="{number}"]')

    def step_of(self, number: str) -> Locator:
        return self.participant(number).locator("[data-step]")

    def send_everyone_to(self, step_id: str) -> None:
        self.page.locator("#step").select_option(step_id)
        self.submit(f"/classes/{self.class_id}/step")

    def pause_or_continue(self) -> None:
        self.submit(f"/classes/{self.class_id}/pause")

    def end(self) -> None:
        self.submit(f"/classes/{self.class_id}/end")
# ---- the meldekort (kiosk) ----------------------------------------------------------------


class MeldekortPage(BasePage):
    """The inmate's meldekort periods, each with its status and what can be done."""

    path = "/forms/meldekort/"

    def period(self, period_id: str) -> Locator:
        return self.page.locator(f'main [data-period="{period_id}"]')

    def start(self, period_id: str) -> None:
        self.submit(f"/forms/meldekort/p/{period_id}/start")

    def correct(self, period_id: str) -> None:
        self.submit(f"/forms/meldekort/p/{period_id}/correct")

    def practise(self) -> None:
        self.submit("/forms/meldekort/practice")


class MeldekortStep(BasePage):
    """A page of a card: the questions, the day grid, the unregister confirmation or a
    correction's reason. Fields are found by their names, errors by data-error-for."""

    @property
    def form(self) -> Locator:
        return self.page.locator("main form[hx-post]")

    @property
    def practice_banner(self) -> Locator:
        return self.page.locator("[data-practice]")

    def error_for(self, field: str) -> Locator:
        return self.page.locator(f'[data-bb-error-summary] [data-error-for="{field}"]')

    def answer(self, **answers: str) -> None:
        """Questions: arbeidet="yes", syk="no" ... (the radio buttons)."""
        for key, value in answers.items():
            self.page.locator(f'main input[name="{key}"][value="{value}"]').check()

    def hours(self, day: int, text: str) -> None:
        self.page.locator(f"main #day-{day}-hours").fill(text)

    def tick(self, field: str) -> None:
        """A checkbox by its field name: "day-4-ill", "unregister_confirm", "reason" ..."""
        self.page.locator(f"main #{field}").check()

    def choose(self, name: str, value: str) -> None:
        self.page.locator(f'main input[name="{name}"][value="{value}"]').check()

    def select(self, field: str, value: str) -> None:
        """A choice per day by its field name: "day-3-status", "day-2-aap_absence" ..."""
        self.page.locator(f"main select#{field}").select_option(value)

    def next(self) -> None:
        self.form.locator("button[type=submit]").click()

    def expect_error(self, field: str, text: str) -> None:
        """The error summary takes focus and names ``field``'s problem, which is also shown
        by the field (in the grid: in its week's list of errors), and the field says so."""
        expect(self.error_summary).to_be_focused()
        expect(self.error_for(field)).to_have_text(text)
        expect(self.page.locator(f"#{field}-error")).to_be_visible()


class MeldekortCheckPage(BasePage):
    """A card's check-your-answers page, with its confirmation."""

    @property
    def grid_weeks(self) -> Locator:
        return self.page.locator("main table[data-grid-week]")

    def send(self, confirm: bool = True) -> None:
        if confirm:
            self.page.locator("main #confirm").check()
        self.page.locator('main form[action$="/check"] button[type=submit]').click()


class MeldekortJourney:
    """One card from the kiosk to Nav's reference, shared by the e2e test of each card type
    (tests/e2e/test_meldekort.py): the inmate starts the card of a period and, after the
    test has filled it in, sends it; the officer countersigns on the terminal; the adviser
    opens the record and registers it."""

    def __init__(self, contexts, kiosk_url: str, admin_url: str, world, clock) -> None:
        self.contexts, self.kiosk_url, self.admin_url = contexts, kiosk_url, admin_url
        self.world, self.clock = world, clock
        self.kiosk: Page | None = None

    def start(self, period_id: str, inmate_key: str = "a") -> MeldekortStep:
        from tests.e2e.test_requests import sign_in_on_kiosk

        self.kiosk = self.contexts.new_page(terminal_credential=self.world.credentials[inmate_key])
        sign_in_on_kiosk(self.kiosk, self.kiosk_url, self.world.inmates[inmate_key])
        self.periods = MeldekortPage(self.kiosk, self.kiosk_url)
        self.periods.open()
        self.periods.start(period_id)
        return MeldekortStep(self.kiosk, self.kiosk_url)

    def send_and_countersign(self) -> MeldekortCheckPage:
        """From the check page: send, then the officer countersigns on the terminal."""
        check = MeldekortCheckPage(self.kiosk, self.kiosk_url)
        check.send()
        status = self.kiosk.locator("main [data-status]")
        expect(status).to_have_attribute("data-status", "awaiting_countersign")
        self.kiosk.locator('main a[href$="/countersign"]').first.click()
        officer = self.world.staff["officer"]
        self.clock.advance(seconds=30)
        self.kiosk.locator("#username").fill(officer.username)
        self.kiosk.locator("#password").fill(PASSWORD)
        self.kiosk.locator("#code").fill(totp.code_at(officer.totp_secret, self.clock.now()))
        check.submit_main_form()
        expect(status).to_have_attribute("data-status", "sent")
        return check

    def register(self, submission_id: int, reference: str) -> FormRecordPage:
        """The adviser opens the record (left open for the test to read) and registers it."""
        adviser = self.contexts.new_page()
        sign_in_staff(adviser, self.admin_url, self.world.staff["adviser"], self.clock)
        record = FormRecordPage(adviser, self.admin_url, submission_id)
        record.open()
        expect(record.status).to_have_attribute("data-status", "under_review")
        record.register(reference)
        expect(record.success).to_be_visible()
        expect(record.nav_reference).to_have_text(reference)
        return record
# ---- lessons ---------------------------------------------------------------------------


class LessonStepPage(BasePage):
    """A step of a lesson: its text, the check question and, after answering, feedback."""

    def __init__(self, page: Page, base_url: str, module: str, step: str) -> None:
        super().__init__(page, base_url)
        self.path = f"/lessons/{module}/steps/{step}"

    def answer(self, option: int | None) -> None:
        """Choose the option by its index (None: choose nothing) and press Answer."""
        if option is not None:
            self.page.locator(f'main input[name=answer][value="{option}"]').check()
        self.page.locator("main form.bb-question button[type=submit]").click()

    def feedback(self, kind: str) -> Locator:
        return self.page.locator(f'main [data-feedback="{kind}"]')

    @property
    def large_text_switch(self) -> Locator:
        return self.page.locator("main [data-large-text-switch]")

    def set_large_text(self, on: bool) -> None:
        if (self.large_text_switch.get_attribute("aria-pressed") == "true") != on:
            self.large_text_switch.click()
        expect(self.large_text_switch).to_have_attribute("aria-pressed", "true" if on else "false")

    @property
    def read_aloud(self) -> Locator:
        return self.page.locator("main [data-read-aloud] audio")


class CertificateLookupPage(BasePage):
    path = "/certificates/"

    def look_up(self, code: str) -> None:
        self.page.locator("#code").fill(code)
        self.page.locator("main form[method=get] button[type=submit]").click()

    def result(self, kind: str) -> Locator:
        return self.page.locator(f'main [data-lookup="{kind}"]')


class LearningStatsPage(BasePage):
    path = "/learning/statistics/"

    @property
    def charts(self) -> Locator:
        return self.page.locator("main figure svg.bb-chart")

    @property
    def stalled(self) -> Locator:
        return self.page.locator("main [data-learning-stalled] tbody tr")

    def open_details(self) -> None:
        """Opens every <details> in main, so the tables inside them are checked too."""
        for details in self.page.locator("main details").all():
            details.locator("summary").click()
            expect(details).to_have_attribute("open", "")
class PracticePage(BasePage):
    """The practice copy of NAV's services: the pretend login, the dialog and the tasks."""

    path = "/practice/"

    @property
    def banner(self) -> Locator:
        return self.page.locator("main [data-practice]")

    @property
    def task_bar(self) -> Locator:
        return self.page.locator("main [data-practice-task]")

    def choose(self, method: str) -> None:
        """An e-ID on the pretend ID-porten page."""
        self.page.locator(f'main button[data-method="{method}"]').click()

    def enter(self, field: str, value: str) -> None:
        """One step of the pretend BankID: type and press Next."""
        self.page.locator(f"#{field}").fill(value)
        self.page.locator(f'main form:has(#{field}) button[type=submit]').click()

    def log_in(self, codes) -> None:
        self.open("/practice/login")
        self.choose("bankid")
        self.enter("national_id", codes.national_id)
        self.enter("code", codes.one_time_code)
        self.enter("password", codes.password)
        self.expect_path("/practice/min-side")

    def send(self, message: str) -> None:
        self.page.locator("main textarea[name=body]").fill(message)
        self.submit("/practice/dialog")

    def start_task(self, key: str) -> None:
        self.open(f"/practice/tasks/{key}")
        self.submit(f"/practice/tasks/{key}/start")

    def check_task(self) -> None:
        self.page.locator("main [data-check-task]").click()
