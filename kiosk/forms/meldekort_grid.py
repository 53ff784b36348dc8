"""The day grid of a meldekort on the kiosk, as the page draws it: both weeks, each day's
cells for the rows the card shows, by kind ("hours", "checkbox", or "choice" with its
options: the new AAP card's absence reasons, the new tiltakspenger card's statuses, a day
outside its decision "locked"), with each cell's value as typed and its error.
"""
from __future__ import annotations

from core.services.forms.meldekort import rules as mk
from core.services.forms.meldekort.card_types import (AAP_ABSENCE_REASONS, TILTAKSPENGER_CHOICES,
                                                      RowKind)
from kiosk.forms import meldekort_texts as texts
from kiosk.forms.meldekort_steps import CardState


def choices(state: CardState, activity: mk.Activity, lang: str) -> list[tuple[str, str]]:
    """A choice row's options as (value, text shown): the new AAP card's absence reasons,
    or the new tiltakspenger card's statuses."""
    if activity is mk.Activity.STATUS:
        keys, prefix = TILTAKSPENGER_CHOICES, "status"
    else:
        keys, prefix = tuple(AAP_ABSENCE_REASONS), "aap_absence"
    return [(key, texts.card_text(state.definition, f"{prefix}_{key}", lang)) for key in keys]


def weeks(state: CardState, error_for: dict[str, str], lang: str) -> list[dict]:
    """Both weeks of the grid, each with its seven days and the cells of the rows shown.
    A cell says its kind: "hours", "checkbox" or "choice" (with its options); a day outside
    a tiltakspenger decision is "locked"."""
    card = state.card
    shown = state.shown_rows()
    options = {a: choices(state, a, lang) for a in shown
               if state.row_kind(a) is RowKind.CHOICE}
    eligible = state.rules.eligible_days
    weeks = []
    for index, week_number in enumerate(card.period.weeks):
        days = []
        for number in range(index * 7 + 1, index * 7 + 8):
            day = card.grid.day(number)
            cells = []
            for a in shown:
                kind = state.row_kind(a)
                field = mk.cell_field(number, a)
                cell = {"field": field, "row": a.value, "kind": kind.value,
                        "error": error_for.get(field)}
                if a is mk.Activity.STATUS:
                    cell.update(value=day.status or "", options=options[a],
                                locked=number not in eligible)
                elif kind is RowKind.HOURS:
                    cell["hours"] = texts.hours_text(day.hours)
                elif kind is RowKind.CHOICE:
                    cell.update(value=day.aap_absence or "", options=options[a], locked=False)
                else:
                    cell["checked"] = bool(getattr(day, a.value))
                cells.append(cell)
            days.append({"number": number, "name": texts.day_name(card.period.day(number)),
                         "cells": cells})
        weeks.append({"number": week_number, "first": card.period.day(index * 7 + 1),
                      "last": card.period.day(index * 7 + 7), "days": days,
                      "errors": [(c["field"], c["error"]) for d in days for c in d["cells"]
                                 if c["error"]]})
    return weeks
