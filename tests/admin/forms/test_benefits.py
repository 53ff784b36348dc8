"""An inmate's benefit and meldekort schedule, set from the inmate record."""
from datetime import date

from sqlalchemy import select

from core.models import AuditEvent, BenefitPlan
from tests.support import forms as seed


def _plan(database, world, key="a"):
    with database.session() as db:
        plan = db.get(BenefitPlan, world.inmates[key].id)
        return None if plan is None else (plan.benefit, plan.first_period, plan.active)


def test_the_record_shows_the_plan_to_advisers_and_social_workers(staff_user, database,
                                                                  clock, world):
    """Issue 14: a social worker only with the inmate's consent to meldekort help."""
    from core.models import Inmate
    from core.services.requests import consents

    with database.session() as db:
        seed.plan(db, clock.now(), world, benefit="aap")
    inmate = world.inmates["a"].id
    staff_user.sign_in("social_worker")
    html = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert "data-record-benefit" not in html and 'data-benefit="aap"' not in html
    assert staff_user.client.get(f"/inmates/{inmate}/benefit").status_code == 403
    with database.session() as db:
        given = consents.give(db, clock.now(), db.get(Inmate, inmate), "social_work",
                              "meldekort_help", "stay")
    html = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert 'data-benefit="aap"' in html and f'href="/inmates/{inmate}/benefit"' in html
    with database.session() as db:
        consents.withdraw_consent(db, clock.now(), db.get(Inmate, inmate), given.id)
    assert staff_user.client.get(f"/inmates/{inmate}/benefit").status_code == 403
    staff_user.post("/sign-out")
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert 'data-benefit="aap"' in html
    staff_user.post("/sign-out")
    for role in ("officer", "school"):
        staff_user.sign_in(role)
        html = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
        assert "data-record-benefit" not in html
        assert staff_user.client.get(f"/inmates/{inmate}/benefit").status_code == 403
        staff_user.post("/sign-out")


def test_set_and_stop_a_plan(staff_user, database, clock, world):
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/inmates/{inmate}/benefit").status_code == 200
    response = staff_user.post(f"/inmates/{inmate}/benefit",
                               {"benefit": "tiltakspenger", "first_period": "2026-02-16"})
    assert response.status_code == 302
    assert _plan(database, world) == ("tiltakspenger", date(2026, 2, 16), True)
    html = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert 'value="tiltakspenger" class="aksel-radio__input" data-standalone="false" checked' in html
    assert 'value="2026-02-16"' in html
    assert staff_user.post(f"/inmates/{inmate}/benefit", {"stop": "1"}).status_code == 302
    assert _plan(database, world) == ("tiltakspenger", date(2026, 2, 16), False)
    with database.session() as db:
        assert db.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "meldekort.plan")).all() == ["meldekort.plan"] * 2


def test_bad_input_keeps_what_was_typed(staff_user, database, clock, world):
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    for data, field in (({"benefit": "aap", "first_period": "2026-02-17"}, "first_period"),
                        ({"benefit": "aap", "first_period": "17.02.2026"}, "first_period"),
                        ({"benefit": "aap", "first_period": "tomorrow"}, "first_period"),
                        ({"benefit": "aap", "first_period": ""}, "first_period"),
                        ({"benefit": "lottery", "first_period": "2026-02-16"}, "benefit"),
                        ({"first_period": "2026-02-16"}, "benefit")):
        response = staff_user.post(f"/inmates/{inmate}/benefit", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, data
        assert f'href="#{field}' in html, data
        assert data["first_period"] in html
        if data["first_period"] == "2026-02-17":
            assert 'id="first_period-error"' in html and "2026-02-16" not in html
    assert _plan(database, world) is None


def test_another_prisons_inmate_is_not_found(staff_user, database, clock, world):
    staff_user.sign_in("adviser")
    other = world.inmates["b"].id
    assert staff_user.client.get(f"/inmates/{other}/benefit").status_code == 404
    response = staff_user.post(f"/inmates/{other}/benefit",
                               {"benefit": "aap", "first_period": "2026-02-16"})
    assert response.status_code == 404 and _plan(database, world, "b") is None
