"""The meldekort on the kiosk: periods, the card's steps, errors named per day, the
combinations refused for the inmate's benefit, countersigning, CSRF and who may see what.
Late cards, corrections, returned cards, practice and drafts: test_meldekort_cards.py.

The world's clock is Monday 2 March 2026. With periods from Monday 2 February, the period
of 16 February (2026-W08) is open, the one of 2 February (2026-W06) is late (its deadline
was 23 February) and the one of 2 March (2026-W10) is not open yet.
"""
import re
from datetime import date
from urllib.parse import urlparse

from sqlalchemy import func, select

from core.models import FormDraft, FormSubmission, Inmate, StaffUser, Terminal
from core.security import totp
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, plan as meldekort_plan, rules as mk
from tests.conftest import csrf_from
from tests.support.statements import recorded, selects
from tests.support.world import PASSWORD

FIRST = date(2026, 2, 2)
OPEN, LATE, NEXT = "2026-W08", "2026-W06", "2026-W10"
NO = {"arbeidet": "no", "kurs": "no", "syk": "no", "annetFravaer": "no", "arbeidssoker": "yes"}
WORK_AND_ILL = {**NO, "arbeidet": "yes", "syk": "yes"}


def _plan(database, clock, world, benefit="dagpenger", key="a"):
    with database.session() as db:
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"],
                                db.get(Inmate, world.inmates[key].id), benefit, FIRST)


def _start(kiosk_user, period=OPEN, action="start"):
    response = kiosk_user.post(f"/forms/meldekort/p/{period}/{action}")
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return response.headers["Location"]


def _card_id(location):
    return int(re.search(r"/forms/meldekort/d/(\d+)/", location).group(1))


def _post(kiosk_user, card, page, data, expect=302, **query):
    url = f"/forms/meldekort/d/{card}/{page}" + ("?change=1" if query.get("change") else "")
    response = kiosk_user.post(url, data)
    assert response.status_code == expect, response.get_data(as_text=True)[:3000]
    return response


def _send(kiosk_user, card):
    """Confirm the card on its check page; the receipt's URL."""
    check = kiosk_user.client.get(f"/forms/meldekort/d/{card}/check")
    assert check.status_code == 200, check.headers.get("Location")
    key = re.search(r'name="submit_key" value="([^"]+)"', check.get_data(as_text=True)).group(1)
    sent = _post(kiosk_user, card, "check", {"submit_key": key, "confirm": "yes"})
    assert "/forms/s/" in sent.headers["Location"]
    return sent.headers["Location"]


def _countersign_on_terminal(kiosk_user, receipt, officer, clock, password=PASSWORD):
    clock.advance(seconds=30)
    return kiosk_user.post(receipt + "/countersign", {
        "username": officer.username, "password": password,
        "code": totp.code_at(officer.totp_secret, clock.now())})


def _sent_card(database, clock, world, period_start=date(2026, 2, 16), answers=None):
    """A card of inmate a, confirmed and countersigned through the services."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        draft = mf.start(db, clock.now(), inmate, None, mk.Period(period_start))
        card = mf.card_of(draft).as_dict()
        card["answers"].update(answers or {k: v == "yes" for k, v in NO.items()})
        forms.save(db, clock.now(), draft, {"card": card})
        submission = mf.confirm(db, clock.now(), inmate, draft, language="nb",
                                terminal=db.get(Terminal, world.terminals["a"].id),
                                supervisor_id=None, submit_key=None)
        forms.countersign(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                          submission, "admin")
        return submission.id


def _html(response):
    return response.get_data(as_text=True)


# The periods ------------------------------------------------------------------------------

def test_the_periods_page_and_the_tile_show_what_is_due(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    tile = _html(kiosk_user.client.get("/forms/"))
    assert "data-meldekort-tile" in tile and 'data-due="2"' in tile
    assert "/forms/meldekort/" in tile
    page = _html(kiosk_user.client.get("/forms/meldekort/"))
    statuses = re.findall(r'data-period="([^"]+)" data-status="([^"]+)"', page)
    assert statuses == [(NEXT, "not_yet_open"), (OPEN, "open"), (LATE, "late")]
    assert "lørdag 14. mars" in page  # W10 opens on its Saturday
    assert "mandag 9. mars" in page  # W08's deadline
    assert f'action="/forms/meldekort/p/{OPEN}/start"' in page
    assert f'action="/forms/meldekort/p/{NEXT}/start"' not in page
    # A period that is not open cannot be started; one not in the schedule does not exist.
    assert _start(kiosk_user, NEXT).endswith("/forms/meldekort/")
    assert kiosk_user.post("/forms/meldekort/p/2025-W10/start").status_code == 404
    assert kiosk_user.post("/forms/meldekort/p/nonsense/start").status_code == 404


def test_without_a_plan_the_inmate_is_told_and_can_practise(kiosk_user):
    kiosk_user.sign_in("A100")
    assert 'data-due="' not in _html(kiosk_user.client.get("/forms/"))
    page = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert "data-no-plan" in page and "data-periods" not in page
    assert 'action="/forms/meldekort/practice"' in page
    assert kiosk_user.post(f"/forms/meldekort/p/{OPEN}/start").status_code == 404


# A card, start to end ----------------------------------------------------------------------

def test_work_hours_and_a_sick_day_sent_and_countersigned_on_the_terminal(
        kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user)
    card = _card_id(location)
    assert location.endswith(f"/forms/meldekort/d/{card}/questions")
    questions = _html(kiosk_user.client.get(location))
    assert "Har du vært i arbeid de siste 14 dagene?" in questions  # the definition's text
    assert "16. februar – 1. mars 2026 (uke 8 og 9)" in questions
    to_grid = _post(kiosk_user, card, "questions", WORK_AND_ILL)
    assert to_grid.headers["Location"].endswith(f"/d/{card}/days")
    grid = _html(kiosk_user.client.get(to_grid.headers["Location"]))
    assert grid.count('data-grid-week="') == 2
    assert 'id="day-1-hours"' in grid and 'id="day-14-ill"' in grid
    assert 'id="day-1-course"' not in grid and 'id="day-1-absence"' not in grid  # "no" rows
    assert 'list="mk-hours"' in grid and 'inputmode="decimal"' in grid
    assert '<option value="0,5">' in grid and '<option value="24">' in grid
    assert 'aria-labelledby="mk-day-2 mk-w1-work"' in grid  # announced by day and row
    to_check = _post(kiosk_user, card, "days", {"day-1-hours": "7,5", "day-2-hours": "8",
                                                 "day-4-ill": "yes"})
    assert to_check.headers["Location"].endswith(f"/d/{card}/check")
    check = _html(kiosk_user.client.get(to_check.headers["Location"]))
    assert "7,5" in check and f"/d/{card}/days?change=1" in check
    assert f"/d/{card}/questions?change=1#arbeidet" in check
    assert "Jeg bekrefter at opplysningene jeg har gitt, er riktige." in check
    refused = kiosk_user.post(f"/forms/meldekort/d/{card}/check", {"submit_key": "k"})
    assert refused.status_code == 400 and 'href="#confirm"' in _html(refused)
    receipt = _send(kiosk_user, card)
    shown = _html(kiosk_user.client.get(receipt))
    assert 'data-status="awaiting_countersign"' in shown
    done = _countersign_on_terminal(kiosk_user, receipt, world.staff["officer"], clock)
    assert done.status_code == 302
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        assert (submission.status, submission.countersigned_via, submission.kind) == (
            "sent", "terminal", "original")
        answers = forms.answers_of(submission)["card"]
        assert answers["days"][0]["hours"] == "7.5" and answers["days"][3]["ill"] is True
        assert forms.snapshot_of(submission)["grid"]["shown_rows"] == ["work", "ill"]
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert f'data-period="{OPEN}" data-status="sent"' in periods


def test_every_kind_of_error_is_shown_named_per_day_and_kept(kiosk_user, database, clock,
                                                              world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    empty = _post(kiosk_user, card, "questions", {"arbeidet": "yes"}, expect=400)
    page = _html(empty)
    assert "data-bb-error-summary" in page
    assert [f for f in re.findall(r'data-error-for="([^"]+)"', page)] == [
        "kurs", "syk", "annetFravaer", "arbeidssoker"]
    assert "Svar ja eller nei: Har du vært syk?" in page
    assert re.search(r'id="arbeidet" name="arbeidet" value="yes"[^>]* checked', page)
    _post(kiosk_user, card, "questions", {**WORK_AND_ILL, "kurs": "yes"})
    typed = {"day-2-hours": "7,3", "day-3-hours": "abc", "day-9-hours": "25",
             "day-10-hours": "-1", "day-5-hours": "7,5"}
    bad = _post(kiosk_user, card, "days", typed, expect=400)
    page = _html(bad)
    assert re.findall(r'data-error-for="([^"]+)"', page) == [
        "day-1-course", "day-1-ill", "day-2-hours", "day-3-hours", "day-9-hours",
        "day-10-hours"]
    assert "Tirsdag 17. februar: Du kan bare skrive hele eller halve timer." in page
    assert "Onsdag 18. februar: Skriv timene som et tall, for eksempel 7,5." in page
    # The dagpenger card: 0.5 to 24 hours on a day worked (dp-rapportering).
    assert ("Onsdag 25. februar: Skriv fra 0,5 til 24 timer på en dag du arbeidet, eller la "
            "dagen stå tom.") in page
    assert "Kryss av for minst én dag du var syk" in page
    for field, text in typed.items():
        assert f'name="{field}" value="{text}"' in page  # kept exactly as typed
    assert re.search(r'id="day-2-hours"[^>]*aria-invalid="true" aria-describedby="day-2-hours-error"',
                     page)
    assert 'id="day-2-hours-error"' in page
    kiosk_user.post("/language", {"lang": "en"})
    english = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/days"))
    assert 'value="7,3"' in english  # the draft kept it
    assert "16 February – 1 March 2026" in english and "Tuesday 17 February" in english
    again = _html(_post(kiosk_user, card, "days", typed, expect=400))
    assert "Tuesday 17 February: you can only enter whole or half hours." in again
    assert "Tick at least one day you were ill" in again


def test_a_combination_is_refused_for_the_card_type(kiosk_user, database, clock, world):
    """The dagpenger card refuses work with illness; a card not yet sent follows the plan
    when staff change it; the AAP card in Arena refuses illness with absence."""
    _plan(database, clock, world, benefit="dagpenger")
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    _post(kiosk_user, card, "questions", WORK_AND_ILL)
    same_day = {"day-3-hours": "4", "day-3-ill": "yes"}
    refused = _html(_post(kiosk_user, card, "days", same_day, expect=400))
    assert re.findall(r'data-error-for="([^"]+)"', refused) == ["day-3-hours"]
    assert ("Onsdag 18. februar: Du kan ikke både arbeide og være syk samme dag når du får "
            "dagpenger.") in refused
    assert re.search(r'name="day-3-ill" value="yes"[^>]* checked', refused)  # kept
    _plan(database, clock, world, benefit="aap")  # staff change the benefit
    accepted = _post(kiosk_user, card, "days", same_day)
    assert accepted.headers["Location"].endswith(f"/d/{card}/check")
    _post(kiosk_user, card, "questions", {**WORK_AND_ILL, "annetFravaer": "yes"},
          change=True)
    both = _html(_post(kiosk_user, card, "days", {**same_day, "day-3-absence": "yes"},
                       expect=400))
    assert 'data-card-type="aap_arena"' in both
    assert "Du kan ikke både være syk og ha ferie eller annet fravær samme dag når du får AAP." in both
    assert "Du kan ikke både arbeide og ha ferie eller annet fravær" in both
    assert "arbeide og være syk" not in both


def test_the_grid_is_skipped_when_every_answer_is_no(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    to_check = _post(kiosk_user, card, "questions", NO)
    assert to_check.headers["Location"].endswith(f"/d/{card}/check")
    skipped = kiosk_user.client.get(f"/forms/meldekort/d/{card}/days")
    assert skipped.status_code == 302 and skipped.headers["Location"].endswith("/check")
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert "data-grid-week" not in check and "Steg 2 av 2" in check
    _send(kiosk_user, card)
    with database.session() as db:
        assert forms.snapshot_of(db.scalar(select(FormSubmission)))["grid"] is None


def test_no_to_question_5_shows_the_warning_and_needs_no_confirmation(kiosk_user, database,
                                                                      clock, world):
    """The dagpenger card asks question 5 and warns on "no", with no extra step."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    questions = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert "data-unregister-warning" in questions
    to_check = _post(kiosk_user, card, "questions", {**NO, "arbeidssoker": "no"})
    assert to_check.headers["Location"].endswith(f"/d/{card}/check")
    again = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert re.search(r'aksel-alert--warning[^>]*>.*?data-unregister-warning', again, re.S)
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert "data-unregister-warning" in check
    assert "blir du ikke lenger registrert som arbeidssøker" in check
    _send(kiosk_user, card)
    with database.session() as db:
        shot = forms.snapshot_of(db.scalar(select(FormSubmission)))
        assert "unregister" not in shot and shot["unregister_warning"]
        assert shot["steps"][0]["items"][4]["shown"] == "Nei"


def test_another_inmates_card_draft_and_submission_do_not_exist(kiosk_user, database, clock,
                                                                 world):
    _plan(database, clock, world)
    sent = _sent_card(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user, LATE))
    kiosk_user.post("/sign-out")
    _plan(database, clock, world, key="a2")
    kiosk_user.sign_in("A200", terminal="a2")
    for page in ("questions", "days", "reason", "check"):
        assert kiosk_user.client.get(f"/forms/meldekort/d/{card}/{page}").status_code == 404
        assert kiosk_user.post(f"/forms/meldekort/d/{card}/{page}", NO).status_code == 404
    assert kiosk_user.post(f"/forms/meldekort/d/{card}/autosave",
                           {"page": "questions", **NO}).status_code == 404
    assert kiosk_user.post(f"/forms/meldekort/d/{card}/discard").status_code == 404
    assert kiosk_user.client.get(f"/forms/s/{sent}").status_code == 404
    assert kiosk_user.client.get(f"/forms/s/{sent}/countersign").status_code == 404
    # A200's own period of 16 February has no card: nothing to correct or fill in again.
    assert kiosk_user.post(f"/forms/meldekort/p/{OPEN}/correct").status_code == 404
    assert kiosk_user.post(f"/forms/meldekort/p/{OPEN}/again").status_code == 404
    with database.session() as db:
        draft = db.get(FormDraft, card)
        assert draft is not None and mf.card_of(draft).answers.arbeidet is None
        assert db.get(FormSubmission, sent).status == "sent"


def test_a_card_is_not_sent_without_a_countersignature(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    _post(kiosk_user, card, "questions", NO)
    receipt = _send(kiosk_user, card)
    wrong = _countersign_on_terminal(kiosk_user, receipt, world.staff["officer"], clock,
                                     password="not the password")
    assert wrong.status_code == 400
    elsewhere = _countersign_on_terminal(kiosk_user, receipt, world.staff["other_officer"],
                                         clock)
    assert elsewhere.status_code == 400
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        assert (submission.status, submission.received_at) == ("awaiting_countersign", None)
        assert db.scalar(select(func.count()).select_from(FormSubmission).where(
            FormSubmission.status.in_(forms.RECEIVED))) == 0
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert f'data-period="{OPEN}" data-status="awaiting_countersignature"' in periods
    assert f'href="{urlparse(receipt).path}/countersign"' in periods


def test_a_post_without_the_csrf_token_changes_nothing(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    for path in (f"/forms/meldekort/d/{card}/questions", f"/forms/meldekort/d/{card}/autosave",
                 f"/forms/meldekort/p/{OPEN}/start", "/forms/meldekort/practice"):
        response = kiosk_user.client.post(path, data={**NO, "page": "questions"})
        assert response.status_code == 400
    with database.session() as db:
        assert mf.card_of(db.get(FormDraft, card)).answers.arbeidet is None
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 1


def test_a_card_request_reads_what_the_rules_need_once(kiosk_user, database, clock, world):
    """Each page of a card, its autosave and its check read the card's context (its
    etterregistrering, the period's sent cards, the plan, the exemptions) once: the rules
    checked after a save use the context read for it (issue 20: a step's POST read it
    three times). So does the periods page."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    base = f"/forms/meldekort/d/{card}"
    token = csrf_from(kiosk_user.client.get(f"{base}/questions"))
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    for method, path, data, status in (
            ("POST", f"{base}/autosave", {"page": "questions", "arbeidet": "yes"}, 200),
            ("POST", f"{base}/questions", WORK_AND_ILL, 302),
            ("POST", f"{base}/days", {"day-1-hours": "7,5", "day-4-ill": "yes"}, 302),
            ("GET", f"{base}/check", None, 200),
            ("GET", "/forms/meldekort/", None, 200)):
        with recorded(database.engine) as statements:
            response = kiosk_user.client.open(path, method=method, headers=headers,
                                              data={**data, "csrf_token": token} if data else None)
        assert response.status_code == status, (path, response.get_data(as_text=True)[:500])
        read = selects(statements)
        for table in ("meldekort_etterregistrering", "meldekort_exemption", "benefit_plan"):
            assert sum(f"from {table} " in s for s in read) == 1, (method, path, table)


def test_a_card_page_reads_its_card_type_in_one_statement(kiosk_user, database, clock, world):
    """The card type's facts, the adviser's etterregistrering and the type of a card
    already sent for the period, are read in one statement of columns, not as two queries
    of whole rows (issue 20: a card page and each autosave read them both); with the
    session, the draft, the plan and the exemptions, a card page sends five selects."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    base = f"/forms/meldekort/d/{card}"
    token = csrf_from(kiosk_user.client.get(f"{base}/questions"))
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    for method, path, data in (("GET", f"{base}/questions", None),
                               ("POST", f"{base}/autosave", {"page": "questions"})):
        with recorded(database.engine) as statements:
            response = kiosk_user.client.open(path, method=method, headers=headers,
                                              data={**data, "csrf_token": token} if data else None)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
        read = selects(statements)
        together = [s for s in read if "from meldekort_etterregistrering" in s]
        assert len(together) == 1 and "from form_submission" in together[0], (path, read)
        assert len(read) == 5, (path, read)


def test_the_periods_page_reads_each_list_of_drafts_once(kiosk_user, database, clock, world):
    """The periods page asked for the inmate's drafts in three places and for the practice
    draft in two, and read each list again each time (issue 20)."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    _start(kiosk_user)
    with recorded(database.engine) as statements:
        assert kiosk_user.client.get("/forms/meldekort/").status_code == 200
    drafts = [s for s in selects(statements) if "from form_draft" in s]
    assert len(drafts) == 2 and sum("practice is 1" in s or "practice = true" in s
                                    for s in drafts) == 1, drafts


def test_a_card_page_parses_the_card_once_for_each_version(kiosk_user, database, clock, world,
                                                            monkeypatch):
    """The day grid's page looked at the card nine times, parsing the draft each time;
    now once for each version of the draft's data: once on a page, twice on a save (before
    and after it)."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    _post(kiosk_user, card, "questions", WORK_AND_ILL)
    parsed = []
    original = mk.Card.from_dict.__func__
    monkeypatch.setattr(mk.Card, "from_dict",
                        classmethod(lambda cls, data: parsed.append(1) or original(cls, data)))
    assert kiosk_user.client.get(f"/forms/meldekort/d/{card}/days").status_code == 200
    assert len(parsed) == 1
    token = csrf_from(kiosk_user.client.get(f"/forms/meldekort/d/{card}/days"))
    parsed.clear()
    saved = kiosk_user.client.post(f"/forms/meldekort/d/{card}/days", data={
        "day-1-hours": "7,5", "day-2-hours": "8", "day-4-ill": "yes", "csrf_token": token})
    assert saved.status_code == 302 and len(parsed) == 2
    parsed.clear()
    assert kiosk_user.client.get(f"/forms/meldekort/d/{card}/check").status_code == 200
    assert len(parsed) == 1
