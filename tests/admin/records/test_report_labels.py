"""One word, one number (issue 11, fault 13): the report's "Besvart" is the status of the
requests answered and not closed; the key figure of requests that got a first response has
a label of its own, on the page and in the CSV."""
import re

from tests.admin.records.test_reports import HALF_A_DAY, _csv, _filed


def _closed_after_an_answer(database, clock, world):
    from core.models import Request, StaffUser, Status
    from core.services.requests import filing as requests

    item_id, _reference = _filed(database, clock, world, answer_after=HALF_A_DAY)
    with database.session() as db:
        requests.set_status(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                            db.get(Request, item_id), Status.CLOSED)


def test_the_figure_and_the_status_have_different_labels(staff_user, database, clock, world):
    _closed_after_an_answer(database, clock, world)  # a first response, status closed
    _filed(database, clock, world)
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/reports/?period=this_month").get_data(as_text=True)
    figures = html.split("data-bb-report-figures", 1)[1].split("</dl>", 1)[0]
    terms = re.findall(r"<dt>([^<]+)</dt>", figures)
    assert "Besvart" not in terms
    assert "Henvendelser med første svar" in terms
    assert "1 uten svar ennå" in figures
    rows = _csv(staff_user.client.get("/reports/requests.csv?period=this_month"))
    names = [r[0] for r in rows if len(r) == 2]
    assert "Besvart" not in names
    assert ["Henvendelser med første svar", "1"] in rows
    assert ["Henvendelser uten svar ennå", "1"] in rows
    header = next(r for r in rows if r and r[0] == "Tema")
    assert "Besvart" in header  # the status keeps its name
