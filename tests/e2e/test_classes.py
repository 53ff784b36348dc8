"""A class run by a trainer, end to end in Chromium, with two inmates on two terminals and
the trainer in the staff app:

1. both inmates join the class with its code and progress through the lesson;
2. the trainer sees their progress live (the participants' table polls) and moves the
   class to a step, after a pause;
3. both kiosks follow by themselves (their class notice polls);
4. one inmate completes the module and prints a certificate, whose code the trainer
   looks up in the staff app.

The step pages (/lessons/<module>/steps/<step>: GET shows the step, POST answer=<option
index> answers it), the certificates (/lessons/certificates/) and the staff lookup
(/certificates/?code=) are the lesson pages' own. The browsers' timers run on
Playwright's clock, so the polling is fast-forwarded, not waited for.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.clock import to_oslo
from core.models import Certificate, Inmate
from core.services.learning.lessons import catalogue
from tests.e2e.pages import (ClassNotice, ClassPage, KioskJoinClassPage, MyClassesPage,
                             sign_in_staff)
from tests.e2e.test_requests import sign_in_on_kiosk

pytestmark = pytest.mark.e2e

MODULE = catalogue().modules["terminal"]
STEPS = MODULE.text("nb").steps
KIOSK_POLL_MS = 11_000  # the class notice asks every 10 s
ADMIN_POLL_MS = 6_000  # the participants' table every 5 s


def step_path(step_id: str) -> str:
    return f"/lessons/{MODULE.key}/steps/{step_id}"


def answer(page: Page, kiosk_url: str, step_index: int, right: bool = True) -> None:
    """Answer a step's check question the way its form does (POST answer=<index>)."""
    step = STEPS[step_index]
    option = step.question.correct if right else \
        (step.question.correct + 1) % len(step.question.options)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(kiosk_url + step_path(step.id),
                                 form={"answer": str(option), "csrf_token": token})
    assert response.status < 400, (step.id, response.status)


def open_step(page: Page, kiosk_url: str, step_index: int) -> None:
    response = page.goto(kiosk_url + step_path(STEPS[step_index].id))
    assert response is not None and response.status == 200


def inmate_kiosk(contexts, world, key: str, kiosk_url: str) -> Page:
    page = contexts.new_page(terminal_credential=world.credentials[key])
    page.clock.install()  # before any script runs: htmx's polling then runs on this clock
    sign_in_on_kiosk(page, kiosk_url, world.inmates[key])
    return page


def test_two_inmates_follow_a_trainers_class_and_a_certificate_verifies(
        contexts, kiosk_server, admin_server, world, clock, database):
    kiosk_url, admin_url = kiosk_server.url, admin_server.url

    # The trainer creates a class for now and reads out its code.
    trainer = contexts.new_page()
    trainer.clock.install()
    sign_in_staff(trainer, admin_url, world.staff["trainer"], clock)
    trainer.locator('nav a[href$="/classes/"]').click()
    classes_page = MyClassesPage(trainer, admin_url)
    now = to_oslo(clock.now())
    classes_page.create(MODULE.key, world.prison.id, day=now.date().isoformat(),
                        time=now.strftime("%H:%M"))
    expect(trainer).to_have_url(re.compile(r"/classes/\d+$"))
    class_page = ClassPage(trainer, admin_url, int(trainer.url.rsplit("/", 1)[1]))
    code = class_page.join_code.get_attribute("data-join-code")
    assert code and len(code) == 6

    # 1. Both inmates join with the code (typed as read aloud) and land on the first step.
    first = inmate_kiosk(contexts, world, "a", kiosk_url)
    second = inmate_kiosk(contexts, world, "a2", kiosk_url)
    for page in (first, second):
        joining = KioskJoinClassPage(page, kiosk_url)
        joining.open()
        joining.join(f"{code[:3].lower()} {code[3:]}")
        joining.expect_path(step_path(STEPS[0].id))
        expect(ClassNotice(page).box).to_be_visible()
    # They progress: the first answers two steps right, the second gets one wrong twice.
    answer(first, kiosk_url, 0)
    open_step(first, kiosk_url, 1)
    answer(first, kiosk_url, 1)
    open_step(first, kiosk_url, 2)
    answer(second, kiosk_url, 0, right=False)
    answer(second, kiosk_url, 0, right=False)

    # 2. The trainer's table updates itself, without reloading the page: steps, answers,
    # and who is stuck.
    trainer.evaluate("() => { window.bbSamePage = true; }")
    trainer.clock.fast_forward(ADMIN_POLL_MS)
    expect(class_page.step_of("A100")).to_have_attribute("data-step", "3")
    expect(class_page.participant("A100").locator("[data-answers]")).to_have_attribute(
        "data-answers", "2/2")
    expect(class_page.participant("A200")).to_have_class("bb-stuck")
    expect(class_page.step_of("A200")).to_have_attribute("data-step", "1")
    assert trainer.evaluate("() => window.bbSamePage === true")

    # The trainer pauses the class: the kiosks hide the lesson behind a notice.
    class_page.pause_or_continue()
    expect(class_page.success).to_be_visible()
    for page in (first, second):
        page.clock.fast_forward(KIOSK_POLL_MS)
        expect(ClassNotice(page).paused).to_be_visible()
    # ... sends everyone to step 5, and goes on.
    class_page.send_everyone_to(STEPS[4].id)
    expect(class_page.success).to_be_visible()
    class_page.pause_or_continue()
    expect(class_page.success).to_be_visible()

    # 3. Both kiosks follow by themselves.
    for page in (first, second):
        page.clock.fast_forward(KIOSK_POLL_MS)
        expect(page).to_have_url(re.compile(re.escape(kiosk_url + step_path(STEPS[4].id))
                                            + r"$"))
        expect(ClassNotice(page).paused).to_have_count(0)
    trainer.clock.fast_forward(ADMIN_POLL_MS)
    for number in ("A100", "A200"):
        expect(class_page.step_of(number)).to_have_attribute("data-step", "5")

    # 4. The first inmate answers every other step right and completes the module ...
    for index in range(2, len(STEPS)):
        open_step(first, kiosk_url, index)
        answer(first, kiosk_url, index)
    trainer.clock.fast_forward(ADMIN_POLL_MS)
    expect(class_page.participant("A100").locator("[data-state]")).to_have_attribute(
        "data-state", "completed")
    # ... and prints a certificate, whose code the trainer looks up in the staff app.
    token = first.locator('meta[name="csrf-token"]').get_attribute("content")
    issued = first.request.post(kiosk_url + "/lessons/certificates/",
                                form={"csrf_token": token}, max_redirects=0)
    assert issued.status in (302, 303), issued.status
    location = issued.headers["location"]
    first.goto(location if location.startswith("http") else kiosk_url + location)
    with database.session() as db:
        certificate = db.scalars(select(Certificate).where(
            Certificate.inmate_id == world.inmates["a"].id)).one()
        inmate_name = db.get(Inmate, world.inmates["a"].id).name
    # The code as printed, perhaps in groups: "ABCDE-FGHJK" or "ABCDE FGHJK".
    printed = re.compile(r"[\s-]?".join(re.escape(ch) for ch in certificate.code))
    expect(first.locator("main")).to_contain_text(printed)
    response = trainer.goto(f"{admin_url}/certificates/?code={certificate.code}")
    assert response is not None and response.status == 200
    expect(trainer.locator("main")).to_contain_text(inmate_name)
    expect(trainer.locator("main")).to_contain_text(MODULE.text("nb").title)
