"""Certificates in the staff app: the lookup by code (audited, prison-scoped), and the
lessons an inmate has completed on the inmate record."""
from sqlalchemy import select

from core.models import AuditEvent, Inmate
from core.services.learning import progress as learning
from core.services.learning.lessons import catalogue


def _complete(database, clock, world, key="a", module="terminal", wrong=0) -> None:
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        for index, step in enumerate(catalogue().modules[module].text("nb").steps):
            right = step.question.correct
            choice = (right + 1) % len(step.question.options) if index < wrong else right
            learning.answer(db, clock.now(), inmate, module, step.id, choice)


def _certificate(database, clock, world, key="a") -> str:
    _complete(database, clock, world, key)
    with database.session() as db:
        return learning.issue_certificate(db, clock.now(),
                                          db.get(Inmate, world.inmates[key].id)).code


def _verifications(database) -> list[AuditEvent]:
    with database.session() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "certificate.verify")
                               .order_by(AuditEvent.id)))


def test_staff_of_the_prison_see_the_whole_certificate(staff_user, database, clock, world):
    code = _certificate(database, clock, world)
    adviser = staff_user.sign_in("adviser")
    typed = f" {code[:5].lower()}-{code[5:]} "
    response = staff_user.client.get("/certificates/", query_string={"code": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-lookup="shown"' in html
    assert "Innsatt A100" in html and "A100" in html and world.prison.name in html
    assert catalogue().modules["terminal"].text("nb").title in html
    assert 'data-certificate-module="terminal"' in html and "100 %" in html
    assert f"{code[:5]}-{code[5:]}" in html
    assert f'href="/inmates/{world.inmates["a"].id}"' in html
    events = _verifications(database)
    assert [(e.actor_id, e.subject_type, e.subject_id) for e in events] == [
        (adviser.id, "inmate", world.inmates["a"].id)]


def test_staff_of_another_prison_learn_only_that_it_is_real(staff_user, database, clock, world):
    code = _certificate(database, clock, world)
    staff_user.sign_in("other_prison_admin")
    html = staff_user.client.get("/certificates/", query_string={"code": code}).get_data(
        as_text=True)
    assert 'data-lookup="elsewhere"' in html and world.prison.name in html
    assert "Innsatt A100" not in html and "data-certificate-module" not in html
    assert "data-certificate=" not in html
    assert len(_verifications(database)) == 1


def test_the_system_administrator_serves_every_prison(staff_user, database, clock, world):
    code = _certificate(database, clock, world)
    staff_user.sign_in("system_admin")
    html = staff_user.client.get("/certificates/", query_string={"code": code}).get_data(
        as_text=True)
    assert 'data-lookup="shown"' in html and "Innsatt A100" in html


def test_an_unknown_code_is_said_plainly_and_audited(staff_user, database, world):
    officer = staff_user.sign_in("officer")
    response = staff_user.client.get("/certificates/", query_string={"code": "ABCDE-12345"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-lookup="missing"' in html
    assert "Ingen bevis har denne koden" in html and 'value="ABCDE-12345"' in html
    events = _verifications(database)
    assert [(e.actor_id, e.subject_id) for e in events] == [(officer.id, None)]


def test_a_missing_or_malformed_code_is_a_400_with_an_error_summary(staff_user, database):
    staff_user.sign_in("trainer")
    assert staff_user.client.get("/certificates/").status_code == 200
    for typed in ("", "   ", "ABC<script>", "A" * 41):
        response = staff_user.client.get("/certificates/", query_string={"code": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, typed
        assert "data-bb-error-summary" in html and 'href="#code"' in html
    assert _verifications(database) == []


def test_the_home_page_offers_the_lookup(staff_user):
    staff_user.sign_in("officer")
    assert 'href="/certificates/"' in staff_user.client.get("/").get_data(as_text=True)


def test_advisers_see_the_completed_lessons_on_the_record(staff_user, database, clock, world):
    _complete(database, clock, world)
    _complete(database, clock, world, module="nav", wrong=4)
    code = _certificate(database, clock, world)
    with database.session() as db:
        learning.open_step(db, clock.now(), db.get(Inmate, world.inmates["a"].id), "login",
                           "idporten")
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert "data-record-learning" in html
    assert f"1 av {len(catalogue().modules)} kurs fullført" in html
    assert 'data-learning-module="terminal"' in html and "Fullført 2. mars 2026" in html
    assert 'data-learning-module="nav"' in html and "Under 80 %" in html
    assert 'data-learning-module="login"' in html and "0 av 7 steg besvart" in html
    assert 'data-learning-module="dialog"' not in html  # not started
    assert f'href="/certificates/?code={code}"' in html


def test_the_record_shows_lessons_only_to_advisers_and_social_workers(staff_user, database,
                                                                      clock, world):
    _complete(database, clock, world)
    for role, shown in (("social_worker", True), ("officer", False), ("trainer", False),
                        ("school", False), ("prison_admin", False)):
        staff_user.sign_in(role)
        html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(
            as_text=True)
        assert ("data-record-learning" in html) is shown, role
        staff_user.post("/sign-out")
