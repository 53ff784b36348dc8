"""The queue's pages in the staff app: links that keep the filters, and the htmx refresh
that asks for the results alone."""
import re
from html import unescape

from core.models import Inmate, Status
from core.services.requests import queue as queue_service
from core.services.requests import filing as requests

HX = {"HX-Request": "true", "HX-Target": "queue-results", "X-Brobygger-Background": "1"}


def _filed(database, clock, world, count, key="a", **draft):
    made = []
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        for _ in range(count):
            made.append(requests.file(db, clock.now(), inmate, requests.Draft(
                topic="dagpenger", description="Beskrivelse", **draft)).id)
            clock.advance(hours=1)
    return made


def _shown(html):
    return [int(i) for i in re.findall(r'href="/requests/(\d+)"', html)]


def _links(html):
    nav = re.search(r'<nav class="bb-pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    return nav.group(1), {rel: unescape(href) for rel, href in
                          re.findall(r'rel="(prev|next)" href="([^"]+)"', nav.group(2))}


def test_pages_with_links_that_keep_the_filters(staff_user, database, clock, world,
                                                monkeypatch):
    monkeypatch.setattr(queue_service, "PER_PAGE", 3)
    made = _filed(database, clock, world, 5) + _filed(database, clock, world, 2, language="en")
    staff_user.sign_in("adviser")
    first = staff_user.client.get("/requests/?status=open&language=nb").get_data(as_text=True)
    assert _shown(first) == made[:3]  # the oldest deadline first
    label, links = _links(first)
    assert label == "Sider med henvendelser" and "prev" not in links
    assert links["next"] == "/requests/?status=open&language=nb&page=2"
    second = staff_user.client.get(links["next"]).get_data(as_text=True)
    assert _shown(second) == made[3:5] and "Side 2 av 2" in second
    _, links = _links(second)
    assert links["prev"] == "/requests/?status=open&language=nb" and "next" not in links
    # The form starts again on page 1 with the filters it sends.
    assert 'name="page"' not in second


def test_the_late_filter_across_pages(staff_user, database, clock, world, monkeypatch):
    monkeypatch.setattr(queue_service, "PER_PAGE", 2)
    old = _filed(database, clock, world, 4)
    clock.advance(days=7)
    _filed(database, clock, world, 3)  # within their promise
    with database.session() as db:  # answered in time: not late, though as old
        requests.reply(db, clock.now(), world.staff["adviser"], db.get(
            requests.Request, old[3]), "Svar", Status.IN_PROGRESS)
    staff_user.sign_in("adviser")
    first = staff_user.client.get("/requests/?late=y").get_data(as_text=True)
    assert _shown(first) == old[:2] and "Henvendelse 1–2 av 3" in first
    second = staff_user.client.get(_links(first)[1]["next"]).get_data(as_text=True)
    assert _shown(second) == old[2:3] and "Henvendelse 3–3 av 3" in second
    assert _links(second)[1] == {"prev": "/requests/?late=y"}


def test_a_bad_page_number_shows_the_first_page_and_past_the_end_the_last(
        staff_user, database, clock, world, monkeypatch):
    monkeypatch.setattr(queue_service, "PER_PAGE", 2)
    made = _filed(database, clock, world, 3)
    staff_user.sign_in("adviser")
    for bad in ("x", "0", "-3", ""):
        response = staff_user.client.get(f"/requests/?page={bad}")
        assert response.status_code == 200 and _shown(response.get_data(as_text=True)) == made[:2]
    last = staff_user.client.get("/requests/?page=999").get_data(as_text=True)
    assert _shown(last) == made[2:] and "Side 2 av 2" in last


def test_the_refresh_gets_the_results_alone(staff_user, database, clock, world, monkeypatch):
    monkeypatch.setattr(queue_service, "PER_PAGE", 2)
    made = _filed(database, clock, world, 3)
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/?page=2")
    html = page.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"] and "<html" in html
    assert 'hx-get="/requests/?page=2"' in html and "hx-select" not in html
    fragment = staff_user.client.get("/requests/?page=2", headers=HX)
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert text.startswith('<div id="queue-results"') and "<html" not in text
    assert "<form" not in text and "data-bb-keynav" in text and _shown(text) == made[2:]
    assert 'rel="prev" href="/requests/"' in text
    # Another htmx request (not for the results) gets the whole page.
    other = staff_user.client.get("/requests/", headers={"HX-Request": "true"})
    assert "<html" in other.get_data(as_text=True)


# ---- Work on several: the open requests to choose from, a page at a time -----------------

def _choices(html):
    return [int(i) for i in re.findall(r'name="ids" value="(\d+)"', html)]


def test_work_on_several_shows_a_page_at_a_time(staff_user, database, clock, world,
                                                monkeypatch):
    monkeypatch.setattr(queue_service, "SEVERAL_PER_PAGE", 3)
    made = _filed(database, clock, world, 5)
    staff_user.sign_in("adviser")
    first = staff_user.client.get("/requests/several").get_data(as_text=True)
    assert _choices(first) == made[:3] and "Henvendelse 1–3 av 5" in first
    label, links = _links(first)
    assert label == "Sider med henvendelser" and links == {"next": "/requests/several?page=2"}
    second = staff_user.client.get(links["next"]).get_data(as_text=True)
    assert _choices(second) == made[3:] and "Side 2 av 2" in second
    assert _links(second)[1] == {"prev": "/requests/several"}
    for bad in ("x", "0", "-1"):
        assert _choices(staff_user.client.get(f"/requests/several?page={bad}")
                        .get_data(as_text=True)) == made[:3]
    assert _choices(staff_user.client.get("/requests/several?page=99")
                    .get_data(as_text=True)) == made[3:]


def test_work_on_several_renders_one_page_however_many_are_open(staff_user, database, clock,
                                                                world):
    made = _filed(database, clock, world, queue_service.SEVERAL_PER_PAGE + 2)
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/requests/several").get_data(as_text=True)
    assert _choices(html) == made[:queue_service.SEVERAL_PER_PAGE]
    assert f"1–{queue_service.SEVERAL_PER_PAGE} av {len(made)}" in html


def test_work_on_several_keeps_its_page_when_the_form_has_errors(staff_user, database, clock,
                                                                 world, monkeypatch):
    monkeypatch.setattr(queue_service, "SEVERAL_PER_PAGE", 2)
    made = _filed(database, clock, world, 3)
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/several?page=2").get_data(as_text=True)
    # The form posts to the page's own address, so its page comes back with its errors.
    assert '<form method="post" class="bb-stack" novalidate>' in page
    wrong = staff_user.post("/requests/several?page=2", {"action": "close", "bulk_reason": "x"})
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and _choices(html) == made[2:] and 'href="#ids"' in html
    # The confirmation lists what was chosen, in the queue's order, from any page.
    confirm = staff_user.post("/requests/several?page=2", {
        "ids": [made[2], made[0]], "action": "close", "bulk_reason": "Dobbelt"})
    listed = re.search(r"<ul class=\"bb-list\" data-confirm-list>(.*?)</ul>",
                       confirm.get_data(as_text=True), re.S).group(1)
    assert confirm.status_code == 200 and listed.count("<li>") == 2
    assert [int(i) for i in re.findall(r'name="ids" value="(\d+)"',
                                       confirm.get_data(as_text=True))] == [made[0], made[2]]
