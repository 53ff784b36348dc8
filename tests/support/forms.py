"""Submissions made through the services, as the kiosk makes them, for the staff side's
tests: a meldekort, a job-seeker registration and an application for financial help.

The world's clock starts on Monday 2 March 2026. With the plan below (periods every 14
days from Monday 2 February), the period of 16 February is open and that of 2 February
is late.
"""
from __future__ import annotations

from datetime import date

from core.models import Inmate, StaffUser, Terminal
from core.services.forms import submissions as forms
from core.services.forms.meldekort import engine as mf, plan as meldekort_plan, rules as mk
from core.services.forms.definitions import registry

FIRST = date(2026, 2, 2)
OPEN_PERIOD = date(2026, 2, 16)
LATE_PERIOD = date(2026, 2, 2)
NO = {"arbeidet": False, "kurs": False, "syk": False, "annetFravaer": False,
      "arbeidssoker": True}
JOBSEEKER = {"level": "none", "situation": "never", "work_inside": "no", "limitations": "no",
             "wants": ["cv"]}
SOCIAL_ASSISTANCE = {"home_municipality": "0301", "housing": "family", "income_now": "no",
                     "expected": "none", "needs": ["living"], "amount": 4000}


def inmate(db, world, key: str = "a") -> Inmate:
    return db.get(Inmate, world.inmates[key].id)


def plan(db, now, world, key: str = "a", benefit: str = "dagpenger", first: date = FIRST):
    return meldekort_plan.set_plan(db, now, db.get(StaffUser, world.staff["adviser"].id),
                                   inmate(db, world, key), benefit, first)


def _officer(db, world, key: str) -> StaffUser:
    return db.get(StaffUser, world.staff["officer" if key != "b" else "other_officer"].id)


def _terminal(db, world, key: str) -> Terminal:
    return db.get(Terminal, world.terminals["a" if key != "b" else "b"].id)


def meldekort(db, now, world, key: str = "a", period_start: date = OPEN_PERIOD,
              answers: dict | None = None, days: dict | None = None,
              countersign: bool = True, practice: bool = False, language: str = "nb"):
    """A confirmed meldekort of inmate ``key`` (with a plan made if there is none),
    countersigned on the terminal unless told otherwise."""
    who = inmate(db, world, key)
    if meldekort_plan.plan_of(db, who) is None:
        plan(db, now, world, key)
    period = mk.Period(period_start)
    draft = mf.start(db, now, who, _terminal(db, world, key), period, practice=practice)
    card = mf.card_of(draft).as_dict()
    card["answers"].update(answers or NO)
    for number, changes in (days or {}).items():
        card["days"][number - 1].update(changes)
    forms.save(db, now, draft, {"card": card})
    result = mf.confirm(db, now, who, draft, language=language,
                        terminal=_terminal(db, world, key), supervisor_id=None, submit_key=None)
    if countersign and not practice:
        forms.countersign(db, now, _officer(db, world, key), result, "terminal")
    return result


def generic(db, now, world, form_key: str, key: str = "a", countersign: bool = True,
            practice: bool = False):
    """A confirmed job-seeker registration or application for financial help."""
    who = inmate(db, world, key)
    data = JOBSEEKER if form_key == "jobseeker" else SOCIAL_ASSISTANCE
    definition = registry().current(form_key, date(2026, 3, 2))
    draft = forms.start(db, now, who, definition, terminal=_terminal(db, world, key),
                        practice=practice, data=dict(data))
    result = forms.confirm_generic(db, now, who, draft, language="nb",
                                   terminal=_terminal(db, world, key), supervisor_id=None,
                                   submit_key=None)
    if countersign and not practice:
        forms.countersign(db, now, _officer(db, world, key), result, "terminal")
    return result
