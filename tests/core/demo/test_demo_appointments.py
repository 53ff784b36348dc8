from datetime import date, datetime, timezone

from sqlalchemy import func, select

from core.demo import loader as demo
from core.clock import to_oslo
from core.models import Appointment, OfficeHours, StaffUser
from core.services.appointments import booking as appointments


def test_demo_hours_and_appointments_fill_the_daily_list_once(db, hasher, pin_hasher):
    now = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)  # Monday morning
    assert demo.load(db, now, hasher, pin_hasher).created
    assert db.scalar(select(func.count()).select_from(OfficeHours)) == 4
    booked = db.scalars(select(Appointment).order_by(Appointment.starts_at)).all()
    assert len(booked) == 3 and all(a.request_id for a in booked)
    assert [to_oslo(a.starts_at).strftime("%a %H:%M") for a in booked] == [
        "Mon 09:30", "Tue 11:00", "Thu 10:00"]
    officer = db.scalar(select(StaffUser).where(StaffUser.username == "betjent"))
    rows = appointments.daily_list(db, now, officer, date(2026, 3, 5))
    assert [r.inmate_number for r in rows] == ["H1004"]
    assert not demo.load(db, now, hasher, pin_hasher).created
    assert db.scalar(select(func.count()).select_from(Appointment)) == 3
