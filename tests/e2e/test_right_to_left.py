"""The kiosk in Arabic, right to left, in Chromium (issue 18), and a screenshot per kiosk
language of the home page, the meldekort's day grid and a lesson step for a person to look
at (test-artifacts/screenshots/<locale>/, git-ignored; the README's test section names it).

An inmate chooses العربية on the sign-in page, files a request and a meldekort, and every
page is right to left: the document's direction, the main heading drawn from the right,
the day grid's day column on the right with Monday at the top, the arrows of a lesson step
pointing the Arabic way, and references and numbers still left to right.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core import locales
from core.models import Inmate
from core.services.forms.meldekort import plan as meldekort_plan
from core.services.learning.lessons import catalogue as lesson_catalogue
from tests.e2e.pages import (FilledRequest, KioskLoginPage, LessonStepPage, MeldekortJourney,
                             MeldekortPage, MeldekortStep, ReceiptPage, fill_request_steps)
from tests.support.world import PIN

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PERIOD = "2026-W08"  # 16 February to 1 March 2026: open on Monday 2 March (the test clock)

# Where the main heading's text sits in its box, and how the page reads.
LAYOUT = """() => {
    const heading = document.querySelector('main h1');
    const range = document.createRange();
    range.selectNodeContents(heading);
    const text = range.getBoundingClientRect(), box = heading.getBoundingClientRect();
    return {dir: document.dir, direction: getComputedStyle(heading).direction,
            textAlign: getComputedStyle(heading).textAlign,
            fromRight: Math.round(box.right - text.right),
            fromLeft: Math.round(text.left - box.left)};
}"""


def _right_to_left(page) -> None:
    """The page reads right to left, its main heading drawn from the right edge."""
    layout = page.evaluate(LAYOUT)
    assert layout["dir"] == "rtl" and layout["direction"] == "rtl", layout
    assert layout["textAlign"] in ("start", "right"), layout
    assert layout["fromRight"] <= 1 < layout["fromLeft"], layout


def _signed_in(contexts, kiosk_url, world, code: str, inmate_key: str = "a", *,
               shoot: bool = False):
    page = contexts.new_page(terminal_credential=world.credentials[inmate_key])
    page.set_viewport_size({"width": 1280, "height": 900})
    login = KioskLoginPage(page, kiosk_url)
    login.open()
    name = locales.get(code).name
    if code != "nb":
        # On the sign-in page every language is a button named in itself.
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", locales.direction(code))
    if shoot:
        _shoot(page, code, "sign-in")
    login.sign_in(world.inmates[inmate_key].inmate_number, PIN)
    login.expect_path("/home")
    return page


def _with_a_meldekort(database, clock, world, inmate_key: str = "a") -> None:
    with database.session() as db:
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"],
                                db.get(Inmate, world.inmates[inmate_key].id), "dagpenger", date(2026, 2, 2))


def _to_the_grid(page, kiosk_url) -> MeldekortStep:
    periods = MeldekortPage(page, kiosk_url)
    periods.open()
    periods.start(PERIOD)
    step = MeldekortStep(page, kiosk_url)
    step.answer(arbeidet="yes", kurs="no", syk="no", annetFravaer="no", arbeidssoker="yes")
    step.next()
    expect(page.locator("main #day-1-hours")).to_be_visible()
    return step


def test_an_inmate_in_arabic_files_a_request_and_a_meldekort_right_to_left(
        contexts, kiosk_server, admin_server, world, clock, database):
    kiosk_url = kiosk_server.url
    _with_a_meldekort(database, clock, world)
    page = _signed_in(contexts, kiosk_url, world, "ar")
    _right_to_left(page)
    # The header names the language in itself and offers the way back to Norwegian.
    header = page.locator("header [data-language-chooser]")
    expect(header.locator('span[lang="ar"]')).to_have_text("العربية")
    expect(header.locator("button[data-back-to-norwegian]")).to_have_text("Norsk")

    # A request, from the topic to the receipt.
    check = fill_request_steps(page, kiosk_url, FilledRequest(
        topic="dagpenger", description="أحتاج إلى مساعدة في بطاقة التسجيل.", kind="question",
        consents=("home_nav",)))
    _right_to_left(page)
    check.send()
    receipt = ReceiptPage(page, kiosk_url)
    receipt.expect_shown()
    _right_to_left(page)
    reference = page.locator("main [data-reference]")
    expect(reference).to_have_attribute("dir", "ltr")  # A1B2C3 reads left to right
    assert reference.evaluate("e => getComputedStyle(e).direction") == "ltr"

    # The meldekort: the day grid reads from the right, Monday first.
    step = _to_the_grid(page, kiosk_url)
    _right_to_left(page)
    week = page.locator("main [data-grid-week='1'] table")
    monday = week.locator("tbody tr").first.locator("th[scope=row]")
    hours = week.locator("tbody tr").first.locator("td").first
    assert monday.bounding_box()["x"] > hours.bounding_box()["x"]  # day column on the right
    expect(monday).to_have_attribute("id", "mk-day-1")  # Monday at the top
    table = week.bounding_box()
    head = monday.bounding_box()
    assert abs((head["x"] + head["width"]) - (table["x"] + table["width"])) <= 2
    step.hours(1, "7")
    step.hours(2, "6")
    step.next()
    journey = MeldekortJourney(contexts, kiosk_url, admin_server.url, world, clock)
    journey.kiosk = page
    journey.send_and_countersign()
    _right_to_left(page)
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    # A lesson step: "next" points left, "previous" right (the arrows are mirrored).
    steps = lesson_catalogue().modules["nav"].text("ar").steps
    lesson = LessonStepPage(page, kiosk_url, "nav", steps[1].id)
    lesson.open()
    if "ar" in lesson_catalogue().modules["nav"].texts:
        _right_to_left(page)
    else:  # not translated yet: the bokmål step is marked so, and reads left to right
        assert page.evaluate("document.dir") == "rtl"
        expect(page.locator("main h1")).to_have_attribute("lang", "nb")
        assert page.locator("main h1").evaluate("e => getComputedStyle(e).direction") == "ltr"
    for link, transform in (("[data-next]", "matrix(-1, 0, 0, 1, 0, 0)"),
                            ("[data-previous]", "matrix(-1, 0, 0, 1, 0, 0)")):
        arrow = page.locator(f"main {link} img.bb-icon--directional")
        expect(arrow).to_have_count(1)
        assert arrow.evaluate("e => getComputedStyle(e).transform") == transform
    next_link = page.locator("main [data-next]").bounding_box()
    previous_link = page.locator("main [data-previous]").bounding_box()
    assert previous_link["x"] > next_link["x"]  # previous on the right, next on the left

    # Back to Norwegian from the header, on the page it was pressed on.
    page.locator("header button[data-back-to-norwegian]").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    lesson.expect_path(lesson.path)


def _shoot(page, code: str, name: str) -> Path:
    folder = SCREENSHOTS / code
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


@pytest.mark.parametrize("code", locales.KIOSK)
def test_screenshots_of_each_kiosk_language(code, contexts, kiosk_server, world, clock,
                                            database):
    """The sign-in page, the home page, the meldekort's day grid and a lesson step in each
    language, kept in test-artifacts/screenshots/<locale>/ for a person to look at."""
    kiosk_url = kiosk_server.url
    _with_a_meldekort(database, clock, world)
    page = _signed_in(contexts, kiosk_url, world, code, shoot=True)
    if locales.direction(code) == "rtl":
        _right_to_left(page)
    shots = [_shoot(page, code, "home")]
    _to_the_grid(page, kiosk_url)
    shots.append(_shoot(page, code, "meldekort-grid"))
    steps = lesson_catalogue().modules["nav"].text(code).steps
    LessonStepPage(page, kiosk_url, "nav", steps[1].id).open()
    shots.append(_shoot(page, code, "lesson-step"))
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
