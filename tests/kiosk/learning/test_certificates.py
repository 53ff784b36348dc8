"""My certificates on the kiosk: getting one, the printable page, and only one's own."""
import re
from datetime import timedelta

from sqlalchemy import select

from core.models import Certificate, Inmate, LessonClass, StaffUser
from core.services.learning import progress as learning
from core.services.learning.lessons import catalogue


def _complete(database, clock, world, key="a", module="terminal", class_id=None):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        steps = catalogue().modules[module].text("nb").steps
        learning.open_step(db, clock.now(), inmate, module, steps[0].id, class_id=class_id)
        for step in steps:
            learning.answer(db, clock.now(), inmate, module, step.id, step.question.correct)


def _a_class(database, clock, world) -> int:
    with database.session() as db:
        trainer = db.get(StaffUser, world.staff["trainer"].id)
        lesson_class = LessonClass(trainer_id=trainer.id, prison_id=world.prison.id,
                                   module="nav", starts_at=clock.now(), join_code="ABC123",
                                   code_expires_at=clock.now() + timedelta(hours=1),
                                   created_at=clock.now())
        db.add(lesson_class)
        db.flush()
        return lesson_class.id


def test_without_a_completed_lesson_there_is_nothing_to_get(kiosk_user, database):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/lessons/certificates/").get_data(as_text=True)
    assert 'action="/lessons/certificates/"' not in html and "data-certificates" not in html
    response = kiosk_user.post("/lessons/certificates/")
    assert response.status_code == 400
    assert "Du har ikke fullført et kurs ennå" in response.get_data(as_text=True)
    with database.session() as db:
        assert db.scalar(select(Certificate.id)) is None


def test_a_certificate_lists_the_completed_lessons_and_can_be_printed(kiosk_user, database,
                                                                      clock, world):
    _complete(database, clock, world)
    clock.advance(days=1)
    _complete(database, clock, world, module="nav", class_id=_a_class(database, clock, world))
    kiosk_user.sign_in("A100")
    assert 'action="/lessons/certificates/"' in kiosk_user.client.get(
        "/lessons/certificates/").get_data(as_text=True)
    response = kiosk_user.post("/lessons/certificates/")
    assert response.status_code == 302
    page = kiosk_user.client.get(response.headers["Location"]).get_data(as_text=True)
    with database.session() as db:
        certificate = db.scalar(select(Certificate))
        code = certificate.code
    assert response.headers["Location"] == f"/lessons/certificates/{certificate.id}"
    assert "Innsatt A100" in page and world.prison.name in page
    lessons = catalogue().modules
    rows = re.findall(r'data-certificate-module="([a-z_]+)"', page)
    assert rows == ["terminal", "nav"]
    assert lessons["terminal"].text("nb").title in page and lessons["nav"].text("nb").title in page
    assert "2. mars 2026" in page and "3. mars 2026" in page  # completed, and issued
    assert "<td>Trainer</td>" in page  # the trainer of the class, by name
    assert "På egen hånd" in page  # the lesson taken alone
    assert f"{code[:5]}-{code[5:]}" in page and "Slik sjekker du beviset" in page
    assert 'class="bb-noprint"' in page
    listing = kiosk_user.client.get("/lessons/certificates/").get_data(as_text=True)
    assert f'href="/lessons/certificates/{certificate.id}"' in listing


def test_another_inmates_certificate_is_not_found(kiosk_user, database, clock, world):
    _complete(database, clock, world, key="a2")
    with database.session() as db:
        other = learning.issue_certificate(db, clock.now(), db.get(Inmate, world.inmates["a2"].id))
        other_id = other.id
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.get(f"/lessons/certificates/{other_id}").status_code == 404
    assert kiosk_user.client.get("/lessons/certificates/999999").status_code == 404
    listing = kiosk_user.client.get("/lessons/certificates/").get_data(as_text=True)
    assert f"/lessons/certificates/{other_id}" not in listing


def test_getting_a_certificate_needs_a_csrf_token(kiosk_user, database, clock, world):
    _complete(database, clock, world)
    kiosk_user.sign_in("A100")
    assert kiosk_user.client.post("/lessons/certificates/").status_code == 400
    with database.session() as db:
        assert db.scalar(select(Certificate.id)) is None
