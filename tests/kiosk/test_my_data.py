"""Innsyn on the kiosk, and the staff's complete export (issue 11, fault 3): grouped, in
plain words, with every message and internal note and who has looked at the data, and
never a database column name, raw JSON or a secret."""
import re

from core.models import Inmate
from core.services.requests import filing as requests

# What the old page showed: column names, raw JSON and the PIN digest's column.
RAW = ("pin hash", "pin_hash", "prison id", "prison_id", "updated by", "inmate id",
       "submit key", "token hash", "{&#34;", '{"')
GROUPS = ("about", "requests", "forms", "lessons", "consents", "access")


def _filed_with_a_note(database, clock, world) -> str:
    with database.session() as db:
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              requests.Draft(topic="dagpenger", description="Min egen tekst"),
                              consents={"home_nav"})
        adviser = world.staff["adviser"]
        requests.add_note(db, clock.now(), adviser, filed, "Intern merknad")
        requests.reply(db, clock.now(), adviser, filed, "Svar til deg")
        requests.staff_request(db, clock.now(), adviser, filed.id)  # an audited read
        return filed.reference


def _pin_hash(database, world) -> str:
    with database.session() as db:
        return db.get(Inmate, world.inmates["a"].id).pin_hash


def _access_rows(html) -> str:
    return re.search(r'data-group="access".*?</section>', html, re.S)[0]


def test_the_inmate_sees_everything_in_plain_words_notes_and_who_looked(
        kiosk_user, database, clock, world):
    reference = _filed_with_a_note(database, clock, world)
    kiosk_user.sign_in("A100")
    assert "/me/data" in kiosk_user.client.get("/me").get_data(as_text=True)
    html = kiosk_user.client.get("/me/data").get_data(as_text=True)
    main = re.search(r"<main.*</main>", html, re.S)[0].lower()
    for raw in RAW:
        assert raw not in main, raw
    assert _pin_hash(database, world) not in html
    for group in GROUPS:
        assert f'data-group="{group}"' in html, group
    assert "Om meg" in html and "Hvem som har sett på dataene mine, og når" in html
    assert "Min egen tekst" in html and "Svar til deg" in html and reference in html
    # The right of access covers staff's internal notes: shown here, marked as such.
    note = re.search(r"<li data-internal>(.*?)</li>", html, re.S)[1]
    assert "Intern merknad" in note and "Internt notat" in note
    access = _access_rows(html)
    assert world.staff["adviser"].name in access and "Nav-veileder" in access
    assert "Leste henvendelsen din" in access
    assert "Dagpenger og meldekort" in html and "kontoret i hjemkommunen din" in html
    assert "data-bb-print" in html  # a print button, once the script runs
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200", terminal="a2")
    other = kiosk_user.client.get("/me/data").get_data(as_text=True)
    assert "Min egen tekst" not in other and "Intern merknad" not in other


def test_internal_notes_reach_the_kiosk_only_on_the_innsyn_page(kiosk_user, database, clock,
                                                                world):
    _filed_with_a_note(database, clock, world)
    kiosk_user.sign_in("A100")
    listing = kiosk_user.client.get("/requests/").get_data(as_text=True)
    request_id = re.search(r'href="/requests/(\d+)"', listing)[1]
    assert "Intern merknad" not in kiosk_user.client.get(f"/requests/{request_id}").get_data(
        as_text=True)
    assert "Intern merknad" in kiosk_user.client.get("/me/data").get_data(as_text=True)


def test_the_innsyn_page_prints(kiosk_user):
    css = open("static/css/base.css", encoding="utf-8").read()
    assert re.search(r"@media print\s*{[^@]*\.bb-innsyn", css)


def test_staff_print_the_same_report_for_a_subject_access_request(staff_user, database, clock,
                                                                  world):
    from sqlalchemy import select

    from core.models import AuditEvent

    _filed_with_a_note(database, clock, world)
    staff_user.sign_in("prison_admin")
    inmate_id = world.inmates["a"].id
    html = staff_user.client.get(f"/inmates/{inmate_id}/innsyn").get_data(as_text=True)
    main = re.search(r"<main.*</main>", html, re.S)[0].lower()
    for raw in RAW:
        assert raw not in main, raw
    assert _pin_hash(database, world) not in html
    for group in GROUPS:
        assert f'data-group="{group}"' in html, group
    assert "Intern merknad" in html and "Min egen tekst" in html
    assert world.staff["adviser"].name in _access_rows(html)
    assert staff_user.client.get(f"/inmates/{world.inmates['b'].id}/innsyn").status_code == 404
    with database.session() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "innsyn.export"))
