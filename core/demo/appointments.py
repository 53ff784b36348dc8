"""Demo office hours and appointments, so that the booking page, the daily list and the
kiosk show something. Called once by core.demo.loader.load, after the demo requests."""
from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import to_oslo
from core.models import Inmate, Prison, Request, StaffUser
from core.services.appointments import booking as appointments, office_hours

# username, prison, weekday (0 = Monday), from, to, minutes per conversation, room
OFFICE_HOURS = [
    ("veileder", "HOF", 1, time(9), time(14), 30, "Samtalerom Nav, avdeling A"),
    ("veileder", "HOF", 3, time(9), time(14), 30, "Samtalerom Nav, avdeling A"),
    ("veileder", "HALDEN", 2, time(9), time(14), 45, "Nav-kontoret, enhet 1"),
    ("sosial", "HOF", 0, time(9), time(12), 30, "Sosialkontoret, avdeling B"),
]
# inmate, the topic of their demo request, with whom, the weekday and time wanted
APPOINTMENTS = [
    ("H1004", "aap", "veileder", 3, time(10)),  # "the conversation on Thursday"
    ("H1002", "income_after_release", "veileder", 1, time(11)),
    ("H1005", "housing", "sosial", 0, time(9, 30)),
]


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    prisons = {p.code: p for p in db.scalars(select(Prison))}
    today = to_oslo(now).date()
    for username, code, weekday, starts, ends, minutes, room in OFFICE_HOURS:
        office_hours.publish(db, now, users[username], office_hours.HoursData(
            prison_id=prisons[code].id, weekday=weekday, starts=starts, ends=ends,
            slot_minutes=minutes, room=room, valid_from=today))
    for number, topic, username, weekday, wanted in APPOINTMENTS:
        inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == number))
        request = db.scalar(select(Request).where(Request.inmate_id == inmate.id,
                                                  Request.topic == topic))
        staff = users[username]
        slots = [s for s in office_hours.free_slots(db, now, inmate.prison_id,
                                                    staff_id=staff.id, inmate_id=inmate.id)
                 if to_oslo(s.starts_at).weekday() == weekday]
        chosen = next((s for s in slots if to_oslo(s.starts_at).time() == wanted),
                      slots[0] if slots else None)
        if chosen is not None:  # none when every such day is a holiday
            appointments.book(db, now, staff, inmate, staff.id, chosen.starts_at,
                              request=request)
