"""The home-municipality directory in the staff app: the list, an entry and its form, CSV
import and export, and the NAV office on an inmate's record."""
import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from core.models import AuditEvent, MunicipalityContact
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData

HEADER = "kommunenummer,navkontor,kontaktperson,telefon,epost,sist_kontrollert\n"
BERGEN = {"nav_office": "Nav Bergenhus", "contact_name": "Kari Fjeld", "phone": "55551234",
          "email": "kari.fjeld@nav.no", "verified_on": "2026-01-15"}


def _contact(database, clock, world, number="4601", verified_on=date(2026, 1, 15)):
    with database.session() as db:
        directory.save(db, clock.now(), world.staff["system_admin"], number, ContactData(
            nav_office="Nav Bergenhus", contact_name="Kari Fjeld", phone="55 55 12 34",
            email="kari.fjeld@nav.no", verified_on=verified_on))


def _rows(html: str) -> int:
    return len(re.findall(r'href="/directory/[0-9]{4}"', html))


def _upload(staff_user, text: str | bytes, name="kommuner.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return staff_user.post("/directory/import", {"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")


def test_the_list_has_every_municipality_search_and_county(staff_user, database, clock, world):
    _contact(database, clock, world, verified_on=date(2024, 1, 1))
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/directory/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and _rows(html) == 357
    assert "Nav Bergenhus" in html and html.count("data-needs-checking") == 1
    assert "/directory/import" not in html  # advisers read, administrators change
    found = staff_user.client.get("/directory/?q=bergen").get_data(as_text=True)
    assert 'href="/directory/4601"' in found and _rows(found) == 1
    county = staff_user.client.get("/directory/?county=03").get_data(as_text=True)
    assert _rows(county) == 1 and 'href="/directory/0301"' in county
    checking = staff_user.client.get("/directory/?state=needs_checking").get_data(as_text=True)
    assert _rows(checking) == 1
    nav = staff_user.client.get("/").get_data(as_text=True)
    assert 'href="/directory/"' in nav


def test_a_bad_filter_shows_its_error_and_the_whole_list(staff_user, world):
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/directory/?county=99&q=" + "x" * 81)
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and 'href="#county"' in html and 'href="#q"' in html
    assert _rows(html) >= 357


@pytest.mark.parametrize("role", ["officer", "trainer"])
def test_officers_and_trainers_have_no_directory(staff_user, world, role):
    staff_user.sign_in(role)
    assert staff_user.client.get("/directory/").status_code == 403
    assert staff_user.client.get("/directory/0301").status_code == 403
    assert 'href="/directory/"' not in staff_user.client.get("/").get_data(as_text=True)


def test_an_entry_and_its_unknown_numbers(staff_user, database, clock, world):
    _contact(database, clock, world)
    staff_user.sign_in("social_worker")
    html = staff_user.client.get("/directory/4601").get_data(as_text=True)
    assert "Kari Fjeld" in html and 'href="tel:+4755551234"' in html
    assert 'href="mailto:kari.fjeld@nav.no"' in html and "<form" not in html.split("<main")[1]
    assert staff_user.client.get("/directory/9999").status_code == 404
    assert staff_user.client.get("/directory/oslo").status_code == 404
    assert staff_user.post("/directory/4601", BERGEN).status_code == 403


def test_an_administrator_adds_and_changes_an_entry(staff_user, database, clock, world):
    staff_user.sign_in("prison_admin")
    page = staff_user.client.get("/directory/0301").get_data(as_text=True)
    assert 'action="/directory/0301"' in page
    response = staff_user.post("/directory/0301", {**BERGEN, "nav_office": "Nav Grünerløkka",
                                                   "phone": "+47 22 33 44 55"})
    assert response.status_code == 302 and response.headers["Location"] == "/directory/0301"
    with database.session() as db:
        row = db.get(MunicipalityContact, "0301")
        assert (row.nav_office, row.phone) == ("Nav Grünerløkka", "22 33 44 55")
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "directory.update"))
        assert event.actor_id == world.staff["prison_admin"].id
    page = staff_user.client.get("/directory/0301").get_data(as_text=True)
    assert "Prison Admin" in page and "22 33 44 55" in page


def test_bad_input_keeps_what_was_typed(staff_user, database, world):
    staff_user.sign_in("system_admin")
    typed = {"nav_office": "", "contact_name": "x" * 121, "phone": "12 34",
             "email": "kari.fjeld@nav", "verified_on": "2026-03-03"}
    response = staff_user.post("/directory/4601", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("nav_office", "contact_name"):
        assert f'href="#{field}"' in html
    assert "x" * 121 in html and 'value="12 34"' in html
    # The form's own checks pass; the service's rules put their errors on the fields.
    response = staff_user.post("/directory/4601", {**typed, "nav_office": "Nav Bergenhus",
                                                   "contact_name": "Kari"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("phone", "email", "verified_on"):
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert 'value="kari.fjeld@nav"' in html
    bad_date = staff_user.post("/directory/4601", {**BERGEN, "verified_on": "someday"})
    assert bad_date.status_code == 400 and 'href="#verified_on"' in bad_date.get_data(
        as_text=True)
    with database.session() as db:
        assert db.get(MunicipalityContact, "4601") is None


def test_only_the_office_is_needed(staff_user, database, world):
    staff_user.sign_in("system_admin")
    assert staff_user.post("/directory/4601", {"nav_office": "Nav Bergenhus"}).status_code == 302
    with database.session() as db:
        row = db.get(MunicipalityContact, "4601")
        assert (row.contact_name, row.phone, row.verified_on) == ("", "", None)
    assert "data-needs-checking" in staff_user.client.get("/directory/4601").get_data(
        as_text=True)


def test_norwegian_date_in_the_form(staff_user, database, world):
    staff_user.sign_in("system_admin")
    assert staff_user.post("/directory/4601", {**BERGEN, "verified_on": "15.01.2026"}
                           ).status_code == 302
    with database.session() as db:
        assert db.get(MunicipalityContact, "4601").verified_on == date(2026, 1, 15)


def test_changes_need_a_csrf_token(staff_user, database, world):
    staff_user.sign_in("system_admin")
    response = staff_user.client.post("/directory/4601", data=BERGEN)
    assert response.status_code == 400
    response = staff_user.client.post("/directory/import", data={
        "file": (io.BytesIO(HEADER.encode()), "a.csv")}, content_type="multipart/form-data")
    assert response.status_code == 400
    with database.session() as db:
        assert db.get(MunicipalityContact, "4601") is None


def test_import_a_file_with_semicolons_and_a_bom(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    form = staff_user.client.get("/directory/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    text = ("\ufeffkommunenummer;navkontor;kontaktperson;telefon;epost;sist_kontrollert\r\n"
            "0301;Nav Grünerløkka;Per Holm;55551111;per.holm@nav.no;01.02.2026\r\n"
            "4601;Nav Bergenhus;Kari Fjeld;55551234;kari.fjeld@nav.no;2026-01-15\r\n")
    response = _upload(staff_user, text)
    assert response.status_code == 302 and response.headers["Location"] == "/directory/"
    page = staff_user.client.get("/directory/").get_data(as_text=True)
    assert "aksel-alert--success" in page and "Nav Grünerløkka" in page
    with database.session() as db:
        assert db.get(MunicipalityContact, "0301").verified_on == date(2026, 2, 1)


def test_a_file_with_errors_on_several_lines_imports_nothing(staff_user, database, world):
    staff_user.sign_in("system_admin")
    response = _upload(staff_user, HEADER
                       + "0301,Nav Grünerløkka,,55551111,,\n"
                       + "9999,Nav Ingensted,,,,\n"
                       + "4601,Nav Bergenhus,,5555,kari@,2099-01-01\n"
                       + "0301,Nav Oslo,,,,\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#file"' in html
    assert "data-import-problems" in html
    for line in (3, 4, 5):
        assert f'data-line="{line}"' in html
    assert 'data-line="2"' not in html and html.count("<tr data-line=") == 5
    assert "9999" in html
    with database.session() as db:
        assert db.scalar(select(MunicipalityContact)) is None


def test_import_bad_uploads(staff_user, database, world):
    staff_user.sign_in("system_admin")
    nothing = staff_user.post("/directory/import", {}, content_type="multipart/form-data")
    assert nothing.status_code == 400 and 'href="#file"' in nothing.get_data(as_text=True)
    wrong_kind = _upload(staff_user, HEADER, name="kommuner.xlsx")
    assert wrong_kind.status_code == 400 and 'href="#file"' in wrong_kind.get_data(as_text=True)
    empty = _upload(staff_user, b"")
    assert empty.status_code == 400 and 'data-line=""' in empty.get_data(as_text=True)
    latin = _upload(staff_user, (HEADER + "0301,Nav Grünerløkka,,,,\n").encode("latin-1"))
    assert latin.status_code == 400
    too_large = _upload(staff_user, b"x" * (1024 * 1024 + 1))
    assert too_large.status_code == 413


def test_import_and_export_are_for_administrators(staff_user, world):
    staff_user.sign_in("adviser")
    assert staff_user.client.get("/directory/import").status_code == 403
    assert staff_user.client.get("/directory/export.csv").status_code == 403
    assert _upload(staff_user, HEADER).status_code == 403


def test_export_downloads_every_municipality(staff_user, database, clock, world):
    _contact(database, clock, world)
    staff_user.sign_in("prison_admin")
    response = staff_user.client.get("/directory/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'attachment; filename="kommuner-nav-kontor-2026-03-02.csv"' == response.headers[
        "Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    assert len(text.splitlines()) == 358 and "4601;Bergen;Nav Bergenhus;Kari Fjeld" in text
    again = _upload(staff_user, response.get_data())
    assert again.status_code == 302
    with database.session() as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "directory.import"))
        assert json.loads(event.detail)["unchanged"] == 357
        assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "directory.export"))


def test_the_inmate_record_shows_the_home_nav_office(staff_user, database, clock, world):
    with database.session() as db:
        directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
            nav_office="Nav Grünerløkka", contact_name="Per Holm", phone="55551111"))
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert "data-home-office" in html and "Nav Grünerløkka" in html and "Per Holm" in html
    assert 'href="/directory/0301"' in html


def test_officers_do_not_see_the_home_nav_office(staff_user, database, clock, world):
    _contact(database, clock, world, number="0301")
    staff_user.sign_in("officer")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert "data-home-office" not in html and "Kari Fjeld" not in html


def test_reads_are_audited(staff_user, database, world):
    staff_user.sign_in("school")
    staff_user.client.get("/directory/?q=oslo")
    staff_user.client.get("/directory/0301")
    with database.session() as db:
        events = {e.action: json.loads(e.detail) for e in db.scalars(
            select(AuditEvent).where(AuditEvent.actor_id == world.staff["school"].id))}
        assert events["directory.list"]["query"] == "oslo"
        assert events["directory.view"] == {"municipality": "0301"}


def test_searching_a_norwegian_name_finds_a_municipality_listed_by_its_sami_name(staff_user):
    staff_user.sign_in("adviser")
    found = staff_user.client.get("/directory/?q=Kautokeino").get_data(as_text=True)
    assert _rows(found) == 1 and 'href="/directory/5612"' in found
    assert "Kautokeino – Guovdageaidnu" in found
    entry = staff_user.client.get("/directory/5612").get_data(as_text=True)
    assert "Guovdageaidnu – Kautokeino" in entry


def test_the_inmate_form_lists_every_name_form_and_selects_one_line(staff_user, database,
                                                                     world):
    from core.models import Inmate
    with database.session() as db:
        db.get(Inmate, world.inmates["a"].id).municipality_number = "5612"
    staff_user.sign_in("system_admin")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}/edit").get_data(as_text=True)
    assert ">Kautokeino – Guovdageaidnu (Finnmark)</option>" in html
    assert ">Guovdageaidnu – Kautokeino (Finnmark)</option>" in html
    assert html.count('value="5612" selected') == 1
