"""Min plan for løslatelsen on the kiosk (issue 15): only items visible to the inmate,
never a staff note; asking for help files a request to the right team."""
from datetime import date, time

from sqlalchemy import select

from core.models import Inmate, Request, StaffUser
from core.services.release import handover_follow_up
from core.services.release import plan as release_plan, plan_changes


def _plan(database, clock, world):
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        inmate = db.get(Inmate, world.inmates["a"].id)
        plan_changes.set_item(db, clock.now(), adviser, inmate, "cv", plan_changes.ItemChange(
            "done", "adviser", note="INTERNT-NOTAT"))
        plan_changes.set_item(db, clock.now(), adviser, inmate, "debt_advice",
                              plan_changes.ItemChange("in_progress", "social_worker",
                                                      visible_to_inmate=False))


def test_the_inmate_sees_the_plan_without_notes_or_hidden_items(kiosk_user, database, clock,
                                                                 world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    home = kiosk_user.client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/plan/"' in home
    html = kiosk_user.client.get("/plan/").get_data(as_text=True)
    assert 'data-item="cv"' in html and 'data-item="debt_advice"' not in html
    assert "INTERNT-NOTAT" not in html
    assert "data-plan-next" in html and "data-plan-done" in html


def test_asking_for_housing_help_files_a_request_once(kiosk_user, database, world):
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/plan/").get_data(as_text=True)
    key = page.split('name="submit_key" value="')[1].split('"')[0]
    data = {"choice": "housing", "text": "Jeg har ikke noe sted å bo", "submit_key": key}
    first = kiosk_user.post("/plan/help", data)
    assert first.status_code == 302 and first.headers["Location"].endswith("/receipt")
    again = kiosk_user.post("/plan/help", data)  # a double click
    assert again.headers["Location"] == first.headers["Location"]
    with database.session() as db:
        found = db.scalars(select(Request)).all()
        assert [(r.topic, r.team, r.description) for r in found] == [
            ("housing", "social_worker", "Jeg har ikke noe sted å bo")]
        plan = release_plan.find_plan(db, db.get(Inmate, world.inmates["a"].id))
        assert next(i for i in release_plan.items_for(db, plan)
                    if i.code == "housing_office_contacted").request_id == found[0].id
    html = kiosk_user.client.get("/plan/").get_data(as_text=True)
    asked = html.split('data-item="housing_office_contacted"')[1].split("</li>")[0]
    assert "data-asked" in asked


def test_a_choice_is_required(kiosk_user, world):
    kiosk_user.sign_in("A100")
    response = kiosk_user.post("/plan/help", {"choice": "", "text": "hei"})
    assert response.status_code == 400 and "hei" in response.get_data(as_text=True)


def test_innsyn_on_the_kiosk_shows_the_plan_with_the_staff_note(kiosk_user, database, clock,
                                                                world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/me/data").get_data(as_text=True)
    assert "Min løslatelsesplan" in html and "INTERNT-NOTAT" in html  # innsyn shows all
    assert "CV-en din" in html and "Løslatelsesplanen din ble startet" in html


def test_income_benefits_speak_of_applied_for_in_both_languages(kiosk_user, database, clock,
                                                                 world):
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        inmate = db.get(Inmate, world.inmates["a"].id)
        plan_changes.set_item(db, clock.now(), adviser, inmate, "aap",
                              plan_changes.ItemChange("in_progress", "adviser"))
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/plan/").get_data(as_text=True)
    assert "Søkt." in html.split('data-item="aap"')[1].split("</li>")[0]
    kiosk_user.post("/language", {"lang": "en", "next": "/"})
    html = kiosk_user.client.get("/plan/").get_data(as_text=True)
    assert "Applied for." in html.split('data-item="aap"')[1].split("</li>")[0]


def test_the_appointments_after_release_are_on_min_plan(kiosk_user, database, clock, world):
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        handover_follow_up.add_appointment(db, clock.now(), adviser, world.inmates["a"].id,
                                           day=date(2026, 6, 2), at=time(10),
                                           place="Nav Grünerløkka",
                                           address="Thorvald Meyers gate 1", what="Første samtale")
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/plan/").get_data(as_text=True)
    after = html.split("data-plan-after-release")[1].split("</section>")[0]
    assert "Nav Grünerløkka" in after and "Thorvald Meyers gate 1" in after
    assert "Første samtale" in after and "2. juni 2026" in after
