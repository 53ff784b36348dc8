"""The work-capacity statement (issue 16): written by the work shop, read by the inmate on
the kiosk, sent to the Nav advisers only with the inmate's consent, a disclosure."""
import pytest
from sqlalchemy import select

from core.models import AuditEvent, Disclosure, Inmate, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.requests import consents
from core.services.work_shop import statements
from tests.support import work_shop as seed


def _staff(db, world, key):
    return db.get(StaffUser, world.staff[key].id)


def _inmate(db, world, key="a"):
    return db.get(Inmate, world.inmates[key].id)


def test_only_the_inmates_work_shop_writes_it_and_the_fields_are_checked(db, clock, world):
    seed.shop(db, clock.now(), world, "a")
    worker = _staff(db, world, "work_shop")
    with pytest.raises(NotFound):  # not in the worker's shop
        statements.create(db, clock.now(), worker, _inmate(db, world, "a2"), seed.DATA)
    for role in ("adviser", "prison_admin", "officer"):
        with pytest.raises(NotFound):
            statements.create(db, clock.now(), _staff(db, world, role), _inmate(db, world),
                              seed.DATA)
    bad = [statements.StatementData("excellent", "good", "good"),
           statements.StatementData("good", "good", "good", comment="x" * 1001),
           statements.StatementData("good", "good", "good", tasks="x" * 501)]
    for data in bad:
        with pytest.raises(ServiceError):
            statements.create(db, clock.now(), worker, _inmate(db, world), data)
    made = statements.create(db, clock.now(), worker, _inmate(db, world), seed.DATA)
    assert made.status == "draft" and made.reference.startswith("U")


def test_the_inmate_reads_it_on_the_kiosk_before_it_is_sent(db, clock, world):
    seed.shop(db, clock.now(), world, "a")
    worker = _staff(db, world, "work_shop")
    inmate = _inmate(db, world)
    made = statements.create(db, clock.now(), worker, inmate, seed.DATA)
    assert statements.for_inmate(db, inmate) == []  # a draft is the work shop's
    assert statements.any_for_inmate(db, inmate) is False  # so no tile on the home page
    with pytest.raises(NotFound):
        statements.inmate_statement(db, inmate, made.id)
    consents.give_standing(db, clock.now(), inmate, "work_shop", "work_capacity")
    statements.make_ready(db, clock.now(), worker, made)
    assert statements.for_inmate(db, inmate) == [made]
    assert statements.any_for_inmate(db, inmate) is True
    assert statements.any_for_inmate(db, _inmate(db, world, "a2")) is False  # theirs only
    with pytest.raises(ServiceError) as error:
        statements.send(db, clock.now(), worker, made)
    assert error.value.code == "statement_not_read"
    statements.mark_read(db, clock.now(), inmate, made.id)
    # A change after reading takes it back to a draft: the inmate reads what is sent.
    statements.update(db, clock.now(), worker, made, statements.StatementData(
        "good", "good", "good", comment="Endret"))
    assert (made.status, made.read_at) == ("draft", None)
    with pytest.raises(NotFound):  # another inmate cannot read it
        statements.mark_read(db, clock.now(), _inmate(db, world, "a2"), made.id)
    statements.make_ready(db, clock.now(), worker, made)
    statements.mark_read(db, clock.now(), inmate, made.id)
    statements.send(db, clock.now(), worker, made)
    assert made.status == "sent"
    with pytest.raises(ServiceError):
        statements.update(db, clock.now(), worker, made, seed.DATA)


def test_without_consent_it_is_refused_and_nothing_is_disclosed(db, clock, world):
    seed.shop(db, clock.now(), world, "a")
    made = seed.statement(db, clock.now(), world, consent=False)
    worker = _staff(db, world, "work_shop")
    assert statements.missing_for_sending(db, worker, made) == ["consent_missing"]
    with pytest.raises(NotFound):  # the consent is the work shop's to know, not others'
        statements.missing_for_sending(db, _staff(db, world, "adviser"), made)
    with pytest.raises(ServiceError) as error:
        statements.send(db, clock.now(), worker, made)
    assert error.value.code == "statement_consent_missing"
    assert made.status == "read"
    assert db.scalars(select(Disclosure)).all() == []
    # A consent withdrawn is no consent.
    inmate = _inmate(db, world)
    given = consents.give_standing(db, clock.now(), inmate, "work_shop", "work_capacity")
    consents.withdraw_consent(db, clock.now(), inmate, given.id)
    with pytest.raises(ServiceError):
        statements.send(db, clock.now(), worker, made)


def test_a_sent_statement_is_a_disclosure_and_the_adviser_reads_it_while_consented(
        db, clock, world):
    seed.shop(db, clock.now(), world, "a")
    made = seed.statement(db, clock.now(), world)
    worker, adviser = _staff(db, world, "work_shop"), _staff(db, world, "adviser")
    inmate = _inmate(db, world)
    assert statements.received(db, clock.now(), adviser, inmate) == []  # not sent yet
    statements.send(db, clock.now(), worker, made)
    disclosure = db.scalar(select(Disclosure))
    assert (disclosure.kind, disclosure.recipient, disclosure.reference) == (
        "statement", "nav_prison", made.reference)
    assert set(disclosure.classes) == {"identity", "work_attendance", "work_capacity"}
    assert disclosure.consent_id == made.consent_id
    assert statements.received(db, clock.now(), adviser, inmate) == [made]
    for role in ("social_worker", "school", "officer", "prison_admin", "other_prison_admin"):
        assert statements.received(db, clock.now(), _staff(db, world, role), inmate) == []
    assert "work_statement.send" in set(db.scalars(select(AuditEvent.action)))
    consents.withdraw_consent(db, clock.now(), inmate, made.consent_id)
    assert statements.received(db, clock.now(), adviser, inmate) == []


def test_innsyn_shows_the_work_shop_and_its_statements(db, clock, world):
    from core.services.records import subject_access, subject_access_groups
    from core.services.work_shop import shops

    made = seed.shop(db, clock.now(), world, "a")
    shops.record_attendance(db, clock.now(), _staff(db, world, "work_shop"), made,
                            clock.now().date(), {world.inmates["a"].id: "late"})
    seed.statement(db, clock.now(), world)
    report = subject_access_groups.collect(db, _inmate(db, world))
    titles = [entry.title.key for entry in report.groups["work"]]
    assert titles == ["work_shop", "attendance_day", "work_statement"]
    exported = subject_access.export(db, clock.now(), _staff(db, world, "prison_admin"),
                                     _inmate(db, world))
    assert exported.groups["work"]
    assert subject_access_groups.uncovered_tables() == set()
