"""Consent as a record (issue 14): recipient, purpose, scope, given and withdrawn times and
who asked; bad input refused; transfer and release keep consents, retention deletes them."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.audit import Actor
from core.models import Consent, Disclosure, Inmate
from core.services.requests import consents, filing as requests, handover
from core.services.people import inmates
from core.services.records import retention
from core.services.errors import ServiceError
from tests.support import forms as seed


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def test_a_consent_records_recipient_purpose_scope_times_and_who_asked(db, clock, world):
    inmate = _inmate(db, world)
    item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                         consents={"home_nav", "school"})
    given = {c.recipient: c for c in consents.of_request(db, item)}
    assert {(r, c.purpose, c.scope, c.asked_by_type, c.asked_by_id) for r, c in given.items()} == {
        ("home_nav", "handover", "request", "inmate", inmate.id),
        ("school", "share_request", "request", "inmate", inmate.id)}
    asked = consents.give(db, clock.now(), inmate, "work_shop", "work_capacity", "stay",
                          asked_by=Actor("staff", world.staff["social_worker"].id))
    assert (asked.asked_by_type, asked.asked_by_id) == ("staff", world.staff["social_worker"].id)
    clock.advance(hours=1)
    consents.withdraw_consent(db, clock.now(), inmate, asked.id)
    assert asked.withdrawn_at == clock.now() and asked.given_at < asked.withdrawn_at


@pytest.mark.parametrize("recipient, purpose, scope, code", [
    ("police", "handover", "stay", "recipient_unknown"),
    ("home_nav", "gossip", "stay", "purpose_unknown"),
    ("home_nav", "meldekort_help", "stay", "purpose_not_for_recipient"),
    ("home_nav", "handover", "forever", "scope_unknown"),
    ("home_nav", "handover", "request", "consent_needs_request"),
    ("social_work", "meldekort_help", "form", "consent_needs_form"),
])
def test_unknown_recipient_purpose_or_scope_is_refused(db, clock, world, recipient, purpose,
                                                       scope, code):
    with pytest.raises(ServiceError) as refused:
        consents.give(db, clock.now(), _inmate(db, world), recipient, purpose, scope)
    assert refused.value.code == code
    assert db.scalars(select(Consent)).all() == []


def test_a_request_or_form_of_another_inmate_is_refused(db, clock, world):
    theirs = requests.file(db, clock.now(), _inmate(db, world, "a2"),
                           requests.Draft(topic="dagpenger"))
    with pytest.raises(ServiceError):
        consents.give(db, clock.now(), _inmate(db, world), "home_nav", "handover", "request",
                      request=theirs)
    card = seed.meldekort(db, clock.now(), world, key="a")
    with pytest.raises(ServiceError):
        consents.give(db, clock.now(), _inmate(db, world, "a2"), "social_work",
                      "meldekort_help", "form", submission=card)
    with pytest.raises(ServiceError):
        requests.file(db, clock.now(), _inmate(db, world), requests.Draft(topic="dagpenger"),
                      consents={"police"})


def test_transfer_and_release_keep_consents_and_retention_deletes_them(db, clock, world,
                                                                       clock_guard):
    inmate = _inmate(db, world)
    item = requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                         consents={"home_nav"})
    consent = consents.of_request(db, item)[0]
    handover.mark_sent(db, clock.now(), world.staff["adviser"], item.id, consent.id)
    admin = world.staff["system_admin"]

    def move(**changes):
        data = dict(inmate_number=inmate.inmate_number, name=inmate.name,
                    prison_id=inmate.prison_id, unit_id=None, municipality_number="0301",
                    language="nb", expected_release=None, status="present")
        inmates.update(db, clock.now(), admin, inmate, inmates.InmateData(**{**data, **changes}))

    move(prison_id=world.other_prison.id)  # a transfer
    assert handover.handover_consent(db, item) is not None
    move(prison_id=world.other_prison.id, status="released")
    assert consents.active(db, inmate.id, "home_nav", "handover", request_id=item.id)
    later = clock.now() + timedelta(days=400)
    clock_guard.check(db)  # the request moved with the inmate: its clock, before it goes
    retention.purge(db, later, 12)
    assert db.scalars(select(Consent).where(Consent.inmate_id == inmate.id)).all() == []
    assert db.scalars(select(Disclosure).where(Disclosure.inmate_id == inmate.id)).all() == []
