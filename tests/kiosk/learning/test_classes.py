"""Joining a trainer's class on the kiosk, and the class's notice on the lesson steps."""
from datetime import timedelta

import pytest
from flask import g, render_template_string
from sqlalchemy import select

from core.models import ClassParticipant, Inmate, LessonClass, ModuleProgress, StaffUser
from core.services.learning import classes
from core.services.learning.lessons import catalogue
from tests.conftest import csrf_from

MODULE = catalogue().modules["terminal"]
STEPS = MODULE.text("nb").steps
BACKGROUND = {"HX-Request": "true", "X-Brobygger-Background": "1"}


def _class(database, clock, world, **changes) -> LessonClass:
    with database.session() as db:
        trainer = db.get(StaffUser, world.staff["trainer"].id)
        lesson_class = classes.create(db, clock.now(), trainer, "terminal", world.prison.id,
                                      changes.get("starts_at", clock.now()))
        db.expunge(lesson_class)
        return lesson_class


def _trainer_does(database, clock, world, class_id, action, *args):
    with database.session() as db:
        trainer = db.get(StaffUser, world.staff["trainer"].id)
        action(db, clock.now(), trainer, db.get(LessonClass, class_id), *args)


def _join(kiosk_user, code):
    return kiosk_user.post("/lessons/join", {"code": code})


def _participants(database):
    with database.session() as db:
        return [(p.class_id, p.inmate_id) for p in db.scalars(select(ClassParticipant))]


def test_joining_takes_the_inmate_to_the_class_step(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    page = kiosk_user.client.get("/lessons/join")
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)
    response = _join(kiosk_user, lesson_class.join_code.lower())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/lessons/terminal/steps/{STEPS[0].id}")
    assert _participants(database) == [(lesson_class.id, world.inmates["a"].id)]
    with database.session() as db:
        progress = db.scalars(select(ModuleProgress)).one()
        assert progress.class_id == lesson_class.id
    # The join page now leads back to the class.
    html = kiosk_user.client.get("/lessons/join").get_data(as_text=True)
    assert "data-joined-classes" in html and f"/lessons/terminal/steps/{STEPS[0].id}" in html


def test_joining_after_the_trainer_sent_the_class_on(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    _trainer_does(database, clock, world, lesson_class.id, classes.send_to_step, STEPS[2].id)
    kiosk_user.sign_in("A100")
    response = _join(kiosk_user, lesson_class.join_code)
    assert response.headers["Location"].endswith(f"/lessons/terminal/steps/{STEPS[2].id}")


@pytest.mark.parametrize("code, problem", [
    ("", "Skriv koden"), ("AB", "6"), ("ZZZZZZ", "Ingen klasse")])
def test_bad_codes_are_explained_and_kept(kiosk_user, database, clock, world, code, problem):
    lesson_class = _class(database, clock, world)
    if code == lesson_class.join_code:
        code = "YYYYYY"
    kiosk_user.sign_in("A100")
    response = _join(kiosk_user, code)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "data-bb-error-summary" in html
    assert 'id="code-error"' in html and problem in html and f'value="{code}"' in html
    assert _participants(database) == []


def test_an_expired_code_says_so(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    clock.advance(minutes=16)
    kiosk_user.sign_in("A100")
    response = _join(kiosk_user, lesson_class.join_code)
    assert response.status_code == 400
    assert "virker ikke lenger" in response.get_data(as_text=True)


def test_an_inmate_of_another_prison_cannot_join(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("B100", terminal="b")
    response = _join(kiosk_user, lesson_class.join_code)
    assert response.status_code == 400 and "Ingen klasse" in response.get_data(as_text=True)
    assert _participants(database) == []


def test_too_many_wrong_codes_are_throttled(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    for _ in range(classes.CODE_FAILURE_LIMIT):
        _join(kiosk_user, "QQQQQQ" if lesson_class.join_code != "QQQQQQ" else "RRRRRR")
    response = _join(kiosk_user, lesson_class.join_code)
    assert response.status_code == 400 and "15 minutter" in response.get_data(as_text=True)
    assert _participants(database) == []


def test_joining_needs_sign_in_and_the_csrf_token(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.use_terminal("a")
    assert kiosk_user.client.get("/lessons/join").status_code == 302
    kiosk_user.sign_in("A100")
    response = kiosk_user.client.post("/lessons/join", data={"code": lesson_class.join_code})
    assert response.status_code == 400 and _participants(database) == []


def _status(kiosk_user, step=STEPS[0].id, **query):
    return kiosk_user.client.get(f"/lessons/class/terminal/{step}", query_string=query,
                                 headers=BACKGROUND)


def test_the_status_follows_the_trainer(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    _join(kiosk_user, lesson_class.join_code)
    here = STEPS[0].id
    # Nothing changed since the page was shown: nothing to swap.
    assert _status(kiosk_user, seen="", state="0:").status_code == 204
    _trainer_does(database, clock, world, lesson_class.id, classes.set_paused, True)
    paused = _status(kiosk_user, seen="", state="0:")
    html = paused.get_data(as_text=True)
    assert paused.status_code == 200 and "data-class-paused" in html and "<html" not in html
    assert "state=1:" in html and "seen=&" in html
    _trainer_does(database, clock, world, lesson_class.id, classes.send_to_step, STEPS[4].id)
    # Paused: no move yet. Going on: the kiosk moves to the step it was sent to.
    assert "HX-Redirect" not in _status(kiosk_user, seen="", state="1:").headers
    _trainer_does(database, clock, world, lesson_class.id, classes.set_paused, False)
    moved = _status(kiosk_user, seen="", state="1:")
    assert moved.headers["HX-Redirect"].endswith(f"/lessons/terminal/steps/{STEPS[4].id}")
    # Someone who went back by themselves after the move sees a link, and stays.
    notice = _status(kiosk_user, seen=STEPS[4].id, state="0:")
    html = notice.get_data(as_text=True)
    assert "HX-Redirect" not in notice.headers
    assert f'data-class-moved="{STEPS[4].id}"' in html and f"/lessons/terminal/steps/{STEPS[4].id}" \
        in html
    assert here != STEPS[4].id
    # The class ends: htmx is told to stop asking.
    _trainer_does(database, clock, world, lesson_class.id, classes.end)
    assert _status(kiosk_user, seen=STEPS[4].id, state="0:" + STEPS[4].id).status_code == 286


def test_polling_does_not_keep_the_session_alive_but_marks_the_inmate_seen(
        kiosk_user, database, clock, world, settings):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    _join(kiosk_user, lesson_class.join_code)
    clock.advance(seconds=settings.kiosk_idle_seconds - 30)
    assert _status(kiosk_user, seen="", state="0:").status_code == 204
    with database.session() as db:
        seen = db.get(ClassParticipant, (lesson_class.id, world.inmates["a"].id)).last_seen_at
        assert seen == clock.now()
    clock.advance(seconds=40)
    response = kiosk_user.client.get("/lessons/join")
    assert response.status_code == 302 and "ended=idle" in response.headers["Location"]


def test_without_javascript_the_status_is_a_page(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    none_yet = kiosk_user.client.get(f"/lessons/class/terminal/{STEPS[0].id}")
    assert none_yet.status_code == 200 and "/lessons/join" in none_yet.get_data(as_text=True)
    _join(kiosk_user, lesson_class.join_code)
    _trainer_does(database, clock, world, lesson_class.id, classes.set_paused, True)
    page = kiosk_user.client.get(f"/lessons/class/terminal/{STEPS[0].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and "data-class-paused" in html
    assert kiosk_user.client.get("/lessons/class/terminal/nope").status_code == 200
    assert kiosk_user.client.get("/lessons/class/nope/touch").status_code == 200


def test_the_partial_on_a_step_page(kiosk_app, database, clock, world):
    """The lessons' step page includes the partial with module, step and g.inmate."""
    lesson_class = _class(database, clock, world)
    source = '{% include "kiosk/lessons/_class.html" ignore missing %}<p>step</p>'
    # The step page records progress, so its request may write once it has passed the
    # access check (core.web.app: write_from_here).
    with kiosk_app.test_request_context("/lessons/terminal/touch", method="POST"):
        kiosk_app.extensions["brobygger"].write_from_here()
        db = kiosk_app.extensions["brobygger"].db_session()
        g.inmate = db.get(Inmate, world.inmates["a"].id)
        assert render_template_string(source, module=MODULE, step=STEPS[0]).strip() \
            == "<p>step</p>"
        classes.join(db, clock.now(), g.inmate, lesson_class.join_code)
        _trainer_does_in(db, clock, world, lesson_class, STEPS[2].id)
        html = render_template_string(source, module=MODULE, step=STEPS[0])
        assert 'id="bb-class"' in html and "Trainer" in html and MODULE.text("nb").title in html
        assert f'data-class-moved="{STEPS[2].id}"' in html
        assert "every 10s" in html and "X-Brobygger-Background" in html
        assert f"seen={STEPS[2].id}" in html
        db.rollback()


def _trainer_does_in(db, clock, world, lesson_class, step_id):
    trainer = db.get(StaffUser, world.staff["trainer"].id)
    classes.send_to_step(db, clock.now(), trainer, db.get(LessonClass, lesson_class.id),
                         step_id)


def test_a_class_that_has_not_started(kiosk_user, database, clock, world):
    lesson_class = _class(database, clock, world, starts_at=clock.now() + timedelta(hours=3))
    kiosk_user.sign_in("A100")
    response = _join(kiosk_user, lesson_class.join_code)
    assert response.status_code == 400 and "ikke begynt" in response.get_data(as_text=True)
    assert csrf_from(response)


def test_every_step_of_the_class_module_opens_for_a_participant(kiosk_user, database, clock,
                                                                 world):
    """Issue 11, fault 1: a step page is a GET (a read-only transaction); showing the class
    notes the participant's last-seen time, which must wait for the closing write."""
    lesson_class = _class(database, clock, world)
    kiosk_user.sign_in("A100")
    assert _join(kiosk_user, lesson_class.join_code).status_code == 302
    for step in STEPS:
        clock.advance(seconds=5)
        page = kiosk_user.client.get(f"/lessons/terminal/steps/{step.id}")
        assert page.status_code == 200, step.id
        assert 'id="bb-class"' in page.get_data(as_text=True)
        with database.session() as db:
            participant = db.get(ClassParticipant, (lesson_class.id, world.inmates["a"].id))
            assert participant.last_seen_at == clock.now()
