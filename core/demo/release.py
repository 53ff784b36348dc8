"""Demo data for the release plan (issue 15): plans in every state.

- H1001: released within days, most of the network pathway done;
- H1003: a moved release date (two weeks later), items in progress and overdue;
- HA2004: nearly done, one item declined by the inmate;
- a short stay (the first inmate with an expected release within 90 days of arrival that
  has no plan touched yet): raised in the queue and "Upcoming releases" from day one;
- a released inmate's plan is frozen with what was left open (when the demo has one).

Loading twice changes nothing: an item that has a row already is left alone."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, InmateStatus, StaffUser
from core.services.release import plan as release_plan
from core.services.release import pathways as pw

# inmate number, item, status, done how many days ago, by whom, note
ITEMS = [
    ("H1001", "release_date_known", "done", 0.2, "veileder", "Ringte Nav Oslo. De vet datoen."),
    ("H1001", "income_applied", "done", 3, "veileder", "Søknad om dagpenger sendt."),
    ("H1001", "housing_asked", "done", 40, "sosial", "Har leilighet hos mor."),
    ("H1003", "release_date_known", "done", 10, "veileder", "Melding sendt til Nav Bergen."),
    ("H1003", "income_applied", "in_progress", 1, "veileder",
     "Venter på kontoutskrift fra innsatte."),
    ("H1003", "housing_office_contacted", "in_progress", 2, "sosial",
     "Boligkontoret i Bergen har fått søknaden."),
    ("HA2004", "release_date_known", "done", 18, "veileder", "Nav Kristiansand vet datoen."),
    ("HA2004", "income_applied", "done", 12, "sosial", "Søknad om økonomisk sosialhjelp sendt."),
    ("HA2004", "responsibility_group", "done", 2, "sosial",
     "Første møte to dager etter løslatelsen."),
    ("HA2004", "appointment_booked", "in_progress", 1, "veileder",
     "Nav Kristiansand har ikke svart ennå."),
    ("HA2004", "debt_advice", "declined", 5, "sosial", "Vil ordne dette selv."),
    ("HA2004", "school_place", "not_needed", 6, "sosial", ""),
]
MOVED = "H1003"  # its release date moves two weeks later


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    inmates = {i.inmate_number: i for i in db.scalars(select(Inmate))}
    for number, code, status, days_ago, username, note in ITEMS:
        inmate = inmates.get(number)
        if inmate is None:
            continue
        plan = release_plan.get_or_start_plan(db, now, inmate)
        if any(row.code == code for row in plan.items):
            continue
        release_plan.set_item(db, now - timedelta(days=days_ago), users[username], inmate, code,
                              release_plan.ItemChange(status, pw.ITEMS[code][1].owner,
                                                      note=note))
    moved = inmates.get(MOVED)
    if moved is not None and moved.expected_release:
        plan = release_plan.get_or_start_plan(db, now, moved)
        if not any(e.kind == "dates" for e in release_plan.history(db, plan)):
            old = release_plan.dates_of(plan)
            earliest = max(old.arrived_on, moved.expected_release - timedelta(days=20))
            release_plan.set_dates(db, now - timedelta(days=3), users["veileder"], moved,
                                   release_plan.Dates(old.arrived_on, earliest,
                                                      moved.expected_release, None))
            later = release_plan.dates_of(plan)
            release_plan.set_dates(db, now - timedelta(days=1), users["veileder"], moved,
                                   release_plan.Dates(
                                       later.arrived_on, earliest + timedelta(days=14),
                                       moved.expected_release + timedelta(days=14), None))
    # The demo's records are all made today; most people arrived months ago, and one is
    # a short stay who arrived ten days ago (expected release within 90 days of arrival).
    today = release_plan.today(now)
    short = next((i for i in sorted(inmates.values(), key=lambda i: i.inmate_number)
                  if i.status == InmateStatus.PRESENT.value and i.expected_release
                  and 20 <= (i.expected_release - today).days <= 80
                  and i.inmate_number not in {n for n, *_ in ITEMS}), None)
    for inmate in sorted(inmates.values(), key=lambda i: i.inmate_number):
        plan = release_plan.get_or_start_plan(db, now, inmate)
        if plan.started_at == now:  # started by this load: give it a believable arrival
            plan.arrived_on = today - timedelta(days=10 if inmate is short else 200)
        if inmate.status == InmateStatus.RELEASED.value:
            release_plan.freeze(db, now, None, inmate)
    db.flush()
