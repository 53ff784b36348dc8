"""The person's hand-over to the home Nav office (issue 15): consent gating per recipient
and per item (every combination), the disclosure of each copy made, the receipt and the
appointments after release with the first one's outcome."""
import itertools
import json
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from core.clock import OSLO
from core.models import AuditEvent, Disclosure, Handover, Inmate, StaffUser
from core.services.data_classes import DataClass
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.errors import NotFound, ServiceError
from core.services.release import handover as ho, handover_export, handover_follow_up
from core.services.release import plan as rp, plan_changes
from core.services.requests import consents, filing as requests
from tests.support import forms as seed

TODAY = date(2026, 3, 2)


def _inmate(db, world, key="a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def _office(db, clock, world):
    directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
        nav_office="Nav Grünerløkka", contact_name="Per Holm", phone="55551111",
        email="per.holm@nav.no", address="Thorvald Meyers gate 1, 0555 Oslo"))


def _request(db, clock, inmate, text="Jeg trenger dagpenger", topic="dagpenger",
             consent=True):
    return requests.file(db, clock.now(), inmate, requests.Draft(topic=topic, description=text),
                         consents={"home_nav"} if consent else set())


# Every combination of the inmate's consents to the home Nav office ---------------------

CONSENTS = ("handover", "plan", "claims", "request")


@pytest.mark.parametrize("given", [c for n in range(len(CONSENTS) + 1)
                                   for c in itertools.combinations(CONSENTS, n)],
                         ids=lambda c: "+".join(c) or "none")
def test_each_consent_combination_sends_what_was_agreed_and_no_more(db, clock, world, given):
    inmate = _inmate(db, world)
    _office(db, clock, world)
    shared = _request(db, clock, inmate, "Delt: dagpenger", consent="request" in given)
    _request(db, clock, inmate, "Ikke delt: gjeld", topic="aap", consent=False)
    seed.generic(db, clock.now(), world, "jobseeker")
    rp.get_or_start_plan(db, clock.now(), inmate)
    for purpose in ("handover", "plan", "claims"):
        if purpose in given:
            consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
    h = ho.build(db, clock.now(), _staff(db, world), inmate.id)

    about = "handover" in given or "request" in given
    expected = {"about": about, "plan": about and "plan" in given,
                "appointments": about and "plan" in given,
                "claims": about and "claims" in given, "requests": "request" in given}
    assert h.included == expected
    assert h.withheld == [s for s in ho.SECTIONS if not expected[s]]
    assert (h.plan is not None) is expected["plan"]
    assert [c.form_key for c in h.claims] == (["jobseeker"] if expected["claims"] else [])
    assert [s.request.id for s in h.requests] == ([shared.id] if expected["requests"] else [])
    data = handover_export.facts(h)
    assert ("person" in data) is about and ("plan" in data) is expected["plan"]
    assert ("claims" in data) is expected["claims"]
    # A request without its own consent never goes.
    assert "Ikke delt" not in handover_export.to_json(h)
    assert data["left_out"] == h.withheld
    classes = set(h.classes)
    assert (DataClass.RELEASE_PLAN in classes) is expected["plan"]
    assert (DataClass.FORM_TYPE in classes) is expected["claims"]
    assert (DataClass.REQUEST_TEXT in classes) is expected["requests"]


def test_a_withdrawn_consent_stops_its_section_at_once(db, clock, world):
    inmate = _inmate(db, world)
    base = consents.give(db, clock.now(), inmate, "home_nav", "handover", "stay")
    plan = consents.give(db, clock.now(), inmate, "home_nav", "plan", "stay")
    adviser = _staff(db, world)
    assert ho.build(db, clock.now(), adviser, inmate.id).included["plan"]
    consents.withdraw_consent(db, clock.now(), inmate, plan.id)
    assert ho.build(db, clock.now(), adviser, inmate.id).withheld == [
        "plan", "appointments", "claims", "requests"]
    consents.withdraw_consent(db, clock.now(), inmate, base.id)
    h = ho.build(db, clock.now(), adviser, inmate.id)
    assert not h.may_send
    with pytest.raises(ServiceError) as error:
        ho.made(db, clock.now(), adviser, h, "pdf")
    assert error.value.code == "handover_no_consent"
    assert db.scalar(select(func.count()).select_from(Disclosure)) == 0


def test_a_consent_on_a_request_is_not_the_plan(db, clock, world):
    """A consent to hand one request over covers who the person is, never the plan."""
    inmate = _inmate(db, world)
    _request(db, clock, inmate)
    h = ho.build(db, clock.now(), _staff(db, world), inmate.id)
    assert h.may_send and h.withheld == ["plan", "appointments", "claims"]


def test_the_maker_sends_only_what_their_team_may_read(db, clock, world):
    """A request or form routed to another team is left out (counted), not sent."""
    inmate = _inmate(db, world)
    consents.give(db, clock.now(), inmate, "home_nav", "claims", "stay")
    _request(db, clock, inmate, "Bolig", topic="housing")  # the social workers' request
    seed.generic(db, clock.now(), world, "social_assistance")  # the social workers' form
    h = ho.build(db, clock.now(), _staff(db, world), inmate.id)
    assert (h.requests, h.left_out_requests) == ([], 1)
    assert (h.claims, h.left_out_claims) == ([], 1)
    h = ho.build(db, clock.now(), _staff(db, world, "social_worker"), inmate.id)
    assert [s.request.description for s in h.requests] == ["Bolig"]
    assert [c.form_key for c in h.claims] == ["social_assistance"]


def test_internal_notes_and_plan_notes_never_go(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    for purpose in ("handover", "plan"):
        consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
    item = _request(db, clock, inmate)
    requests.add_note(db, clock.now(), adviser, item, "Internt notat")
    requests.reply(db, clock.now(), adviser, item, "Svar til innsatt")
    plan_changes.set_item(db, clock.now(), adviser, inmate, "income_applied",
                          plan_changes.ItemChange(status="done", owner="adviser", note="Plannotat internt"))
    h = ho.build(db, clock.now(), adviser, inmate.id)
    text = handover_export.to_json(h)
    assert "Svar til innsatt" in text
    assert "Internt notat" not in text and "Plannotat" not in text
    assert {"item": "income_applied", "status": "done"}.items() <= next(
        i for i in handover_export.facts(h)["plan"]["items"]
        if i["item"] == "income_applied").items()


def test_only_advisers_and_social_workers_in_the_prison_make_it(db, clock, world):
    inmate = _inmate(db, world)
    for key in ("school", "officer", "trainer", "prison_admin", "system_admin",
                "other_prison_admin"):
        with pytest.raises(NotFound):
            ho.build(db, clock.now(), _staff(db, world, key), inmate.id)
    with pytest.raises(NotFound):
        ho.build(db, clock.now(), _staff(db, world), world.inmates["b"].id)


# Copies made are disclosures ---------------------------------------------------------

def test_every_copy_made_is_a_disclosure_with_what_went(db, clock, world):
    inmate = _inmate(db, world)
    _office(db, clock, world)
    consents.give(db, clock.now(), inmate, "home_nav", "handover", "stay")
    adviser = _staff(db, world)
    shared = _request(db, clock, inmate)
    for fmt in ("print", "pdf"):
        ho.made(db, clock.now(), adviser, ho.build(db, clock.now(), adviser, inmate.id), fmt)
    clock.advance(days=1)
    ho.made(db, clock.now(), adviser, ho.build(db, clock.now(), adviser, inmate.id), "csv")
    rows = list(db.scalars(select(Disclosure).order_by(Disclosure.id)))
    assert [(d.kind, d.recipient, d.recipient_name, d.staff_id, d.reference) for d in rows] == [
        ("release_handover", "home_nav", "Nav Grünerløkka", adviser.id, shared.reference)] * 3
    assert set(rows[0].classes) == {"identity", "release_dates", "request_text", "consents"}
    row = db.scalar(select(Handover))
    assert row.made_count == 3 and row.first_made_at < row.last_made_at
    assert row.prison_id == inmate.prison_id
    formats = [json.loads(e.detail)["format"] for e in db.scalars(select(AuditEvent).where(
        AuditEvent.action == "release_handover.made").order_by(AuditEvent.id))]
    assert formats == ["print", "pdf", "csv"]


def test_csv_rows_and_json_carry_the_same_facts(db, clock, world):
    inmate = _inmate(db, world)
    _office(db, clock, world)
    for purpose in ("handover", "plan"):
        consents.give(db, clock.now(), inmate, "home_nav", purpose, "stay")
    adviser = _staff(db, world)
    handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id, day=date(2026, 6, 2),
                                       at=time(10), place="Nav Grünerløkka",
                                       address="Thorvald Meyers gate 1", with_whom="Per Holm",
                                       what="Første samtale")
    h = ho.build(db, clock.now(), adviser, inmate.id)
    data = json.loads(handover_export.to_json(h))
    assert data["to"]["nav_office"] == "Nav Grünerløkka"
    assert data["person"]["release"]["expected_on"] == "2026-06-01"
    assert data["appointments_after_release"] == [{
        "starts_at": "2026-06-02T10:00+02:00", "place": "Nav Grünerløkka",
        "address": "Thorvald Meyers gate 1", "with_whom": "Per Holm", "what": "Første samtale"}]
    rows = {field: value for _section, field, value in handover_export.rows(h)}
    assert rows["appointments_after_release.1.place"] == "Nav Grünerløkka"
    assert rows["person.inmate_number"] == inmate.inmate_number
    assert rows["left_out.1"] == "claims"


# What staff learn afterwards ----------------------------------------------------------

def test_the_receipt_needs_a_hand_over_and_a_sensible_date(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    consents.give(db, clock.now(), inmate, "home_nav", "handover", "stay")

    def confirm(on, person="Per Holm", channel="phone"):
        try:
            handover_follow_up.confirm_receipt(db, clock.now(), adviser, inmate.id, on, person,
                                               channel)
        except ServiceError as error:
            return error.code
        return "ok"

    assert confirm(TODAY) == "handover_not_made"
    ho.made(db, clock.now(), adviser, ho.build(db, clock.now(), adviser, inmate.id), "pdf")
    assert confirm(TODAY + timedelta(days=1)) == "date_in_future"
    assert confirm(TODAY - timedelta(days=1)) == "receipt_before_handover"
    assert confirm(TODAY, person="  ") == "receipt_person_required"
    assert confirm(TODAY, channel="pigeon") == "receipt_channel_unknown"
    assert confirm(TODAY, person="x" * 121) == "text_too_long"
    assert confirm(TODAY) == "ok"
    row = db.scalar(select(Handover))
    assert (row.receipt_on, row.receipt_person, row.receipt_channel, row.receipt_recorded_by) \
        == (TODAY, "Per Holm", "phone", adviser.id)


def test_appointments_after_release_and_the_first_ones_outcome(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    with pytest.raises(ServiceError) as error:
        handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                           day=TODAY - timedelta(days=1), at=time(10),
                                           place="Nav")
    assert error.value.code == "date_in_past"
    with pytest.raises(ServiceError) as error:
        handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                           day=date(2026, 6, 2), at=time(10), place=" ")
    assert error.value.code == "appointment_place_required"
    first = handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                               day=date(2026, 6, 2), at=time(10),
                                               place="Nav Grünerløkka")
    with pytest.raises(ServiceError) as error:
        handover_follow_up.record_outcome(db, clock.now(), adviser, inmate.id, first.id, "kept")
    assert error.value.code == "outcome_too_early"
    clock.set(datetime(2026, 6, 3, 12, tzinfo=OSLO))
    with pytest.raises(ServiceError):
        handover_follow_up.record_outcome(db, clock.now(), adviser, inmate.id, first.id, "maybe")
    handover_follow_up.record_outcome(db, clock.now(), adviser, inmate.id, first.id, "missed")
    assert (first.outcome, first.outcome_recorded_by) == ("missed", adviser.id)
    with pytest.raises(NotFound):  # another inmate's appointment
        handover_follow_up.record_outcome(db, clock.now(), _staff(db, world, "other_prison_admin"),
                                          world.inmates["b"].id, first.id, "kept")
    handover_follow_up.remove_appointment(db, clock.now(), adviser, inmate.id, first.id)
    assert ho.appointments_of(db, inmate) == []


def test_innsyn_shows_the_hand_over_and_the_appointments_after_release(db, clock, world):
    from core.services.records import subject_access

    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    consents.give(db, clock.now(), inmate, "home_nav", "handover", "stay")
    handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id, day=date(2026, 6, 2),
                                       at=time(10), place="Nav Grünerløkka")
    ho.made(db, clock.now(), adviser, ho.build(db, clock.now(), adviser, inmate.id), "json")
    handover_follow_up.confirm_receipt(db, clock.now(), adviser, inmate.id, TODAY, "Per Holm",
                                       "email")
    facts = {f.key: f.value for entry in subject_access.for_inmate(
        db, clock.now(), inmate).groups["release"]
             for f in [entry.title, *entry.facts]}
    assert facts["receipt_person"] == "Per Holm" and facts["receipt_channel"] == "email"
    assert facts["place"] == "Nav Grünerløkka" and facts["handover_copies"] == 1
