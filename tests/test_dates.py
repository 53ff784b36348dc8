"""Dates say day, month (in words) and year in both languages, never the US order, and a
deadline is said the same way to staff and to the inmate (issue 11, fault 11)."""
import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from core.models import Inmate
from core.services.requests import filing as requests
from core.services.errors import ServiceError
from core.web import dates
from core.web.messages import message

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

US = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(AM|PM)\b|[A-Z][a-z]+ \d{1,2}, \d{4}")
MOMENT = datetime(2026, 12, 6, 10, 18, tzinfo=UTC)  # 11:18 in Oslo


@pytest.mark.parametrize("lang, when, day, long_day", [
    ("nb", "6. desember 2026 kl. 11.18", "6. desember 2026", "søndag 6. desember 2026"),
    ("en", "6 December 2026, 11:18", "6 December 2026", "Sunday 6 December 2026"),
])
def test_dates_are_day_month_year_with_the_month_in_words(kiosk_app, lang, when, day, long_day):
    with kiosk_app.test_request_context(), force_locale(lang):
        env = kiosk_app.jinja_env
        rendered = env.from_string("{{ m|oslo_datetime }}|{{ d|date }}|{{ m|date }}").render(
            m=MOMENT, d=date(2026, 12, 6))
        assert rendered == f"{when}|{day}|{day}"
        assert dates.long_date(MOMENT) == long_day
        assert not US.search(rendered + dates.long_date(MOMENT))


def test_a_date_of_a_moment_is_its_day_in_oslo(kiosk_app):
    late_evening = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # 00:30 on the 7th in Oslo
    with kiosk_app.test_request_context(), force_locale("en"):
        assert kiosk_app.jinja_env.filters["date"](late_evening) == "7 December 2026"


@pytest.mark.parametrize("lang, moment, text", [
    # midnight starting the 9th is the end of the 8th
    ("nb", datetime(2026, 12, 8, 23, 0, tzinfo=UTC), "8. desember 2026"),
    ("en", datetime(2026, 12, 8, 23, 0, tzinfo=UTC), "8 December 2026"),
    ("nb", datetime(2026, 12, 8, 22, 59, 59, tzinfo=UTC), "8. desember 2026"),
    # a deadline moved by a pause ends during the day: its time is part of it
    ("nb", datetime(2026, 12, 8, 13, 30, tzinfo=UTC), "8. desember 2026 kl. 14.30"),
    ("en", datetime(2026, 12, 8, 13, 30, tzinfo=UTC), "8 December 2026, 14:30"),
])
def test_a_deadline_at_midnight_is_the_end_of_the_day_before(kiosk_app, lang, moment, text):
    with kiosk_app.test_request_context(), force_locale(lang):
        assert kiosk_app.jinja_env.filters["deadline"](moment) == text


def test_messages_use_the_same_dates(kiosk_app):
    with kiosk_app.test_request_context(), force_locale("en"):
        text = message(ServiceError("class_not_started", opens_at=MOMENT))
    assert "6 December 2026, 11:18" in text and not US.search(text)


@pytest.mark.parametrize("lang, by", [("nb", "4. mars 2026"), ("en", "4 March 2026")])
def test_staff_and_inmate_are_told_the_same_deadline(kiosk_user, staff_user, database, clock,
                                                     world, lang, by):
    # The world's clock: Monday 2 March 2026; a first response within 2 working days is
    # due by the end of Wednesday 4 March.
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        request_id = requests.file(db, clock.now(), inmate,
                                   requests.Draft(topic="dagpenger", description="Hei")).id
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": lang})
    receipt = kiosk_user.client.get(f"/requests/{request_id}/receipt").get_data(as_text=True)
    staff_user.sign_in("adviser")
    staff_user.post("/language", {"lang": lang})
    desk = staff_user.client.get(f"/requests/{request_id}").get_data(as_text=True)
    queue = staff_user.client.get("/requests/").get_data(as_text=True)
    for html in (receipt, desk, queue):
        assert by in html
        assert not US.search(html)
    assert "5. mars" not in desk + queue and "5 March" not in desk + queue


@pytest.mark.parametrize("lang, text", [("nb", "6. desember 2026"), ("en", "6 December 2026")])
def test_a_date_answer_is_day_month_year(lang, text):
    from types import SimpleNamespace

    from core.services.forms import answers as form_answers
    assert form_answers.display(SimpleNamespace(type="date"), "2026-12-06", lang) == text


def test_a_month_on_a_chart_has_its_year_in_full(admin_app):
    """"Mar 26" reads as 26 March: a month is "Mar 2026"."""
    from admin.learning.statistics import _month
    with admin_app.test_request_context(), force_locale("en"):
        assert _month(date(2026, 3, 1)) == "Mar 2026"
