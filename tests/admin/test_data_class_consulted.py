"""No staff page shows a field of a data class whose rule nobody consulted (issue 14).

Each page is fetched, as every staff role, while core.services.data_classes notes which
classes' rules the services asked. A page that shows a field of a class (found by a
marker only that class's fields carry: a request's text, an internal note, a form's
answers or its title, a meldekort's answers, the benefit) without its rule having been
consulted fails: that is a service handing out personal data on a hard-coded check.
"""
import pytest

from core.models import Inmate, Role
from core.services.requests import filing as requests
from core.services.data_classes import DataClass, tracking
from core.services.work_shop import shops, statements
from tests.support import forms as seed, work_shop as work_seed

REQUEST_TEXT = "Merkelapp-henvendelse: jeg trenger dagpenger"
NOTE = "Merkelapp-notat: internt"
MARKERS = {
    DataClass.REQUEST_TEXT: (REQUEST_TEXT,),
    DataClass.INTERNAL_NOTES: (NOTE,),
    DataClass.FORM_TYPE: ("Registrer deg som arbeidssøker", "Søk om økonomisk sosialhjelp"),
    DataClass.FORM_ANSWERS: ("data-snapshot",),
    DataClass.MELDEKORT_ANSWERS: ("data-grid-week",),
    DataClass.BENEFIT: ("data-benefit=",),
    DataClass.WORK_ATTENDANCE: ("data-attendance-summary", "data-attendance-day"),
    DataClass.WORK_CAPACITY: ("data-statement-body", "data-scale="),
}


@pytest.fixture
def pages(database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(
            topic="dagpenger", description=REQUEST_TEXT), consents={"home_nav"})
        requests.add_note(db, clock.now(), world.staff["adviser"], item, NOTE)
        jobseeker = seed.generic(db, clock.now(), world, "jobseeker")
        assistance = seed.generic(db, clock.now(), world, "social_assistance")
        card = seed.meldekort(db, clock.now(), world, answers={**seed.NO, "arbeidet": True},
                              days={1: {"hours": "7,5"}})
        waiting = seed.generic(db, clock.now(), world, "social_assistance", countersign=False)
        shop = work_seed.shop(db, clock.now(), world, "a")
        statement = work_seed.statement(db, clock.now(), world)
        statements.send(db, clock.now(), world.staff["work_shop"], statement)
        draft = statements.create(db, clock.now(), world.staff["work_shop"], inmate,
                                  work_seed.DATA)
        shops.record_attendance(db, clock.now(), world.staff["work_shop"], shop,
                                clock.now().date(), {inmate.id: "present"})
        return [f"/requests/{item.id}", f"/requests/{item.id}/handover", "/requests/",
                "/forms/", f"/forms/{jobseeker.id}", f"/forms/{assistance.id}",
                f"/forms/{card.id}", f"/forms/{card.id}/print", "/countersign/",
                f"/inmates/{inmate.id}", f"/inmates/{inmate.id}/benefit",
                f"/inmates/{inmate.id}/timeline", f"/inmates/{inmate.id}/innsyn",
                f"/requests/{item.id}/timeline", f"/countersign/?w={waiting.id}",
                f"/inmates/{inmate.id}/handover", f"/inmates/{inmate.id}/takehome",
                f"/work-shops/{shop.id}", f"/work-shops/inmates/{inmate.id}",
                f"/work-shops/statements/{statement.id}", f"/work-shops/statements/{draft.id}"]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_class_shown_was_consulted(staff_user, pages, role):
    staff_user.sign_in(role)
    unconsulted = []
    for url in pages:
        with tracking() as consulted:
            response = staff_user.client.get(url)
        html = response.get_data(as_text=True)
        for data_class, markers in MARKERS.items():
            if any(m in html for m in markers) and data_class not in consulted:
                unconsulted.append(f"{url} ({response.status_code}) shows {data_class.value}")
    assert unconsulted == []


def test_the_markers_are_found_where_they_should_be(staff_user, pages):
    """The test above can fail: an adviser's pages carry the markers it looks for."""
    staff_user.sign_in("adviser")
    html = "".join(staff_user.client.get(url).get_data(as_text=True) for url in pages)
    for data_class, markers in MARKERS.items():
        if data_class not in (DataClass.FORM_TYPE, DataClass.WORK_ATTENDANCE):
            assert any(m in html for m in markers), data_class
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")
    html = staff_user.client.get(pages[5]).get_data(as_text=True)
    assert "Søk om økonomisk sosialhjelp" in html


def test_the_work_shop_markers_are_found_on_the_work_shops_pages(staff_user, pages):
    staff_user.sign_in("work_shop")
    html = "".join(staff_user.client.get(url).get_data(as_text=True) for url in pages[-4:])
    for data_class in (DataClass.WORK_ATTENDANCE, DataClass.WORK_CAPACITY):
        assert any(m in html for m in MARKERS[data_class]), data_class
