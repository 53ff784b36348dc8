"""The person's hand-over page, its copies (printed page, PDF, CSV, JSON), the receipt and
the appointments after release; the take-home sheet (page, PDF); release statistics."""
import io
import json
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from core.clock import OSLO
from core.models import Disclosure, Handover, Inmate, ReleaseAppointment, StaffUser
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.release import plan_changes
from core.services.requests import consents, filing as requests

PLAN_NOTE = "Plannotat: skal aldri ut"


def _setup(database, clock, world, purposes=("handover", "plan", "claims")):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
            nav_office="Nav Grünerløkka", contact_name="Per Holm", phone="55551111",
            address="Thorvald Meyers gate 1, 0555 Oslo"))
        for purpose in purposes:
            consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        plan_changes.set_item(db, clock.now(), adviser, inmate, "income_applied",
                              plan_changes.ItemChange(status="done", owner="adviser", note=PLAN_NOTE))
        requests.file(db, clock.now(), inmate, requests.Draft(
            topic="dagpenger", description="Delt henvendelse om dagpenger"), consents={"home_nav"})
        return inmate.id


def _count(database, model, *where) -> int:
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(model).where(*where))


def test_the_page_shows_what_goes_and_no_note(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world, purposes=("handover",))
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    assert "Nav Grünerløkka" in html and "Delt henvendelse om dagpenger" in html
    assert 'data-left-out-section="plan"' in html and 'data-left-out-section="claims"' in html
    assert PLAN_NOTE not in html
    assert _count(database, Disclosure) == 0  # looking is not sending


@pytest.mark.parametrize("role,status", [("school", 403), ("officer", 403), ("trainer", 403),
                                         ("prison_admin", 403), ("social_worker", 200)])
def test_who_may_open_it(staff_user, database, clock, world, role, status):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in(role)
    assert staff_user.client.get(f"/inmates/{inmate_id}/handover").status_code == status


def test_another_prisons_inmate_is_not_found(staff_user, world):
    staff_user.sign_in("adviser")
    for path in ("", ".pdf", ".csv", ".json", "/print"):
        assert staff_user.client.get(
            f"/inmates/{world.inmates['b'].id}/handover{path}").status_code == 404
    assert staff_user.client.get(
        f"/inmates/{world.inmates['b'].id}/takehome").status_code == 404


def test_the_pdf_holds_the_facts_and_is_a_disclosure(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    response = staff_user.client.get(f"/inmates/{inmate_id}/handover.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Innsatt A100" in text and "Nav Grünerløkka" in text
    assert "Delt henvendelse om dagpenger" in text
    assert PLAN_NOTE not in text
    with database.session() as db:
        disclosure = db.scalar(select(Disclosure))
        assert (disclosure.kind, disclosure.recipient, disclosure.recipient_name) == (
            "release_handover", "home_nav", "Nav Grünerløkka")
        assert "release_plan" in disclosure.classes
        assert db.scalar(select(Handover)).made_count == 1


def test_csv_json_and_the_printed_page_are_disclosures_too(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    data = json.loads(staff_user.client.get(f"/inmates/{inmate_id}/handover.json").data)
    assert data["to"]["nav_office"] == "Nav Grünerløkka" and "plan" in data
    assert PLAN_NOTE not in json.dumps(data, ensure_ascii=False)
    csv_text = staff_user.client.get(f"/inmates/{inmate_id}/handover.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeffsection;field;value") and "person;person.name;" in csv_text
    page = staff_user.client.get(f"/inmates/{inmate_id}/handover/print")
    assert page.status_code == 200 and "Delt henvendelse" in page.get_data(as_text=True)
    assert _count(database, Disclosure) == 3


def test_without_consent_nothing_is_made(staff_user, database, clock, world):
    with database.session() as db:
        inmate_id = db.get(Inmate, world.inmates["a"].id).id
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    assert "data-no-consent" in page and "handover.pdf" not in page
    for path in (".pdf", ".csv", ".json", "/print"):
        response = staff_user.client.get(f"/inmates/{inmate_id}/handover{path}")
        assert response.status_code == 302
    assert _count(database, Disclosure) == 0
    page = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    assert "has not agreed to share anything" in page or "ikke samtykket" in page \
        or "Nothing was made" in page or "Ingenting ble laget" in page


def test_receipt_errors_keep_what_was_typed_then_it_is_saved(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    form = {"received_on": "2026-03-02", "person": "Per Holm", "channel": "phone"}
    response = staff_user.post(f"/inmates/{inmate_id}/handover/receipt", form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Per Holm"' in html and "error-summary" in html
    staff_user.client.get(f"/inmates/{inmate_id}/handover.pdf")
    response = staff_user.post(f"/inmates/{inmate_id}/handover/receipt",
                               {**form, "received_on": "2026-03-09"})
    assert response.status_code == 400  # in the future
    response = staff_user.post(f"/inmates/{inmate_id}/handover/receipt", form)
    assert response.status_code == 302
    html = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    assert "data-receipt>" in html and "Per Holm" in html


def test_appointments_after_release_and_their_outcome(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    bad = staff_user.post(f"/inmates/{inmate_id}/handover/appointments",
                          {"day": "2026-06-02", "at": "10:00", "place": ""})
    assert bad.status_code == 400
    response = staff_user.post(f"/inmates/{inmate_id}/handover/appointments", {
        "day": "2026-06-02", "at": "10:00", "place": "Nav Grünerløkka",
        "address": "Thorvald Meyers gate 1", "with_whom": "Per Holm", "what": "Første samtale"})
    assert response.status_code == 302
    with database.session() as db:
        appointment_id = db.scalar(select(ReleaseAppointment.id))
    too_early = staff_user.post(
        f"/inmates/{inmate_id}/handover/appointments/{appointment_id}/outcome",
        {f"a{appointment_id}-outcome": "kept"}, follow_redirects=True)
    assert "data-outcome" not in too_early.get_data(as_text=True)
    clock.set(datetime(2026, 6, 3, 9, tzinfo=OSLO))
    staff_user.sign_in("adviser")
    staff_user.post(f"/inmates/{inmate_id}/handover/appointments/{appointment_id}/outcome",
                    {f"a{appointment_id}-outcome": "kept"})
    html = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    assert 'data-outcome="kept"' in html
    staff_user.post(f"/inmates/{inmate_id}/handover/appointments/{appointment_id}/remove")
    assert _count(database, ReleaseAppointment) == 0


def test_the_record_and_the_plan_link_the_hand_over(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    for path in (f"/inmates/{inmate_id}", f"/inmates/{inmate_id}/release"):
        html = staff_user.client.get(path).get_data(as_text=True)
        assert f"/inmates/{inmate_id}/handover" in html
        assert f"/inmates/{inmate_id}/takehome" in html


# The take-home sheet ------------------------------------------------------------------

@pytest.mark.parametrize("lang,heading", [("nb", "Etter løslatelsen"), ("en", "After release")])
def test_the_take_home_sheet_in_the_chosen_language(staff_user, database, clock, world, lang,
                                                     heading):
    inmate_id = _setup(database, clock, world)
    staff_user.sign_in("adviser")
    staff_user.post(f"/inmates/{inmate_id}/handover/appointments", {
        "day": "2026-06-02", "at": "10:00", "place": "Nav Grünerløkka",
        "address": "Thorvald Meyers gate 1"})
    html = staff_user.client.get(f"/inmates/{inmate_id}/takehome?lang={lang}").get_data(
        as_text=True)
    assert heading in html and "Thorvald Meyers gate 1, 0555 Oslo" in html
    assert "Hopp til hovedinnholdet" in html  # the rest of the page stays in the staff's
    # The header's language buttons keep their names (the sheet's own list of languages
    # once took the name ``languages`` from them: empty buttons).
    assert 'lang="nb" dir="ltr" aria-describedby="language-label" aria-pressed="true">Norsk ' \
        'bokmål</button>' in html
    assert 'value=""' not in html
    assert PLAN_NOTE not in html
    response = staff_user.client.get(f"/inmates/{inmate_id}/takehome.pdf?lang={lang}")
    assert response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert heading in text and "Nav Grünerløkka" in text
    assert len(PdfReader(io.BytesIO(response.data)).pages) <= 2


# Release statistics --------------------------------------------------------------------

def test_release_statistics_page_and_csv(staff_user, database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        inmate.status, inmate.released_on = "released", date(2026, 2, 10)
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/reports/releases/?prison={world.prison.id}&year=2026")\
        .get_data(as_text=True)
    assert "<svg" in html and 'data-month="2"' in html
    response = staff_user.client.get(
        f"/reports/releases/releases.csv?prison={world.prison.id}&year=2026")
    assert response.mimetype == "text/csv" and "2026-02;1;" in response.get_data(as_text=True)
    assert staff_user.client.get(
        f"/reports/releases/?prison={world.other_prison.id}").status_code == 404
    assert staff_user.client.get("/reports/releases/?year=1999").status_code == 400


def test_the_plan_in_the_handover_uses_the_benefit_words(staff_user, database, clock, world):
    inmate_id = _setup(database, clock, world)  # income_applied is done: "decided"
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{inmate_id}/handover").get_data(as_text=True)
    row = html.split('data-item="income_applied"')[1].split("</tr>")[0]
    assert "Vedtak fattet" in row
    cv = html.split('data-item="cv"')[1].split("</tr>")[0]
    assert "Vedtak fattet" not in cv and "Ikke startet" in cv
