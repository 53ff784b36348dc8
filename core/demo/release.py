"""Demo data for the release checklist: the inmates released soon have some items done
and some overdue, so "Upcoming releases" and the raised queue show something.
Loading twice changes nothing: an item that has a row already is left alone."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import ChecklistItem, Inmate, StaffUser
from core.services.release import checklist

# inmate number, item, done how many days ago, by whom, note
TICKED = [
    ("H1001", "release_date_known", 0.2, "veileder", "Ringte Nav Oslo. De vet datoen."),
    ("H1003", "release_date_known", 10, "veileder", "Melding sendt til Nav Bergen."),
    ("HA2004", "release_date_known", 18, "veileder", "Nav Kristiansand vet datoen."),
    ("HA2004", "income_applied", 12, "sosial", "Søknad om økonomisk sosialhjelp sendt."),
    ("HA2004", "responsibility_group", 2, "sosial", "Første møte to dager etter løslatelsen."),
]
# Open items with a note: the work is started, not done (both overdue in the demo).
NOTED = [
    ("H1003", "income_applied", 1, "veileder", "Venter på kontoutskrift fra innsatte."),
    ("HA2004", "appointment_booked", 1, "veileder", "Nav Kristiansand har ikke svart ennå."),
]


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    for rows, done in ((TICKED, True), (NOTED, False)):
        for number, code, days_ago, username, note in rows:
            inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == number))
            if inmate is None or db.scalar(select(ChecklistItem.id).where(
                    ChecklistItem.inmate_id == inmate.id, ChecklistItem.item == code)):
                continue
            checklist.set_item(db, now - timedelta(days=days_ago), users[username], inmate,
                               code, done, note)
    db.flush()
