"""Innsyn: everything held about an inmate, the kiosk's view and staff's export."""
from core.models import Inmate
from core.services import requests, subject_access


def _flat(sections) -> str:
    return "\n".join(" | ".join(row) for s in sections for row in s.rows)


def test_the_inmate_sees_everything_but_staff_notes_which_are_counted(db, clock, world):
    inmate = db.get(Inmate, world.inmates["a"].id)
    filed = requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description="Min egen tekst"), consents={"home_nav"})
    adviser = world.staff["adviser"]
    requests.add_note(db, clock.now(), adviser, filed, "Intern merknad om saken")
    requests.reply(db, clock.now(), adviser, filed, "Svar til deg")
    other = requests.file(db, clock.now(), db.get(Inmate, world.inmates["a2"].id),
                          requests.Draft(topic="work", description="Naboens tekst"))
    assert other.id
    mine = subject_access.for_inmate(db, clock.now(), inmate)
    text = _flat(mine)
    assert "Min egen tekst" in text and "Svar til deg" in text and inmate.name in text
    assert "Intern merknad" not in text and "Naboens tekst" not in text
    messages = next(s for s in mine if s.table == "request_message")
    assert messages.withheld == 1
    assert {"request", "consent", "request_event"} <= {s.table for s in mine}
    assert "(lagret, ikke vist)" in text and inmate.pin_hash not in text
    export = subject_access.export(db, clock.now(), world.staff["prison_admin"], inmate)
    full = _flat(export)
    assert "Intern merknad om saken" in full and "audit_event" in {s.table for s in export}
    assert inmate.pin_hash not in full
