"""Demo benefit plans, meldekort in every status, and two other forms received, so that the
inbox, a record, "Meldekort due" and countersigning show something. Called once by
core.demo.loader.load, after the demo requests; everything is made through the services, at
moments before ``now`` that the rules allow.

With M the Monday of this week (Oslo), a plan starting M-28 has the period of M-28 late
and that of M-14 open; a plan starting M-14 has only the period of M-14 open:
- H1001 Ola Nordmann (Hof, dagpenger): M-28 registered with NAV; M-14 open, a draft saved;
- H1002 Kari Hansen (Hof, AAP): M-14 waiting for an officer's countersignature;
- H1003 Ahmed Ali (Hof, tiltakspenger, in English): M-14 under review;
- H1004 Piotr Kowalski (Hof, AAP, in English): M-14 returned for correction;
- H1005 Jonas Berg (Hof, job seeker): M-14 open, nothing started; a job-seeker
  registration received;
- H1006 Nina Olsen (Hof, dagpenger): M-14 sent;
- HA2001 Lars Johansen (Halden, dagpenger): M-28 late and M-14 open, nothing sent;
- HA2002 Mona Larsen (Halden, AAP): M-28 sent late and registered, then corrected;
- HA2004 Erik Dahl (Halden): an application for financial help received.
Card types (issue 17): the plans above have the older card for AAP and tiltakspenger and
Nav's new reporting card for dagpenger and job seekers; besides,
- HA2003 Tomas Petrauskas (Halden, AAP on the new AAP card, in English): M-14 sent, with
  hours and a day of absence from an agreed activity;
- HA2005 Sofie Lie (Halden, tiltakspenger on the new card, 8 days per period): M-14 sent,
  a status per day;
- HA2006 Andrei Popescu (Halden, dagpenger from M-42): exempt from M-28 to M-15 (admitted
  to a health institution), an etterregistrering card made for M-42, M-14 open.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import BenefitPlan, Inmate, StaffUser, Terminal
from core.services.forms import inbox as form_inbox, submissions as forms
from core.services.forms.meldekort import (deadlines, engine as mf, exemptions,
                                          plan as meldekort_plan, rules as mk)
from core.services.forms.definitions import registry
from core.services.forms.meldekort.periods import oslo_date

NO = {"arbeidet": False, "kurs": False, "syk": False, "annetFravaer": False,
      "arbeidssoker": True}
# number, benefit, first period (weeks before this Monday), card type, days per period
PLANS = [("H1001", "dagpenger", 4, "dagpenger", None), ("H1002", "aap", 2, "aap_arena", None),
         ("H1003", "tiltakspenger", 2, "tiltakspenger_arena", None),
         ("H1004", "aap", 2, "aap_arena", None), ("H1005", "job_seeker", 2, "dagpenger", None),
         ("H1006", "dagpenger", 2, "dagpenger", None), ("HA2001", "dagpenger", 4, "dagpenger", None),
         ("HA2002", "aap", 4, "aap_arena", None), ("HA2003", "aap", 2, "aap_kelvin", None),
         ("HA2005", "tiltakspenger", 2, "tiltakspenger_new", 8),
         ("HA2006", "dagpenger", 6, "dagpenger", None)]
JOBSEEKER = {"level": "upper_secondary", "completed": "yes", "passed": "yes",
             "situation": "not_recent", "last_job": "Lagermedarbeider", "work_inside": "yes",
             "limitations": "no", "wants": ["find_work", "cv"]}
SOCIAL_ASSISTANCE = {"home_municipality": "4204", "housing": "none", "income_now": "no",
                     "expected": "none", "needs": ["living", "deposit"], "amount": 15000,
                     "explain": "Jeg trenger penger til mat og depositum de første ukene."}


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    if db.scalar(select(BenefitPlan.inmate_id).limit(1)) is not None:
        return  # loaded already
    today = oslo_date(now)
    monday = today - timedelta(days=today.weekday())
    people = {i.inmate_number: i for i in db.scalars(select(Inmate))}
    terminals = {t.prison_id: t for t in db.scalars(select(Terminal).where(
        Terminal.is_demo.is_(True)))}
    for number, benefit, weeks, card_type, days in PLANS:
        meldekort_plan.set_plan(db, now, users["veileder"], people[number], benefit,
                                monday - timedelta(weeks=weeks), card_type=card_type,
                                days_per_period=days)
    late, current = mk.Period(monday - timedelta(weeks=4)), mk.Period(monday - timedelta(weeks=2))
    opened = mk.opens_at(current)
    maker = _Maker(db, users, terminals)

    # Registered with NAV, sent on time two periods ago; this period's card is a draft.
    ola = people["H1001"]
    card = maker.card(ola, late, mk.opens_at(late) + timedelta(days=1, hours=9),
                      {**NO, "arbeidet": True}, {2: {"hours": "7,5"}, 3: {"hours": "4"},
                                                 9: {"hours": "6"}})
    maker.register(card, card.received_at + timedelta(days=1), "1400-2026-0042")
    draft = mf.start(db, opened + timedelta(hours=8), ola, terminals[ola.prison_id], current)
    answers = mf.card_of(draft).as_dict()
    answers["answers"].update({"arbeidet": False, "kurs": False})
    forms.save(db, opened + timedelta(hours=8, minutes=5), draft, {"card": answers},
               step="questions")

    # Waiting for the officer's countersignature, confirmed a moment ago.
    maker.card(people["H1002"], current, now - timedelta(minutes=20), NO, countersign=False)
    # Under review: opened by the adviser.
    ahmed = maker.card(people["H1003"], current, opened + timedelta(hours=10),
                       {**NO, "kurs": True}, {n: {"course": True} for n in (1, 2, 3, 8, 9)},
                       language="en")
    form_inbox.open_record(db, ahmed.received_at + timedelta(hours=2), users["veileder"],
                           ahmed.id)
    # Returned for correction, with a message.
    piotr = maker.card(people["H1004"], current, opened + timedelta(hours=11),
                       {**NO, "syk": True}, {3: {"ill": True}, 4: {"ill": True}},
                       language="en")
    form_inbox.open_record(db, piotr.received_at + timedelta(hours=1), users["veileder"],
                           piotr.id)
    form_inbox.return_for_correction(
        db, piotr.received_at + timedelta(hours=1, minutes=5), users["veileder"], piotr,
        "Du skrev at du var syk onsdag og torsdag i uke 1. Legen sier at du var syk hele "
        "uke 1. Rett opp dagene og send kortet igjen. Spør veilederen hvis du lurer på noe.")
    # Sent, not opened yet.
    maker.card(people["H1006"], current, opened + timedelta(hours=12), NO)

    # Sent late and registered, then corrected (the correction is sent).
    mona = people["HA2002"]
    card = maker.card(mona, late, mk.late_from(late) + timedelta(hours=10),
                      {**NO, "arbeidet": True}, {1: {"hours": "5"}, 2: {"hours": "5"}})
    maker.register(card, card.received_at + timedelta(hours=3), "1400-2026-0057")
    when = card.registered_at + timedelta(days=2)
    draft = mf.start_correction(db, when, mona, card, terminals[mona.prison_id])
    answers = forms.answers(draft)["card"]
    answers["days"][1]["hours"] = "7,5"
    forms.save(db, when, draft, {"card": answers, "reason": "wrong_hours"})
    maker.confirm(mona, draft, when + timedelta(minutes=5), "nb")

    # The new AAP card, sent: hours and a day absent from an agreed activity. It opens on
    # the Monday after the period, so it was sent this week.
    kelvin_open = deadlines.opens_at("aap_kelvin", current)
    maker.card(people["HA2003"], current,
               max(now - timedelta(minutes=40), kelvin_open + timedelta(minutes=15)),
               {"arbeidet": True, "avtalteAktiviteter": True, "fravaer": True},
               {1: {"hours": "4"}, 2: {"hours": "4"}, 3: {"aap_absence": "illness"}},
               language="en")
    # The new tiltakspenger card, sent: eight days of the programme, one of them ill.
    statuses = {n: "took_part" for n in (1, 2, 3, 8, 9, 10, 11)}
    statuses.update({4: "ill", 5: "not_a_programme_day", 6: "not_a_programme_day",
                     7: "not_a_programme_day", 12: "not_a_programme_day",
                     13: "not_a_programme_day", 14: "not_a_programme_day"})
    maker.card(people["HA2005"], current, opened + timedelta(hours=9), {},
               {n: {"status": status} for n, status in statuses.items()})
    # Exempt for a period (admitted to a health institution), and an etterregistrering card
    # for the period before it, which had no card.
    andrei = people["HA2006"]
    early = mk.Period(monday - timedelta(weeks=6))
    exemptions.record(db, now - timedelta(days=20), users["veileder"], andrei,
                      reason="health_institution", starts_on=late.start, ends_on=late.end,
                      note="Innlagt på sykehus.")
    meldekort_plan.create_etterregistrering(db, now - timedelta(days=1), users["veileder"], andrei,
                                            early, "Var på sykehus og kunne ikke sende meldekortet.")

    # The two other forms, received.
    maker.generic(people["H1005"], "jobseeker", JOBSEEKER, opened + timedelta(hours=9))
    maker.generic(people["HA2004"], "social_assistance", SOCIAL_ASSISTANCE,
                  opened + timedelta(hours=13))


class _Maker:
    """Confirms and countersigns as the kiosk and the prison's officer would."""

    def __init__(self, db: Session, users: dict, terminals: dict) -> None:
        self.db, self.users, self.terminals = db, users, terminals

    def _officer(self, inmate: Inmate) -> StaffUser:
        return next(u for name, u in self.users.items() if name.startswith("betjent")
                    and inmate.prison_id in u.prison_ids)

    def confirm(self, inmate: Inmate, draft, at: datetime, language: str, countersign=True):
        terminal = self.terminals[inmate.prison_id]
        officer = self._officer(inmate)
        supervisor = officer.id if terminal.supervised else None
        if draft.form_key == meldekort_plan.FORM:
            result = mf.confirm(self.db, at, inmate, draft, language=language,
                                terminal=terminal, supervisor_id=supervisor, submit_key=None)
        else:
            result = forms.confirm_generic(self.db, at, inmate, draft, language=language,
                                           terminal=terminal, supervisor_id=supervisor,
                                           submit_key=None)
        if countersign:
            forms.countersign(self.db, at + timedelta(minutes=4), officer, result, "terminal")
        return result

    def card(self, inmate: Inmate, period: mk.Period, at: datetime, answers: dict,
             days: dict | None = None, *, language: str = "nb", countersign: bool = True):
        started = at - timedelta(minutes=12)
        draft = mf.start(self.db, started, inmate, self.terminals[inmate.prison_id], period)
        card = mf.card_of(draft).as_dict()
        card["answers"].update(answers)
        for number, changes in (days or {}).items():
            card["days"][number - 1].update(changes)
        forms.save(self.db, started + timedelta(minutes=8), draft, {"card": card})
        return self.confirm(inmate, draft, at, language, countersign)

    def register(self, card, at: datetime, reference: str) -> None:
        adviser = self.users["veileder"]
        form_inbox.open_record(self.db, at - timedelta(minutes=30), adviser, card.id)
        form_inbox.register(self.db, at, adviser, card, reference)

    def generic(self, inmate: Inmate, form_key: str, answers: dict, at: datetime) -> None:
        definition = registry().current(form_key, oslo_date(at))
        draft = forms.start(self.db, at - timedelta(minutes=25), inmate, definition,
                            terminal=self.terminals[inmate.prison_id], data=dict(answers))
        self.confirm(inmate, draft, at, inmate.language)
