"""The meldekort on the kiosk per card type (issue 17): each card type's pages, questions,
day grid and errors, as NAV's card for it has them; the practice copy of each type.

The dagpenger card is tested in test_meldekort.py and test_meldekort_cards.py. The world's
clock is Monday 2 March 2026; the plan's periods start on Monday 2 February, so the period
of 16 February (2026-W08) is open on every card type.
"""
import re
from datetime import date

from sqlalchemy import select

from core.models import FormSubmission, Inmate
from core.services.forms import submissions as forms
from core.services.forms.meldekort import plan as meldekort_plan
from tests.kiosk.forms.test_meldekort import (FIRST, LATE, NO, OPEN, _card_id, _html, _post,
                                              _send, _sent_card, _start)

ARENA_NO = {k: v for k, v in NO.items() if k != "arbeidssoker"}


def _plan(database, clock, world, benefit, card_type, **decision):
    with database.session() as db:
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"],
                                db.get(Inmate, world.inmates["a"].id), benefit, FIRST,
                                card_type=card_type, **decision)


def _sent(database):
    with database.session() as db:
        submission = db.scalar(select(FormSubmission).order_by(FormSubmission.id.desc()))
        return submission.card_type, forms.snapshot_of(submission), forms.answers_of(submission)


def test_aap_in_arena_hides_question_5_and_corrects_with_a_reason_from_the_list(
        kiosk_user, database, clock, world):
    _plan(database, clock, world, "aap", "aap_arena")
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    page = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert 'data-card-type="aap_arena"' in page and 'name="arbeidssoker"' not in page
    assert 'name="annetFravaer"' in page and "data-unregister-warning" not in page
    refused = _html(_post(kiosk_user, card, "questions", {"arbeidet": "yes"}, expect=400))
    assert re.findall(r'data-error-for="([^"]+)"', refused) == ["kurs", "syk", "annetFravaer"]
    _post(kiosk_user, card, "questions", {**ARENA_NO, "arbeidet": "yes", "annetFravaer": "yes"})
    both = _html(_post(kiosk_user, card, "days", {"day-2-hours": "3", "day-2-absence": "yes"},
                       expect=400))
    assert "Tirsdag 17. februar: Du kan ikke både arbeide og ha ferie eller annet fravær" in both
    _post(kiosk_user, card, "days", {"day-2-hours": "0,5", "day-3-absence": "yes"})
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert 'data-answer="arbeidssoker"' not in check
    _send(kiosk_user, card)
    card_type, shot, answers = _sent(database)
    assert card_type == "aap_arena" and shot["fixed_answers"] == {"arbeidssoker": True}
    assert answers["card"]["answers"]["arbeidssoker"] is True
    # A correction on the Arena card: a reason from Nav's list.
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        forms.countersign(db, clock.now(), db.get(type(world.staff["officer"]),
                                                   world.staff["officer"].id), submission, "admin")
    fix = _card_id(_start(kiosk_user, OPEN, "correct"))
    _post(kiosk_user, fix, "questions", {**ARENA_NO, "arbeidet": "yes", "annetFravaer": "yes"})
    _post(kiosk_user, fix, "days", {"day-2-hours": "1", "day-3-absence": "yes"})
    reason = _html(kiosk_user.client.get(f"/forms/meldekort/d/{fix}/reason"))
    assert 'type="radio" id="reason" name="reason" value="wrong_hours"' in reason
    assert "<textarea" not in reason
    assert 'href="#reason"' in _html(_post(kiosk_user, fix, "reason", {"reason": "x"}, expect=400))
    _post(kiosk_user, fix, "reason", {"reason": "wrong_hours"})
    _send(kiosk_user, fix)
    with database.session() as db:
        assert db.scalar(select(FormSubmission.correction_reason).where(
            FormSubmission.kind == "correction")) == "wrong_hours"


def test_tiltakspenger_in_arena_refuses_illness_with_absence_only(kiosk_user, database, clock,
                                                                  world):
    _plan(database, clock, world, "tiltakspenger", "tiltakspenger_arena")
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    assert 'name="arbeidssoker"' not in _html(
        kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    _post(kiosk_user, card, "questions", {"arbeidet": "yes", "kurs": "no", "syk": "yes",
                                          "annetFravaer": "yes"})
    refused = _html(_post(kiosk_user, card, "days", {"day-1-hours": "4", "day-1-ill": "yes",
                                                     "day-2-ill": "yes", "day-2-absence": "yes"},
                          expect=400))
    assert re.findall(r'data-error-for="([^"]+)"', refused) == ["day-2-ill"]
    assert "når du får tiltakspenger" in refused
    _post(kiosk_user, card, "days", {"day-1-hours": "4", "day-1-ill": "yes", "day-3-absence": "yes"})
    _send(kiosk_user, card)
    assert _sent(database)[0] == "tiltakspenger_arena"


def test_the_new_aap_card_asks_work_and_absence_from_agreed_activities(kiosk_user, database,
                                                                       clock, world):
    _plan(database, clock, world, "aap", "aap_kelvin")
    kiosk_user.sign_in("A100")
    card = _card_id(_start(kiosk_user))
    page = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    for key in ("arbeidet", "avtalteAktiviteter", "fravaer"):
        assert f'name="{key}"' in page
    for key in ("kurs", "syk", "annetFravaer", "arbeidssoker"):
        assert f'name="{key}"' not in page
    assert 'data-asked-if="avtalteAktiviteter"' in page
    refused = _html(_post(kiosk_user, card, "questions", {"avtalteAktiviteter": "yes"},
                          expect=400))
    assert re.findall(r'data-error-for="([^"]+)"', refused) == ["arbeidet", "fravaer"]
    _post(kiosk_user, card, "questions", {"arbeidet": "yes", "avtalteAktiviteter": "yes",
                                          "fravaer": "yes"})
    grid = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/days"))
    assert 'id="day-1-hours"' in grid and '<select id="day-1-aap_absence"' in grid
    assert '<option value="illness">Sykdom eller skade</option>' in grid
    assert 'id="day-1-ill"' not in grid
    typed = {"day-1-hours": "25", "day-2-aap_absence": "holiday", "day-3-hours": "7,5"}
    bad = _html(_post(kiosk_user, card, "days", typed, expect=400))
    assert re.findall(r'data-error-for="([^"]+)"', bad) == ["day-1-hours", "day-2-aap_absence"]
    assert "Mandag 16. februar: Skriv fra 0 til 24 timer." in bad
    assert "Tirsdag 17. februar: Velg fra listen." in bad
    assert '<option value="holiday" selected>' in bad  # kept as posted
    _post(kiosk_user, card, "days", {"day-1-hours": "0,5", "day-2-aap_absence": "illness"})
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert "Sykdom eller skade" in check and 'data-answer="arbeidssoker"' not in check
    _send(kiosk_user, card)
    card_type, shot, answers = _sent(database)
    assert card_type == "aap_kelvin" and shot["grid"]["shown_rows"] == ["work", "aap_absence"]
    assert answers["card"]["days"][1]["aap_absence"] == "illness"
    assert "arbeidssoker" not in shot.get("fixed_answers", {})


def test_the_new_tiltakspenger_card_has_a_status_per_day_and_locked_days(
        kiosk_user, database, clock, world):
    """Eight days in the decision, which starts on Wednesday 18 February: the 16th and
    17th are locked; exactly eight days must be filled in."""
    _plan(database, clock, world, "tiltakspenger", "tiltakspenger_new",
          days_per_period=8, decision_from=date(2026, 2, 18))
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert "fredag 13. mars kl. 15:00" in periods  # the next period opens Friday at 15
    location = _start(kiosk_user)
    card = _card_id(location)
    assert kiosk_user.client.get(location).headers["Location"].endswith(f"/d/{card}/days")
    grid = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/days"))
    assert "Steg 1 av 2" in grid and "fyll ut akkurat så mange" in grid
    assert '<select id="day-1-status"' not in grid and 'id="day-1-status" data-locked' in grid
    assert grid.count('<select id="day-') == 12
    assert '<option value="took_part">Deltok på tiltaket</option>' in grid
    assert '<option value="no_right">' not in grid and '<option value="not_answered">' not in grid
    few = _html(_post(kiosk_user, card, "days", {"day-3-status": "took_part",
                                                 "day-4-status": "sleeping",
                                                 "day-1-status": "took_part"}, expect=400))
    # Fewer days than decided are allowed when the decision does not cover all 14 days
    # (tiltakspenger-meldekort utfyllingValidering.ts); a status not on the list is not.
    assert re.findall(r'data-error-for="([^"]+)"', few) == ["day-4-status"]
    assert "Torsdag 19. februar: Velg fra listen hva du gjorde denne dagen." in few
    assert '<option value="sleeping" selected>' in few
    many = {f"day-{n}-status": "took_part" for n in range(3, 13)}
    assert "Vedtaket ditt gir deg 8 dager" in _html(_post(kiosk_user, card, "days", many,
                                                          expect=400))
    eight = {**many, "day-11-status": "not_a_programme_day", "day-12-status": "ill"}
    eight["day-10-status"] = "not_a_programme_day"
    to_check = _post(kiosk_user, card, "days", eight)
    assert to_check.headers["Location"].endswith(f"/d/{card}/check")
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    assert 'data-day-status="took_part"' in check and "Syk" in check
    _send(kiosk_user, card)
    card_type, shot, answers = _sent(database)
    assert card_type == "tiltakspenger_new" and shot["decision"]["decided"] == 8
    assert [d.get("status") for d in answers["card"]["days"]][:4] == [
        "no_right", "no_right", "took_part", "took_part"]


def test_an_etterregistrering_card_asks_no_question_5_and_has_no_deadline(
        kiosk_user, database, clock, world):
    _plan(database, clock, world, "dagpenger", "dagpenger")
    with database.session() as db:
        from core.services.forms.meldekort import rules as mk

        meldekort_plan.create_etterregistrering(db, clock.now(), world.staff["adviser"],
                                                db.get(Inmate, world.inmates["a"].id),
                                                mk.Period(date(2026, 2, 2)), "Glemt i isolat.")
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert re.search(f'data-period="{LATE}" data-status="open">.*?data-no-deadline', periods, re.S)
    card = _card_id(_start(kiosk_user, LATE))
    page = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/questions"))
    assert 'name="arbeidssoker"' not in page and "data-etterregistrering" in page
    assert "data-late-notice" not in page
    _post(kiosk_user, card, "questions", ARENA_NO)
    _send(kiosk_user, card)
    card_type, shot, _answers = _sent(database)
    assert card_type == "etterregistrering" and not shot["late"]


def test_a_sent_card_of_each_type_shows_on_the_receipt(kiosk_user, database, clock, world):
    """The receipt and the periods say which card was sent."""
    _plan(database, clock, world, "aap", "aap_kelvin")
    sent = _sent_card(database, clock, world, answers={"arbeidet": False,
                                                       "avtalteAktiviteter": False})
    kiosk_user.sign_in("A100")
    periods = _html(kiosk_user.client.get("/forms/meldekort/"))
    assert re.search(f'data-period="{OPEN}" data-status="sent">.*?data-card-type="aap_kelvin"',
                     periods, re.S)
    assert "data-snapshot" in _html(kiosk_user.client.get(f"/forms/s/{sent}"))


def test_practice_offers_every_card_type(kiosk_user, database, clock, world):
    _plan(database, clock, world, "tiltakspenger", "tiltakspenger_new", days_per_period=10)
    kiosk_user.sign_in("A100")
    page = _html(kiosk_user.client.get("/forms/meldekort/"))
    for card_type in ("dagpenger", "aap_arena", "aap_kelvin", "tiltakspenger_arena",
                      "tiltakspenger_new"):
        assert f'name="card_type" value="{card_type}"' in page
    assert re.search(r'value="tiltakspenger_new"[^>]*checked', page)  # their own card first
    location = kiosk_user.post("/forms/meldekort/practice",
                               {"card_type": "tiltakspenger_new"}).headers["Location"]
    card = _card_id(location)
    grid = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/days"))
    assert "data-practice" in grid and grid.count('<select id="day-') == 14
    other = kiosk_user.post("/forms/meldekort/practice", {"card_type": "aap_kelvin"})
    other_card = _card_id(other.headers["Location"])
    assert 'name="avtalteAktiviteter"' in _html(
        kiosk_user.client.get(f"/forms/meldekort/d/{other_card}/questions"))
    assert kiosk_user.post("/forms/meldekort/practice", {"card_type": "etterregistrering"}
                           ).headers["Location"].endswith(f"/d/{other_card}/questions")
