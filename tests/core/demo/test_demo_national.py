"""The national-scale loader, shrunk: the same code path, a few hundred rows."""
from sqlalchemy import func, select

from core.demo import national as demo_national
from core.models import FormSubmission, Inmate, Prison, Request, RequestEvent, StaffUser
from core.services.requests import queue


def test_the_loader_writes_every_kind_of_row_once(db, clock, hasher, pin_hasher, monkeypatch):
    for name, value in (("CURRENT", 60), ("RELEASED", 120), ("REQUESTS", 900),
                        ("MELDEKORT", 250)):
        monkeypatch.setattr(demo_national, name, value)
    written = []
    loaded = demo_national.load(db, clock.now(), hasher, pin_hasher,
                                lambda what, rows: written.append(what))
    assert loaded.created and loaded.meldekort == 250
    count = lambda model: db.scalar(select(func.count()).select_from(model))  # noqa: E731
    assert (count(Prison), count(Inmate), count(Request), count(FormSubmission)) == (
        44, 180, 900, 250)
    assert count(RequestEvent) >= 900
    assert {"inmates", "requests", "history", "messages", "meldekort"} <= set(written)
    open_requests = db.scalars(select(Request).where(Request.status == "received")).all()
    assert open_requests and all(r.inmate.status == "present" for r in open_requests)
    adviser = db.scalar(select(StaffUser).where(StaffUser.username.like("adviser%")))
    assert queue.queue(db, clock.now(), adviser)  # the staff queue reads the data
    again = demo_national.load(db, clock.now(), hasher, pin_hasher, lambda *_: None)
    assert not again.created
