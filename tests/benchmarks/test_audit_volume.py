"""How many audit events the app writes in a request's and a meldekort's life, counted
through the real pages (the kiosk and the staff app's test clients): the national loader
(core/demo/national.py) writes the same actions per request, meldekort and sign-in, so
that the benchmark's data carries a realistic audit log. When the app starts auditing more
(or less), this test fails and the loader's figures are brought in line."""
from collections import Counter

from sqlalchemy import select

from core.demo import national
from core.models import AuditEvent, FormSubmission, StaffUser
from core.services.forms import submissions as forms
from tests.kiosk.forms.test_meldekort import NO, _card_id, _plan, _send, _start


def _actions(database, after=0) -> tuple[Counter, int]:
    with database.session() as db:
        rows = db.execute(select(AuditEvent.id, AuditEvent.action)
                          .where(AuditEvent.id > after)).all()
    return Counter(action for _id, action in rows), max((i for i, _a in rows), default=after)


def test_a_request_life_writes_the_events_the_loader_writes(kiosk_user, staff_user, database,
                                                            clock, world):
    _seen, start = _actions(database)
    kiosk_user.sign_in("A100")
    sign_in, mark = _actions(database, start)
    kiosk_user.post("/requests/new/topic", {"topic": "dagpenger"})
    kiosk_user.post("/requests/new/describe", {"kind": "question", "description": "Hei"})
    kiosk_user.post("/requests/new/urgency", {"language": "nb"})
    kiosk_user.post("/requests/new/consent", {"recipients": ["home_nav"]})
    filed = kiosk_user.post("/requests/new/check")
    request_id = int(filed.headers["Location"].split("/")[2])
    kiosk_user.client.get(filed.headers["Location"])
    kiosk_user.client.get(f"/requests/{request_id}")
    filing, mark = _actions(database, mark)
    staff_user.sign_in("adviser")
    staff_sign_in, mark = _actions(database, mark)
    staff_user.client.get("/requests/")
    queue, mark = _actions(database, mark)
    staff_user.client.get(f"/requests/{request_id}")
    assert staff_user.post(f"/requests/{request_id}/reply",
                           {"body": "Vi ser på det", "status": "answered"}).status_code == 302
    staff_user.client.get(f"/requests/{request_id}")
    handling, mark = _actions(database, mark)
    print("sign-in", dict(sign_in), "filing", dict(filing), "staff sign-in",
          dict(staff_sign_in), "queue", dict(queue), "handling", dict(handling))
    assert dict(sign_in) == national.AUDIT_SIGN_IN
    assert dict(filing) == national.AUDIT_FILING
    assert dict(handling) == national.AUDIT_HANDLING
    assert dict(queue) == national.AUDIT_QUEUE_VIEW


def test_a_meldekort_life_writes_the_events_the_loader_writes(kiosk_user, database, clock,
                                                              world):
    _plan(database, clock, world)
    kiosk_user.sign_in("A100")
    _seen, mark = _actions(database)
    card = _card_id(_start(kiosk_user))
    kiosk_user.post(f"/forms/meldekort/d/{card}/questions", NO)
    _send(kiosk_user, card)
    with database.session() as db:  # the officer's countersignature, in the staff app
        submission = db.scalar(select(FormSubmission))
        forms.countersign(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                          submission, "admin")
    card_events, mark = _actions(database, mark)
    print("meldekort", dict(card_events))
    assert dict(card_events) == national.AUDIT_MELDEKORT
