"""The person's hand-over to the home Nav office as plain data (issue 15): the same facts
as the page, for Nav's re-keying, as JSON and as the rows of a CSV. Sections left out for
want of consent are named and hold nothing. The hand-over itself is
core.services.release.handover's.
"""
from __future__ import annotations

import json
from datetime import datetime

from core.clock import to_oslo
from core.services.release.handover import PersonHandover


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_oslo(value).isoformat(timespec="minutes")
    return value.isoformat()


def facts(handover: PersonHandover) -> dict:
    """The hand-over as plain data (codes, ISO dates in Oslo time): the JSON as it is,
    and the rows of the CSV. Sections left out are named in ``left_out`` and hold nothing."""
    i, home = handover.inmate, handover.home
    data: dict = {"made_at": _iso(handover.made_at), "left_out": list(handover.withheld),
                  "to": {"nav_office": handover.office,
                         "municipality_number": home.number if home else i.municipality_number,
                         "municipality": home.name if home else i.municipality_name}}
    if handover.included["about"]:
        data["person"] = {"name": i.name, "inmate_number": i.inmate_number,
                          "prison": i.prison.name,
                          "release": {k: _iso(v) for k, v in handover.dates.items()}}
        data["contact_in_prison"] = {"name": handover.contact.name,
                                     "prison": handover.contact.prison}
    if handover.plan is not None:
        data["plan"] = {"frozen": handover.plan.frozen,
                        "items": [{"pathway": p.pathway, "item": p.code, "status": p.status,
                                   "owner": p.owner, "due_on": _iso(p.due_on)}
                                  for p in handover.plan.items]}
    if handover.included["appointments"]:
        data["appointments_after_release"] = [
            {"starts_at": _iso(a.starts_at), "place": a.place, "address": a.address,
             "with_whom": a.with_whom, "what": a.what} for a in handover.appointments]
    if handover.included["claims"]:
        data["claims"] = [{"reference": c.reference, "form": c.form_key, "title": c.title,
                           "sent_at": _iso(c.sent_at), "status": c.status,
                           "nav_reference": c.nav_reference} for c in handover.claims]
    if handover.included["requests"]:
        data["requests"] = [{"reference": s.request.reference, "topic": s.request.topic,
                             "status": s.request.status, "filed_at": _iso(s.request.created_at),
                             "text": s.request.description or "",
                             "messages": [{"at": _iso(m.created_at),
                                           "from": "inmate" if m.author_type == "inmate"
                                           else "staff", "text": m.body}
                                          for m in s.messages]}
                            for s in handover.requests]
    return data


def to_json(handover: PersonHandover) -> str:
    return json.dumps(facts(handover), ensure_ascii=False, indent=2)


def rows(handover: PersonHandover) -> list[tuple[str, str, str]]:
    """(section, field, value) rows of the same facts, for a CSV."""
    out: list[tuple[str, str, str]] = []

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list):
            if not value:
                out.append((prefix.split(".")[0], prefix, ""))
            for n, inner in enumerate(value, 1):
                walk(f"{prefix}.{n}", inner)
        else:
            out.append((prefix.split(".")[0], prefix,
                        "" if value is None else str(value).lower()
                        if isinstance(value, bool) else str(value)))

    walk("", facts(handover))
    return out
