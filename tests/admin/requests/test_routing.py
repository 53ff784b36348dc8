"""Routing rules, the prison's lead, and staff coverage in the staff app."""
from datetime import timedelta

from sqlalchemy import select

from core.models import AuditEvent, Inmate, Request, StaffUser, TopicRule
from core.services.requests import escalations, filing as requests, routing


def test_the_routing_page_lists_every_topic_with_its_standard(staff_user, world):
    staff_user.sign_in("prison_admin")
    page = staff_user.client.get(f"/prisons/{world.prison.id}/routing")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("data-topic=") == 20
    assert f"/prisons/{world.prison.id}/routing/dagpenger" in html
    assert f"/prisons/{world.prison.id}/routing" in staff_user.client.get(
        f"/prisons/{world.prison.id}").get_data(as_text=True)


def test_a_rule_is_saved_and_used_for_new_requests(staff_user, database, clock, world):
    staff_user.sign_in("prison_admin")
    url = f"/prisons/{world.prison.id}/routing/dagpenger"
    form = staff_user.client.get(url).get_data(as_text=True)
    assert 'value="adviser" selected' in form
    response = staff_user.post(url, {"team": "social_worker", "assign_by": "none",
                                     "first_response_days": "1", "resolution_days": "4"})
    assert response.status_code == 302
    with database.session() as db:
        rule = db.scalar(select(TopicRule))
        assert (rule.topic, rule.team, rule.first_response_days) == ("dagpenger",
                                                                     "social_worker", 1)
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              requests.Draft(topic="dagpenger"))
        assert filed.team == "social_worker"
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "routing.save"))


def test_bad_rules_keep_what_was_typed(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    url = f"/prisons/{world.prison.id}/routing/dagpenger"
    response = staff_user.post(url, {"team": "adviser", "assign_by": "none",
                                     "first_response_days": "abc", "resolution_days": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#first_response_days"' in html
    assert 'value="abc"' in html
    response = staff_user.post(url, {"team": "adviser", "assign_by": "none",
                                     "first_response_days": "5", "resolution_days": "2"})
    assert response.status_code == 400 and 'href="#resolution_days"' in response.get_data(
        as_text=True)
    response = staff_user.post(url, {"team": "officer", "assign_by": "magic",
                                     "first_response_days": "1", "resolution_days": "2"})
    assert response.status_code == 400
    with database.session() as db:
        assert db.scalar(select(TopicRule)) is None


def test_unknown_topics_and_other_prisons_do_not_exist(staff_user, world):
    staff_user.sign_in("prison_admin")
    assert staff_user.client.get(f"/prisons/{world.prison.id}/routing/health").status_code == 404
    assert staff_user.client.get(f"/prisons/{world.other_prison.id}/routing").status_code == 404
    assert staff_user.post(f"/prisons/{world.other_prison.id}/lead",
                           {"lead": 0}).status_code == 404


def test_the_lead_is_chosen_among_the_prisons_staff_and_sees_late_requests(
        staff_user, database, clock, world):
    staff_user.sign_in("prison_admin")
    url = f"/prisons/{world.prison.id}/lead"
    other = world.staff["other_officer"].id
    assert staff_user.post(url, {"lead": other}).status_code == 400  # not a choice here
    assert staff_user.post(url, {"lead": world.staff["adviser"].id}).status_code == 302
    with database.session() as db:
        assert routing.lead_of(db, world.prison.id).id == world.staff["adviser"].id
        late = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                             requests.Draft(topic="dagpenger"))
        escalations.tick(db, clock.now() + timedelta(days=7))
        reference = late.reference
    clock.advance(days=7)
    staff_user.sign_in("adviser")
    home = staff_user.client.get("/").get_data(as_text=True)
    assert "data-escalated" in home and reference in home


def test_staff_coverage_is_saved_and_checked(staff_user, database, world):
    staff_user.sign_in("prison_admin")
    adviser = world.staff["adviser"]
    url = f"/staff/{adviser.id}"
    data = {"name": adviser.name, "roles": ["adviser"], "prisons": [world.prison.id],
            "active": "y"}
    bad = staff_user.post(url, {**data, "areas": "0301, 9999", "languages": ["pl"]})
    assert bad.status_code == 400 and 'href="#areas"' in bad.get_data(as_text=True)
    assert "0301, 9999" in bad.get_data(as_text=True)
    with database.session() as db:
        assert routing.areas_of(db, adviser.id) == []
    assert staff_user.post(url, {**data, "areas": "0301 46", "languages": ["pl", "en"]}
                           ).status_code == 302
    with database.session() as db:
        assert routing.areas_of(db, adviser.id) == ["0301", "46"]
        assert routing.languages_of(db, adviser.id) == ["en", "pl"]
        assert db.get(StaffUser, adviser.id).active
    page = staff_user.client.get(url).get_data(as_text=True)
    assert 'value="0301, 46"' in page


def test_officers_and_advisers_cannot_change_routing(admin_app, world, clock):
    from tests.conftest import AdminHelper

    for who in ("officer", "adviser"):
        helper = AdminHelper(admin_app.test_client(), world, clock)
        helper.sign_in(who)
        assert helper.client.get(f"/prisons/{world.prison.id}/routing").status_code == 403


def test_the_receipt_states_the_prisons_promise(staff_user, kiosk_user, database, clock, world):
    with database.session() as db:
        routing.save_rule(db, clock.now(), world.staff["prison_admin"], world.prison.id,
                          "dagpenger", routing.Route(routing.Role.ADVISER,
                                                     first_response_days=3, resolution_days=9))
        filed = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              requests.Draft(topic="dagpenger"))
    kiosk_user.sign_in("A100")
    receipt = kiosk_user.client.get(f"/requests/{filed.id}/receipt").get_data(as_text=True)
    assert "3 virkedager" in receipt
    with database.session() as db:
        assert db.get(Request, filed.id).first_response_days == 3
