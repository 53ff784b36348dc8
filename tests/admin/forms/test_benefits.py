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
                               {"benefit": "tiltakspenger", "first_period": "2026-02-16",
                                "card_type": "tiltakspenger_arena"})
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
                        ({"first_period": "2026-02-16"}, "benefit"),
                        ({"benefit": "aap", "first_period": "2026-02-16",
                          "card_type": "dagpenger"}, "card_type"),
                        ({"benefit": "aap", "first_period": "2026-02-16",
                          "card_type": "etterregistrering"}, "card_type"),
                        ({"benefit": "tiltakspenger", "first_period": "2026-02-16",
                          "card_type": "tiltakspenger_new", "days_per_period": "15"},
                         "days_per_period"),
                        ({"benefit": "tiltakspenger", "first_period": "2026-02-16",
                          "card_type": "tiltakspenger_new", "days_per_period": "ti"},
                         "days_per_period"),
                        ({"benefit": "tiltakspenger", "first_period": "2026-02-16",
                          "card_type": "tiltakspenger_new", "days_per_period": "10",
                          "decision_from": "2026-03-01", "decision_to": "2026-02-01"},
                         "decision_to")):
        data = {"card_type": "aap_arena", **data}
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


def test_the_card_type_is_chosen_with_the_benefit(staff_user, database, clock, world):
    """Issue 17: every card type the benefit allows; the new tiltakspenger card with its
    decision; the record and the inmate's record show the card type."""
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    for card_type in ("dagpenger", "aap_arena", "aap_kelvin", "tiltakspenger_arena",
                      "tiltakspenger_new"):
        assert f'name="card_type" value="{card_type}"' in page
    assert 'value="etterregistrering"' not in page
    for benefit, card_type in (("job_seeker", "dagpenger"), ("aap", "aap_kelvin")):
        assert staff_user.post(f"/inmates/{inmate}/benefit", {
            "benefit": benefit, "first_period": "2026-02-16",
            "card_type": card_type}).status_code == 302
        with database.session() as db:
            assert db.get(BenefitPlan, inmate).card_type == card_type
    assert staff_user.post(f"/inmates/{inmate}/benefit", {
        "benefit": "tiltakspenger", "first_period": "2026-02-16", "card_type": "tiltakspenger_new",
        "days_per_period": "8", "decision_from": "18.02.2026", "decision_to": ""}
    ).status_code == 302
    with database.session() as db:
        plan = db.get(BenefitPlan, inmate)
        assert (plan.card_type, plan.days_per_period, plan.decision_from, plan.decision_to) == (
            "tiltakspenger_new", 8, date(2026, 2, 18), None)
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert 'data-card-type="tiltakspenger_new"' in page and "data-decision" in page
    record = staff_user.client.get(f"/inmates/{inmate}").get_data(as_text=True)
    assert 'data-card-type="tiltakspenger_new"' in record


def test_exemptions_are_recorded_and_withdrawn(staff_user, database, clock, world):
    """An exemption covering the late period of 2 February: no card due or late for it."""
    from core.models import MeldekortExemption

    with database.session() as db:
        seed.plan(db, clock.now(), world)
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    url = f"/inmates/{inmate}/benefit/exemptions"
    for data, field in (({"exemption-starts_on": "2026-02-02"}, "exemption-reason"),
                        ({"exemption-reason": "nav_decision"}, "exemption-starts_on"),
                        ({"exemption-reason": "other", "exemption-starts_on": "2026-02-02"},
                         "exemption-note"),
                        ({"exemption-reason": "nav_decision", "exemption-starts_on": "2026-02-10",
                          "exemption-ends_on": "2026-02-01"}, "exemption-ends_on"),
                        ({"exemption-reason": "nav_decision", "exemption-starts_on": "2.2.26x"},
                         "exemption-starts_on")):
        response = staff_user.post(url, data)
        assert response.status_code == 400, data
        assert f'href="#{field}"' in response.get_data(as_text=True), data
    assert staff_user.client.get("/forms/meldekort-due").get_data(as_text=True).count(
        'data-due-status="late"') == 1
    response = staff_user.post(url, {"exemption-reason": "health_institution",
                                     "exemption-starts_on": "2026-02-02",
                                     "exemption-ends_on": "15.02.2026",
                                     "exemption-note": "Innlagt på sykehus."})
    assert response.status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert "Innlagt på sykehus." in page and 'data-withdrawn="no"' in page
    assert 'data-due-status="late"' not in staff_user.client.get(
        "/forms/meldekort-due").get_data(as_text=True)
    with database.session() as db:
        exemption = db.scalar(select(MeldekortExemption))
        assert (exemption.reason, exemption.starts_on, exemption.ends_on) == (
            "health_institution", date(2026, 2, 2), date(2026, 2, 15))
    assert staff_user.post(f"{url}/{exemption.id}/withdraw").status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert 'data-withdrawn="yes"' in page
    assert staff_user.post(f"/inmates/{world.inmates['b'].id}/benefit/exemptions/"
                           f"{exemption.id}/withdraw").status_code == 404
    with database.session() as db:
        assert db.scalars(select(AuditEvent.action).where(AuditEvent.action.like(
            "meldekort.exemption%"))).all() == ["meldekort.exemption",
                                                "meldekort.exemption_withdrawn"]


def test_an_etterregistrering_card_for_a_period_with_none(staff_user, kiosk_user, database,
                                                          clock, world):
    """The period of 2 February is over with no card: the adviser makes an etterregistrering
    card, and the inmate finds it on the kiosk, without question 5 and without a deadline."""
    from core.models import MeldekortEtterregistrering

    with database.session() as db:
        seed.plan(db, clock.now(), world)
    inmate = world.inmates["a"].id
    staff_user.sign_in("adviser")
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert '<option value="2026-W06">' in page and '<option value="2026-W08">' in page
    url = f"/inmates/{inmate}/benefit/etterregistrering"
    for data, field in (({"etterregistrering-period": "2026-W06"}, "etterregistrering-reason"),
                        ({"etterregistrering-reason": "Glemt"}, "etterregistrering-period"),
                        ({"etterregistrering-period": "2026-W10",
                          "etterregistrering-reason": "Glemt"}, "etterregistrering-period")):
        response = staff_user.post(url, data)
        assert response.status_code == 400, data
        assert f'href="#{field}"' in response.get_data(as_text=True), data
    assert staff_user.post(url, {"etterregistrering-period": "2026-W06",
                                 "etterregistrering-reason": "Var i isolat."}).status_code == 302
    page = staff_user.client.get(f"/inmates/{inmate}/benefit").get_data(as_text=True)
    assert 'data-etterregistrering-period="2026-W06"' in page
    assert '<option value="2026-W06">' not in page
    with database.session() as db:
        assert db.scalar(select(MeldekortEtterregistrering.reason)) == "Var i isolat."
    kiosk_user.sign_in("A100")
    periods = kiosk_user.client.get("/forms/meldekort/").get_data(as_text=True)
    assert 'data-period="2026-W06" data-status="open"' in periods
    assert 'data-card-type="etterregistrering"' in periods
