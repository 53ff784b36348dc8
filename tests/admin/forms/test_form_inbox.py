"""The forms inbox in the staff app: the list, a record, registering, returning, exports."""
from sqlalchemy import func, select

from core.models import AuditEvent, FormSubmission
from core.services.forms import submissions as forms
from core.services.forms.meldekort import plan as meldekort_plan
from tests.support import forms as seed


def _card(database, clock, world, **kwargs) -> int:
    with database.session() as db:
        return seed.meldekort(db, clock.now(), world, **kwargs).id


def _generic(database, clock, world, form_key, **kwargs) -> int:
    with database.session() as db:
        return seed.generic(db, clock.now(), world, form_key, **kwargs).id


def _status(database, submission_id) -> str:
    with database.session() as db:
        return db.get(FormSubmission, submission_id).status


def test_the_inbox_lists_my_teams_forms_with_counts(staff_user, database, clock, world):
    card = _card(database, clock, world, answers={**seed.NO, "arbeidet": True},
                 days={1: {"hours": "7,5"}})
    jobseeker = _generic(database, clock, world, "jobseeker")
    staff_user.sign_in("adviser")
    page = staff_user.client.get("/forms/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/forms/{card}"' in html and f'href="/forms/{jobseeker}"' in html
    assert '<span data-count="sent">2</span>' in html
    assert "7,5" not in html  # the list shows no answers
    filtered = staff_user.client.get("/forms/?form=jobseeker&status=sent&order=oldest")
    html = filtered.get_data(as_text=True)
    assert f'href="/forms/{jobseeker}"' in html and f'href="/forms/{card}"' not in html
    assert "/forms/export.csv?form=jobseeker&amp;status=sent&amp;order=oldest" in html


def test_the_status_filter_is_norwegian(staff_user):
    """Issue 11, fault 12: "All received (9)" was left in English."""
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/forms/").get_data(as_text=True)
    assert ">Alle mottatte (0)</option>" in html and "All received" not in html


def test_bad_filters_are_explained(staff_user, database, clock, world):
    card = _card(database, clock, world)
    staff_user.sign_in("adviser")
    for query in ("status=awaiting_countersign", "period=2026-W99", "form=nope",
                  "order=random", "period=2026-13"):
        response = staff_user.client.get(f"/forms/?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400, query
        assert "data-bb-error-summary" in html and f'href="/forms/{card}"' in html
    assert staff_user.client.get("/forms/export.csv?period=x").status_code == 400


def test_the_record_shows_what_the_inmate_saw_and_is_put_under_review(staff_user, database,
                                                                     clock, world):
    card = _card(database, clock, world, answers={**seed.NO, "syk": True},
                 days={3: {"ill": True}}, language="en")
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/forms/{card}").get_data(as_text=True)
    assert 'lang="en" data-snapshot' in html and "Have you been ill?" in html
    assert "Wednesday 18 February" in html
    assert "Innsatt A100 (A100)" in html and "Terminal A" in html and "Officer" in html
    assert 'data-countersigned-via="terminal"' in html
    assert _status(database, card) == forms.UNDER_REVIEW
    with database.session() as db:
        actions = db.scalars(select(AuditEvent.action).where(
            AuditEvent.subject_type == "form_submission",
            AuditEvent.subject_id == card)).all()
        assert actions[-2:] == ["form.view", "form.review"]


def test_register_with_nav(staff_user, database, clock, world):
    card = _card(database, clock, world)
    staff_user.sign_in("adviser")
    for reference in ("", "x" * 65):
        response = staff_user.post(f"/forms/{card}/register", {"nav_reference": reference})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and 'href="#nav_reference"' in html
        assert reference in html
    response = staff_user.post(f"/forms/{card}/register", {"nav_reference": "MK-123"})
    assert response.status_code == 302
    html = staff_user.client.get(f"/forms/{card}").get_data(as_text=True)
    assert '<span data-nav-reference>MK-123</span>' in html
    assert 'action="/forms/%d/register"' % card not in html  # nothing more to do
    response = staff_user.post(f"/forms/{card}/register", {"nav_reference": "MK-124"})
    assert response.status_code == 400
    response = staff_user.post(f"/forms/{card}/return", {"return_message": "Fiks"})
    assert response.status_code == 400 and _status(database, card) == forms.REGISTERED


def test_return_for_correction_reaches_the_kiosk(staff_user, kiosk_user, database, clock,
                                                 world):
    card = _card(database, clock, world)
    staff_user.sign_in("social_worker")
    long = "x" * 1001
    response = staff_user.post(f"/forms/{card}/return", {"return_message": long})
    assert response.status_code == 400 and long in response.get_data(as_text=True)
    response = staff_user.post(f"/forms/{card}/return", {"return_message": ""})
    assert response.status_code == 400
    response = staff_user.post(f"/forms/{card}/return",
                               {"return_message": "Du har glemt timene tirsdag."})
    assert response.status_code == 302 and _status(database, card) == forms.RETURNED
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get(f"/forms/s/{card}").get_data(as_text=True)
    assert "Du har glemt timene tirsdag." in html


def test_another_prisons_form_and_another_teams_form_do_not_exist(staff_user, database,
                                                                  clock, world):
    elsewhere = _card(database, clock, world, key="b")
    jobseeker = _generic(database, clock, world, "jobseeker")
    assistance = _generic(database, clock, world, "social_assistance")
    staff_user.sign_in("social_worker")
    assert f"/forms/{jobseeker}" not in staff_user.client.get("/forms/").get_data(as_text=True)
    for path in (f"/forms/{elsewhere}", f"/forms/{jobseeker}", f"/forms/{jobseeker}/print",
                 f"/forms/{jobseeker}/export.csv"):
        assert staff_user.client.get(path).status_code == 404, path
    assert staff_user.post(f"/forms/{jobseeker}/register",
                           {"nav_reference": "X"}).status_code == 404
    staff_user.post("/sign-out")
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/forms/{assistance}").status_code == 404
    assert f"/forms/{assistance}" not in staff_user.client.get(
        "/forms/export.csv").get_data(as_text=True)
    assert _status(database, jobseeker) == forms.SENT


def test_officers_and_trainers_see_no_forms(staff_user, database, clock, world):
    card = _card(database, clock, world)
    for role in ("officer", "trainer"):
        staff_user.sign_in(role)
        assert staff_user.client.get("/forms/").status_code == 403
        assert staff_user.client.get(f"/forms/{card}").status_code == 403
        assert staff_user.client.get(f"/forms/{card}/export.csv").status_code == 403
        assert staff_user.client.get("/forms/meldekort-due").status_code == 403
        assert 'href="/forms/"' not in staff_user.client.get("/").get_data(as_text=True)
        staff_user.post("/sign-out")


def test_practice_never_reaches_staff(staff_user, database, clock, world):
    with database.session() as db:
        receipt = seed.meldekort(db, clock.now(), world, practice=True)
        assert isinstance(receipt, forms.PracticeReceipt)
        seed.generic(db, clock.now(), world, "jobseeker", practice=True)
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
    staff_user.sign_in("adviser")
    html = staff_user.client.get("/forms/").get_data(as_text=True)
    assert '<span data-count="sent">0</span>' in html and "data-submission" not in html


def test_a_single_record_as_csv_and_as_a_printable_page(staff_user, database, clock, world):
    card = _card(database, clock, world, answers={**seed.NO, "arbeidet": True},
                 days={1: {"hours": "7,5"}, 9: {"hours": "4"}})
    staff_user.sign_in("adviser")
    response = staff_user.client.get(f"/forms/{card}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text[1:].splitlines()
    # The card type, whether it was late, the five questions and the 14 days of work.
    assert lines[0].count(";") == 7 and len(lines) == 1 + 2 + 5 + 14
    assert any(line.endswith(";card_type;Type meldekort;Dagpenger og arbeidssøkere: Navs nye "
                             "meldekort") for line in lines)
    assert any(line.endswith(";day-1-work;mandag 16. februar: Arbeid (timer);7,5")
               for line in lines)
    page = staff_user.client.get(f"/forms/{card}/print")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "data-print-record" in html
    assert 'class="bb-noprint"' in html and "data-snapshot" in html
    assert _status(database, card) == forms.SENT  # exporting is not opening
    with database.session() as db:
        exports = db.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "form.export")).all()
        assert len(exports) == 2 and '"format": "print"' in exports[1]


def test_a_filtered_set_as_csv_and_as_a_printable_page(staff_user, database, clock, world):
    card = _card(database, clock, world, answers={**seed.NO, "arbeidet": True},
                 days={1: {"hours": "7,5"}})
    jobseeker = _generic(database, clock, world, "jobseeker")
    with database.session() as db:
        db.get(FormSubmission, jobseeker).inmate.name = "=HYPERLINK(\"x\")"
    staff_user.sign_in("adviser")
    text = staff_user.client.get("/forms/export.csv").get_data().decode("utf-8")
    lines = text[1:].splitlines()
    assert len(lines) == 3
    header = lines[0].split(";")
    assert "meldekort.day01.work" in header and "jobseeker.level" in header
    assert "'=HYPERLINK" in text
    by_reference = {line.split(";")[0]: line.split(";") for line in lines[1:]}
    with database.session() as db:
        reference = db.get(FormSubmission, card).reference
    assert by_reference[reference][header.index("meldekort.day01.work")] == "7,5"
    only = staff_user.client.get("/forms/export.csv?form=jobseeker").get_data(as_text=True)
    assert reference not in only
    html = staff_user.client.get("/forms/print?form=meldekort").get_data(as_text=True)
    assert html.count("data-print-record=") == 1 and reference in html


def test_meldekort_due(staff_user, database, clock, world):
    with database.session() as db:
        seed.plan(db, clock.now(), world, key="a")
        seed.plan(db, clock.now(), world, key="a2")
        seed.plan(db, clock.now(), world, key="b")
    _card(database, clock, world, key="a2")  # a2's open period is sent; the late one is not
    staff_user.sign_in("social_worker")
    html = staff_user.client.get("/forms/meldekort-due").get_data(as_text=True)
    assert html.count('data-due="A100"') == 2 and html.count('data-due="A200"') == 1
    assert 'data-due="B100"' not in html
    assert html.count('data-due-status="late"') == 2
    assert html.count('data-due-status="open"') == 1
    staff_user.post("/sign-out")
    staff_user.sign_in("school")
    assert staff_user.client.get("/forms/meldekort-due").status_code == 403


def test_changes_need_the_csrf_token(staff_user, database, clock, world):
    card = _card(database, clock, world)
    staff_user.sign_in("adviser")
    for path, data in ((f"/forms/{card}/register", {"nav_reference": "Nav-1"}),
                       (f"/forms/{card}/return", {"return_message": "Fiks tirsdag"}),
                       (f"/inmates/{world.inmates['a'].id}/benefit", {"stop": "1"})):
        assert staff_user.client.post(path, data=data).status_code == 400, path
    assert _status(database, card) == forms.SENT
    with database.session() as db:
        assert meldekort_plan.plan_of(db, seed.inmate(db, world)).active


def test_a_record_in_another_language_shows_bokmal_beside_each_question(staff_user, database,
                                                                        clock, world):
    """Issue 18: what the inmate saw stays in their language (Polish here); staff read
    bokmål's question beside it."""
    card = _card(database, clock, world, answers={**seed.NO, "syk": True},
                 days={3: {"ill": True}}, language="pl")
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/forms/{card}").get_data(as_text=True)
    assert 'lang="pl" data-snapshot' in html
    assert 'data-beside-nb="syk">Bokmål: Har du vært syk?</span>' in html
    assert "środa 18 lutego" in html  # the day in Polish, as the inmate saw it
    assert "Polski" in html  # the language named
