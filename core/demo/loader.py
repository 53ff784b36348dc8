"""Demo data: two prisons, a terminal each, one staff member of every role, a dozen
inmates. Every credential is fixed and printed, and listed in the README.
Loading twice changes nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, Prison, Role, StaffUser, Status, Terminal
from core.security import totp
from core.security.hashing import SecretHasher
from core.demo import (appointments as demo_appointments, classes as demo_classes,
                       directory as demo_directory, forms as demo_forms, learning as demo_learning,
                       handover as demo_handover, release as demo_release,
                       ways_in as demo_ways_in, work_shop as demo_work_shop)
from core.services.people import inmates, prisons, staff

PASSWORD = "demo-passord-2026"
# Demo TOTP secrets: fixed so that the README can list them. Never used outside DEMO_MODE.
STAFF = [
    ("veileder", "Vera Veileder", Role.ADVISER, ("HOF", "HALDEN"), "JBSWY3DPEHPK3PXPADVISER2"),
    ("sosial", "Sondre Sosialkonsulent", Role.SOCIAL_WORKER, ("HOF", "HALDEN"), "JBSWY3DPEHPK3PXPSOCIAL22"),
    ("skole", "Siri Skole", Role.SCHOOL, ("HOF", "HALDEN"), "JBSWY3DPEHPK3PXPSCHOOL22"),
    ("betjent", "Bjørn Betjent", Role.OFFICER, ("HOF",), "JBSWY3DPEHPK3PXPOFFICER2"),
    ("betjent2", "Berit Betjent", Role.OFFICER, ("HALDEN",), "JBSWY3DPEHPK3PXPOFFICER3"),
    ("instruktor", "Ida Instruktør", Role.TRAINER, ("HOF",), "JBSWY3DPEHPK3PXPTRAINER2"),
    ("arbeidsdrift", "Arne Arbeidsdrift", Role.WORK_SHOP, ("HOF",), "JBSWY3DPEHPK3PXPWORKSHP2"),
    ("fengselsadmin", "Frode Fengselsadmin", Role.PRISON_ADMIN, ("HOF",), "JBSWY3DPEHPK3PXPPRISON22"),
    ("sysadmin", "Sara Systemadmin", Role.SYSTEM_ADMIN, (), "JBSWY3DPEHPK3PXPSYSTEM22"),
]
PRISONS = [
    ("HOF", "Hof fengsel", ["Avdeling A", "Avdeling B"]),
    ("HALDEN", "Halden fengsel", ["Enhet 1", "Enhet 2", "Enhet 3"]),
]
TERMINALS = [("HOF", "Hof skolerom 1", False), ("HALDEN", "Halden bibliotek", True)]
INMATES = [
    # number, name, prison, unit index, municipality, language, days to release, PIN
    ("H1001", "Ola Nordmann", "HOF", 0, "0301", "nb", 30, "246810"),
    ("H1002", "Kari Hansen", "HOF", 0, "3107", "nb", 120, "135790"),
    ("H1003", "Ahmed Ali", "HOF", 1, "4601", "en", 14, "918273"),
    ("H1004", "Piotr Kowalski", "HOF", 1, "1103", "en", None, "564738"),
    ("H1005", "Jonas Berg", "HOF", 0, "5001", "nb", 200, "192837"),
    ("H1006", "Nina Olsen", "HOF", 1, "1806", "nb", 60, "374859"),
    ("HA2001", "Lars Johansen", "HALDEN", 0, "3105", "nb", 45, "283746"),
    ("HA2002", "Mona Larsen", "HALDEN", 1, "0301", "nb", 300, "657483"),
    ("HA2003", "Tomas Petrauskas", "HALDEN", 2, "3101", "en", 90, "829304"),
    ("HA2004", "Erik Dahl", "HALDEN", 0, "4204", "nb", 10, "475869"),
    ("HA2005", "Sofie Lie", "HALDEN", 1, "5501", "nb", None, "364758"),
    ("HA2006", "Andrei Popescu", "HALDEN", 2, "3301", "en", 75, "518293"),
]


@dataclass
class Loaded:
    terminals: list[Terminal]
    created: bool
    class_code: str | None = None  # the demo class running now (core.demo.classes)


def load(db: Session, now: datetime, hasher: SecretHasher, pin_hasher: SecretHasher,
         attachment_dir: str | None = None) -> Loaded:
    """``attachment_dir``: where the photo of the demo's paper note is stored (without
    it, the note is registered without its photo)."""
    existing = db.scalar(select(Prison).where(Prison.code == "HOF"))
    if existing is not None:
        terminals = list(db.scalars(select(Terminal).where(Terminal.is_demo.is_(True))))
        return Loaded(terminals, created=False, class_code=demo_classes.load(db, now))

    by_code: dict[str, Prison] = {}
    for code, name, units in PRISONS:
        prison = prisons.create(db, now, None, code, name)
        for unit in units:
            prisons.add_unit(db, now, None, prison, unit)
        by_code[code] = prison

    users = {}
    for username, name, role, codes, secret in STAFF:
        user = staff.create(
            db, now, None,
            staff.StaffData(username, name, {role}, {by_code[c].id for c in codes}),
            PASSWORD, hasher,
        )
        user.totp_secret = secret
        user.totp_confirmed_at = now
        users[username] = user

    terminals = []
    for code, name, supervised in TERMINALS:
        terminal = Terminal(prison_id=by_code[code].id, name=name, supervised=supervised,
                            is_demo=True, created_at=now, enrolled_at=now,
                            credential_hash="0" * 64)  # replaced at one-click enrolment
        db.add(terminal)
        terminals.append(terminal)

    admin = users["sysadmin"]
    for number, name, code, unit_index, municipality, language, days, pin in INMATES:
        prison = by_code[code]
        inmate = inmates.create(db, now, admin, inmates.InmateData(
            inmate_number=number, name=name, prison_id=prison.id,
            unit_id=prison.units[unit_index].id, municipality_number=municipality,
            language=language,
            expected_release=(now.date() + timedelta(days=days)) if days else None,
        ))
        inmate.pin_hash = pin_hasher.hash(pin)
        inmate.pin_set_at = now
    db.flush()
    _routing(db, now, users, by_code)
    _requests(db, now, users)
    demo_appointments.load(db, now, users)
    demo_directory.load_directory(db, now)
    demo_release.load(db, now, users)  # the release plans
    demo_forms.load(db, now, users)
    demo_ways_in.load(db, now, users, attachment_dir)  # a paper note, a forwarded request
    demo_handover.load(db, now, users)  # hand-overs to the home Nav office, one confirmed
    demo_learning.load(db, now)  # lessons: progress, certificates, larger text
    class_code = demo_classes.load(db, now)  # lessons: a class running now, and progress
    demo_work_shop.load(db, now, users)  # the work shop, its statements, a shared case
    _escalate(db, now)
    return Loaded(terminals, created=True, class_code=class_code)


def _routing(db: Session, now: datetime, users: dict, by_code: dict) -> None:
    """Hof assigns NAV requests to whichever adviser is in that day and housing by home
    county; Halden's school promises an answer within 3 days. Leads: the adviser in Hof,
    the social worker in Halden. Who follows up which counties and languages."""
    from core.services.requests import routing

    admin = users["sysadmin"]
    hof, halden = by_code["HOF"].id, by_code["HALDEN"].id
    for topic in ("dagpenger", "aap", "work"):
        routing.save_rule(db, now, admin, hof, topic,
                          routing.Route(Role.ADVISER, "least_loaded", 2, 10))
    routing.save_rule(db, now, admin, hof, "housing",
                      routing.Route(Role.SOCIAL_WORKER, "region", 2, 15))
    for topic in ("education_rights", "followup_class", "career_guidance"):
        routing.save_rule(db, now, admin, halden, topic,
                          routing.Route(Role.SCHOOL, "none", 3, 20))
    routing.set_lead(db, now, admin, hof, users["veileder"])
    routing.set_lead(db, now, admin, halden, users["sosial"])
    routing.set_coverage(db, now, admin, users["sosial"], {"03", "31", "50"}, {"nb", "en"})
    routing.set_coverage(db, now, admin, users["veileder"], {"0301"}, {"nb", "en", "pl"})


def _escalate(db: Session, now: datetime) -> None:
    """What the timer would have done: the request well past its deadline is raised."""
    from core.services.requests import escalations

    escalations.tick(db, now)


# number, topic, days ago, description, what staff did (status, reply, note)
REQUESTS = [
    ("H1001", "dagpenger", 0.1, "Jeg vil sende meldekort. Hvordan gjør jeg det her inne?", None),
    ("H1002", "income_after_release", 1.5, "Hva skal jeg leve av når jeg kommer ut?", None),
    ("H1003", "work", 6, "Jeg vil søke jobb før jeg slipper ut.", None),
    ("H1004", "aap", 3, "Jeg fikk brev om AAP og forstår det ikke.",
     ("waiting_for_inmate", "Kan du ta med brevet til samtalen på torsdag?",
      "Sjekk vedtaket før samtalen.")),
    ("H1005", "housing", 2, "Jeg har ikke noe sted å bo etter løslatelsen.",
     ("in_progress", None, "Kontaktet Nav Trondheim, venter på svar.")),
    ("H1006", "child_maintenance", 8, "Kan barnebidraget settes på pause mens jeg sitter inne?",
     ("answered", "Ja, du kan søke om det. Vi hjelper deg med søknaden.", None)),
    ("HA2001", "debt", 4, "Jeg har mye gjeld.", ("closed", "Du har fått time hos gjeldsrådgiver.",
                                                  None)),
    ("HA2004", "release_parole", 1, "Når kan jeg søke prøveløslatelse?", None),
    ("HA2002", "education_rights", 5, "Kan jeg ta fagbrev her?", None),
]


def _requests(db: Session, now: datetime, users: dict) -> None:
    """A lively queue: every status, some near their deadline, one well past it."""
    from core.services.requests import filing as requests, topics

    team = {"adviser": users["veileder"], "social_worker": users["sosial"],
            "school": users["skole"]}
    for number, topic, days_ago, text, handled in REQUESTS:
        inmate = db.scalar(select(Inmate).where(Inmate.inmate_number == number))
        filed_at = now - timedelta(days=days_ago)
        item = requests.file(db, filed_at, inmate, requests.Draft(
            topic=topic, description=text, release_soon=inmate.expected_release is not None
            and (inmate.expected_release - now.date()).days < 30), consents={"home_nav"})
        if handled is None:
            continue
        status, reply, note = handled
        worker = team[topics.get(topic).team.value]
        later = filed_at + timedelta(hours=20)
        if note:
            requests.add_note(db, later, worker, item, note)
        if reply:
            requests.reply(db, later, worker, item, reply, Status(status))
        elif status != item.status:
            requests.set_status(db, later, worker, item, Status(status))


def current_code(db: Session, now: datetime, username: str) -> str | None:
    demo_names = {s[0] for s in STAFF}
    user = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or username not in demo_names or user.totp_secret is None:
        return None
    return totp.code_at(user.totp_secret, now)


def describe(loaded: Loaded, kiosk_url: str = "http://127.0.0.1:8000",
             admin_url: str = "http://127.0.0.1:8001") -> str:
    lines = ["Demo data " + ("loaded." if loaded.created else "was already loaded."), ""]
    lines.append("Terminals (open the link in the browser you demo in; DEMO_MODE=1 only):")
    for terminal in loaded.terminals:
        kind = "supervised: an officer opens it first" if terminal.supervised else "unsupervised"
        lines.append(f"  {terminal.name} ({kind}): {kiosk_url}/demo/enrol/{terminal.id}")
    lines += ["", f"Staff ({admin_url}), password for all: {PASSWORD}",
              "  two-step code: `brobygger demo-code USERNAME`, or add the secret to an app"]
    for username, _name, role, codes, secret in STAFF:
        where = ", ".join(codes) or "all prisons"
        lines.append(f"  {username:<14} {role.value:<14} {where:<12} TOTP secret {secret}")
    lines += ["", "Inmates (inmate number / PIN):"]
    for number, name, code, *_rest, pin in INMATES:
        lines.append(f"  {number:<7} {pin}  {name} ({code})")
    if loaded.class_code:
        lines += ["", f"A class runs in Hof (trainer instruktor): join code "
                      f"{loaded.class_code[:3]} {loaded.class_code[3:]} "
                      f"(kiosk: {kiosk_url}/lessons/join)"]
    return "\n".join(lines)


