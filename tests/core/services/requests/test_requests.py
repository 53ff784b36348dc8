
import pytest
from sqlalchemy import select

from core.models import Consent, Inmate, Request, RequestEvent, Status, Visibility
from core.services.requests import filing as requests, reads as request_reads, several
from core.services.errors import NotFound, ServiceError


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def _file(db, clock, world, key="a", topic="dagpenger", **draft):
    return requests.file(db, clock.now(), _inmate(db, world, key),
                         requests.Draft(topic=topic, description="Jeg trenger meldekort", **draft),
                         consents={"home_nav"})


def test_filing_records_request_history_and_consent(db, clock, world):
    request = _file(db, clock, world)
    assert request.status == "received" and len(request.reference) == 6
    assert request.prison_id == world.prison.id
    consents = db.scalars(select(Consent).where(Consent.inmate_id == request.inmate_id)).all()
    assert [c.recipient for c in consents] == ["home_nav"]
    kinds = db.scalars(select(RequestEvent.kind).where(RequestEvent.request_id == request.id))
    assert list(kinds) == ["filed"]


@pytest.mark.parametrize("changes, code", [
    ({"topic": "health"}, "topic_unknown"),
    ({"kind": "demand"}, "kind_unknown"),
    ({"description": "x" * 1001}, "text_too_long"),
    ({"language": "klingon"}, "language_unknown"),
])
def test_bad_drafts_are_refused(db, clock, world, changes, code):
    draft = requests.Draft(**{"topic": "work", **changes})
    with pytest.raises(ServiceError) as error:
        requests.file(db, clock.now(), _inmate(db, world), draft)
    assert error.value.code == code


def test_internal_notes_never_reach_the_inmate(db, clock, world):
    request = _file(db, clock, world)
    adviser = world.staff["adviser"]
    requests.add_note(db, clock.now(), adviser, request, "Intern: sjekk vedtak i Arena")
    requests.reply(db, clock.now(), adviser, request, "Vi har sendt meldekortet")
    inmate = _inmate(db, world)
    seen = requests.inmate_thread(db, inmate, request.id)
    assert [m.body for m in seen] == ["Vi har sendt meldekortet"]
    assert all(m.visibility == Visibility.STAFF_AND_INMATE.value for m in seen)
    assert len(requests.staff_thread(db, request)) == 2


def test_an_inmate_sees_only_their_own_requests(db, clock, world):
    request = _file(db, clock, world)
    other = _inmate(db, world, "a2")
    with pytest.raises(NotFound):
        requests.inmate_thread(db, other, request.id)
    with pytest.raises(NotFound):
        requests.cancel(db, clock.now(), other, request.id)
    assert requests.for_inmate(db, other) == []


def test_staff_see_only_their_topics_and_prisons(db, clock, world):
    nav = _file(db, clock, world, topic="dagpenger")
    housing = _file(db, clock, world, topic="housing")
    elsewhere = _file(db, clock, world, key="b", topic="dagpenger")
    adviser, social = world.staff["adviser"], world.staff["social_worker"]
    assert requests.staff_request(db, clock.now(), adviser, nav.id).id == nav.id
    for staff, request in ((adviser, housing), (social, nav), (adviser, elsewhere),
                           (world.staff["officer"], nav), (world.staff["prison_admin"], nav)):
        with pytest.raises(NotFound):
            requests.staff_request(db, clock.now(), staff, request.id)
    with pytest.raises(NotFound):
        requests.add_note(db, clock.now(), social, nav, "no")


def test_transitions(db, clock, world):
    request = _file(db, clock, world)
    adviser = world.staff["adviser"]
    with pytest.raises(ServiceError, match="reason_required"):
        requests.set_status(db, clock.now(), adviser, request, Status.DECLINED)
    requests.set_status(db, clock.now(), adviser, request, Status.DECLINED, "Gjelder ikke Nav")
    assert request.decline_reason == "Gjelder ikke Nav" and request.closed_at == clock.now()
    with pytest.raises(ServiceError, match="status_not_allowed"):
        requests.set_status(db, clock.now(), adviser, request, Status.IN_PROGRESS)
    with pytest.raises(ServiceError, match="request_closed"):
        requests.cancel(db, clock.now(), _inmate(db, world), request.id)


def test_cancel_and_unread(db, clock, world):
    request = _file(db, clock, world)
    inmate = _inmate(db, world)
    other = _file(db, clock, world, topic="work")
    requests.reply(db, clock.now(), world.staff["adviser"], request, "Svar")
    requests.reply(db, clock.now(), world.staff["adviser"], request, "Svar igjen")
    requests.add_note(db, clock.now(), world.staff["adviser"], other, "Internt")
    assert request_reads.unread_count(db, inmate, request.id) == 2
    assert request_reads.unread_counts(db, inmate) == {request.id: 2}  # a note is never counted
    request_reads.mark_read(db, clock.now(), inmate, request.id)
    assert request_reads.unread_count(db, inmate, request.id) == 0
    assert request_reads.unread_counts(db, inmate) == {}
    requests.cancel(db, clock.now(), inmate, request.id)
    assert db.get(Request, request.id).status == "cancelled"


def test_empty_and_long_messages(db, clock, world):
    request = _file(db, clock, world)
    with pytest.raises(ServiceError, match="text_required"):
        requests.reply(db, clock.now(), world.staff["adviser"], request, "   ")
    with pytest.raises(ServiceError, match="text_too_long"):
        requests.add_note(db, clock.now(), world.staff["adviser"], request, "x" * 1001)


def test_draft_is_kept_step_by_step_and_filed(db, clock, world):
    from core.services.requests import drafts as request_drafts

    inmate = _inmate(db, world)
    request_drafts.save_draft(db, clock.now(), inmate, {"topic": "housing"})
    request_drafts.save_draft(db, clock.now(), inmate, {"description": "Trenger bolig",
                                                         "deadline_on": "2026-04-01",
                                                         "consents": ["social_work"]})
    assert request_drafts.load_draft(db, inmate)["topic"] == "housing"
    request = request_drafts.file_draft(db, clock.now(), inmate)
    assert (request.topic, request.description, str(request.deadline_on)) == (
        "housing", "Trenger bolig", "2026-04-01")
    assert request_drafts.load_draft(db, inmate) == {}


def test_consent_can_be_withdrawn_only_by_its_owner(db, clock, world):
    from core.services.requests import consents

    request = _file(db, clock, world)
    consent = consents.consents_of(db, _inmate(db, world))[0]
    with pytest.raises(NotFound):
        consents.withdraw_consent(db, clock.now(), _inmate(db, world, "a2"), consent.id)
    consents.withdraw_consent(db, clock.now(), _inmate(db, world), consent.id)
    assert consent.withdrawn_at == clock.now() and request.id


def test_queue_is_scoped_and_sorted_by_deadline(db, clock, world):
    from core.services.requests import queue

    first = _file(db, clock, world)
    clock.advance(hours=1)
    second = _file(db, clock, world)
    _file(db, clock, world, topic="housing")
    _file(db, clock, world, key="b")
    rows = queue.queue(db, clock.now(), world.staff["adviser"])
    assert [r.request.id for r in rows] == [first.id, second.id]
    assert queue.queue(db, clock.now(), world.staff["officer"]) == []
    requests.set_status(db, clock.now(), world.staff["adviser"], first, Status.CLOSED)
    assert [r.request.id for r in queue.queue(db, clock.now(), world.staff["adviser"])] == [
        second.id]
    closed = queue.queue(db, clock.now(), world.staff["adviser"], queue.Filters(status="closed"))
    assert [r.request.id for r in closed] == [first.id]


def test_assign_needs_a_reason_and_an_eligible_person(db, clock, world):
    request = _file(db, clock, world)
    adviser = world.staff["adviser"]
    with pytest.raises(ServiceError, match="reason_required"):
        requests.assign(db, clock.now(), adviser, request, adviser, " ")
    with pytest.raises(ServiceError, match="assignee_not_eligible"):
        requests.assign(db, clock.now(), adviser, request, world.staff["social_worker"], "x")
    assert [u.id for u in requests.eligible_assignees(db, request)] == [adviser.id]
    requests.assign(db, clock.now(), adviser, request, adviser, "Jeg er her i dag")
    assert request.assignee_id == adviser.id
    events = requests.history(db, request, for_inmate=False)
    assert events[-1].kind == "assign" and "Jeg er her i dag" in events[-1].detail
    assert all(e.kind != "assign" for e in requests.history(db, request, for_inmate=True))


def test_open_requests_follow_a_transferred_inmate(db, clock, world):
    from core.services.people import inmates as inmate_service

    open_request = _file(db, clock, world)
    closed = _file(db, clock, world, topic="work")
    requests.set_status(db, clock.now(), world.staff["adviser"], closed, Status.CLOSED)
    requests.assign(db, clock.now(), world.staff["adviser"], open_request,
                    world.staff["adviser"], "tar den")
    inmate = _inmate(db, world)
    inmate_service.update(db, clock.now(), world.staff["system_admin"], inmate,
                          inmate_service.InmateData(
                              inmate_number=inmate.inmate_number, name=inmate.name,
                              prison_id=world.other_prison.id, unit_id=None,
                              municipality_number="0301", language="nb",
                              expected_release=None))
    assert (open_request.prison_id, open_request.assignee_id) == (world.other_prison.id, None)
    assert closed.prison_id == world.prison.id
    seen = requests.history(db, open_request, for_inmate=True)
    assert seen[-1].kind == "transferred"


def test_bulk_take_and_close_skip_what_is_not_theirs(db, clock, world):
    from core.models import AuditEvent

    mine = [_file(db, clock, world) for _ in range(3)]
    housing = _file(db, clock, world, topic="housing")
    requests.set_status(db, clock.now(), world.staff["adviser"], mine[2], Status.CLOSED)
    adviser = world.staff["adviser"]
    ids = [mine[0].id, mine[1].id, mine[2].id, housing.id, 999999]
    with pytest.raises(ServiceError, match="reason_required"):
        several.bulk(db, clock.now(), adviser, ids, "close", "")
    assert several.bulk(db, clock.now(), adviser, ids, "take", "Min dag") == (2, 3)  # not the closed one
    assert several.bulk(db, clock.now(), adviser, ids, "close", "Ryddet") == (2, 3)
    assert mine[0].status == "closed" and housing.status == "received"
    closes = db.scalars(select(AuditEvent).where(AuditEvent.action == "request.status")).all()
    assert len(closes) == 3  # one per request: the earlier single close and these two


def test_an_inmates_own_requests_are_read_without_joining_the_inmate_again(db, clock, world):
    """"My requests" and a request's page: the inmate is the one already signed in, so each
    row does not bring it again with its prison and unit; it is still there when asked."""
    from tests.support.statements import recorded, selects

    filed = [_file(db, clock, world) for _ in range(3)]
    db.flush()
    db.expunge_all()
    inmate = _inmate(db, world)
    with recorded(db.get_bind()) as statements:
        rows = requests.for_inmate(db, inmate)
        one = requests.inmate_request(db, inmate, filed[0].id)
        (query,) = selects(statements)  # the page's request was in the list already
        assert " join " not in query and "prison" not in query.split(" from ")[1]
        assert {r.id for r in rows} >= {r.id for r in filed} and one.id == filed[0].id
        assert rows[0].inmate is inmate and one.inmate.prison.name == world.prison.name
