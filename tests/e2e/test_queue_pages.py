"""The staff queue in pages, in a real browser: page links without script, the refresh
that swaps in the results fragment, keyboard moves between requests, and axe."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from admin.requests import queue as admin_queue

from core.models import Inmate
from core.services.requests import queue as queue_service
from core.services.requests import filing as requests
from tests.e2e.pages import QueuePage, sign_in_staff
from tests.e2e.test_accessibility import Auditor

pytestmark = pytest.mark.e2e


def test_queue_pages_refresh_and_keyboard(contexts, kiosk_server, admin_server, world, clock,
                                          database, monkeypatch):
    monkeypatch.setattr(queue_service, "PER_PAGE", 3)
    made = []
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for _ in range(5):
            made.append(requests.file(db, clock.now(), inmate, requests.Draft(
                topic="dagpenger", description="Beskrivelse")).id)
            clock.advance(hours=1)
    auditor = Auditor({"kiosk": kiosk_server, "admin": admin_server}, "nb")
    page = auditor.watch(contexts.new_page())
    sign_in_staff(page, admin_server.url, world.staff["adviser"], clock, lang="nb")
    queue = QueuePage(page, admin_server.url)
    queue.open(status="open")
    nav = page.get_by_role("navigation", name="Sider med henvendelser")
    expect(nav).to_contain_text("Side 1 av 2")
    expect(queue.link_to(made[0])).to_be_visible()
    auditor.check(page, "admin: the queue, page 1 of 2")

    # The refresh (what htmx does every minute) swaps in the fragment alone.
    page.evaluate("() => { document.querySelector('#queue-results').dataset.old = '1'; }")
    with page.expect_response(lambda r: "/requests/" in r.url
                              and r.request.headers.get("hx-target") == "queue-results") as got:
        page.evaluate("""() => htmx.ajax('GET', document.querySelector('#queue-results')
            .getAttribute('hx-get'), {target: '#queue-results', swap: 'outerHTML'})""")
    assert "<html" not in got.value.text() and len(got.value.body()) < 5000
    expect(page.locator("#queue-results[data-old]")).to_have_count(0)
    expect(page.locator("#queue-results")).to_have_count(1)
    expect(page.locator("form.bb-filters")).to_have_count(1)
    expect(nav).to_contain_text("Side 1 av 2")

    # The refresh as the element sends it every minute (with its X-Queue-Shown): nothing
    # has changed, so the server answers 204 and htmx swaps nothing.
    poll = """() => htmx.ajax('GET', document.querySelector('#queue-results').getAttribute('hx-get'),
        {source: '#queue-results', target: '#queue-results', swap: 'outerHTML'})"""
    page.evaluate("() => { document.querySelector('#queue-results').dataset.old = '1'; }")
    with page.expect_response(lambda r: r.request.headers.get("x-queue-shown")) as got:
        page.evaluate(poll)
    assert got.value.status == 204 and got.value.body() == b""
    expect(page.locator("#queue-results[data-old]")).to_have_count(1)
    # A new request: the next refresh swaps in the results with it.
    with database.session() as db:
        made.insert(0, requests.file(db, clock.now() - timedelta(days=1), db.get(
            Inmate, world.inmates["a2"].id), requests.Draft(topic="dagpenger")).id)
    with page.expect_response(lambda r: r.request.headers.get("x-queue-shown")) as got:
        page.evaluate(poll)
    assert got.value.status == 200
    expect(page.locator("#queue-results[data-old]")).to_have_count(0)
    expect(queue.link_to(made[0])).to_be_visible()

    # j and the arrow keys still move between the requests after the swap.
    page.locator("[data-bb-keynav]").focus()
    page.keyboard.press("j")
    expect(queue.link_to(made[0])).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(queue.link_to(made[1])).to_be_focused()

    # Next page: a plain link that keeps the filters.
    nav.get_by_role("link", name="Neste side").click()
    expect(page).to_have_url(f"{admin_server.url}/requests/?status=open&page=2")
    expect(nav).to_contain_text("Side 2 av 2")
    expect(queue.link_to(made[3])).to_be_visible()
    expect(queue.link_to(made[0])).to_have_count(0)
    auditor.check(page, "admin: the queue, page 2 of 2")
    nav.get_by_role("link", name="Forrige side").click()
    expect(nav).to_contain_text("Side 1 av 2")

    # Results too large for a refresh: the notice says so, with a link, and the rows
    # shown stay as they are.
    monkeypatch.setattr(admin_queue, "REFRESH_LIMIT", 300)
    with database.session() as db:
        requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                      requests.Draft(topic="dagpenger"))
    with page.expect_response(lambda r: r.request.headers.get("x-queue-shown")) as got:
        page.evaluate(poll)
    assert got.value.status == 286
    notice = page.locator("#queue-notice")
    expect(notice).to_contain_text("Listen er endret.")
    expect(queue.link_to(made[0])).to_be_visible()
    auditor.check(page, "admin: the queue, with the notice that the list has changed")
    notice.get_by_role("link", name="Vis den oppdaterte listen").click()
    expect(page).to_have_url(f"{admin_server.url}/requests/?status=open")
    expect(notice).to_be_empty()
    assert auditor.problems == []
