"""The take-home sheet "Etter løslatelsen" (issue 15): facts for day one, in the inmate's
language, never a note; staff reads are audited, the inmate's own are not."""
import json
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, BenefitPlan, Certificate, Inmate, StaffUser
from core.services.directory import entries as directory
from core.services.directory.entries import ContactData
from core.services.errors import NotFound
from core.services.release import handover_follow_up
from core.services.release import plan as rp, plan_changes
from core.services.release import takehome


def _inmate(db, world, key="a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def _staff(db, world, key="adviser") -> StaffUser:
    return db.get(StaffUser, world.staff[key].id)


def test_the_sheet_has_the_first_appointments_the_office_and_the_certificates(db, clock, world):
    inmate = _inmate(db, world)
    adviser = _staff(db, world)
    directory.save(db, clock.now(), world.staff["system_admin"], "0301", ContactData(
        nav_office="Nav Grünerløkka", phone="55551111", address="Thorvald Meyers gate 1"))
    later = handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                               day=date(2026, 6, 5), at=time(9), place="Boligkontoret")
    first = handover_follow_up.add_appointment(db, clock.now(), adviser, inmate.id,
                                               day=date(2026, 6, 2), at=time(10), place="Nav Grünerløkka")
    db.add(Certificate(code="ABCDEFGHIJ", inmate_id=inmate.id, issued_at=clock.now(),
                       prison_name="Fengsel A", modules=json.dumps([{
                           "module": "navno", "version": 1, "title_nb": "Logg inn på nav.no",
                           "title_en": "Log in to nav.no", "completed_at": clock.now().isoformat(),
                           "score": 90, "trainer": ""}])))
    db.add(BenefitPlan(inmate_id=inmate.id, benefit="dagpenger", card_type="dagpenger",
                       first_period=date(2026, 3, 2),
                       active=True, updated_at=clock.now()))
    rp.get_or_start_plan(db, clock.now(), inmate)
    plan_changes.set_item(db, clock.now(), adviser, inmate, "jobseeker_registration",
                          plan_changes.ItemChange(status="done", owner="adviser", note="Skal ikke med"))
    sheet = takehome.for_staff(db, clock.now(), adviser, inmate.id, "en")
    assert sheet.language == "en"
    assert [a.id for a in sheet.appointments] == [first.id, later.id]
    assert sheet.home.contact.address == "Thorvald Meyers gate 1"
    assert sheet.meldekort and sheet.jobseeker_done and not sheet.has_bank_id
    assert [(c.code, c.titles) for c in sheet.certificates] == [("ABCDE-FGHIJ",
                                                                  ["Log in to nav.no"])]
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "takehome.view")) == 1
    # Past appointments are not on it.
    clock.set(datetime(2026, 6, 3, 12, tzinfo=first.starts_at.tzinfo))
    assert [a.id for a in takehome.for_inmate(db, clock.now(), inmate).appointments] == [later.id]


def test_the_sheet_is_in_the_inmates_language_or_bokmal(db, clock, world):
    inmate = _inmate(db, world)
    inmate.language = "pl"  # every kiosk language since issue 18
    assert takehome.for_inmate(db, clock.now(), inmate).language == "pl"
    inmate.language = "xx"  # not one the kiosk speaks
    assert takehome.for_inmate(db, clock.now(), inmate).language == "nb"
    inmate.language = "en"
    assert takehome.for_inmate(db, clock.now(), inmate).language == "en"
    assert takehome.for_inmate(db, clock.now(), inmate, "nb").language == "nb"


@pytest.mark.parametrize("key", ["school", "officer", "trainer", "prison_admin"])
def test_only_advisers_and_social_workers_print_it(db, clock, world, key):
    with pytest.raises(NotFound):
        takehome.for_staff(db, clock.now(), _staff(db, world, key), world.inmates["a"].id)
