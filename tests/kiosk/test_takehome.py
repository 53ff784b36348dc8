"""The inmate's side of issue 15's hand-over: the take-home sheet on the kiosk, the
consents to the home Nav office for the whole stay, and the hand-over under "Who has
received information about me"."""
from datetime import date, time

from sqlalchemy import select

from core.models import Consent, Inmate, StaffUser
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.release import handover as ho, handover_follow_up
from core.services.release import plan_changes
from core.services.requests import consents

NOTE = "Plannotat som aldri skal vises"


def _prepared(database, clock, world):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
            nav_office="Nav Grünerløkka", phone="55551111", address="Thorvald Meyers gate 1"))
        handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                           day=date(2026, 6, 2), at=time(10),
                                           place="Nav Grünerløkka", what="Første samtale")
        plan_changes.set_item(db, clock.now(), adviser, inmate, "jobseeker_registration",
                              plan_changes.ItemChange(status="in_progress", owner="adviser", note=NOTE))


def test_the_sheet_on_the_kiosk_from_home_and_min_plan(kiosk_user, database, clock, world):
    _prepared(database, clock, world)
    kiosk_user.sign_in("A100")
    assert "/after-release/" in kiosk_user.client.get("/home").get_data(as_text=True)
    assert "/after-release/" in kiosk_user.client.get("/plan/").get_data(as_text=True)
    html = kiosk_user.client.get("/after-release/").get_data(as_text=True)
    assert "Etter løslatelsen" in html and "Første samtale" in html
    assert "Thorvald Meyers gate 1" in html and "data-takehome-jobseeker" in html
    assert NOTE not in html


def test_the_sheet_follows_the_kiosk_language(kiosk_user, database, clock, world):
    _prepared(database, clock, world)
    kiosk_user.sign_in("A100")
    kiosk_user.post("/language", {"lang": "en", "next": "/"})
    html = kiosk_user.client.get("/after-release/").get_data(as_text=True)
    assert "After release" in html and "Bring this" in html


def test_consents_to_the_home_nav_office_for_the_stay(kiosk_user, database):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/requests/consents").get_data(as_text=True)
    for purpose in ("handover", "plan", "claims"):
        assert f'data-standing="{purpose}"' in page
    assert "hvem du er, datoene for løslatelsen" in page.lower() or "release dates" in page
    kiosk_user.post("/requests/consents/give", {"recipient": "home_nav", "purpose": "plan"})
    with database.session() as db:
        assert [(c.recipient, c.purpose, c.scope) for c in db.scalars(select(Consent))] == [
            ("home_nav", "plan", "stay")]


def test_the_hand_over_shows_under_who_has_received_information(kiosk_user, database, clock,
                                                                 world):
    _prepared(database, clock, world)
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        for purpose in ("handover", "plan"):
            consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
        ho.made(db, clock.now(), adviser, ho.build(db, clock.now(), adviser, inmate.id), "pdf")
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/requests/disclosures").get_data(as_text=True)
    assert 'data-disclosure="release_handover"' in html
    assert "Overlevering før løslatelse" in html and "Nav Grünerløkka" in html
    assert 'data-class="release_plan"' in html and 'data-class="release_dates"' in html
    assert 'data-class="form_type"' not in html  # claims were not agreed to
