"""Submissions as rows, for the CSV exports of the staff inbox. Pure: no Flask, no database.

The answers come from the snapshot, as the inmate saw them (the texts in the language the
form was filled in, yes/no as shown), so an export says what the record says.

- ``answer_rows(snapshot)``: one row per answer, for a single record. A meldekort's day
  grid is written as rows too: one per day and activity shown on the card, e.g.
  ("Uke 10", "day-1-work", "mandag 2. mars: Arbeid", "7,5").
- ``flat_answers(snapshot)``: one column per answer, for a set of records. Columns are
  named by stable keys, not by texts: "<form>.<question>" (e.g. "jobseeker.level"), and
  for a meldekort's grid one column per day and activity, days numbered 1 to 14 from the
  period's first Monday: "meldekort.day01.work" (hours) and "meldekort.day01.course",
  ".ill", ".absence" (yes/no). ``columns(snapshots)`` gives the columns of a set, in order.
- A meldekort filled in on a card type (issue 17) also gives its card type ("card_type",
  column "meldekort.card_type"), the answers the card fixed without asking (question 5
  "yes" on the Arena cards: "meldekort.fixed.arbeidssoker"), the new AAP card's absence
  reason and the new tiltakspenger card's status per day (".aap_absence", ".status", as
  shown), a correction's reason, and whether it was late. ``meldekort_columns(card_type)``
  is the shape the adviser re-keys for one card type, in order; cards sent before card
  types have no card type and the classic columns.
- ``cell(value)``: a value made safe for a spreadsheet: a text beginning with = + - or @
  (or a tab or carriage return) is prefixed with an apostrophe, so it is never a formula.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import locale_formats

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GRID_ROWS = ("work", "course", "ill", "absence")
DAYS = 14
CLASSIC_QUESTIONS = ("arbeidet", "kurs", "syk", "annetFravaer", "arbeidssoker")
# The questions and grid rows each card type asks, for its columns (card_types.SPECS).
CARD_TYPE_SHAPE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dagpenger": (CLASSIC_QUESTIONS, GRID_ROWS),
    "aap_arena": (CLASSIC_QUESTIONS[:4], GRID_ROWS),
    "tiltakspenger_arena": (CLASSIC_QUESTIONS[:4], GRID_ROWS),
    "etterregistrering": (CLASSIC_QUESTIONS[:4], GRID_ROWS),
    "aap_kelvin": (("arbeidet", "avtalteAktiviteter", "fravaer"), ("work", "aap_absence")),
    "tiltakspenger_new": ((), ("status",)),
}
FIXED = {"aap_arena": ("arbeidssoker",), "tiltakspenger_arena": ("arbeidssoker",)}


def cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass(frozen=True)
class AnswerRow:
    section: str  # the step's title, or the week's label
    key: str  # a stable key: the question's key, or "day-N-activity"
    question: str  # the text shown
    answer: str  # as shown


def _yes_no(value: bool, language: str) -> str:
    return locale_formats.yes_no(value, language)


def _hours(value: str | None, language: str) -> str:
    if value is None:
        return ""
    return value.replace(".", ",") if language == "nb" else value


def _grid_cells(snapshot: dict):
    """(day number, activity, day label, row label, shown value) for every cell shown."""
    grid, language = snapshot.get("grid"), snapshot.get("language", "nb")
    if not grid:
        return
    number = 0
    for week in grid["weeks"]:
        for day in week["days"]:
            number += 1
            for row in grid["shown_rows"]:
                if row == "work":
                    value = _hours(day["hours"], language)
                elif row in ("aap_absence", "status"):
                    value = day.get(f"{row}_label") or day.get(row) or ""
                else:
                    value = _yes_no(bool(day[row]), language)
                yield number, row, week["label"], f"{day['label']}: {grid['rows'][row]}", value


def _card_rows(snapshot: dict) -> list[AnswerRow]:
    """The card type, the fixed answers, lateness and a correction's reason."""
    language = snapshot.get("language", "nb")
    rows = []
    if snapshot.get("card_type"):
        rows.append(AnswerRow("", "card_type", "card_type", snapshot["card_type"]))
    for key, value in (snapshot.get("fixed_answers") or {}).items():
        rows.append(AnswerRow("", f"fixed.{key}", key, _yes_no(bool(value), language)))
    if "card_type" in snapshot:
        rows.append(AnswerRow("", "late", "late", _yes_no(bool(snapshot.get("late")), language)))
    if snapshot.get("correction_reason"):
        rows.append(AnswerRow("", "correction_reason", "correction_reason",
                              snapshot["correction_reason"]))
    return rows


def answer_rows(snapshot: dict) -> list[AnswerRow]:
    rows = _card_rows(snapshot)
    rows += [AnswerRow(step["title"], item["key"], item["label"], item["shown"])
             for step in snapshot.get("steps", []) for item in step["items"]]
    for number, row, week, question, value in _grid_cells(snapshot):
        rows.append(AnswerRow(week, f"day-{number}-{row}", question, value))
    unregister = snapshot.get("unregister")
    if unregister:
        rows.append(AnswerRow(unregister["title"], "unregister", unregister["text"],
                              _yes_no(bool(unregister["confirmed"]),
                                      snapshot.get("language", "nb"))))
    return rows


def _day_column(form: str, number: int, row: str) -> str:
    return f"{form}.day{number:02d}.{row}"


def flat_answers(snapshot: dict) -> dict[str, str]:
    form = snapshot.get("form", "")
    found = {f"{form}.{row.key}": row.answer for row in _card_rows(snapshot)}
    found.update({f"{form}.{item['key']}": item["shown"]
                  for step in snapshot.get("steps", []) for item in step["items"]})
    if "grid" in snapshot:  # a meldekort, with or without a grid shown
        for number, row, _week, _question, value in _grid_cells(snapshot):
            found[_day_column(form, number, row)] = value
        if snapshot.get("unregister"):
            found[f"{form}.unregister"] = _yes_no(bool(snapshot["unregister"]["confirmed"]),
                                                  snapshot.get("language", "nb"))
    return found


def meldekort_columns(card_type: str | None, form: str = "meldekort") -> list[str]:
    """The columns of one card type in the order the adviser re-keys them: the card type,
    the fixed answers, late, the correction's reason, the questions, then day by day the
    grid's rows. None: a card sent before card types (the classic card)."""
    if card_type not in CARD_TYPE_SHAPE:
        return ([f"{form}.{q}" for q in CLASSIC_QUESTIONS] + [f"{form}.unregister"]
                + [_day_column(form, n, r) for n in range(1, DAYS + 1) for r in GRID_ROWS])
    questions, rows = CARD_TYPE_SHAPE[card_type]
    return ([f"{form}.card_type"] + [f"{form}.fixed.{q}" for q in FIXED.get(card_type, ())]
            + [f"{form}.late", f"{form}.correction_reason"]
            + [f"{form}.{q}" for q in questions]
            + [_day_column(form, n, r) for n in range(1, DAYS + 1) for r in rows])


def columns(snapshots: list[dict]) -> list[str]:
    """The answer columns of a set: each form's questions as first met, and for a
    meldekort every column of each card type met (meldekort_columns), so that the columns
    do not depend on the answers."""
    found: dict[str, None] = {}
    for snapshot in snapshots:
        form = snapshot.get("form", "")
        if "grid" in snapshot and snapshot.get("card_type"):
            for column in meldekort_columns(snapshot["card_type"], form):
                found.setdefault(column)
            continue
        for step in snapshot.get("steps", []):
            for item in step["items"]:
                found.setdefault(f"{form}.{item['key']}")
        if "grid" in snapshot:
            found.setdefault(f"{form}.unregister")
            for number in range(1, DAYS + 1):
                for row in GRID_ROWS:
                    found.setdefault(_day_column(form, number, row))
    return list(found)
