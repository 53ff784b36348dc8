"""Release statistics per prison and month (issue 15): counts only, never who.

For the inmates released in a month (``released_on`` in that month; the prison they were
released from, which is the inmate's prison at release):
- releases;
- the share released with each pathway's key item done in the release plan (KEY_ITEMS:
  housing, income applied for, an appointment booked, ID; "done" as the plan stood at
  release, since the plan is frozen then);
- hand-overs to the home Nav office made before the release day (the first copy made on an
  earlier Oslo day than the release);
- short stays: released within SHORT_STAY_DAYS of arrival (the plan's arrival date; the
  inmate's registration when there is no plan).

Staff with Can.VIEW_REPORTS count the prisons they serve; a system administrator may count
all prisons at once. Another prison is "not found". Reading it is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.clock import to_oslo
from core.models import Handover, Inmate, Prison, ReleasePlan, ReleasePlanItem, StaffUser
from core.services.errors import ServiceError
from core.services.scoping import report_prison
from core.services.release.pathways import SHORT_STAY_DAYS

# A pathway's key item: released with any of these done.
KEY_ITEMS: dict[str, tuple[str, ...]] = {
    "housing": ("housing_office_contacted", "temporary_housing", "rent_keep_or_end"),
    "income": ("income_applied",),
    "appointment": ("appointment_booked",),
    "id": ("id_document",),
}
KEYS = tuple(KEY_ITEMS)
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    releases: int
    key_done: dict[str, int]  # key -> released with it done
    handover_before: int
    short_stays: int

    def share(self, count: int) -> float | None:
        return count / self.releases if self.releases else None


@dataclass(frozen=True)
class Statistics:
    prison: Prison | None  # None: every prison
    year: int
    months: list[Month]
    made_at: datetime

    @property
    def total(self) -> Month:
        return Month(self.year, 0, sum(m.releases for m in self.months),
                     {k: sum(m.key_done[k] for m in self.months) for k in KEYS},
                     sum(m.handover_before for m in self.months),
                     sum(m.short_stays for m in self.months))


def build(db: Session, now: datetime, staff: StaffUser, prison_id: int | None,
          year: int) -> Statistics:
    today = to_oslo(now).date()
    if not FIRST_YEAR <= year <= today.year:
        raise ServiceError("year_out_of_range", first=FIRST_YEAR, last=today.year)
    prison = report_prison(db, staff, prison_id)
    query = select(Inmate.id, Inmate.released_on, Inmate.created_at).where(
        Inmate.released_on >= date(year, 1, 1), Inmate.released_on <= date(year, 12, 31))
    if prison is not None:
        query = query.where(Inmate.prison_id == prison.id)
    released = db.execute(query).all()
    ids = [r.id for r in released]
    arrived: dict[int, date] = {}
    done: dict[int, set[str]] = {i: set() for i in ids}
    first_made: dict[int, datetime] = {}
    wanted = {code for codes in KEY_ITEMS.values() for code in codes}
    for chunk in (ids[n:n + 500] for n in range(0, len(ids), 500)):
        arrived.update(db.execute(select(ReleasePlan.inmate_id, ReleasePlan.arrived_on)
                                  .where(ReleasePlan.inmate_id.in_(chunk))).all())
        for inmate_id, code in db.execute(
                select(ReleasePlan.inmate_id, ReleasePlanItem.code)
                .join(ReleasePlanItem, ReleasePlanItem.plan_id == ReleasePlan.id)
                .where(ReleasePlan.inmate_id.in_(chunk), ReleasePlanItem.status == "done",
                       ReleasePlanItem.code.in_(wanted))):
            done[inmate_id].add(code)
        first_made.update(db.execute(select(Handover.inmate_id, Handover.first_made_at).where(
            Handover.inmate_id.in_(chunk), Handover.first_made_at.is_not(None))).all())
    last_month = 12 if year < today.year else today.month
    months = []
    for month in range(1, last_month + 1):
        rows = [r for r in released if r.released_on.month == month]
        months.append(Month(
            year, month, len(rows),
            {k: sum(1 for r in rows if done[r.id] & set(codes)) for k, codes in KEY_ITEMS.items()},
            sum(1 for r in rows if r.id in first_made
                and to_oslo(first_made[r.id]).date() < r.released_on),
            sum(1 for r in rows if (r.released_on - arrived.get(
                r.id, to_oslo(r.created_at).date())).days <= SHORT_STAY_DAYS)))
    audit.record(db, now, Actor("staff", staff.id), "release_statistics.view",
                 prison_id=prison.id if prison else None, detail={"year": year})
    return Statistics(prison, year, months, now)
