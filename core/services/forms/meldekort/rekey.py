"""A sent meldekort in the shape the adviser re-keys into NAV's own system, per card type.
Pure: no Flask, no database; read from the snapshot alone, so it says what the record says.

NAV's systems name the answers differently per card (card_types.SPECS cites the code):
- the classic cards (dagpenger in dp-rapportering, AAP and tiltakspenger in Arena, and
  etterregistrering): the questions by NAV's keys (arbeidet, kurs, syk, annetFravaer,
  arbeidssoker; on the Arena cards question 5 is not asked and is "yes"), then per day the
  activities: "Arbeid" with hours, "Utdanning" (tiltak, course or education), "Syk",
  "Fravaer" (dp-rapportering's AktivitetType);
- the new AAP card: "harDuJobbet", "harDuHattAvtalteAktiviteter", "harDuHattFravær", then
  per day "timerArbeidet" and "fravær" with NAV's code (aap-meldekort-backend Svar.kt);
- the new tiltakspenger card: per day NAV's MeldekortDagStatus
  (tiltakspenger-meldekort-api), days outside the decision "IKKE_RETT_TIL_TILTAKSPENGER".

``rekey(snapshot)`` gives a ``Rekey`` (None for a form that is not a meldekort): the card
type, the questions as (NAV key, answer shown) and the days with something to key, each
as (date, label, [(NAV field, value)]). Days with nothing are left out: NAV's forms start
empty too.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core import locale_formats
from core.services.forms.meldekort.card_types import AAP_ABSENCE_REASONS, TILTAKSPENGER_STATUSES

# Our question keys as NAV's system names them, per card kind.
_KELVIN_QUESTIONS = {"arbeidet": "harDuJobbet", "avtalteAktiviteter": "harDuHattAvtalteAktiviteter",
                     "fravaer": "harDuHattFravær"}
_CLASSIC_ACTIVITIES = (("work", "Arbeid"), ("course", "Utdanning"), ("ill", "Syk"),
                       ("absence", "Fravaer"))


@dataclass(frozen=True)
class RekeyDay:
    date: str  # ISO
    label: str  # as the record shows it
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Rekey:
    card_type: str | None  # None: a card sent before card types (the classic card)
    questions: list[tuple[str, str]]
    days: list[RekeyDay]


def _hours(value: str | None, language: str) -> str:
    if value is None:
        return ""
    return value.replace(".", ",") if language == "nb" else value


def rekey(snapshot: dict) -> Rekey | None:
    if snapshot.get("form") != "meldekort" or "grid" not in snapshot:
        return None
    card_type = snapshot.get("card_type")
    language = snapshot.get("language", "nb")
    items = [item for step in snapshot.get("steps", []) for item in step["items"]]
    names = _KELVIN_QUESTIONS if card_type == "aap_kelvin" else {}
    questions = [(names.get(item["key"], item["key"]), item["shown"]) for item in items]
    yes = locale_formats.yes_no(True, language)
    for key, value in (snapshot.get("fixed_answers") or {}).items():
        if value is True:
            questions.append((key, yes))
    grid = snapshot.get("grid") or {}
    shown = grid.get("shown_rows") or []
    days: list[RekeyDay] = []
    for week in grid.get("weeks", []):
        for day in week["days"]:
            found: list[tuple[str, str]] = []
            if card_type == "tiltakspenger_new":
                status = day.get("status")
                if status:
                    found.append(("status", TILTAKSPENGER_STATUSES.get(status, status)))
            elif card_type == "aap_kelvin":
                if "work" in shown and day.get("hours") not in (None, "0"):
                    found.append(("timerArbeidet", _hours(day.get("hours"), language)))
                if day.get("aap_absence"):
                    found.append(("fravær", AAP_ABSENCE_REASONS.get(day["aap_absence"],
                                                                      day["aap_absence"])))
            else:
                for row, name in _CLASSIC_ACTIVITIES:
                    if row not in shown:
                        continue
                    if row == "work":
                        if day.get("hours") not in (None, "0"):
                            found.append((name, _hours(day["hours"], language)))
                    elif day.get(row):
                        found.append((name, yes))
            if found:
                days.append(RekeyDay(day["date"], day["label"], found))
    return Rekey(card_type, questions, days)
