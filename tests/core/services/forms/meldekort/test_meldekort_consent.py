"""Issue 14: a prison social worker (employed by the prison, not Nav) sees a meldekort's
answers only with the inmate's consent to meldekort help from social work, or when no Nav
adviser serves the prison; otherwise only that a card was sent."""
from sqlalchemy import select

from core.models import Disclosure, StaffUser
from core.services.requests import consents
from core.services.forms import inbox as form_inbox
from tests.support import forms as seed


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def test_the_social_worker_needs_consent_while_an_adviser_serves_the_prison(db, clock, world):
    card = seed.meldekort(db, clock.now(), world, answers={**seed.NO, "arbeidet": True},
                          days={1: {"hours": "7,5"}})
    social, adviser = _staff(db, world, "social_worker"), _staff(db, world, "adviser")
    assert form_inbox.may_read(social, card)  # they see that a card was sent
    assert not form_inbox.answers_shown(db, social, card)
    assert form_inbox.record_of(db, card, social).snapshot == {}
    assert form_inbox.answers_shown(db, adviser, card)
    inmate = seed.inmate(db, world)
    other = consents.give(db, clock.now(), inmate, "social_work", "share_request", "stay")
    assert not form_inbox.answers_shown(db, social, card)  # another purpose
    given = consents.give(db, clock.now(), inmate, "social_work", "meldekort_help", "stay")
    assert form_inbox.answers_shown(db, social, card)
    assert form_inbox.record_of(db, card, social).snapshot["form"] == "meldekort"
    consents.withdraw_consent(db, clock.now(), inmate, given.id)
    assert not form_inbox.answers_shown(db, social, card)  # at once
    consents.give(db, clock.now(), inmate, "social_work", "meldekort_help", "form",
                  submission=card)
    assert form_inbox.answers_shown(db, social, card)
    assert other.withdrawn_at is None


def test_without_an_adviser_the_card_was_routed_to_social_work(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    social = _staff(db, world, "social_worker")
    assert not form_inbox.answers_shown(db, social, card)
    _staff(db, world, "adviser").active = False
    db.flush()
    assert form_inbox.no_adviser(db, card.prison_id)
    assert form_inbox.answers_shown(db, social, card)


def test_exports_write_disclosures_and_hold_no_answers_without_consent(db, clock, world):
    card = seed.meldekort(db, clock.now(), world)
    social = _staff(db, world, "social_worker")
    form_inbox.read_for_export(db, clock.now(), social, card.id, "csv")
    form_inbox.export_set(db, clock.now(), _staff(db, world, "adviser"), form_inbox.Filters(),
                          "print")
    found = db.scalars(select(Disclosure).order_by(Disclosure.id)).all()
    assert [(d.kind, d.recipient, d.recipient_name, d.reference, d.classes) for d in found] == [
        ("export", "staff_export", social.name, card.reference, ["form_type", "identity"]),
        ("print", "staff_export", world.staff["adviser"].name, card.reference,
         ["form_type", "identity", "meldekort_answers"])]
