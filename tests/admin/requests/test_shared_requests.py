"""A request the inmate shared with another team (issue 14): that team reads it from
"Shared with your team" on the queue page, read-only, and loses it at once when the
consent is withdrawn."""
import json

from sqlalchemy import func, select

from core.models import AuditEvent, Inmate, Request, RequestMessage, StaffUser
from core.services.requests import consents, filing as requests

NOTE = "Internt: bare for Nav-teamet"
REPLY = "Vi ser på saken din."


def _shared(database, clock, world, recipients=("social_work",)):
    """A Nav request shared with ``recipients``, with a reply and an internal note."""
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        item = requests.file(db, clock.now(), inmate, requests.Draft(
            topic="dagpenger", description="Jeg trenger dagpenger."), consents=set(recipients))
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        requests.add_note(db, clock.now(), adviser, item, NOTE)
        requests.reply(db, clock.now(), adviser, item, REPLY)
        return item.id


def _withdraw(database, clock, world, request_id):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates["a"].id)
        for consent in consents.of_request(db, db.get(Request, request_id)):
            consents.withdraw_consent(db, clock.now(), inmate, consent.id)


def _counts(database, request_id):
    with database.session() as db:
        item = db.get(Request, request_id)
        return (db.scalar(select(func.count()).select_from(RequestMessage)
                          .where(RequestMessage.request_id == request_id)),
                item.status, item.assignee_id)


def test_social_work_reads_the_shared_request_but_cannot_act(staff_user, database, clock,
                                                               world):
    shared = _shared(database, clock, world)
    staff_user.sign_in("social_worker")
    queue = staff_user.client.get("/requests/").get_data(as_text=True)
    assert "data-shared" in queue and f"/requests/{shared}" in queue
    page = staff_user.client.get(f"/requests/{shared}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Jeg trenger dagpenger." in html and REPLY in html
    assert NOTE not in html and "data-shared-read-only" in html
    for action in ("reply", "note", "status", "assign"):
        assert f"/requests/{shared}/{action}" not in html
    with database.session() as db:
        view = db.scalars(select(AuditEvent).where(
            AuditEvent.action == "request.view", AuditEvent.subject_id == shared)).all()
        assert view and json.loads(view[-1].detail) == {"shared": True}
    before = _counts(database, shared)
    for action, data in (("reply", {"body": "Hei", "status": "answered"}),
                         ("note", {"note": "Notat"}),
                         ("status", {"new_status": "closed", "reason": "x"}),
                         ("assign", {"assignee": world.staff["social_worker"].id,
                                     "assign_reason": "Tar den"})):
        assert staff_user.post(f"/requests/{shared}/{action}", data).status_code == 403
    assert _counts(database, shared) == before


def test_withdrawing_the_consent_removes_access_at_once(staff_user, database, clock, world):
    shared = _shared(database, clock, world)
    staff_user.sign_in("social_worker")
    assert staff_user.client.get(f"/requests/{shared}").status_code == 200
    _withdraw(database, clock, world, shared)
    assert staff_user.client.get(f"/requests/{shared}").status_code == 404
    assert f"/requests/{shared}" not in staff_user.client.get("/requests/").get_data(
        as_text=True)
    assert staff_user.post(f"/requests/{shared}/reply", {"body": "Hei", "status": "answered"}
                           ).status_code == 404


def test_a_team_the_request_was_not_shared_with_sees_nothing(staff_user, database, clock,
                                                            world):
    shared = _shared(database, clock, world, recipients=("social_work",))
    staff_user.sign_in("school")
    assert staff_user.client.get(f"/requests/{shared}").status_code == 404
    assert f"/requests/{shared}" not in staff_user.client.get("/requests/").get_data(
        as_text=True)


def test_the_school_reads_what_was_shared_with_the_school(staff_user, database, clock, world):
    shared = _shared(database, clock, world, recipients=("school",))
    staff_user.sign_in("school")
    assert f"/requests/{shared}" in staff_user.client.get("/requests/").get_data(as_text=True)
    html = staff_user.client.get(f"/requests/{shared}").get_data(as_text=True)
    assert REPLY in html and NOTE not in html
