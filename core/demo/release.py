"""Demo data for the release plan (issue 15): plans in every state.

- H1001: released within days, most of the network pathway done;
- H1003: a moved release date (two weeks later), items in progress and overdue;
- HA2004: nearly done, one item declined by the inmate;
- a short stay (the first inmate with an expected release within 90 days of arrival that
  has no plan touched yet): raised in the queue and "Upcoming releases" from day one;
- HA2007 Geir Moen, released five days ago: his plan is frozen with what was left open.

Loading twice changes nothing: an item that has a row already is left alone."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, InmateStatus, Prison, StaffUser
from core.services.people import inmates as people
from core.services.release import plan as release_plan, plan_changes, plan_dates, plan_reads
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
RELEASED = ("HA2007", "Geir Moen", "HALDEN", "0301")
RELEASED_DONE = ("release_date_known", "income_applied", "housing_asked", "appointment_booked",
                 "id_document", "bank_account", "jobseeker_registration")


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    inmates = {i.inmate_number: i for i in db.scalars(select(Inmate))}
    today = plan_dates.today(now)
    # The demo's records are all made today; most people arrived months ago, and one is
    # a short stay who arrived ten days ago (expected release within 90 days of arrival).
    short = next((i for i in sorted(inmates.values(), key=lambda i: i.inmate_number)
                  if i.status == InmateStatus.PRESENT.value and i.expected_release
                  and 20 <= (i.expected_release - today).days <= 80
                  and i.inmate_number not in {n for n, *_ in ITEMS}), None)
    for inmate in sorted(inmates.values(), key=lambda i: i.inmate_number):
        if inmate.status == InmateStatus.PURGED.value:
            continue
        arrived = today - timedelta(days=10 if inmate is short else 200)
        release_plan.get_or_start_plan(db, now - timedelta(days=4), inmate, arrived_on=arrived)
    for number, code, status, days_ago, username, note in ITEMS:
        inmate = inmates.get(number)
        if inmate is None:
            continue
        plan = release_plan.get_or_start_plan(db, now, inmate)
        if any(row.code == code for row in plan.items):
            continue
        plan_changes.set_item(db, now - timedelta(days=days_ago), users[username], inmate, code,
                              plan_changes.ItemChange(status, pw.ITEMS[code][1].owner,
                                                      note=note))
    moved = inmates.get(MOVED)
    if moved is not None and moved.expected_release:
        plan = release_plan.get_or_start_plan(db, now, moved)
        if not any(e.kind == "dates" for e in plan_reads.history(db, plan)):
            old = plan_dates.dates_of(plan)
            earliest = max(today, moved.expected_release - timedelta(days=7))
            plan_changes.set_dates(db, now - timedelta(days=3), users["veileder"], moved,
                                   plan_dates.Dates(old.arrived_on, earliest,
                                                    moved.expected_release, None))
            plan_changes.set_dates(db, now - timedelta(days=1), users["veileder"], moved,
                                   plan_dates.Dates(
                                       old.arrived_on, earliest + timedelta(days=14),
                                       moved.expected_release + timedelta(days=14), None))
    _released(db, now, users, inmates)
    db.flush()


def _released(db: Session, now: datetime, users: dict[str, StaffUser],
              inmates: dict[str, Inmate]) -> None:
    """A person released five days ago: most of the plan done, the rest left open."""
    number, name, prison_code, municipality = RELEASED
    if number in inmates:
        return
    prison = db.scalar(select(Prison).where(Prison.code == prison_code))
    if prison is None:
        return
    then = now - timedelta(days=120)
    data = people.InmateData(number, name, prison.id, prison.units[0].id, municipality, "nb",
                             plan_dates.today(now) - timedelta(days=5))
    inmate = people.create(db, then, users["sysadmin"], data)
    inmate.created_at = then
    release_plan.get_or_start_plan(db, then, inmate)
    for days, code in enumerate(RELEASED_DONE):
        plan_changes.set_item(db, then + timedelta(days=10 * days + 1), users["veileder"], inmate,
                              code, plan_changes.ItemChange("done", pw.ITEMS[code][1].owner))
    data.status = InmateStatus.RELEASED.value
    people.update(db, now - timedelta(days=5), users["sysadmin"], inmate, data)
