"""The meldekort on the kiosk, the other kinds of card: a late card, a correction, a card
sent back by staff, practice, and a draft that survives signing out.

See tests/kiosk/forms/test_meldekort.py for the periods used (the world's clock is Monday 2
March 2026) and the helpers.
"""
import re

from sqlalchemy import func, select

from core.models import FormDraft, FormSubmission
from core.services.forms import submissions as forms
from tests.kiosk.forms.test_meldekort import (LATE, NO, OPEN, WORK_AND_ILL, _card_id, _html, _plan,
                                              _post, _send, _sent_card, _start)


def test_a_late_card_is_accepted_marked_late_and_its_cost_told(kiosk_user, database, clock,
                                                                 world):
    """Late is not etterregistrering: the inmate still answers question 5, and is told
    plainly before and after sending that the money stops until the card is sent."""
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert re.search(f'data-period="{LATE}" data-status="late">.*?data-late-consequence',
                     periods, re.S)
    card = _card_id(_start(kiosk_user, LATE))
    page = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert "data-late-notice" in page and "Fristen for dette meldekortet har gått ut." in page
    assert "Du får ikke penger fra meldedagen og fram til meldekortet er sendt." in page
    assert 'data-fixed="arbeidssoker"' not in page  # question 5 is the inmate's to answer
    refused = _post(kiosk_user, card, "questions", {**NO, "arbeidssoker": ""}, expect=400)
    assert 'data-error-for="arbeidssoker"' in _html(refused)
    _post(kiosk_user, card, "questions", NO)
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert "data-late-consequence" in check
    receipt = _html(kiosk_user.client.get(_send(kiosk_user, card)))
    assert "sendt etter fristen" in receipt and "data-late-consequence" in receipt
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        assert submission.late and forms.answers_of(submission)["card"]["answers"][
            "arbeidssoker"] is True
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert re.search(f'data-period="{LATE}" data-status="awaiting_countersignature">.*?'
                     r"data-sent-late", periods, re.S)


def test_a_sent_card_is_corrected_once_with_a_reason_in_words(kiosk_user, database, clock,
                                                                world):
    """The dagpenger card asks a correction's reason in free text (dp-rapportering)."""
    _plan(database, clock, world)
    original = _sent_card(database, clock, world)
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert f'action="/forms/meldekort/p/{OPEN}/correct"' in periods
    card = _card_id(_start(kiosk_user, OPEN, "correct"))
    questions = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert "data-correcting" in questions and 'data-fixed="arbeidssoker"' in questions
    to_grid = _post(kiosk_user, card, "questions", {**NO, "arbeidet": "yes"})
    assert to_grid.headers["Location"].endswith("/days")
    to_reason = _post(kiosk_user, card, "days", {"day-3-hours": "6"})
    assert to_reason.headers["Location"].endswith(f"/d/{card}/reason")
    reason = _html(kiosk_user.client.get(to_reason.headers["Location"]))
    assert '<textarea id="reason" name="reason"' in reason
    refused = _post(kiosk_user, card, "reason", {"reason": "   "}, expect=400)
    assert 'href="#reason"' in _html(refused) and "Skriv hvorfor" in _html(refused)
    too_long = _html(_post(kiosk_user, card, "reason", {"reason": "x" * 501}, expect=400))
    assert "x" * 501 in too_long  # kept as typed
    _post(kiosk_user, card, "reason", {"reason": "Jeg glemte timene onsdag."})
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert 'data-reason="free_text"' in check and "Jeg glemte timene onsdag." in check
    assert f"/d/{card}/questions?change=1#arbeidssoker" not in check  # fixed: no change link
    _send(kiosk_user, card)
    with database.session() as db:
        fixed = db.scalar(select(FormSubmission).where(FormSubmission.kind == "correction"))
        assert (fixed.previous_id, fixed.correction_reason, fixed.late) == (
            original, "free_text", False)
        assert forms.snapshot_of(fixed)["correction_reason"] == "Jeg glemte timene onsdag."
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert 'data-correction="awaiting_countersign"' in periods
    assert f'action="/forms/meldekort/p/{OPEN}/correct"' not in periods
    again = kiosk_user.post(f"/forms/meldekort/p/{OPEN}/correct")
    assert again.status_code == 400 and "aksel-alert--error" in _html(again)
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0


def test_a_card_sent_back_by_staff_is_filled_in_again(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    original = _sent_card(database, clock, world)
    with database.session() as db:
        # Staff return cards from the staff app (another engineer's pages); here the
        # submission is set to returned directly, as that page would.
        submission = db.get(FormSubmission, original)
        submission.status, submission.return_message = "returned", "Du glemte timene tirsdag."
        submission.returned_at = clock.now()
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert f'data-period="{OPEN}" data-status="returned"' in periods
    assert "Du glemte timene tirsdag." in periods
    location = _start(kiosk_user, OPEN, "again")
    card = _card_id(location)
    page = _html(kiosk_user.client.get(location))
    assert "data-return-message" in page and "data-correcting" not in page
    assert re.search(r'id="arbeidet-1" name="arbeidet" value="no"[^>]* checked', page)
    _post(kiosk_user, card, "questions", {**NO, "arbeidet": "yes"})
    _post(kiosk_user, card, "days", {"day-2-hours": "5"})
    _send(kiosk_user, card)
    with database.session() as db:
        again = db.scalar(select(FormSubmission).where(FormSubmission.kind == "resubmission"))
        assert again.previous_id == original and again.status == "awaiting_countersign"


def test_practice_is_marked_on_every_page_and_stores_nothing(kiosk_user, database):
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/meldekort/practice").headers["Location"]
    card = _card_id(location)
    assert "data-practice" in _html(kiosk_user.client.get(location))
    _post(kiosk_user, card, "questions", {**WORK_AND_ILL, "arbeidssoker": "no"})
    grid = _html(_post(kiosk_user, card, "days", {"day-1-hours": "1,25"}, expect=400))
    assert "data-practice" in grid
    _post(kiosk_user, card, "days", {"day-1-hours": "1,5", "day-2-ill": "yes"})
    check = kiosk_user.client.get(f"/forms/meldekort/d/{card}/check")
    assert "data-practice" in _html(check)
    key = re.search(r'name="submit_key" value="([^"]+)"', _html(check)).group(1)
    done = _post(kiosk_user, card, "check", {"submit_key": key, "confirm": "yes"}, expect=200)
    assert "data-practice" in _html(done) and "data-snapshot" in _html(done)
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0


def test_stopping_practice_deletes_it(kiosk_user, database):
    kiosk_user.sign_in("A100")
    card = _card_id(kiosk_user.post("/forms/meldekort/practice").headers["Location"])
    _post(kiosk_user, card, "questions", NO)
    assert "Fortsett å øve" in _html(kiosk_user.client.get("/forms/meldekort/"))
    assert kiosk_user.post("/forms/meldekort/practice").headers["Location"].endswith(
        f"/forms/meldekort/d/{card}/check")  # a practice begun continues where it stopped
    assert kiosk_user.post(f"/forms/meldekort/d/{card}/discard").status_code == 302
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0


def test_a_draft_survives_sign_out_and_a_terminal_swap(kiosk_user, database, clock, world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    _post(kiosk_user, card, "questions", WORK_AND_ILL)
    saved = kiosk_user.post(f"/forms/meldekort/d/{card}/autosave",
                            {"page": "grid", "day-5-hours": "6,5", "day-6-ill": "yes"},
                            headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "Lagret" in _html(saved)
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100", terminal="a2")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert "Fortsett der du slapp" in periods
    resumed = _start(kiosk_user)
    assert resumed.endswith(f"/forms/meldekort/d/{card}/days")
    page = _html(kiosk_user.client.get(resumed))
    assert 'name="day-5-hours" value="6,5"' in page
    assert re.search(r'name="day-6-ill" value="yes"[^>]* checked', page)
    assert kiosk_user.post(f"/forms/meldekort/d/{card}/autosave", {"page": "nonsense"}
                           ).status_code == 400


def test_a_retried_confirm_shows_the_first_receipt(kiosk_user, database, world, clock):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    _post(kiosk_user, card, "questions", NO)
    page = kiosk_user.client.get(f"/forms/meldekort/d/{card}/check").get_data(as_text=True)
    key = re.search(r'name="submit_key" value="([^"]+)"', page).group(1)
    first = _post(kiosk_user, card, "check", {"confirm": "yes", "submit_key": key})
    again = _post(kiosk_user, card, "check", {"confirm": "yes", "submit_key": key})
    assert first.headers["Location"] == again.headers["Location"]
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 1
