"""A trainer's classes in the staff app: create, the live class, sending everyone to a
step, pausing, a new code, ending, the printable summary; nobody else gets in."""
import json

import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate, LessonClass, Role, StaffUser
from core.services.learning import classes, progress as learning
from core.services.people import staff as staff_service
from core.services.learning.lessons import catalogue
from tests.support.world import PASSWORD

STEPS = catalogue().modules["terminal"].text("nb").steps


def _class(database, clock, world, trainer_key="trainer", joined=("a",)) -> LessonClass:
    with database.session() as db:
        trainer = db.get(StaffUser, world.staff[trainer_key].id)
        lesson_class = classes.create(db, clock.now(), trainer, "terminal", world.prison.id,
                                      clock.now())
        for key in joined:
            classes.join(db, clock.now(), db.get(Inmate, world.inmates[key].id),
                         lesson_class.join_code)
        db.expunge(lesson_class)
        return lesson_class


def _reload(database, class_id) -> LessonClass:
    with database.session() as db:
        lesson_class = db.get(LessonClass, class_id)
        db.expunge(lesson_class)
        return lesson_class


def _form(**changes):
    return {"module": "terminal", "prison_id": "", "day": "2026-03-02", "starts": "10:30",
            **changes}


def test_a_trainer_creates_a_class_and_gets_a_code(staff_user, database, world):
    staff_user.sign_in("trainer")
    page = staff_user.client.get("/classes/")
    assert page.status_code == 200 and "data-no-classes" in page.get_data(as_text=True)
    response = staff_user.post("/classes/", _form(prison_id=world.prison.id))
    assert response.status_code == 302
    with database.session() as db:
        lesson_class = db.scalars(select(LessonClass)).one()
        # 10:30 in Oslo is 09:30 UTC in March.
        assert (lesson_class.module, lesson_class.starts_at.hour, lesson_class.trainer_id) == (
            "terminal", 9, world.staff["trainer"].id)
    assert response.headers["Location"].endswith(f"/classes/{lesson_class.id}")
    html = staff_user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'data-join-code="{lesson_class.join_code}"' in html
    assert "data-no-participants" in html
    listing = staff_user.client.get("/classes/").get_data(as_text=True)
    assert f'data-class="{lesson_class.id}"' in listing


def test_bad_input_keeps_what_was_typed(staff_user, database, world):
    staff_user.sign_in("trainer")
    response = staff_user.post("/classes/", _form(module="", day="", starts="10:45"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "data-bb-error-summary" in html
    assert 'href="#module"' in html and 'href="#day"' in html
    assert 'value="10:45"' in html
    response = staff_user.post("/classes/", _form(prison_id=world.prison.id, starts="08:00"))
    assert response.status_code == 400 and 'id="starts-error"' in response.get_data(as_text=True)
    response = staff_user.post("/classes/", _form(prison_id=world.other_prison.id))
    assert response.status_code == 400 and 'id="prison_id-error"' in response.get_data(
        as_text=True)
    response = staff_user.post("/classes/", _form(prison_id=world.prison.id, module="nope"))
    assert response.status_code == 400 and 'id="module-error"' in response.get_data(as_text=True)
    with database.session() as db:
        assert db.scalars(select(LessonClass)).all() == []


def test_the_live_class_shows_participants_and_is_audited(staff_user, database, clock, world):
    lesson_class = _class(database, clock, world, joined=("a", "a2"))
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        learning.answer(db, clock.now(), inmate, "terminal", STEPS[0].id,
                        STEPS[0].question.correct)
    staff_user.sign_in("trainer")
    html = staff_user.client.get(f"/classes/{lesson_class.id}").get_data(as_text=True)
    assert 'data-participant="A100"' in html and 'data-participant="A200"' in html
    assert 'data-answers="1/1"' in html and "hx-get" in html
    # Nothing but name, number and progress: no unit, release date or municipality.
    assert "Avdeling 1" not in html and "2026-06-01" not in html and "0301" not in html
    partial = staff_user.client.get(f"/classes/{lesson_class.id}/live",
                                    headers={"HX-Request": "true",
                                             "X-Brobygger-Background": "1"})
    body = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "<html" not in body and 'id="class-live"' in body
    full = staff_user.client.get(f"/classes/{lesson_class.id}/live")
    assert "<html" in full.get_data(as_text=True)
    with database.session() as db:
        events = db.scalars(select(AuditEvent).where(
            AuditEvent.subject_type == "lesson_class",
            AuditEvent.action.in_(["class.view", "class.live"])).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["class.view", "class.live", "class.view"]
        assert len(json.loads(events[0].detail)["inmates"]) == 2


def test_send_everyone_to_a_step_pause_and_continue(staff_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    staff_user.sign_in("trainer")
    base = f"/classes/{lesson_class.id}"
    assert staff_user.post(f"{base}/step", {"step": STEPS[3].id}).status_code == 302
    assert _reload(database, lesson_class.id).step == STEPS[3].id
    html = staff_user.client.get(base).get_data(as_text=True)
    assert f'data-class-step="{STEPS[3].id}"' in html and "aksel-alert--success" in html
    response = staff_user.post(f"{base}/step", {"step": "nope"})
    assert response.status_code == 400 and 'id="step-error"' in response.get_data(as_text=True)
    assert staff_user.post(f"{base}/pause", {"paused": "1"}).status_code == 302
    assert _reload(database, lesson_class.id).paused
    assert 'data-class-status="running-paused"' in staff_user.client.get(base).get_data(
        as_text=True)
    assert staff_user.post(f"{base}/pause", {"paused": "0"}).status_code == 302
    assert not _reload(database, lesson_class.id).paused


def test_a_new_code_and_ending_the_class(staff_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    staff_user.sign_in("trainer")
    base = f"/classes/{lesson_class.id}"
    clock.advance(minutes=20)
    assert "data-code-expired" in staff_user.client.get(base).get_data(as_text=True)
    assert staff_user.post(f"{base}/code").status_code == 302
    renewed = _reload(database, lesson_class.id)
    assert classes.code_works(renewed, clock.now())
    assert staff_user.post(f"{base}/end").status_code == 302
    ended = _reload(database, lesson_class.id)
    assert ended.ended_at == clock.now() and not classes.code_works(ended, clock.now())
    html = staff_user.client.get(base).get_data(as_text=True)
    assert 'data-class-status="ended"' in html and "/step" not in html
    staff_user.post(f"{base}/pause", {"paused": "1"})
    assert not _reload(database, lesson_class.id).paused
    assert "aksel-alert--error" in staff_user.client.get(base).get_data(as_text=True)


def test_the_printable_summary_shows_attendance_and_completion(staff_user, database, clock,
                                                                world):
    lesson_class = _class(database, clock, world, joined=("a", "a2"))
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for step in STEPS:
            learning.answer(db, clock.now(), inmate, "terminal", step.id, step.question.correct)
    staff_user.sign_in("trainer")
    response = staff_user.client.get(f"/classes/{lesson_class.id}/summary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "data-bb-print" in html
    assert 'data-attended="2"' in html and '<dd data-completed="1">' in html
    assert 'data-completed="yes"' in html and 'data-completed="no"' in html
    with database.session() as db:
        assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "class.summary"))


@pytest.fixture
def other_trainer(database, clock, world, hasher):
    with database.session() as db:
        user = staff_service.create(db, clock.now(), None, staff_service.StaffData(
            "trainer-2", "Trainer To", {Role.TRAINER}, {world.prison.id}), PASSWORD, hasher)
        user.totp_secret = world.staff["trainer"].totp_secret
        user.totp_confirmed_at = clock.now()
        db.flush()
        world.staff["trainer_2"] = user
        db.expunge(user)
    return user


def test_another_trainers_class_does_not_exist(staff_user, database, clock, world,
                                               other_trainer):
    theirs = _class(database, clock, world, trainer_key="trainer_2")
    staff_user.sign_in("trainer")
    assert f'data-class="{theirs.id}"' not in staff_user.client.get("/classes/").get_data(
        as_text=True)
    base = f"/classes/{theirs.id}"
    for path in (base, f"{base}/live", f"{base}/summary"):
        assert staff_user.client.get(path).status_code == 404
    for path, data in ((f"{base}/step", {"step": STEPS[1].id}), (f"{base}/pause",
                                                                  {"paused": "1"}),
                       (f"{base}/code", {}), (f"{base}/end", {})):
        assert staff_user.post(path, data).status_code == 404
    unchanged = _reload(database, theirs.id)
    assert (unchanged.step, unchanged.paused, unchanged.ended_at) == (None, False, None)


@pytest.mark.parametrize("role", ["officer", "adviser", "prison_admin"])
def test_officers_advisers_and_administrators_are_refused(staff_user, database, clock, world,
                                                          role):
    lesson_class = _class(database, clock, world)
    staff_user.sign_in(role)
    assert staff_user.client.get("/classes/").status_code == 403
    assert staff_user.client.get(f"/classes/{lesson_class.id}").status_code == 403
    assert staff_user.post(f"/classes/{lesson_class.id}/end").status_code == 403
    assert "/classes/" not in staff_user.client.get("/").get_data(as_text=True)


def test_actions_need_the_csrf_token(staff_user, database, clock, world):
    lesson_class = _class(database, clock, world)
    staff_user.sign_in("trainer")
    response = staff_user.client.post(f"/classes/{lesson_class.id}/end")
    assert response.status_code == 400
    response = staff_user.client.post("/classes/", data=_form(prison_id=world.prison.id,
                                                              csrf_token="forged"))
    assert response.status_code == 400
    assert _reload(database, lesson_class.id).ended_at is None
