"""Reports in the staff app: the page, its filters, the CSV, and who sees what."""
import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, Request
from core.services.requests import filing as requests
from tests.conftest import AdminHelper

SECRET = "Hemmelig beskrivelse om gjeld"


def _filed(database, clock, world, key="a", topic="dagpenger", answer_after=None):
    """A request filed now; answered by the adviser after ``answer_after``, if given (the
    clock moves on to then)."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        item = requests.file(db, clock.now(), inmate,
                             requests.Draft(topic=topic, description=SECRET))
        if answer_after is not None:
            clock.advance(seconds=answer_after.total_seconds())
            requests.reply(db, clock.now(), world.staff["adviser"], item, "Svar til innsatt")
        return item.id, item.reference


HALF_A_DAY = timedelta(days=1, hours=2)  # from Monday 10:00 to Tuesday 12:00, Oslo


def _csv(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_an_adviser_sees_the_report_of_their_prison(staff_user, database, clock, world):
    nav, reference = _filed(database, clock, world, answer_after=HALF_A_DAY)
    _filed(database, clock, world)
    _filed(database, clock, world, topic="housing")
    _filed(database, clock, world, key="b")
    staff_user.sign_in("adviser")
    response = staff_user.client.get("/reports/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    figures = re.search(r"data-bb-report-figures>(.*?)</dl>", html, re.S).group(1)
    assert "<dd>2</dd>" in figures  # two NAV requests in prison A; not housing, not B
    assert "0,5 arbeidsdager" in figures  # answered Tuesday at noon: half a working day
    # topics, weeks, promises, and how the requests came (issue 16); no forwards yet
    assert html.count('role="img"') == 4 and "<svg" in html
    matrix = re.search(r"data-bb-report-matrix>(.*?)</table>", html, re.S).group(1)
    assert "Dagpenger" in matrix and "sted å bo" not in matrix
    oldest = re.search(r"data-bb-report-oldest>(.*?)</table>", html, re.S).group(1)
    assert oldest.count("<tr>") == 2 + 1  # the header and the two open NAV requests
    assert f'href="/requests/{nav}"' in oldest  # answered is still open; the adviser may read it
    assert 'href="/reports/requests.csv?' in html
    assert SECRET not in html and "Svar til innsatt" not in html


def test_a_prison_admin_counts_every_team_but_opens_nothing(staff_user, database, clock,
                                                              world):
    _filed(database, clock, world)
    _filed(database, clock, world, topic="housing")
    staff_user.sign_in("prison_admin")
    html = staff_user.client.get("/reports/").get_data(as_text=True)
    figures = re.search(r"data-bb-report-figures>(.*?)</dl>", html, re.S).group(1)
    assert "<dd>2</dd>" in figures
    oldest = re.search(r"data-bb-report-oldest>(.*?)</table>", html, re.S).group(1)
    assert oldest.count("<tr>") == 3 and "/requests/" not in oldest
    assert SECRET not in html


def test_a_system_admin_may_choose_all_prisons(staff_user, database, clock, world):
    _filed(database, clock, world)
    _filed(database, clock, world, key="b")
    staff_user.sign_in("system_admin")
    html = staff_user.client.get("/reports/").get_data(as_text=True)
    assert '<option value="all" selected>' in html
    figures = re.search(r"data-bb-report-figures>(.*?)</dl>", html, re.S).group(1)
    assert "<dd>2</dd>" in figures
    html = staff_user.client.get(f"/reports/?prison={world.other_prison.id}").get_data(
        as_text=True)
    assert "<dd>1</dd>" in re.search(r"data-bb-report-figures>(.*?)</dl>", html, re.S).group(1)


def test_dates_and_presets(staff_user, database, clock, world):
    _filed(database, clock, world)
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/reports/?period=last_month").get_data(as_text=True)
    assert "data-bb-report-matrix" not in html and "<dd>0</dd>" in html  # February: none
    html = staff_user.client.get("/reports/?date_from=02.03.2026&date_to=2026-03-02"
                                 ).get_data(as_text=True)
    assert "data-bb-report-matrix" in html
    assert 'value="02.03.2026"' in html  # shown as typed, in the usual form
    assert "date_from=02.03.2026" in html and "date_to=02.03.2026" in html  # the CSV link


@pytest.mark.parametrize("query, field", [
    ("date_from=31.02.2026&date_to=01.03.2026", "date_from"),
    ("date_from=banan&date_to=01.03.2026", "date_from"),
    ("date_from=10.03.2026&date_to=01.03.2026", "date_to"),
    ("date_from=01.01.2020&date_to=01.03.2026", "date_to"),
    ("date_from=01.01.1990&date_to=01.03.1990", "date_from"),
    ("date_from=01.03.2026", "date_to"),
    ("period=forever", "period"),
    ("prison=abc", "prison"),
])
def test_bad_input_is_explained_and_kept(staff_user, world, query, field):
    staff_user.sign_in("adviser")
    for path in ("/reports/", "/reports/requests.csv"):
        response = staff_user.client.get(f"{path}?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "data-bb-error-summary" in html and f'href="#{field}"' in html
        assert "data-bb-report-figures" not in html
        for part in query.split("&"):
            name, value = part.split("=")
            if name.startswith("date"):
                assert f'value="{value}"' in html


@pytest.mark.parametrize("who", ["adviser", "social_worker", "school", "prison_admin"])
def test_another_prisons_report_is_not_found(staff_user, world, who):
    staff_user.sign_in(who)
    other = world.other_prison.id
    assert staff_user.client.get(f"/reports/?prison={other}").status_code == 404
    assert staff_user.client.get(f"/reports/requests.csv?prison={other}").status_code == 404
    assert staff_user.client.get("/reports/?prison=all").status_code == 404
    assert staff_user.client.get("/reports/?prison=99999").status_code == 404


def test_the_other_prisons_admin_cannot_read_ours(staff_user, world):
    staff_user.sign_in("other_prison_admin")
    assert staff_user.client.get(f"/reports/?prison={world.prison.id}").status_code == 404
    html = staff_user.client.get("/reports/").get_data(as_text=True)
    assert "Fengsel B (BBB)" in html and "Fengsel A" not in html


@pytest.mark.parametrize("who", ["officer", "trainer"])
def test_officers_and_trainers_are_refused(staff_user, world, who):
    staff_user.sign_in(who)
    assert staff_user.client.get("/reports/").status_code == 403
    assert staff_user.client.get("/reports/requests.csv").status_code == 403
    assert 'href="/reports/"' not in staff_user.client.get("/").get_data(as_text=True)


def test_the_nav_links_the_reports(staff_user, world):
    staff_user.sign_in("school")
    html = staff_user.client.get("/").get_data(as_text=True)
    assert 'class="bb-nav__link" href="/reports/"' in html


def test_the_csv(staff_user, database, clock, world):
    nav, reference = _filed(database, clock, world, answer_after=HALF_A_DAY)
    _filed(database, clock, world)
    _filed(database, clock, world, topic="aap")
    _filed(database, clock, world, key="b")
    staff_user.sign_in("adviser")
    response = staff_user.client.get("/reports/requests.csv?period=this_month")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="brobygger-requests-AAA-2026-03-01-2026-03-03.csv"')
    assert response.headers["Cache-Control"] == "no-store"
    rows = _csv(response)
    body = response.get_data(as_text=True)
    assert SECRET not in body and reference not in body and "Svar til innsatt" not in body
    assert rows[1] == ["Fengsel", "Fengsel A (AAA)"]
    assert rows[2] == ["Fra dato", "2026-03-01"] and rows[3] == ["Til dato", "2026-03-03"]
    header = rows.index(next(r for r in rows if r and r[0] == "Tema"))
    assert rows[header] == ["Tema", "Mottatt", "Under behandling", "Venter på den innsatte",
                            "Venter på andre", "Besvart", "Avsluttet", "Avslått", "Avbrutt",
                            "Totalt"]
    assert rows[header + 1] == ["Dagpenger og meldekort", "1", "0", "0", "0", "1", "0", "0",
                                "0", "2"]
    assert rows[header + 2][0].startswith("AAP") and rows[header + 2][-1] == "1"
    assert rows[header + 3] == ["Totalt", "2", "0", "0", "0", "1", "0", "0", "0", "3"]
    weeks = rows.index(["Uke", "Fra dato", "Til dato", "Henvendelser"])
    assert rows[weeks + 1] == ["2026-W09", "2026-03-01", "2026-03-01", "0"]
    assert rows[weeks + 2] == ["2026-W10", "2026-03-02", "2026-03-03", "3"]
    figures = dict(r for r in rows[weeks + 4:] if len(r) == 2)
    assert figures["Henvendelser sendt"] == "3"
    assert figures["Henvendelser med første svar"] == "1"
    assert figures["Tid til første svar, median (arbeidsdager)"] == "0,5"
    assert figures["Første svar: andel innenfor løftet (%)"] == "100,0"
    assert figures["Ferdig behandlet: andel innenfor løftet (%)"] == ""


def test_the_csv_in_english_and_for_all_prisons(staff_user, database, clock, world):
    _filed(database, clock, world)
    _filed(database, clock, world, key="b", topic="housing")
    staff_user.sign_in("system_admin")
    staff_user.post("/language", {"lang": "en"})
    response = staff_user.client.get("/reports/requests.csv?prison=all&period=this_year")
    assert 'filename="brobygger-requests-ALL-2026-01-01-2026-03-02.csv"' in (
        response.headers["Content-Disposition"])
    rows = _csv(response)
    assert rows[1] == ["Prison", "All prisons"] and rows[4] == ["Teams", "All teams"]
    assert ["Requests filed", "2"] in rows


def test_a_prison_name_cannot_become_a_formula(staff_user, database, world):
    with database.session() as db:
        db.get(type(world.prison), world.prison.id).name = "=HYPERLINK(\"x\")"
    staff_user.sign_in("adviser")
    rows = _csv(staff_user.client.get("/reports/requests.csv"))
    assert rows[1][1].startswith("'=")


def test_reading_is_audited_with_counts_only(staff_user, database, clock, world):
    _filed(database, clock, world)
    staff_user.sign_in("adviser")
    staff_user.client.get("/reports/")
    staff_user.client.get("/reports/requests.csv")
    staff_user.client.get("/reports/?date_from=banan")
    with database.session() as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.action.like("report.%"))
                            .order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["report.view", "report.export"]
        assert all(SECRET not in e.detail and '"filed": 1' in e.detail for e in events)
        assert db.scalar(select(Request.description)) == SECRET


def test_no_request_text_ever_appears(admin_app, database, clock, world):
    for topic in ("dagpenger", "housing", "career_guidance"):
        _filed(database, clock, world, topic=topic)
    for who in ("adviser", "social_worker", "school", "prison_admin", "system_admin"):
        staff_user = AdminHelper(admin_app.test_client(), world, clock)
        staff_user.sign_in(who)
        for path in ("/reports/", "/reports/requests.csv", "/reports/?period=this_year"):
            body = staff_user.client.get(path).get_data(as_text=True)
            assert SECRET not in body and "Innsatt A100" not in body and "A100" not in body


def test_requests_by_channel_and_forwards_per_team_as_chart_table_and_csv(
        staff_user, database, clock, world):
    """Issue 16: how the requests came, and the forwards per team."""
    from core.models import StaffUser
    from core.services.requests import ways_in

    _filed(database, clock, world)
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        logged = ways_in.log(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                             inmate, "paper_note", requests.Draft(topic="dagpenger",
                                                                  description=SECRET))
        ways_in.forward(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id), logged,
                        "social_worker", world.prison.id, "Bolig")
    staff_user.sign_in("prison_admin")
    staff_user.post("/language", {"lang": "en"})
    html = staff_user.client.get("/reports/?period=this_month").get_data(as_text=True)
    assert 'id="chart-channels"' in html and 'id="chart-forwards"' in html
    assert 'data-channel="paper_note"' in html and 'data-team="social_worker"' in html
    rows = _csv(staff_user.client.get("/reports/requests.csv?period=this_month"))
    start = rows.index(["How it came", "Requests"])
    assert rows[start + 1:start + 3] == [["The inmate, at a terminal", "1"],
                                         ["Paper note (samtalelapp)", "1"]]
    start = rows.index(["Team", "Forwarded away", "Received"])
    assert rows[start + 1:] == [["Nav advisers", "1", "0"], ["Social workers", "0", "1"]]
    assert SECRET not in str(rows)
