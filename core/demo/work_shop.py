"""Demo data for issue 16: a work shop in Hof (Snekkerverkstedet) run by the demo user
"arbeidsdrift", with three inmates and two weeks of attendance; a work-capacity statement
for H1002 ready for Kari to read on the kiosk, and one for H1005 already sent to Nav with
Jonas's consent (a disclosure he sees); and a shared case meeting on H1005's housing
request, where the Nav adviser takes part beside the social worker, with his consent."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, Prison, Request, StaffUser
from core.services.requests import consents, filing as requests, participants
from core.services.work_shop import shops, statements

MEMBERS = ("H1001", "H1002", "H1005")
# A late or absent day now and then, so that the counts tell something.
PATTERN = ("present", "present", "late", "present", "present", "absent", "present",
           "present", "present", "late")


def _inmate(db: Session, number: str) -> Inmate:
    return db.scalar(select(Inmate).where(Inmate.inmate_number == number))


def load(db: Session, now: datetime, users: dict[str, StaffUser]) -> None:
    hof = db.scalar(select(Prison).where(Prison.code == "HOF"))
    admin, worker = users["fengselsadmin"], users["arbeidsdrift"]
    started = now - timedelta(days=21)
    shop = shops.create(db, started, admin, hof.id, "Snekkerverkstedet")
    shops.set_staff(db, started, admin, shop, worker, True)
    for number in MEMBERS:
        shops.add_member(db, started, worker, shop, number)
    day, done = now.date() - timedelta(days=1), 0
    while done < len(PATTERN):
        if day.weekday() < 5:
            marks = {_inmate(db, n).id: PATTERN[(done + i * 3) % len(PATTERN)]
                     for i, n in enumerate(MEMBERS)}
            shops.record_attendance(db, now, worker, shop, day, marks)
            done += 1
        day -= timedelta(days=1)
    kari, jonas = _inmate(db, "H1002"), _inmate(db, "H1005")
    ready = statements.create(db, now - timedelta(hours=3), worker, kari, statements.StatementData(
        attendance="very_good", punctuality="good", cooperation="good",
        tasks="Kapper og pusser materialer, og setter sammen enkle hyller etter tegning.",
        what_helps="Å få vist en oppgave én gang før hun gjør den selv.",
        comment="Kari er stabil og tar ansvar. Hun vil gjerne jobbe med snekring etter "
                "løslatelsen."))
    statements.make_ready(db, now - timedelta(hours=2), worker, ready)
    sent = statements.create(db, now - timedelta(days=2), worker, jonas, statements.StatementData(
        attendance="good", punctuality="varies", cooperation="very_good",
        tasks="Sliper og lakkerer møbler. Holder orden på verktøyet.",
        what_helps="Faste oppgaver og en plan for dagen. Korte pauser.",
        comment="Kommer av og til for sent om morgenen, men gjør en god jobb når han er her."))
    statements.make_ready(db, now - timedelta(days=2), worker, sent)
    statements.mark_read(db, now - timedelta(days=1, hours=20), jonas, sent.id)
    consents.give_standing(db, now - timedelta(days=1, hours=20), jonas, "work_shop",
                           "work_capacity")
    statements.send(db, now - timedelta(days=1, hours=18), worker, sent)
    _shared_case(db, now, users, jonas)


def _shared_case(db: Session, now: datetime, users: dict, jonas: Inmate) -> None:
    """Jonas lets the Nav advisers take part in his housing request (social work's)."""
    housing = db.scalar(select(Request).where(Request.inmate_id == jonas.id,
                                              Request.topic == "housing"))
    if housing is None:
        return
    at = now - timedelta(days=1)
    participants.give(db, at, jonas, housing.id, "adviser")
    participants.add(db, at, users["sosial"], housing, users["veileder"])
    requests.add_note(db, at + timedelta(hours=1), users["veileder"], housing,
                      "Nav kan gi husleiegaranti hvis kommunen godkjenner leiligheten. "
                      "Vi tar det i trekantsamtalen torsdag.")
