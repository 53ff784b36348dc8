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
- ``cell(value)``: a value made safe for a spreadsheet: a text beginning with = + - or @
  (or a tab or carriage return) is prefixed with an apostrophe, so it is never a formula.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.services.forms.answers import YES_NO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GRID_ROWS = ("work", "course", "ill", "absence")
DAYS = 14


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
    return YES_NO[language if language in YES_NO else "nb"]["yes" if value else "no"]


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
                value = (_hours(day["hours"], language) if row == "work"
                         else _yes_no(bool(day[row]), language))
                yield number, row, week["label"], f"{day['label']}: {grid['rows'][row]}", value


def answer_rows(snapshot: dict) -> list[AnswerRow]:
    rows = [AnswerRow(step["title"], item["key"], item["label"], item["shown"])
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
    found = {f"{form}.{item['key']}": item["shown"]
             for step in snapshot.get("steps", []) for item in step["items"]}
    if "grid" in snapshot:  # a meldekort, with or without a grid shown
        for number, row, _week, _question, value in _grid_cells(snapshot):
            found[_day_column(form, number, row)] = value
        if snapshot.get("unregister"):
            found[f"{form}.unregister"] = _yes_no(bool(snapshot["unregister"]["confirmed"]),
                                                  snapshot.get("language", "nb"))
    return found


def columns(snapshots: list[dict]) -> list[str]:
    """The answer columns of a set: each form's questions as first met, and for a
    meldekort every day and activity, so that the columns do not depend on the cards."""
    found: dict[str, None] = {}
    for snapshot in snapshots:
        form = snapshot.get("form", "")
        for step in snapshot.get("steps", []):
            for item in step["items"]:
                found.setdefault(f"{form}.{item['key']}")
        if "grid" in snapshot:
            found.setdefault(f"{form}.unregister")
            for number in range(1, DAYS + 1):
                for row in GRID_ROWS:
                    found.setdefault(_day_column(form, number, row))
    return list(found)
