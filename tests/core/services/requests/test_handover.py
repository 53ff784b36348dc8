"""The hand-over summary: what it holds, what it never holds, and who may make it."""
import pytest
from sqlalchemy import select

from core.models import AuditEvent, Inmate
from core.services.records import disclosures
from core.services.requests import consents, filing as requests, handover
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.errors import NotFound, ServiceError


def _file(db, clock, world, key="a", topic="dagpenger", consent=frozenset({"home_nav"})):
    inmate = db.get(Inmate, world.inmates[key].id)
    return requests.file(db, clock.now(), inmate, requests.Draft(
        topic=topic, description="Jeg trenger hjelp med meldekort."), consents=set(consent))


def test_the_summary_holds_replies_and_history_but_never_notes(db, clock, world):
    adviser = world.staff["adviser"]
    directory.save(db, clock.now(), world.staff["system_admin"], "0301",
                   ContactData(nav_office="Nav Grünerløkka", contact_name="Per Holm"))
    item = _file(db, clock, world)
    requests.assign(db, clock.now(), adviser, item, adviser, "Intern grunn: jeg er inne")
    requests.add_note(db, clock.now(), adviser, item, "Internt: sjekk Arena")
    requests.reply(db, clock.now(), adviser, item, "Vi ser på meldekortet ditt.")
    requests.inmate_reply(db, clock.now(), db.get(Inmate, item.inmate_id), item.id, "Takk!")
    summary = handover.summary(db, clock.now(), adviser, item.id)
    assert [m.body for m in summary.messages] == ["Vi ser på meldekortet ditt.", "Takk!"]
    assert summary.authors == {adviser.id: adviser.name} and summary.assignee == adviser.name
    assert [e.kind for e in summary.statuses] == ["filed", "reply", "inmate_reply"]
    assert [(a.to, a.automatic) for a in summary.assignments] == [(adviser.name, False)]
    assert summary.home.contact.nav_office == "Nav Grünerløkka"
    assert summary.may_send
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "request.handover"))
    assert (event.actor_id, event.subject_id, event.detail) == (adviser.id, item.id,
                                                                 '{"consent": true}')


def test_only_the_consent_on_this_request_lets_it_be_sent(db, clock, world):
    """Issue 14: a consent given on request A never lets B's summary be sent, withdrawing
    A's consent stops A even while B's is active, and the summary lists only A's."""
    adviser = world.staff["adviser"]
    item = _file(db, clock, world, consent={"school"})
    assert not handover.summary(db, clock.now(), adviser, item.id).may_send
    other = _file(db, clock, world)
    inmate = db.get(Inmate, item.inmate_id)
    summary = handover.summary(db, clock.now(), adviser, item.id)
    assert not summary.may_send  # the consent on the other request does not count
    assert [c.recipient for c in summary.consents] == ["school"]
    assert handover.summary(db, clock.now(), adviser, other.id).may_send
    third = _file(db, clock, world)
    home = next(c for c in consents.consents_of(db, inmate) if c.request_id == other.id)
    consents.withdraw_consent(db, clock.now(), inmate, home.id)
    assert not handover.summary(db, clock.now(), adviser, other.id).may_send
    assert handover.summary(db, clock.now(), adviser, third.id).may_send


def test_marking_it_sent_records_a_disclosure(db, clock, world):
    adviser = world.staff["adviser"]
    directory.save(db, clock.now(), world.staff["system_admin"], "0301",
                   ContactData(nav_office="Nav Grünerløkka", contact_name="Per Holm"))
    item = _file(db, clock, world)
    summary = handover.summary(db, clock.now(), adviser, item.id)
    handover.mark_sent(db, clock.now(), adviser, item.id, summary.consent.id)
    inmate = db.get(Inmate, item.inmate_id)
    assert [(d.kind, d.recipient, d.recipient_name, d.reference, d.classes)
            for d in disclosures.for_inmate(db, inmate)] == [
        ("handover", "home_nav", "Nav Grünerløkka", item.reference,
         ["consents", "identity", "request_text"])]
    assert disclosures.for_inmate(db, inmate)[0].consent_id == summary.consent.id


def test_a_consent_withdrawn_while_the_page_is_open_refuses_and_records_nothing(db, clock, world):
    adviser = world.staff["adviser"]
    item = _file(db, clock, world)
    summary = handover.summary(db, clock.now(), adviser, item.id)
    inmate = db.get(Inmate, item.inmate_id)
    consents.withdraw_consent(db, clock.now(), inmate, summary.consent.id)
    with pytest.raises(ServiceError) as refused:
        handover.mark_sent(db, clock.now(), adviser, item.id, summary.consent.id)
    assert refused.value.code == "consent_withdrawn"
    assert disclosures.for_inmate(db, inmate) == []
    with pytest.raises(ServiceError):  # a new consent given meanwhile: the page is stale
        again = consents.give(db, clock.now(), inmate, "home_nav", "handover", "request",
                              request=item)
        handover.mark_sent(db, clock.now(), adviser, item.id, summary.consent.id)
    handover.mark_sent(db, clock.now(), adviser, item.id, again.id)
    assert len(disclosures.for_inmate(db, inmate)) == 1


def test_only_those_who_may_read_the_request(db, clock, world):
    item = _file(db, clock, world)
    elsewhere = _file(db, clock, world, key="b")
    for who, request in (("social_worker", item), ("officer", item), ("prison_admin", item),
                         ("system_admin", item), ("adviser", elsewhere)):
        with pytest.raises(NotFound):
            handover.summary(db, clock.now(), world.staff[who], request.id)
    with pytest.raises(NotFound):
        handover.summary(db, clock.now(), world.staff["adviser"], 999999)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "request.handover")) is None


def test_unknown_home_municipality(db, clock, world):
    item = _file(db, clock, world)
    db.get(Inmate, item.inmate_id).municipality_number = None
    assert handover.summary(db, clock.now(), world.staff["adviser"], item.id).home is None
