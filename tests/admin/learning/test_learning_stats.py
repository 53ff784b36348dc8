"""Learning statistics in the staff app: charts with their numbers, the stalled, scope."""
from datetime import timedelta

import pytest

from core.models import Inmate, StaffUser
from core.services.learning import classes, progress as learning
from core.services.learning.lessons import catalogue

STEPS = catalogue().modules["terminal"].text("nb").steps


def _progress(database, clock, world):
    with database.session() as db:
        a = db.get(Inmate, world.inmates["a"].id)
        for step in STEPS:
            learning.answer(db, clock.now(), a, "terminal", step.id, step.question.correct)
        a2 = db.get(Inmate, world.inmates["a2"].id)
        trainer = db.get(StaffUser, world.staff["trainer"].id)
        lesson_class = classes.create(db, clock.now(), trainer, "nav", world.prison.id,
                                      clock.now())
        classes.join(db, clock.now(), a2, lesson_class.join_code)  # the trainer's own
        learning.open_step(db, clock.now() - timedelta(days=20), a2, "nav", "what")


@pytest.mark.parametrize("role", ["trainer", "prison_admin", "system_admin"])
def test_the_statistics_with_charts_tables_and_the_stalled(staff_user, database, clock, world,
                                                           role):
    _progress(database, clock, world)
    staff_user.sign_in(role)
    response = staff_user.client.get("/learning/statistics/",
                                     query_string={"prison": world.prison.id})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" id="chart-') == 2
    assert "data-learning-months" in html and 'data-module="terminal"' in html
    assert "data-learning-stalled" in html and "Innsatt A200 (A200)" in html
    assert "<script" not in html.split("</head>")[1]


def test_all_prisons_for_the_system_administrator(staff_user, database, clock, world):
    _progress(database, clock, world)
    staff_user.sign_in("system_admin")
    html = staff_user.client.get("/learning/statistics/").get_data(as_text=True)
    assert "data-learning-prisons" in html and world.other_prison.name in html


def test_another_prison_is_not_found_and_bad_input_is_explained(staff_user, world):
    staff_user.sign_in("prison_admin")
    assert staff_user.client.get("/learning/statistics/", query_string={
        "prison": world.other_prison.id}).status_code == 404
    response = staff_user.client.get("/learning/statistics/", query_string={"prison": "x"})
    assert response.status_code == 400 and "data-bb-error-summary" in response.get_data(
        as_text=True)


@pytest.mark.parametrize("role", ["officer", "adviser", "social_worker", "school"])
def test_others_are_refused(staff_user, role):
    staff_user.sign_in(role)
    assert staff_user.client.get("/learning/statistics/").status_code == 403


def test_a_trainer_is_told_the_names_are_their_own_classes_participants(admin_app, database,
                                                                        clock, world):
    from tests.conftest import AdminHelper

    _progress(database, clock, world)
    for role, told in (("trainer", True), ("prison_admin", False)):
        user = AdminHelper(admin_app.test_client(), world, clock)
        user.sign_in(role)
        html = user.client.get("/learning/statistics/").get_data(as_text=True)
        assert ("Navn vises bare for deltakerne i dine egne klasser." in html) \
            is told
