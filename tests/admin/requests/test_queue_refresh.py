"""The queue's refresh every minute (htmx, HX-Target: queue-results): within 5 KB for a
full page with the longest names and every flag, and 204 No Content when nothing it shows
has changed."""
from datetime import date, timedelta

from html import unescape

import pytest

from core.models import Inmate, Request, StaffUser, Status
from core.services.people import inmates
from core.services.requests import filing as requests, queue as queue_service
from tests.admin.requests.test_queue_pages import HX, _shown

LIMIT = 5 * 1024  # issue 6: htmx partials at most 5 KB
# As long as the columns allow (120 characters), in letters that take two bytes.
LONGEST = ("Åsmund Ødegård-Ærøy Bjørnstjerne " * 4)[:120]
LONG = "Marianne Ødegård-Bjørnstjerne Sæther Li"  # 39 characters: long, and real


def _page_of(database, clock, world, count, name, every_flag=False):
    """``count`` requests of raised inmates (released within 30 days, release plan open)
    named ``name``, each with a broken promise and assigned to an adviser of that name;
    ``every_flag`` adds the longest topic, release soon, a letter and a deadline."""
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        adviser.name = name
        admin = db.get(StaffUser, world.staff["system_admin"].id)
        for n in range(count):
            inmate = inmates.create(db, clock.now(), admin, inmates.InmateData(
                inmate_number=f"W{n:015d}", name=name, prison_id=world.prison.id,
                unit_id=world.prison.units[0].id, municipality_number="0301", language="nb",
                expected_release=clock.now().date() + timedelta(days=50)))
            flags = dict(release_soon=True, letter_received=True,
                         deadline_on=date(2026, 12, 31)) if every_flag else {}
            request = requests.file(db, clock.now(), inmate, requests.Draft(
                topic="pension" if every_flag else "dagpenger", description="Beskrivelse",
                **flags))
            requests.assign(db, clock.now(), adviser, request, adviser, "Min")
            requests.set_status(db, clock.now(), adviser, request, Status.IN_PROGRESS)
    clock.advance(days=30)  # every promise broken, every inmate released within 30 days


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_full_page_of_long_names_is_refreshed_within_5_kb(staff_user, database, clock,
                                                             world, lang):
    per_page = queue_service.PER_PAGE
    _page_of(database, clock, world, 3 * per_page, LONG)
    staff_user.sign_in("adviser")
    staff_user.post("/language", {"lang": lang})
    response = staff_user.client.get("/requests/?page=2", headers=HX)
    body = response.get_data()
    text = body.decode()
    assert response.status_code == 200 and len(_shown(text)) == per_page
    assert 'rel="prev"' in text and 'rel="next"' in text and text.count(LONG) == 2 * per_page
    assert text.count("<b>") == per_page and text.count("<strong>") == per_page
    assert len(body) <= LIMIT, f"{len(body)} bytes, {len(body) / per_page:.0f} a row"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_results_larger_than_5_kb_are_announced_instead(staff_user, database, clock, world,
                                                        lang):
    """The longest names, every flag and every filter: the results would not fit, so the
    refresh says that the list has changed, with a link to it, and stops (286)."""
    _page_of(database, clock, world, 3 * queue_service.PER_PAGE, LONGEST, every_flag=True)
    query = ("/requests/?status=open&waiting_on=staff&topic=pension&assignee="
             f"{world.staff['adviser'].id}&language=nb&release_within=30&late=y&page=2")
    staff_user.sign_in("adviser")
    staff_user.post("/language", {"lang": lang})
    page = staff_user.client.get(query).get_data(as_text=True)
    results = page[page.index('id="queue-results"'):]
    assert len(_shown(results)) == queue_service.PER_PAGE  # the page itself shows them all
    assert results.count(LONGEST) == 2 * queue_service.PER_PAGE
    response = staff_user.client.get(query, headers=HX)
    body = response.get_data()
    assert response.status_code == 286 and len(body) <= LIMIT
    assert response.headers["HX-Retarget"] == "#queue-notice"
    assert response.headers["HX-Reswap"] == "innerHTML"
    text = unescape(body.decode())
    assert f'href="{query}"' in text and LONGEST not in text
    assert ("Listen er endret." if lang == "nb" else "The list has changed.") in text
    assert 'id="queue-notice" role="status"' in page


def test_the_refresh_answers_204_until_what_it_shows_changes(staff_user, database, clock,
                                                             world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        first = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger")).id
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/requests/")
    shown = page.get_data(as_text=True).split('"X-Queue-Shown": "')[1].split('"')[0]
    assert len(shown) == 16
    same = staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": shown})
    assert same.status_code == 204 and same.get_data() == b""
    assert "X-Queue-Shown" in same.headers["Vary"]
    # Without the digest, or with another one, the refresh sends the results.
    assert staff_user.client.get("/requests/", headers=HX).status_code == 200
    assert staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": "0" * 16}
                                 ).status_code == 200
    # A new request: the refresh sends the results again, with the new digest.
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a2"].id)
        second = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger")).id
    changed = staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": shown})
    text = changed.get_data(as_text=True)
    assert changed.status_code == 200 and _shown(text) == [first, second]
    newer = text.split('"X-Queue-Shown": "')[1].split('"')[0]
    assert newer != shown
    assert staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": newer}
                                 ).status_code == 204
    # So does a change of status, and the time left as it is shown ("in 2 days").
    with database.session() as db:
        requests.set_status(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                            db.get(Request, first), Status.WAITING_FOR_INMATE)
    assert staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": newer}
                                 ).status_code == 200
    latest = staff_user.client.get("/requests/", headers=HX).get_data(as_text=True)
    latest = latest.split('"X-Queue-Shown": "')[1].split('"')[0]
    clock.advance(days=1)
    staff_user.sign_in("adviser")  # the refresh is no activity: the session ran out
    assert staff_user.client.get("/requests/", headers={**HX, "X-Queue-Shown": latest}
                                 ).status_code == 200
    # A whole page never answers 204: only the refresh does.
    assert staff_user.client.get("/requests/", headers={"X-Queue-Shown": latest}
                                 ).status_code == 200
