"""Periods that had no card, for the adviser who makes an etterregistrering card.

- ``periods_without_card(db, inmate, now)``: the periods of the inmate's schedule that are
  over (the last day has passed, in Oslo) and have no card sent for them (a card sent back
  and never sent again counts as none, as plan.create_etterregistrering counts it), no
  etterregistrering yet, and no exemption: newest first, at most ``LOOK_BACK`` of them.
- ``etterregistreringer_of(db, inmate)``: the etterregistrering cards made, newest first.

The caller has checked that the reader may see the benefit (access.may_manage_plan), and
audits the read with the plan's.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import FormSubmission, Inmate, MeldekortEtterregistrering
from core.services.forms import submissions as forms
from core.services.forms.meldekort import deadlines, exemptions, rules as mk
from core.services.forms.meldekort.periods import oslo_date
from core.services.forms.meldekort.plan import FORM, plan_of

LOOK_BACK = 26  # about a year of periods


def etterregistreringer_of(db: Session, inmate: Inmate) -> list[MeldekortEtterregistrering]:
    return list(db.scalars(select(MeldekortEtterregistrering).where(
        MeldekortEtterregistrering.inmate_id == inmate.id).order_by(
        MeldekortEtterregistrering.period_start.desc())))


def periods_without_card(db: Session, inmate: Inmate, now: datetime) -> list[mk.Period]:
    plan = plan_of(db, inmate)
    if plan is None:
        return []
    today = oslo_date(now)
    sent = {s.period_start for s in db.scalars(select(FormSubmission).where(
        FormSubmission.inmate_id == inmate.id, FormSubmission.form_key == FORM,
        FormSubmission.kind != "correction", FormSubmission.status != forms.RETURNED))}
    made = {row.period_start for row in etterregistreringer_of(db, inmate)}
    excused = exemptions.active(db, inmate.id)
    found: list[mk.Period] = []
    period = mk.Schedule.starting_on(plan.first_period).first
    while period.end < today:
        if period.start not in sent and period.start not in made \
                and not deadlines.exempt(period, excused):
            found.append(period)
        period = period.next()
    return list(reversed(found))[:LOOK_BACK]
