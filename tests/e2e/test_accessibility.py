"""axe-core (WCAG 2.1 A and AA) on every page of both apps, in Norwegian and English.

Every GET route in the apps' url_maps is visited as a caller who can see it, chosen by
the route's access rule (for staff, by the rule's capability: requests are read by an
adviser, not by the system administrator); an unexpected 4xx or 5xx answer fails. The
pages reached only through a POST (enrolment code, PIN slip, TOTP setup, validation
errors, a request's check-your-answers and receipt, the idle dialog, 404 and CSRF pages
...) are scripted below; a language outside EVERY_STATE walks every page but not each
page's error states (EVERY_STATE says why). The world gains a request with a reply, an
internal note and a consent, so the request pages have content. A GET route no visit reached fails the test,
so a new page cannot skip this check. The walk is in two halves, the kiosk's and the staff
app's, each building what its pages need, so that two workers share it. Every page must
also load without a Content Security Policy complaint in the console.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from core import locales
from core.models import Consent, Inmate, Request, Role, StaffUser
from core.security import totp
from core.services.appointments import booking as appointments, office_hours
from core.services.release import plan as release_plan, plan_changes, plan_dates
from core.services.directory import entries as directory
from core.services.requests import filing as requests
from core.services.records import timeline
from core.services.learning import speech
from core.services.learning.lessons import catalogue as lesson_catalogue
from core.services.permissions import GRANTS
from core.web.access import Rule, rule_of
from kiosk.learning.lessons import spoken_language
from tests.e2e import axe
from tests.e2e.conftest import CSP_MARK
from tests.e2e.pages import (AdminCodePage, AdminLoginPage, AdminSetupPage, BasePage,
                             BookAppointmentPage, CertificateLookupPage, ClassNotice, ClassPage,
                             DailyListPage, DirectoryEntryPage, DirectoryImportPage, EnrolPage,
                             FilledRequest, FormRecordPage, HandoverPage, IdleDialog,
                             InmatePage, KioskJoinClassPage, KioskLoginPage, KioskRequestPage,
                             LearningStatsPage, LessonStepPage, MeldekortCheckPage,
                             MeldekortPage, MeldekortStep, MyClassesPage, NewTerminalPage,
                             MyPlanPage, OfficeHoursPage, PersonHandoverPage, PracticePage,
                             ReceiptPage, ReleasePlanPage,
                             ReportsPage, RequestDeskPage, SupervisionPage, TerminalPage,
                             TimelinePage, TopicStep, fill_request_steps, sign_in_staff)
from tests.support import world as world_module
from tests.support.world import PASSWORD, PIN

pytestmark = pytest.mark.e2e

# Every page is checked in every language: each GET route, and each page that only a POST
# shows (the PIN chooser, the CSRF and 404 pages, the closed terminal, the idle dialog, the
# practice receipts, another e-ID explained, each meldekort type's own day page). The
# states of a page (a form's error summary and inline errors, wrong answers, lock-outs,
# flashes, larger text, a class's notices) are checked in bokmål, the first language, and
# in Arabic, the one written right to left. They come from the same macros in every
# language (only the text, the lang and the dir differ), the crawl checks every language's
# texts on every page, and reaching them is most of a walk's time: 64 scripted states of
# 0.4 s each in the kiosk (58 s for a language with them, 34 s without).
EVERY_STATE = {"nb", "ar"}
# Views that never render a page of their own, only redirect: reaching them counts.
REDIRECT_ONLY = {("kiosk", "signin.timeout")}
# Views that answer with an error status on purpose when visited here.
EXPECTED_STATUS = {("kiosk", "enrolment.demo_enrol"): 404}  # demo mode is off in tests
# Pages in the inmate's language whatever the reader's (their data-language says which).
IN_THE_INMATES_LANGUAGE = {("admin", "ways_in.print_reply")}
# Views that end the caller's session: visited last.
LAST = {("kiosk", "signin.timeout")}
# Views that answer with a file to download, not a page: fetched and the type checked, no axe.
DOWNLOADS = {("admin", "reports.requests_csv"): "text/csv",
             ("admin", "directory.export"): "text/csv",
             ("admin", "release_handover.pdf_file"): "application/pdf",
             ("admin", "release_handover.csv_file"): "text/csv",
             ("admin", "release_handover.json_file"): "application/json",
             ("admin", "release_takehome.pdf_file"): "application/pdf",
             ("admin", "release_stats.csv_file"): "text/csv",
             ("admin", "form_exports.record_csv"): "text/csv",
             ("admin", "form_exports.set_csv"): "text/csv",
             ("kiosk", "lessons.audio"): "audio/ogg",
             ("admin", "ways_in.attachment"): "image/jpeg",  # the paper note's photo
             ("kiosk", "healthz"): "text/plain", ("admin", "healthz"): "text/plain"}


def get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"}


class Auditor:
    """Runs axe on a page, and remembers which routes and states were checked."""

    def __init__(self, servers: dict, lang: str) -> None:
        self.servers = servers  # app name -> LiveServer
        self.lang = lang
        self.visited: dict[str, set[str]] = {name: set() for name in servers}
        self.states: list[str] = []
        self.problems: list[str] = []
        self._chains: dict[int, list[tuple[str, str]]] = {}
        self._csp: dict[int, list[str]] = {}

    # -- watching ---------------------------------------------------------------------

    def watch(self, page: Page) -> Page:
        key = id(page)
        self._chains[key] = []
        self._csp[key] = []

        def on_request(request):
            try:
                if not request.is_navigation_request() or request.frame != page.main_frame:
                    return
            except Exception:  # a detached frame
                return
            if request.redirected_from is None:
                self._chains[key] = []
            self._chains[key].append((request.method, request.url))

        page.on("request", on_request)
        page.on("console", lambda msg: self._csp[key].append(msg.text)
                if CSP_MARK in msg.text else None)
        return page

    def _app_of(self, url: str):
        parts = urlsplit(url)
        for name, server in self.servers.items():
            if server.url == f"{parts.scheme}://{parts.netloc}":
                return name, server.app
        return None, None

    def endpoint_of(self, url: str) -> tuple[str | None, str | None]:
        name, app = self._app_of(url)
        if app is None:
            return None, None
        adapter = app.url_map.bind("127.0.0.1")
        try:
            endpoint, _args = adapter.match(urlsplit(url).path, method="GET")
        except (NotFound, MethodNotAllowed, RequestRedirect):
            return name, None
        return name, endpoint

    # -- checking ---------------------------------------------------------------------

    def check(self, page: Page, state: str) -> None:
        """axe on the page as it is now; ``state`` names it in reports."""
        name, endpoint = self.endpoint_of(page.url)
        lang = self.lang
        if (name, endpoint) in IN_THE_INMATES_LANGUAGE:
            lang = page.locator("main [data-language]").get_attribute("data-language")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        # The page's direction is its language's: right to left in Arabic (issue 18).
        expect(page.locator("html")).to_have_attribute("dir", locales.direction(lang))
        expect(page.locator("main")).to_be_visible()
        label = f"[{self.lang}] {state} ({page.url})"
        self.states.append(state)
        if endpoint:
            self.visited[name].add(endpoint)
        for method, url in self._chains.get(id(page), []):
            app_name, chained = self.endpoint_of(url)
            if method == "GET" and (app_name, chained) in REDIRECT_ONLY:
                self.visited[app_name].add(chained)
        for violation in axe.violations(page):
            targets = "; ".join(", ".join(map(str, node["target"]))
                                for node in violation["nodes"])
            self.problems.append(f"{label}: {violation['id']} ({violation['impact']}) "
                                 f"{violation['help']} -> {targets}")
        csp = self._csp.get(id(page), [])
        for text in csp:
            self.problems.append(f"{label}: CSP: {text}")
        csp.clear()


@pytest.fixture
def servers(kiosk_server, admin_server):
    return {"kiosk": kiosk_server, "admin": admin_server}


def sign_in_inmate(page: Page, base: str, number: str, lang: str) -> None:
    login = KioskLoginPage(page, base)
    login.open()
    login.switch_language(lang)
    login.sign_in(number, PIN)
    BasePage(page, base).expect_path("/home")


def password_step(page: Page, base: str, username: str, lang: str) -> None:
    login = AdminLoginPage(page, base)
    login.open()
    login.switch_language(lang)
    login.submit_password(username, PASSWORD)
    expect(page.locator("#code")).to_be_visible()


def add_a_request(database, clock, world, settings) -> dict:
    """A request of inmate a on dagpenger, registered by the adviser from a paper note with
    its photo (issue 16), with the adviser's reply and internal note, the inmate's answer
    and a consent: the URL values of the request pages."""
    import io

    from PIL import Image

    from core.services.requests import attachments

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(
            topic="dagpenger", description="Jeg vil vite om jeg kan få dagpenger.",
            release_soon=True, letter_received=True, deadline_on=date(2026, 12, 15),
            interpreter=True, language="pl"), consents={"home_nav"}, logged_by=adviser,
            channel="paper_note")
        photo = io.BytesIO()
        Image.new("RGB", (60, 40), (250, 247, 232)).save(photo, "JPEG")
        attachment = attachments.add(db, clock.now(), adviser, filed, attachments.clean(
            photo.getvalue(), "lapp.jpg", "image/jpeg", 1 << 20), settings.attachment_dir)
        requests.add_note(db, clock.now(), adviser, filed, "Internt: sjekk meldekortet.")
        requests.reply(db, clock.now(), adviser, filed, "Vi kan snakke om dagpenger på tirsdag.")
        requests.inmate_reply(db, clock.now(), inmate, filed.id, "Takk, tirsdag passer.")
        consent_id = db.scalar(select(Consent.id).where(Consent.request_id == filed.id))
        return {"request_id": filed.id, "consent_id": consent_id,
                "attachment_id": attachment.id}


def add_an_appointment(database, clock, world, request_id: int) -> dict:
    """The adviser's office hours in prison A and an appointment on the request, for the
    appointment pages: their URL values."""
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        hours = office_hours.publish(db, clock.now(), adviser, office_hours.HoursData(
            prison_id=world.prison.id, weekday=1, starts=time(9), ends=time(12),
            slot_minutes=30, room="Samtalerom 1", valid_from=date(2026, 3, 2)))
        booked = appointments.book(
            db, clock.now(), adviser, db.get(Inmate, world.inmates["a"].id), adviser.id,
            datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc), request=db.get(Request, request_id))
        return {"hours_id": hours.id, "appointment_id": booked.id}


def add_directory_entries(database, clock, world) -> dict:
    """Oslo (the world's inmates' home) in the directory, verified long ago so the flag
    shows, and a request by inmate a2 with no consent to the home NAV office, whose
    hand-over summary warns."""
    with database.session() as db:
        directory.save(db, clock.now(), db.get(StaffUser, world.staff["system_admin"].id),
                       "0301", directory.ContactData(
                           nav_office="Nav Grünerløkka", contact_name="Hanne Bakke",
                           phone="55 55 21 10", email="hanne.bakke@nav.no",
                           verified_on=date(2024, 11, 1)))
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a2"].id),
                              requests.Draft(topic="aap"), consents={"school"})
        return {"number": "0301", "no_consent_request_id": filed.id}


def add_forms(database, clock, world) -> dict:
    """Forms of inmate a: a job-seeker registration confirmed and waiting for an officer,
    and a finished draft of another; a meldekort plan from 2 February 2026 (on 2 March the
    period of 2 February is late, 16 February open, 2 March not yet open), the card of 16
    February sent and countersigned, and a late draft for 2 February with work and a sick
    day: the URL values of the form pages."""
    from core.services.forms import submissions as forms
    from core.services.forms.meldekort import engine as mf, plan as meldekort_plan, rules as mk
    from core.services.forms.definitions import registry

    answers = {"level": "none", "situation": "never", "work_inside": "no",
               "limitations": "no", "wants": ["cv"]}
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        definition = registry().current("jobseeker", clock.now().date())
        confirmed = forms.confirm_generic(
            db, clock.now(), inmate, forms.start(db, clock.now(), inmate, definition,
                                                 terminal=None, data=answers),
            language="nb", terminal=None, supervisor_id=None, submit_key=None)
        draft = forms.start(db, clock.now(), inmate, definition, terminal=None, data=answers)
        meldekort_plan.set_plan(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id), inmate,
                                "dagpenger", date(2026, 2, 2))
        sent = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 16)))
        card = mf.card_of(sent).as_dict()
        card["answers"].update(arbeidet=False, kurs=False, syk=False, annetFravaer=False,
                               arbeidssoker=True)
        forms.save(db, clock.now(), sent, {"card": card})
        card_sent = mf.confirm(db, clock.now(), inmate, sent, language="nb", terminal=None,
                               supervisor_id=None, submit_key=None)
        forms.countersign(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                          card_sent, "admin")
        late = mf.start(db, clock.now(), inmate, None, mk.Period(date(2026, 2, 2)))
        card = mf.card_of(late).as_dict()
        card["answers"].update(arbeidet=True, kurs=False, syk=True, annetFravaer=False,
                               arbeidssoker=True)
        card["days"][0]["hours"], card["days"][3]["ill"] = "7.5", True
        forms.save(db, clock.now(), late, {"card": card})
        return {"draft_id": draft.id, "step_key": "work", "submission_id": confirmed.id,
                "period_id": "2026-W06", "card_id": late.id, "form_key": "jobseeker"}
def add_lessons(database, clock, world) -> dict:
    """Inmate a has completed the first lesson and has a certificate for it, and has
    answered every question of the last one with too many wrong (to be taken again): the
    URL values of the lesson pages."""
    from core.services.learning import progress as learning
    from core.services.learning.lessons import catalogue

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for key, wrong in (("terminal", 0), ("safety", 4)):
            for index, step in enumerate(catalogue().modules[key].text("nb").steps):
                right = step.question.correct
                choice = (right + 1) % len(step.question.options) if index < wrong else right
                learning.answer(db, clock.now(), inmate, key, step.id, choice)
        certificate = learning.issue_certificate(db, clock.now(), inmate)
        return {"module_key": "terminal", "step_id": "touch", "language": "nb",
                "certificate_id": certificate.id, "certificate_code": certificate.code}


TARGETS = ("main :is(button, audio, .aksel-button, .bb-back-link, .bb-crumb a, .bb-step-nav a,"
           " .bb-letters a, .bb-link-list a, .aksel-radio__label), .bb-header :is(a, button)")


def small_targets(page: Page) -> list[str]:
    """Controls on the page smaller than 44 by 44 CSS pixels (links inside running text
    are not in TARGETS: WCAG 2.5.5 exempts them)."""
    return page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 90), e.getBoundingClientRect()])
        .filter(([, r]) => r.height < 44 || r.width < 44)
        .map(([html, r]) => `${html} (${Math.round(r.width)}x${Math.round(r.height)})`)""",
                         TARGETS)
def add_practice(database, clock, world) -> dict:
    """A practice task inmate a tried and did not pass, with mistakes of several kinds, so
    the result page explains them: the URL values of the practice pages."""
    from core.services.learning.practice import attempts as practice
    from core.services.learning.practice.checks import Mistake
    from core.services.learning.practice.content import content

    mistakes = [Mistake("form_not_finished", {"form": "meldekort"}),
                Mistake("meldekort_answer", {"question": "syk", "expected": True,
                                             "given": False}),
                Mistake("meldekort_hours", {"day": 1, "date": "2026-02-16", "expected": "7.5",
                                            "given": "8"}),
                Mistake("meldekort_mark", {"day": 4, "date": "2026-02-19", "row": "ill",
                                           "expected": True})]
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        attempt = practice.start_attempt(db, clock.now(), inmate,
                                         content().tasks["meldekort_ill"])
        practice.finish_attempt(db, clock.now(), attempt, mistakes)
        return {"task_key": "meldekort_ill", "attempt_id": attempt.id}


def add_work_shop(database, clock, world) -> dict:
    """A work shop in prison A with inmate a (attendance recorded), a statement of theirs
    sent to Nav with their consent, and another ready for them to read: the URL values of
    the work-shop pages."""
    from core.services.work_shop import shops, statements
    from tests.support import work_shop as seed

    with database.session() as db:
        shop = seed.shop(db, clock.now(), world, "a")
        worker = db.get(StaffUser, world.staff["work_shop"].id)
        shops.record_attendance(db, clock.now(), worker, shop, clock.now().date(),
                                {world.inmates["a"].id: "late"})
        sent = seed.statement(db, clock.now(), world)
        statements.send(db, clock.now(), worker, sent)
        ready = seed.statement(db, clock.now(), world, read=False, consent=False)
        return {"shop_id": shop.id, "statement_id": ready.id}


def add_a_release(database, clock, world) -> None:
    """Inmate a is released in 14 days, with one plan item done, others overdue and a
    moved date, so the plan, the arrival list, the upcoming releases, the record and the
    kiosk's "Min plan" have something to show."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        inmate.expected_release = clock.now().date() + timedelta(days=14)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        plan_changes.set_item(db, clock.now(), adviser, inmate, "release_date_known",
                              plan_changes.ItemChange("done", "adviser", note="Ringte Nav Oslo."))
        arrived = plan_dates.dates_of(release_plan.find_plan(db, inmate)).arrived_on
        plan_changes.set_dates(db, clock.now(), adviser, inmate, plan_dates.Dates(
            arrived, clock.now().date() + timedelta(days=7), inmate.expected_release, None))


def add_a_handover(database, clock, world) -> None:
    """Inmate a agrees to share who they are and the plan with the home Nav office, and has
    an appointment after release: the hand-over, its printed page and the take-home sheet
    have something to show."""
    from core.services.release import handover_follow_up
    from core.services.requests import consents

    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for purpose in ("handover", "plan"):
            consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
        handover_follow_up.add_appointment(
            db, clock.now(), db.get(StaffUser, world.staff["adviser"].id), inmate.id,
            day=inmate.expected_release + timedelta(days=1), at=time(10),
            place="Nav Grünerløkka", address="Thorvald Meyers gate 1, 0555 Oslo",
            with_whom="Per Holm", what="Første samtale etter løslatelsen")


def add_received_forms(database, clock, world) -> dict:
    """Forms for staff: meldekort plans for inmates a and a2; inmate a's meldekort with work
    hours and a sick day, and a job-seeker registration, both received; inmate a2's card
    waiting for the officer. The URL value of the record, and the ids the script uses."""
    from tests.support import forms as seed

    with database.session() as db:
        seed.plan(db, clock.now(), world, key="a2", benefit="aap")
        card = seed.meldekort(db, clock.now(), world, answers={
            **seed.NO, "arbeidet": True, "syk": True}, days={
            1: {"hours": "7,5"}, 2: {"hours": "4"}, 4: {"ill": True}, 9: {"hours": "6"}})
        jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
        waiting = seed.meldekort(db, clock.now(), world, key="a2", countersign=False)
        return {"submission_id": card.id, "registered_id": jobseeker.id,
                "waiting_id": waiting.id}


def script_meldekort(auditor: Auditor, page: Page, kiosk: str, params: dict,
                     every_state: bool = True) -> None:
    """The meldekort's pages that only a POST shows: practice with an error on each page
    (questions, the day grid with errors per day, the unregister confirmation), the check
    page and the practice receipt; the late card; a correction's reason with an error.
    Without ``every_state`` (see EVERY_STATE), the pages alone: the practice receipt, the
    new card types' day and check pages, and a correction's reason, without their errors."""
    periods = MeldekortPage(page, kiosk)
    periods.open()
    expect(periods.period("2026-W06")).to_have_attribute("data-status", "late")
    periods.practise()
    step = MeldekortStep(page, kiosk)
    expect(step.practice_banner).to_be_visible()
    if every_state:
        step.next()
        expect(step.error_summary).to_be_focused()
        auditor.check(page, "kiosk: meldekort practice, questions, error summary")
    step.answer(arbeidet="yes", kurs="yes", syk="yes", annetFravaer="yes", arbeidssoker="no")
    expect(page.locator("main [data-unregister-warning]")).to_be_visible()
    step.next()
    if every_state:
        step.hours(2, "7,3")
        step.tick("day-3-ill")
        step.hours(3, "4")
        step.tick("day-3-absence")
        step.next()
        expect(step.error_for("day-2-hours")).to_be_visible()
        expect(step.error_for("day-1-course")).to_be_visible()
        expect(step.error_summary).to_be_focused()
        auditor.check(page, "kiosk: meldekort practice, day grid, errors per day")
        step.hours(2, "7,5")
        step.hours(3, "")
        page.locator("main #day-3-absence").uncheck()
    else:
        step.hours(2, "7,5")
        step.tick("day-3-ill")
    step.tick("day-4-course")
    step.tick("day-5-absence")
    step.next()
    check = MeldekortCheckPage(page, kiosk)
    expect(page.locator("main [data-unregister-warning]")).to_be_visible()
    expect(check.grid_weeks).to_have_count(2)
    if every_state:
        check.send(confirm=False)
        expect(check.error_summary).to_be_focused()
        auditor.check(page, "kiosk: meldekort practice, check, error summary")
    check.send()
    expect(page.locator("main [data-snapshot]")).to_be_attached()
    auditor.check(page, "kiosk: meldekort practice receipt")
    # Practice of the other card types' own pages: the new tiltakspenger card's status per
    # day (with an error), and the new AAP card's hours and absence reasons (with errors)
    # and its check page.
    periods.open()
    page.locator('main [data-practice-choice] input[value="tiltakspenger_new"]').check()
    page.locator("main [data-practice-choice] button[type=submit]").click()
    if every_state:
        for number in range(1, 12):
            step.select(f"day-{number}-status", "took_part")
        step.next()
        expect(step.error_summary).to_be_focused()
    else:
        expect(page.locator("main #day-1-status")).to_be_visible()
    auditor.check(page, "kiosk: meldekort practice, new tiltakspenger card, status per day"
                        + (" errors" if every_state else ""))
    periods.open()
    page.locator('main [data-practice-choice] input[value="aap_kelvin"]').check()
    page.locator("main [data-practice-choice] button[type=submit]").click()
    step.answer(arbeidet="yes", avtalteAktiviteter="yes", fravaer="yes")
    step.next()
    if every_state:
        step.hours(1, "25")
        step.next()
        expect(step.error_summary).to_be_focused()
    else:
        expect(page.locator("main #day-2-aap_absence")).to_be_visible()
    auditor.check(page, "kiosk: meldekort practice, new AAP card, days"
                        + (" with errors" if every_state else ""))
    step.hours(1, "4")
    step.select("day-2-aap_absence", "illness")
    step.next()
    expect(MeldekortCheckPage(page, kiosk).grid_weeks).to_have_count(2)
    auditor.check(page, "kiosk: meldekort practice, new AAP card, check")

    if every_state:
        periods.open()
        expect(periods.period("2026-W06").locator("[data-late-consequence]")).to_be_visible()
        periods.start("2026-W06")
        expect(page.locator("main [data-late-notice]")).to_be_visible()
        expect(page.locator("main [data-late-consequence]")).to_be_visible()
        auditor.check(page, "kiosk: meldekort, late card, questions")

    # A correction's own page: the reason in words (with an error, then checked).
    periods.open()
    periods.correct("2026-W08")
    expect(page.locator("main [data-correcting]")).to_be_visible()
    step.next()
    expect(page.locator("main #reason")).to_be_visible()
    if not every_state:
        auditor.check(page, "kiosk: meldekort correction, reason in words")
        return
    step.next()
    expect(step.error_summary).to_be_focused()
    auditor.check(page, "kiosk: meldekort correction, reason in words, error summary")
    page.locator("main textarea#reason").fill("Jeg skrev feil timer.")
    step.next()
    expect(page.locator("main [data-reason]")).to_be_visible()
    auditor.check(page, "kiosk: meldekort correction, check")


def add_classes(database, clock, world, hasher) -> dict:
    """A trainer of prison A (signed in on their own page: the world's trainer has their
    two-step sign-in reset below) with a class that inmate a joined and is stuck in, and
    some progress for the learning statistics: a module completed, one stalled."""
    from core.services.learning import classes, progress as learning
    from core.services.people import staff as staff_service
    from core.services.learning.lessons import catalogue

    # A module inmate a has not touched elsewhere in this test (add_lessons completes
    # "terminal" and "safety"), so the class can find them stuck.
    module = "cv_jobs"
    steps = catalogue().modules[module].text("nb").steps
    with database.session() as db:
        trainer = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "class-trainer", "Klara Klasse", {Role.TRAINER}, {world.prison.id}), PASSWORD,
            hasher)
        trainer.totp_secret = totp.new_secret()
        trainer.totp_confirmed_at = clock.now()
        lesson_class = classes.create(db, clock.now(), trainer, module, world.prison.id,
                                      clock.now())
        inmate = db.get(Inmate, world.inmates["a"].id)
        classes.join(db, clock.now(), inmate, lesson_class.join_code)
        learning.answer(db, clock.now(), inmate, module, steps[0].id,
                        steps[0].question.correct)
        for _ in range(2):
            learning.answer(db, clock.now(), inmate, module, steps[1].id,
                            (steps[1].question.correct + 1) % len(steps[1].question.options))
        other = db.get(Inmate, world.inmates["a2"].id)
        for step in catalogue().modules["nav"].text("nb").steps:
            learning.answer(db, clock.now() - timedelta(days=40), other, "nav", step.id,
                            step.question.correct)
        learning.open_step(db, clock.now() - timedelta(days=20), other, "login", "eid")
        db.flush()
        db.expunge(trainer)
        return {"class_id": lesson_class.id, "module": module, "step": steps[0].id,
                "class_trainer": trainer, "steps": [s.id for s in steps]}


def class_action(database, clock, class_params, action, *args) -> None:
    """The trainer acts on the class behind the kiosk's back."""
    from core.models import LessonClass
    from core.services.learning import classes

    with database.session() as db:
        trainer = db.get(StaffUser, class_params["class_trainer"].id)
        getattr(classes, action)(db, clock.now(), trainer,
                                 db.get(LessonClass, class_params["class_id"]), *args)


def may_visit(roles: set[Role], rule: Rule) -> bool:
    """Whether staff with ``roles`` pass the rule's capability (any of a tuple)."""
    capabilities = rule.capability if isinstance(rule.capability, tuple) else (
        (rule.capability,) if rule.capability else ())
    return not capabilities or any(roles & GRANTS[c] for c in capabilities)


def callers_for(rule: Rule, callers: dict) -> list[Page]:
    """The pages to visit a route with: for staff, the first signed-in staff member (a
    (roles, page) pair) whose roles hold the route's capability; else every page given."""
    if rule.kind == "staff":
        return [page for roles, page in callers.get("staff", []) if may_visit(roles, rule)][:1]
    return callers.get(rule.kind, [])


def visit_routes(auditor: Auditor, app_name: str, callers: dict, params: dict) -> None:
    """Every GET route of the app, as the caller its access rule calls for."""
    server = auditor.servers[app_name]
    app = server.app
    adapter = app.url_map.bind("127.0.0.1")
    rules = sorted((r for r in app.url_map.iter_rules()
                    if "GET" in r.methods and r.endpoint != "static"),
                   key=lambda r: ((app_name, r.endpoint) in LAST, r.rule))
    for rule in rules:
        kind = rule_of(app.view_functions[rule.endpoint])
        assert kind is not None, f"{app_name}:{rule.endpoint} declares no access rule"
        pages = callers_for(kind, callers)
        assert pages, (f"{app_name}:{rule.endpoint}: no caller for access kind {kind.kind!r}"
                       f" with capability {kind.capability!r}")
        missing = rule.arguments - params.keys()
        assert not missing, f"{app_name}:{rule.rule}: no world value for {sorted(missing)}"
        path = adapter.build(rule.endpoint, {k: params[k] for k in rule.arguments})
        if (app_name, rule.endpoint) in DOWNLOADS:
            for page in pages:
                # A first PDF loads WeasyPrint and its fonts: seconds on a busy machine.
                response = page.request.get(server.url + path, timeout=60_000)
                assert response.status == 200 and response.headers["content-type"].startswith(
                    DOWNLOADS[(app_name, rule.endpoint)]), f"{app_name}:{rule.endpoint}"
                auditor.visited[app_name].add(rule.endpoint)
            continue
        for page in pages:
            response = page.goto(server.url + path)
            # A refused or missing page would pass axe without checking the route's page.
            expected = EXPECTED_STATUS.get((app_name, rule.endpoint))
            assert response is not None and (response.status == expected if expected
                                             else response.status < 400), (
                f"{app_name}:{rule.endpoint} as {kind.kind}: HTTP "
                f"{response.status if response else None} at {path}")
            auditor.check(page, f"{app_name}:{rule.endpoint} as {kind.kind}"
                                f"{f' ({kind.capability})' if kind.capability else ''}")


def start_walk(lang, contexts, servers, world, clock, database, settings):
    """The auditor, a way to open watched pages, both apps' URLs, and the world's additions
    that both walks need: a request with an appointment, the directory, a release, forms."""
    auditor = Auditor(servers, lang)
    request_params = add_a_request(database, clock, world, settings)
    request_params.update(add_an_appointment(database, clock, world,
                                             request_params["request_id"]))
    directory_params = add_directory_entries(database, clock, world)
    add_a_release(database, clock, world)
    add_a_handover(database, clock, world)
    form_params = add_forms(database, clock, world)
    work_params = add_work_shop(database, clock, world)

    def new_page(**kwargs) -> Page:
        return auditor.watch(contexts.new_page(**kwargs))

    return (auditor, new_page, servers["kiosk"].url, servers["admin"].url, request_params,
            directory_params, form_params, work_params)


def give_a_pin_slip(database, clock, world, key: str) -> str:
    """What the admin walk's "give a PIN" button does, for the kiosk walk: the slip's PIN."""
    from core.services.people import inmates

    with database.session() as db:
        return inmates.reset_pin(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                                 db.get(Inmate, world.inmates[key].id),
                                 world_module.PIN_HASHER)


def lock_out(database, clock, world, key: str, threshold: int) -> None:
    """What the kiosk walk's wrong PINs do, for the admin walk: the inmate is locked out."""
    from core.services import throttle

    with database.session() as db:
        for _ in range(threshold):
            throttle.record(db, clock.now(), "inmate", world.inmates[key].inmate_number,
                            "failure", terminal_id=world.terminals["a"].id)


def route_values(world, *params: dict, class_params: dict) -> dict:
    """The values of every URL rule's arguments."""
    values = {"terminal_id": world.terminals["a"].id, "inmate_id": world.inmates["a"].id,
              "prison_id": world.prison.id, "staff_id": world.staff["trainer"].id,
              "topic": "dagpenger", "class_id": class_params["class_id"],
              "module": class_params["module"], "step": class_params["step"]}
    for more in params:
        values.update(more)
    return values


def assert_walked(auditor: Auditor, app_name: str) -> None:
    """Every GET route of the app was checked, and no page had a problem."""
    unvisited = sorted(get_endpoints(auditor.servers[app_name].app) - auditor.visited[app_name])
    assert not unvisited, f"{app_name}: GET routes without an accessibility check: {unvisited}"
    assert not auditor.problems, (
        f"{len(auditor.problems)} accessibility/CSP problems on {len(auditor.states)} pages:\n"
        + "\n".join(auditor.problems))


# The walk is cut in two, the kiosk's pages and the staff app's, so that two workers can
# share it (each half builds the world's additions it needs itself). The kiosk's half runs
# in each of the kiosk's ten languages (issue 18), one test each, so pytest-xdist spreads
# the languages over its workers.
@pytest.mark.parametrize("lang", locales.KIOSK)
def test_every_kiosk_page_passes_axe(lang, contexts, servers, world, clock, settings,
                                     database, hasher):
    (auditor, new_page, kiosk, admin, request_params, directory_params, form_params,
     work_params) = start_walk(lang, contexts, servers, world, clock, database, settings)
    every_state = lang in EVERY_STATE

    unenrolled = new_page()
    response = unenrolled.goto(kiosk + "/")
    assert response.status == 403
    EnrolPage(unenrolled, kiosk).switch_language(lang)
    EnrolPage(unenrolled, kiosk).expect_shown()
    auditor.check(unenrolled, "kiosk: enrolment page for an unenrolled browser (403)")
    if every_state:
        enrol = EnrolPage(unenrolled, kiosk)
        enrol.open()
        enrol.enrol("")
        expect(enrol.error_summary).to_be_focused()
        auditor.check(unenrolled, "kiosk: enrolment, error summary")
        enrol.enrol("WRONG-CODE-1")
        expect(unenrolled.locator("#code-error")).to_be_visible()
        auditor.check(unenrolled, "kiosk: enrolment, wrong code")
    unenrolled.goto(kiosk + "/no-such-page")
    auditor.check(unenrolled, "kiosk: 404")

    terminal = new_page(terminal_credential=world.credentials["a"])
    login = KioskLoginPage(terminal, kiosk)
    login.open()
    login.switch_language(lang)
    login.expect_form()
    if every_state:
        login.sign_in("", "")
        expect(login.error_summary).to_be_focused()
        auditor.check(terminal, "kiosk: sign-in, error summary")
        login.sign_in("ZZZ999", "000000")
        expect(login.error_alert).to_be_visible()
        auditor.check(terminal, "kiosk: sign-in, wrong PIN")
        for _ in range(settings.lockout_threshold):
            login.sign_in(world.inmates["a2"].inmate_number, "000000")
        expect(login.error_alert).to_be_visible()
        auditor.check(terminal, "kiosk: sign-in, account locked")
    # Staff give A200 a PIN slip (the staff app's half is in the admin walk); the slip's PIN
    # is one-time: on the kiosk it only lets A200 choose their own PIN.
    slip_pin = give_a_pin_slip(database, clock, world, "a2")
    choosing = new_page(terminal_credential=world.credentials["a"])
    chooser = KioskLoginPage(choosing, kiosk)
    chooser.open()
    chooser.switch_language(lang)
    chooser.sign_in(world.inmates["a2"].inmate_number, slip_pin)
    choose_pin = BasePage(choosing, kiosk)
    choose_pin.expect_path("/pin/new")
    auditor.check(choosing, "kiosk: choose your own PIN")
    if every_state:
        choosing.locator("#pin").fill("802461")
        choosing.locator("#repeat").fill("802460")
        choose_pin.submit("/pin/new")
        expect(choose_pin.error_summary).to_be_focused()
        auditor.check(choosing, "kiosk: choose your own PIN, error summary")
        for reason in ("idle", "absolute", "signed_out", "supervision"):
            login.open(ended=reason)
            expect(terminal.locator("main .aksel-alert")).to_be_visible()
            auditor.check(terminal, f"kiosk: sign-in, ended={reason}")
        supervision = SupervisionPage(terminal, kiosk)
        supervision.open()
        supervision.submit("/supervision")
        expect(supervision.error_summary).to_be_focused()
        auditor.check(terminal, "kiosk: supervision, error summary")
        supervision.open_terminal("nobody", "wrong password", "123456", 30)
        expect(supervision.error_alert).to_be_visible()
        auditor.check(terminal, "kiosk: supervision, wrong password")
    login.open()
    terminal.locator('main form[action="/"] input[name=csrf_token]').evaluate(
        "input => { input.value = 'expired'; }")
    login.sign_in("A100", PIN)
    auditor.check(terminal, "kiosk: CSRF expired")

    supervised = new_page(terminal_credential=world.credentials["a_supervised"])
    closed = KioskLoginPage(supervised, kiosk)
    closed.open()
    closed.switch_language(lang)
    closed.expect_closed_for_inmates()
    auditor.check(supervised, "kiosk: supervised terminal, closed")

    inmate_page = new_page(terminal_credential=world.credentials["a"])
    inmate_page.clock.install()
    sign_in_inmate(inmate_page, kiosk, world.inmates["a"].inmate_number, lang)
    dialog = IdleDialog(inmate_page)
    inmate_page.clock.fast_forward(
        (settings.kiosk_idle_seconds - settings.kiosk_idle_warning_seconds) * 1000)
    dialog.expect_open()
    expect(dialog.extend_button).to_be_focused()
    auditor.check(inmate_page, "kiosk: idle dialog open")

    # Contact NAV and others: a step with an error, a filled draft, the receipt, and a
    # reply with an error. A new draft is left behind, so every step renders below.
    topic = TopicStep(inmate_page, kiosk)
    if every_state:
        topic.open()
        topic.next()
        expect(topic.error_summary).to_be_focused()
        expect(topic.error).to_be_visible()
        auditor.check(inmate_page, "kiosk: request topic, error summary")
        check = fill_request_steps(inmate_page, kiosk, FilledRequest(
            topic="dagpenger", description="Jeg har fått et brev om meldekort.",
            kind="question", release_soon=True, letter_received=True, deadline="2026-12-15",
            language="en", interpreter=True, consents=("home_nav", "school")))
        expect(check.change_link("consent")).to_be_visible()
        auditor.check(inmate_page, "kiosk: request, check your answers (filled draft)")
        check.send()
        receipt = ReceiptPage(inmate_page, kiosk)
        receipt.expect_shown()
        auditor.check(inmate_page, "kiosk: request receipt")
        thread = KioskRequestPage(inmate_page, kiosk, request_params["request_id"])
        thread.open()
        thread.reply("")
        expect(thread.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: request, reply error summary")
    topic.open()
    topic.choose("aap")
    topic.next()
    BasePage(inmate_page, kiosk).expect_path("/requests/new/describe")
    # The meldekort: practice, a late card and a correction, with their errors.
    script_meldekort(auditor, inmate_page, kiosk, form_params, every_state)

    # Forms: a step with errors, a revealed follow-up question, the check page without the
    # confirmation, the officer's countersignature with a wrong password, and practice.
    forms_page = BasePage(inmate_page, kiosk)
    if every_state:
        forms_page.open("/forms/")
        inmate_page.locator('[data-form="social_assistance"] form:not(:has(input[name=practice]))'
                            ' button').click()
        # The home municipality on record is chosen for them: choose none, for the error.
        inmate_page.locator("#home_municipality").select_option("")
        inmate_page.locator("main form[method=post] button[type=submit]").first.click()
        expect(forms_page.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: form step, error summary")
        forms_page.open(f"/forms/d/{form_params['draft_id']}/check")
        inmate_page.locator("main form[method=post] button[type=submit]").last.click()
        expect(forms_page.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: form check, not confirmed")
        forms_page.open(f"/forms/s/{form_params['submission_id']}/countersign")
        inmate_page.locator("#username").fill("officer")
        inmate_page.locator("#password").fill("wrong password")
        inmate_page.locator("#code").fill("123456")
        forms_page.submit_main_form()
        expect(inmate_page.locator("main .aksel-alert--error")).to_be_visible()
        auditor.check(inmate_page, "kiosk: countersign, wrong password")
        forms_page.open("/forms/")
        inmate_page.locator('[data-form="jobseeker"] form:has(input[name=practice]) button').click()
        expect(inmate_page.locator("[data-practice]")).to_be_visible()
        auditor.check(inmate_page, "kiosk: form step in practice")

    # Lessons: a step answered with nothing chosen, wrong and right; the glossary at a
    # term; larger text on a step, the list and the glossary; the summaries; a certificate.
    lesson_params = add_lessons(database, clock, world)
    nav_steps = lesson_catalogue().modules["nav"].text(lang).steps
    lesson = LessonStepPage(inmate_page, kiosk, "nav", nav_steps[0].id)
    lesson.open()
    if speech.has_voice(spoken_language(lesson_catalogue().modules["nav"], lang)):
        expect(lesson.read_aloud).to_have_attribute("preload", "none")
    else:  # nynorsk, Northern Sámi, Somali: espeak-ng has no voice, so no player
        expect(lesson.read_aloud).to_have_count(0)
    if every_state:
        lesson.answer(None)
        expect(lesson.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: lesson step, error summary")
        assert small_targets(inmate_page) == []
        question = nav_steps[0].question
        lesson.answer((question.correct + 1) % len(question.options))
        expect(lesson.feedback("wrong")).to_be_visible()
        auditor.check(inmate_page, "kiosk: lesson step, wrong answer")
        right = LessonStepPage(inmate_page, kiosk, "nav", nav_steps[1].id)
        right.open()
        right.answer(nav_steps[1].question.correct)
        expect(right.feedback("right")).to_be_visible()
        auditor.check(inmate_page, "kiosk: lesson step, right answer")
        assert small_targets(inmate_page) == []
        lesson.open("/lessons/nav/summary")
        auditor.check(inmate_page, "kiosk: lesson summary, unfinished")
        lesson.open("/lessons/safety/summary")
        expect(inmate_page.locator('main [data-summary="retry"]')).to_be_visible()
        auditor.check(inmate_page, "kiosk: lesson summary, to be taken again")
        inmate_page.goto(f"{kiosk}/lessons/glossary?back=nav.{nav_steps[0].id}#nav")
        auditor.check(inmate_page, "kiosk: glossary at a term")
        assert small_targets(inmate_page) == []
        right.open()
        right.set_large_text(True)
        expect(inmate_page.locator("body.bb-large-text")).to_be_visible()
        right.answer(nav_steps[1].question.correct)
        expect(right.feedback("right")).to_be_visible()
        auditor.check(inmate_page, "kiosk: lesson step answered, larger text")
        lesson.open()
        lesson.answer(None)
        expect(lesson.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: lesson step, error summary, larger text")
        for path in ("/lessons/", "/lessons/glossary", "/home", "/plan/",
                     f"/lessons/certificates/{lesson_params['certificate_id']}"):
            lesson.open(path)
            auditor.check(inmate_page, f"kiosk: {path}, larger text")
            assert small_targets(inmate_page) == [], path
        lesson.open("/lessons/certificates/")
        lesson.submit("/lessons/certificates/")
        expect(inmate_page.locator("main [data-certificate]")).to_be_visible()
        auditor.check(inmate_page, "kiosk: certificate just issued, larger text")
        # Min plan for løslatelsen: asking for help without a choice, then for housing.
        my_plan = MyPlanPage(inmate_page, kiosk)
        my_plan.open()
        # The appointment after release (add_a_handover) is on it, checked with the page.
        expect(inmate_page.locator("main [data-after-release-appointment]")).to_have_count(1)
        my_plan.ask_for_help(None, "Hjelp")
        expect(my_plan.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: my plan, help error summary, larger text")
        my_plan.ask_for_help("housing")
        expect(inmate_page).to_have_url(re.compile(r"/requests/\d+/receipt$"))
        right.open()
        right.set_large_text(False)
    # Classes: the join page with its errors, and the class's notice paused and moved.
    class_params = add_classes(database, clock, world, hasher)
    if every_state:
        joining = KioskJoinClassPage(inmate_page, kiosk)
        joining.open()
        joining.join("")
        expect(joining.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: join a class, error summary")
        joining.join("QQQ111")  # never a code: codes have no 1
        expect(joining.code_error).to_be_visible()
        expect(inmate_page.locator("[data-joined-classes]")).to_be_visible()
        auditor.check(inmate_page, "kiosk: join a class, unknown code")
        notice = ClassNotice(inmate_page)
        status_path = f"/lessons/class/{class_params['module']}/{class_params['step']}"
        class_action(database, clock, class_params, "set_paused", True)
        BasePage(inmate_page, kiosk).open(status_path)
        expect(notice.paused).to_be_visible()
        auditor.check(inmate_page, "kiosk: class paused")
        class_action(database, clock, class_params, "set_paused", False)
        class_action(database, clock, class_params, "send_to_step", class_params["steps"][2])
        BasePage(inmate_page, kiosk).open(status_path)
        expect(notice.go_to_step_link()).to_be_visible()
        auditor.check(inmate_page, "kiosk: class moved to another step")
    # The practice copy of NAV's services: another e-ID explained, each error of the
    # pretend BankID and its lock, the dialog with an error, a task checked with mistakes,
    # and a practice form's receipt with its task result. It ends logged in to the pretend
    # Min side, with a task in progress and a dialog, so every practice page has content.
    from core.models import FormDraft
    from core.services.forms import submissions as form_service
    from core.services.learning.practice.content import content as practice_content

    codes = practice_content().codes
    practice_params = add_practice(database, clock, world)
    practising = PracticePage(inmate_page, kiosk)
    practising.open("/practice/login")
    practising.choose("minid")
    expect(inmate_page.locator("main [data-method-chosen]")).to_be_visible()
    auditor.check(inmate_page, "kiosk: practice login, another e-ID explained")
    if every_state:
        practising.open("/practice/login")
        practising.choose("bankid")
        for field, wrong, right in (("national_id", "01017012343", codes.national_id),
                                    ("code", "000000", codes.one_time_code)):
            practising.enter(field, "")
            expect(practising.error_summary).to_be_focused()
            auditor.check(inmate_page, f"kiosk: pretend BankID {field}, error summary")
            practising.enter(field, wrong)
            expect(practising.error_summary).to_be_visible()
            auditor.check(inmate_page, f"kiosk: pretend BankID {field}, wrong")
            practising.enter(field, right)
        practising.enter("password", "wrong")
        expect(practising.error_summary).to_be_visible()
        auditor.check(inmate_page, "kiosk: pretend BankID password, wrong")
        practising.enter("password", "wrong")
        practising.enter("password", "wrong")
        expect(inmate_page.locator("main .aksel-alert--error")).to_be_visible()
        auditor.check(inmate_page, "kiosk: pretend BankID, locked")
    practising.log_in(codes)
    if every_state:
        practising.open("/practice/dialog")
        practising.send("")
        expect(practising.error_summary).to_be_focused()
        auditor.check(inmate_page, "kiosk: practice dialog, error summary")
        practising.start_task("dialog_meldekort")
        practising.send("Hei")
        expect(inmate_page.locator('main [data-author="adviser"]')).to_be_visible()
        practising.check_task()
        expect(inmate_page.locator("main [data-mistakes] li")).to_have_count(2)
        auditor.check(inmate_page, "kiosk: practice task checked, with mistakes")
    practising.start_task("jobseeker_cv")
    expect(practising.task_bar).to_be_visible()
    draft_id = int(inmate_page.url.split("/forms/d/")[1].split("/")[0])
    with database.session() as db:
        form_service.save(db, clock.now(), db.get(FormDraft, draft_id), {
            "level": "upper_secondary", "completed": "yes", "passed": "yes",
            "situation": "never", "work_inside": "no", "limitations": "no", "wants": ["cv"]})
    forms_page.open(f"/forms/d/{draft_id}/check")
    inmate_page.locator("#confirm").check()
    forms_page.submit_main_form()
    expect(inmate_page.locator('main [data-task-result="passed"]')).to_be_visible()
    auditor.check(inmate_page, "kiosk: practice receipt with the task's result")
    practising.start_task("dialog_money")
    practising.send("Jeg trenger penger til husleie. Hva kan jeg gjøre?")
    expect(practising.task_bar).to_be_visible()

    params = route_values(world, {"number": directory_params["number"]}, request_params,
                          form_params, lesson_params, practice_params, work_params,
                          class_params=class_params)
    visit_routes(auditor, "kiosk", {"open": [unenrolled], "terminal": [terminal],
                                    "inmate": [inmate_page]}, params)
    assert_walked(auditor, "kiosk")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_admin_page_passes_axe(lang, contexts, servers, world, clock, settings,
                                     database, hasher):
    (auditor, new_page, kiosk, admin, request_params, directory_params, form_params,
     work_params) = start_walk(lang, contexts, servers, world, clock, database, settings)
    lesson_params = add_lessons(database, clock, world)
    class_params = add_classes(database, clock, world, hasher)
    practice_params = add_practice(database, clock, world)
    lock_out(database, clock, world, "a2", settings.lockout_threshold)
    params = route_values(world, {"number": directory_params["number"]}, request_params,
                          form_params, lesson_params, practice_params, work_params,
                          class_params=class_params)
    every_state = lang in EVERY_STATE

    anonymous = new_page()
    sign_in = AdminLoginPage(anonymous, admin)
    sign_in.open(ended="idle")
    sign_in.switch_language(lang)
    if every_state:
        sign_in.open(ended="idle")
        expect(anonymous.locator("main .aksel-alert--info")).to_be_visible()
        auditor.check(anonymous, "admin: sign-in, ended=idle")
        sign_in.submit_password("", "")
        expect(sign_in.error_summary).to_be_focused()
        auditor.check(anonymous, "admin: sign-in, error summary")
        sign_in.submit_password("system-admin", "wrong password")
        expect(sign_in.error_alert).to_be_visible()
        auditor.check(anonymous, "admin: sign-in, wrong password")

    system_admin = world.staff["system_admin"]
    pending_admin = new_page()
    password_step(pending_admin, admin, system_admin.username, lang)
    if every_state:
        code_page = AdminCodePage(pending_admin, admin)
        code_page.submit_code("")
        expect(code_page.error_summary).to_be_focused()
        auditor.check(pending_admin, "admin: code, error summary")
        clock.advance(seconds=30)
        step = int(clock.now().timestamp()) // totp.STEP
        accepted = {totp.code_at(system_admin.totp_secret, clock.now()),
                    *(pyotp.TOTP(system_admin.totp_secret).generate_otp(s)
                      for s in (step - 1, step + 1))}
        code_page.submit_code(next(c for c in ("000000", "111111", "222222", "333333")
                                   if c not in accepted))
        expect(code_page.error_alert).to_be_visible()
        auditor.check(pending_admin, "admin: code, wrong code")

    # A staff member whose two-step sign-in is reset lands on the setup page.
    staff_admin = new_page()
    sign_in_staff(staff_admin, admin, system_admin, clock, lang=lang)
    trainer = world.staff["trainer"]
    staff_admin.goto(f"{admin}/staff/{trainer.id}")
    BasePage(staff_admin, admin).submit(f"/staff/{trainer.id}/reset-totp")
    if every_state:
        expect(staff_admin.locator("main .aksel-alert--success")).to_be_visible()
        auditor.check(staff_admin, "admin: staff member, TOTP reset (flash)")
    pending_trainer = new_page()
    password_step(pending_trainer, admin, trainer.username, lang)
    BasePage(pending_trainer, admin).expect_path("/sign-in/setup")

    # The admin's forms with errors, the pages only a POST shows, 404 and CSRF.
    page = BasePage(staff_admin, admin)
    if every_state:
        for path in ("/prisons/new", "/terminals/new", "/inmates/new", "/staff/new"):
            page.open(path)
            page.submit_main_form()
            expect(page.error_summary).to_be_focused()
            auditor.check(staff_admin, f"admin: {path}, error summary")
        page.open("/account/")
        page.submit("/account/password")
        expect(page.error_summary).to_be_visible()
        auditor.check(staff_admin, "admin: account, error summary")
        page.open(f"/staff/{trainer.id}")
        page.submit(f"/staff/{trainer.id}/password")
        expect(page.error_summary).to_be_visible()
        auditor.check(staff_admin, "admin: staff password, error summary")
        page.open(f"/prisons/{world.prison.id}")
        page.submit(f"/prisons/{world.prison.id}/units")
        expect(page.error_summary).to_be_visible()
        auditor.check(staff_admin, "admin: prison units, error summary")
        page.open(f"/prisons/{world.prison.id}/routing/dagpenger")
        staff_admin.locator("#first_response_days").fill("0")
        page.submit_main_form()
        expect(page.error_summary).to_be_focused()
        auditor.check(staff_admin, "admin: routing rule, error summary")
        page.open(f"/staff/{trainer.id}")
        staff_admin.locator("#areas").fill("9999")
        page.submit_main_form()
        expect(page.error_summary).to_be_focused()
        auditor.check(staff_admin, "admin: staff coverage, error summary")

    new_terminal = NewTerminalPage(staff_admin, admin)
    new_terminal.open()
    new_terminal.register("E2E a11y", supervised=True)
    auditor.check(staff_admin, "admin: enrolment code page")

    locked = InmatePage(staff_admin, admin, world.inmates["a2"].id)
    locked.open()
    if every_state:
        expect(locked.locked_warning).to_be_visible()
        auditor.check(staff_admin, "admin: inmate, locked")
    locked.give_pin()
    auditor.check(staff_admin, "admin: PIN slip")

    page.open("/no-such-page")
    auditor.check(staff_admin, "admin: 404")
    page.open("/account/")
    staff_admin.locator('form[action$="/account/password"] input[name=csrf_token]').evaluate(
        "input => { input.value = 'expired'; }")
    page.submit("/account/password")
    auditor.check(staff_admin, "admin: CSRF expired")

    # Supervision from the admin app: the window form, its errors, an open window.
    if every_state:
        supervisor = new_page()
        sign_in_staff(supervisor, admin, world.staff["prison_admin"], clock, lang=lang)
        window = TerminalPage(supervisor, admin, world.terminals["a_supervised"].id)
        window.open()
        window.open_window(1)
        expect(window.error_summary).to_be_visible()
        auditor.check(supervisor, "admin: supervision window, error summary")
        window.open()
        window.open_window(30)
        expect(window.close_button).to_be_visible()
        auditor.check(supervisor, "admin: terminal with an open window")

    # The request desk, as an adviser (who reads NAV topics): reply and note with errors.
    adviser_user = world.staff["adviser"]
    adviser = new_page()
    sign_in_staff(adviser, admin, adviser_user, clock, lang=lang)
    if every_state:
        desk = RequestDeskPage(adviser, admin, request_params["request_id"])
        desk.open()
        expect(desk.notes).to_have_count(1)
        desk.reply("")
        expect(desk.error_summary).to_be_focused()
        auditor.check(adviser, "admin: request desk, reply error summary")
        desk.open()
        desk.add_note("")
        expect(desk.error_summary).to_be_visible()
        auditor.check(adviser, "admin: request desk, note error summary")
        adviser.goto(f"{admin}/requests/{request_params['request_id']}?reply_with=home_office")
        expect(adviser.locator("[data-started-from]")).to_be_visible()
        auditor.check(adviser, "admin: request desk, started from a standard reply")
        desk.open()
        desk.reply("Velkommen til samtale på tirsdag.", status="waiting_for_inmate")
        expect(desk.success).to_be_visible()
        auditor.check(adviser, "admin: request desk, reply sent (flash)")

    # Several requests at once: the error state, then the confirmation page.
    several = BasePage(adviser, admin)
    if every_state:
        several.open("/requests/several")
        several.submit_main_form()
        expect(several.error_summary).to_be_focused()
        auditor.check(adviser, "admin: several requests, error summary")
        several.open("/requests/several")
        adviser.locator("input[name=ids]").first.check()
        adviser.locator("input[name=action][value=assign]").check()
        adviser.locator("#bulk_reason").fill("Ferie")
        several.submit_main_form()
        expect(adviser.locator("#bulk_assignee-error")).to_be_visible()
        auditor.check(adviser, "admin: several requests, no person to assign to")
    several.open("/requests/several")
    adviser.locator("input[name=ids]").first.check()
    adviser.locator("input[name=action][value=take]").check()
    adviser.locator("#bulk_reason").fill("Jeg er her i dag")
    several.submit_main_form()
    expect(adviser.locator("[data-confirm-list] li")).to_have_count(1)
    auditor.check(adviser, "admin: several requests, confirmation")

    # Appointments: the office hours, booking and cancelling forms with errors, and a bad
    # filter on the daily list.
    if every_state:
        hours = OfficeHoursPage(adviser, admin)
        hours.open()
        hours.submit("/appointments/hours")
        expect(hours.error_summary).to_be_focused()
        auditor.check(adviser, "admin: office hours, error summary")
        booking = BookAppointmentPage(adviser, admin, request_params["request_id"])
        booking.open()
        booking.submit_main_form()
        expect(booking.error_summary).to_be_focused()
        auditor.check(adviser, "admin: booking, error summary")
        cancelling = BasePage(adviser, admin)
        cancelling.open(f"/appointments/{request_params['appointment_id']}/cancel")
        cancelling.submit_main_form()
        expect(cancelling.error_summary).to_be_focused()
        auditor.check(adviser, "admin: cancel an appointment, error summary")
    daily = DailyListPage(adviser, admin)
    if every_state:
        daily.open(day="not a date")
        expect(daily.error_summary).to_be_visible()
        auditor.check(adviser, "admin: daily list, bad filter")
    daily.open(day="2026-03-03")
    expect(daily.rows).to_have_count(1)
    auditor.check(adviser, "admin: daily list with an appointment")
    # The hand-over summary with no consent to the home NAV office: a clear warning.
    if every_state:
        handover = HandoverPage(adviser, admin, directory_params["no_consent_request_id"])
        handover.open()
        expect(handover.no_consent_warning).to_be_visible()
        auditor.check(adviser, "admin: hand-over summary, no consent")

    # The directory: a bad filter, an entry with errors, an import with errors, an import.
    if every_state:
        directory_page = BasePage(staff_admin, admin)
        directory_page.open("/directory/", county="99")
        expect(directory_page.error_summary).to_be_visible()
        auditor.check(staff_admin, "admin: directory, bad filter")
        entry = DirectoryEntryPage(staff_admin, admin, "0301")
        entry.open()
        entry.save(nav_office="", phone="12 34", email="hanne.bakke@nav")
        expect(entry.error_summary).to_be_focused()
        auditor.check(staff_admin, "admin: directory entry, error summary")
        entry.open()
        entry.save(verified_on="2026-03-01")
        expect(staff_admin.locator("main .aksel-alert--success")).to_be_visible()
        auditor.check(staff_admin, "admin: directory entry, saved (flash)")
    importer = DirectoryImportPage(staff_admin, admin)
    importer.open()
    importer.upload(b"kommunenummer;navkontor;kontaktperson;telefon;epost;sist_kontrollert\n"
                    b"9999;Nav Ingensted;;;;\n4601;Nav Bergenhus;;123;x@;2099-01-01\n")
    expect(importer.error_summary).to_be_focused()
    expect(importer.problems).to_have_count(4)
    auditor.check(staff_admin, "admin: directory import, problems in the file")
    if every_state:
        importer.open()
        importer.upload("kommunenummer;navkontor\n4601;Nav Bergenhus\n".encode())
        expect(importer.problems).to_have_count(1)
        auditor.check(staff_admin, "admin: directory import, no header")
        importer.open()
        importer.upload("\ufeffkommunenummer;navkontor;kontaktperson;telefon;epost;"
                        "sist_kontrollert\n4601;Nav Bergenhus;Ingrid Solheim;55552138;;\n".encode())
        expect(staff_admin.locator("main .aksel-alert--success")).to_be_visible()
        auditor.check(staff_admin, "admin: directory import, imported (flash)")
    # Reports, as the adviser: the report with every table shown, then a bad period.
    report = ReportsPage(adviser, admin)
    report.open()
    expect(report.charts).to_have_count(4)  # topics, weeks, promises, how they came
    expect(report.oldest.locator("a").first).to_be_visible()
    report.open_details()
    auditor.check(adviser, "admin: report with its tables open")
    if every_state:
        report.choose_dates("10.03.2026", "01.03.2026")
        expect(report.error_summary).to_be_focused()
        auditor.check(adviser, "admin: report, error summary")
    # The release plan: a note too long, then a saved item, then dates that do not fit
    # together; a bad period on the upcoming releases; the second page of a timeline.
    if every_state:
        sheet = ReleasePlanPage(adviser, admin, world.inmates["a"].id)
        sheet.open()
        sheet.save("plans_shared", "in_progress", "x" * (plan_changes.MAX_NOTE + 1))
        expect(sheet.error_summary).to_be_focused()
        auditor.check(adviser, "admin: release plan, note error summary")
        sheet.open()
        sheet.save("income_applied", "done", "Søknad om livsopphold sendt.")
        expect(sheet.success).to_be_visible()
        auditor.check(adviser, "admin: release plan, item saved (flash)")
        sheet.open()
        sheet.set_dates(earliest="2026-07-01", expected="2026-06-20", latest="2026-06-01")
        expect(sheet.error_summary).to_be_focused()
        auditor.check(adviser, "admin: release plan, dates error summary")
        # The person's hand-over: a receipt dated in the future (error summary); the
        # take-home sheet in the other language.
        handover = PersonHandoverPage(adviser, admin, world.inmates["a"].id)
        handover.open()
        handover.confirm_receipt("2030-01-01", "Per Holm")
        expect(handover.error_summary).to_be_focused()
        auditor.check(adviser, "admin: hand-over, receipt error summary")
    takehome = PersonHandoverPage(adviser, admin, world.inmates["a"].id)
    takehome.open(f"/inmates/{world.inmates['a'].id}/takehome",
                  lang="en" if lang == "nb" else "nb")
    auditor.check(adviser, "admin: take-home sheet in the other language")
    if every_state:
        upcoming = BasePage(adviser, admin)
        upcoming.open("/release/", within="abc")
        expect(upcoming.error_summary).to_be_focused()
        auditor.check(adviser, "admin: upcoming releases, error summary")
        history = TimelinePage(staff_admin, admin)
        page_size = timeline.PAGE_SIZE
        timeline.PAGE_SIZE = 3
        try:
            history.open(f"/inmates/{world.inmates['a'].id}/timeline", page=2)
            expect(history.older).to_be_visible()
            expect(history.rows).to_have_count(3)
            auditor.check(staff_admin, "admin: inmate timeline, second page")
        finally:
            timeline.PAGE_SIZE = page_size

    # Forms for staff: a bad inbox filter, a record's forms with errors, a record registered
    # (flash), a meldekort plan that does not start on a Monday, and a countersignature
    # from the staff app (flash).
    form_values = add_received_forms(database, clock, world)
    if every_state:
        inbox = BasePage(adviser, admin)
        inbox.open("/forms/", status="bogus")
        expect(inbox.error_summary).to_be_visible()
        auditor.check(adviser, "admin: forms inbox, bad filter")
        record = FormRecordPage(adviser, admin, form_values["submission_id"])
        record.open()
        record.register("")
        expect(record.error_summary).to_be_focused()
        auditor.check(adviser, "admin: form record, register error summary")
        record.open()
        record.return_("")
        expect(record.error_summary).to_be_focused()
        auditor.check(adviser, "admin: form record, return error summary")
        registered = FormRecordPage(adviser, admin, form_values["registered_id"])
        registered.open()
        registered.register("1400-2026-0001")
        expect(registered.nav_reference).to_have_text("1400-2026-0001")
        auditor.check(adviser, "admin: form record, registered (flash)")
        plan = BasePage(adviser, admin)
        plan.open(f"/inmates/{world.inmates['a'].id}/benefit")
        adviser.locator("#first_period").fill("2026-03-03")
        adviser.locator('main form[action$="/benefit"] button[type=submit]').first.click()
        expect(plan.error_summary).to_be_focused()
        auditor.check(adviser, "admin: benefit plan, not a Monday")
        plan.open(f"/inmates/{world.inmates['a'].id}/benefit")
        adviser.locator("#exemption-starts_on").fill("2026-02-02")
        adviser.locator('main form[action$="/benefit/exemptions"] button[type=submit]').click()
        expect(plan.error_summary).to_be_visible()
        auditor.check(adviser, "admin: benefit page, exemption error summary")
        adviser.locator('main input[name="exemption-reason"][value="nav_decision"]').check()
        adviser.locator('main form[action$="/benefit/exemptions"] button[type=submit]').click()
        expect(adviser.locator('main [data-exemption][data-withdrawn="no"]')).to_be_visible()
        auditor.check(adviser, "admin: benefit page, an exemption recorded (flash)")
    officer_user = world.staff["officer"]
    officer = new_page()
    sign_in_staff(officer, admin, officer_user, clock, lang=lang)
    if every_state:
        signing = BasePage(officer, admin)
        signing.open("/countersign/")
        signing.submit(f"/countersign/{form_values['waiting_id']}")
        expect(officer.locator("main .aksel-alert--success")).to_be_visible()
        auditor.check(officer, "admin: countersigned from the staff app (flash)")
    # Certificates: a code missing, one not found, one found; the record shows lessons to
    # the adviser; staff of another prison learn only that a certificate is real.
    lookup = CertificateLookupPage(adviser, admin)
    lookup.open()
    if every_state:
        lookup.look_up("")
        expect(lookup.error_summary).to_be_focused()
        auditor.check(adviser, "admin: certificate lookup, error summary")
        lookup.look_up("NOSUCHCODE")
        expect(lookup.result("missing")).to_be_visible()
        auditor.check(adviser, "admin: certificate lookup, not found")
    lookup.look_up(lesson_params["certificate_code"])
    expect(lookup.result("shown")).to_be_visible()
    auditor.check(adviser, "admin: certificate lookup, found")
    if every_state:
        record = InmatePage(adviser, admin, world.inmates["a"].id)
        record.open()
        expect(adviser.locator("main [data-record-learning]")).to_be_visible()
        auditor.check(adviser, "admin: inmate record with completed lessons")
    # Every way in (issue 16): the registration form with its errors; a request registered
    # with a file that is not an image (the request kept, the error and the form to add
    # the image again); forwarding to a team with an error.
    if every_state:
        ways = BasePage(adviser, admin)
        ways.open("/requests/log")
        ways.submit("/requests/log")
        expect(ways.error_summary).to_be_focused()
        auditor.check(adviser, "admin: register a request, error summary")
        adviser.locator("#inmate_number").fill("A100")
        adviser.locator("main label[for=channel]").click()
        adviser.locator("#topic").select_option("dagpenger")
        adviser.locator("#description").fill("Lapp i postkassen: vil snakke om dagpenger.")
        adviser.locator("#language").select_option("en")
        adviser.locator("#image").set_input_files(files=[{
            "name": "lapp.jpg", "mimeType": "image/jpeg", "buffer": b"MZ not a photo"}])
        ways.submit("/requests/log")
        expect(adviser.locator("main [data-logged]")).to_be_visible()
        expect(adviser.locator("main .aksel-alert--error")).to_be_visible()
        auditor.check(adviser, "admin: request registered, the image refused (flash)")
        registered = urlsplit(adviser.url).path.rsplit("/", 1)[-1]
        ways.open(f"/requests/{registered}/print")
        expect(adviser.locator("main [data-printout]")).to_have_attribute("data-language", "en")
        auditor.check(adviser, "admin: the printed reply, in English")
        forward = BasePage(adviser, admin)
        forward.open(f"/requests/{request_params['request_id']}/forward")
        forward.submit(f"/requests/{request_params['request_id']}/forward")
        expect(forward.error_summary).to_be_focused()
        auditor.check(adviser, "admin: forward a request, error summary")
        # Issue 16: the record with the work shop's statement; the desk refusing a second team
        # without the inmate's consent; the work shop's pages with their errors.
        InmatePage(adviser, admin, world.inmates["a"].id).open()
        expect(adviser.locator("main [data-record-work-statements]")).to_be_visible()
        desk = RequestDeskPage(adviser, admin, request_params["request_id"])
        desk.open()
        desk.submit(f"/requests/{request_params['request_id']}/participants")
        expect(adviser.locator("main [data-case-meeting-error]")).to_be_visible()
        auditor.check(adviser, "admin: desk, shared case meeting refused without consent")
    work_user = world.staff["work_shop"]
    work_page = new_page()
    sign_in_staff(work_page, admin, work_user, clock, lang=lang)
    if every_state:
        work = BasePage(work_page, admin)
        work.open(f"/work-shops/{work_params['shop_id']}")
        expect(work_page.locator("main [data-members]")).to_be_visible()
        auditor.check(work_page, "admin: work shop with the attendance form")
        statement_path = f"/work-shops/statements/{work_params['statement_id']}"
        work.open(statement_path)
        work.submit(statement_path + "/send")
        expect(work_page.locator("main [data-statement-error]")).to_be_visible()
        auditor.check(work_page, "admin: statement, sending refused without consent")
        work.open(statement_path, edit=1)
        expect(work_page.locator("main #comment")).to_be_visible()
        auditor.check(work_page, "admin: statement ready for the inmate, changed again")
        new_statement = f"/work-shops/inmates/{world.inmates['a'].id}/statements/new"
        work.open(new_statement)
        work.submit(new_statement)
        expect(work.error_summary).to_be_focused()
        auditor.check(work_page, "admin: new statement, error summary")
    if every_state:
        elsewhere = new_page()
        sign_in_staff(elsewhere, admin, world.staff["other_prison_admin"], clock, lang=lang)
        other_lookup = CertificateLookupPage(elsewhere, admin)
        other_lookup.open(code=lesson_params["certificate_code"])
        expect(other_lookup.result("elsewhere")).to_be_visible()
        auditor.check(elsewhere, "admin: certificate lookup, another prison")
    # Classes: a new class with errors, then created; the live class paused; an ended
    # class; the learning statistics with a bad prison and with their tables open.
    class_trainer = class_params["class_trainer"]
    trainer_page = new_page()
    sign_in_staff(trainer_page, admin, class_trainer, clock, lang=lang)
    my_classes = MyClassesPage(trainer_page, admin)
    my_classes.open()
    expect(my_classes.row(class_params["class_id"])).to_be_visible()
    if every_state:
        my_classes.create("")
        expect(my_classes.error_summary).to_be_focused()
        auditor.check(trainer_page, "admin: new class, error summary")
        tomorrow = (clock.now() + timedelta(days=1)).date().isoformat()
        my_classes.create("nav", world.prison.id, day=tomorrow, time="10:00")
        expect(trainer_page.locator("main .aksel-alert--success")).to_be_visible()
        created = ClassPage(trainer_page, admin, int(urlsplit(trainer_page.url).path.rsplit("/")[-1]))
        expect(trainer_page.locator("[data-no-participants]")).to_be_visible()
        auditor.check(trainer_page, "admin: class created (flash), nobody joined yet")
        created.end()
        expect(trainer_page.locator('[data-class-status="ended"]')).to_be_visible()
        auditor.check(trainer_page, "admin: class ended (flash)")
        live_class = ClassPage(trainer_page, admin, class_params["class_id"])
        live_class.open()
        live_class.pause_or_continue()
        expect(trainer_page.locator("[data-paused]")).to_be_visible()
        auditor.check(trainer_page, "admin: live class, paused")
        live_class.pause_or_continue()
        expect(live_class.participant("A100")).to_have_class("bb-stuck")
        auditor.check(trainer_page, "admin: live class, a participant stuck")
    stats = LearningStatsPage(staff_admin, admin)
    if every_state:
        stats.open(prison="x")
        expect(stats.error_summary).to_be_focused()
        auditor.check(staff_admin, "admin: learning statistics, error summary")
    stats.open(prison=world.prison.id)
    expect(stats.charts).to_have_count(2)
    expect(stats.stalled).to_have_count(1)
    stats.open_details()
    auditor.check(staff_admin, "admin: learning statistics with its tables open")

    visit_routes(auditor, "admin", {"public": [anonymous],
                                    "second_factor": [pending_admin, pending_trainer],
                                    "staff": [(system_admin.roles, staff_admin),
                                              (adviser_user.roles, adviser),
                                              (officer_user.roles, officer),
                                              (class_trainer.roles, trainer_page),
                                              (work_user.roles, work_page)]},
                 {**params, **form_values})

    # The trainer finishes the setup (with an error first) and meets a 403.
    setup = AdminSetupPage(pending_trainer, admin)
    setup.open()
    if every_state:
        setup.submit_code("")
        expect(setup.error_summary).to_be_focused()
        auditor.check(pending_trainer, "admin: TOTP setup, error summary")
    clock.advance(seconds=30)
    setup.submit_code(totp.code_at(setup.secret, clock.now()))
    setup.expect_path("/")
    setup.open("/staff/")
    auditor.check(pending_trainer, "admin: 403")

    assert_walked(auditor, "admin")
