"""Demo data for the person's hand-over and the take-home sheet (issue 15):

- HA2004 (Erik Dahl, Halden, released in 10 days): agreed to share who he is, the plan
  and the claims with Nav Kristiansand; two appointments after release; the hand-over was
  made two days ago and Nav Kristiansand confirmed receipt yesterday;
- H1001 (Ola Nordmann, Hof, released in 30 days): agreed to share who he is and the plan;
  one appointment after release; the hand-over was made yesterday, no receipt yet.

Both are disclosures the inmate sees on the kiosk. Loading twice changes nothing."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import to_oslo
from core.models import Handover, Inmate, StaffUser
from core.services.release import handover, handover_follow_up
from core.services.requests import consents

# inmate number, consents to the home Nav office, appointments (days after release,
# hour, place, address, with whom, what), made days ago, receipt (days ago, person)
PEOPLE = [
    ("HA2004", ("handover", "plan", "claims"), [
        (1, 10, "Nav Kristiansand", "Tollbodgata 2, 4611 Kristiansand", "Linn Haugland",
         "Første samtale om arbeid og penger"),
        (2, 13, "Boligkontoret i Kristiansand", "Rådhusgata 18, 4611 Kristiansand", "",
         "Om midlertidig bolig")], 2, (1, "Linn Haugland")),
    ("H1001", ("handover", "plan"), [
        (1, 9, "Nav Grünerløkka", "Thorvald Meyers gate 1, 0555 Oslo", "Hanne Bakke",
         "Første samtale etter løslatelsen")], 1, None),
]


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    adviser = users["veileder"]
    for number, given, appointments, made_days, receipt in PEOPLE:
        inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == number))
        if inmate is None or inmate.expected_release is None or db.scalar(
                select(Handover.id).where(Handover.inmate_id == inmate.id)):
            continue
        made_at = now - timedelta(days=made_days)
        for purpose in given:
            consents.give(db, made_at - timedelta(days=1), inmate, "home_nav", purpose, "stay")
        for days, hour, place, address, with_whom, what in appointments:
            day = inmate.expected_release + timedelta(days=days)
            handover_follow_up.add_appointment(db, now, adviser, inmate.id, day=day,
                                               at=time(hour), place=place, address=address,
                                               with_whom=with_whom, what=what)
        made = handover.build(db, made_at, adviser, inmate.id)
        handover.made(db, made_at, adviser, made, "pdf")
        db.flush()
        if receipt is not None:
            days_ago, person = receipt
            handover_follow_up.confirm_receipt(db, now, adviser, inmate.id,
                                               to_oslo(now - timedelta(days=days_ago)).date(),
                                               person, "phone")
    db.flush()
