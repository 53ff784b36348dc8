"""National-scale data for benchmarks: `brobygger demo --scale national`.

44 prisons, 4,000 current and 40,000 released inmates, 500,000 requests with their
history and messages, and 200,000 meldekort, spread over three years. Rows are written in
batches (SQLAlchemy Core's executemany on SQLite; psycopg's COPY on PostgreSQL, with the
big tables' secondary indexes dropped during the load and built after it), deterministic
from a seed, so two runs make the same data.

``scale`` multiplies the inmates, requests and meldekort (0.5, 1, 4: the benchmark's cost
curve; 4 is 2 million requests and 800,000 meldekort); the prisons, their terminals
(ten each: 440, enough for 400 simulated terminals) and the staff stay as they are.

The audit log is loaded too, hash-chained as core.audit writes it (`brobygger audit
verify` passes), at the volume the app writes: the actions per sign-in, filed request,
handled request and meldekort below are those tests/benchmarks/test_audit_volume.py counts
through the real pages. Per request: the inmate's sign-in, the consent (seven requests in
ten name a recipient), the filing; when it was answered, one queue view, three views of the
desk and the reply, and one staff sign-in per five answered requests. Per meldekort: a
sign-in, the start, the confirmation and the officer's countersignature. The chain runs
request by request and then card by card (each one's events in time order), not in one
global time order.

Every bench account uses known credentials (BENCH_*), printed at the end; never load
this into a real installation.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from core.services.forms.meldekort.card import Benefit
from core.services.forms.meldekort.card_types import MIGRATED_CARD_TYPE
from core.models import (AuditEvent, BenefitPlan, FormSubmission, Inmate, Prison, Request, RequestEvent,
                         RequestMessage, StaffRole, StaffUser, Terminal, Unit, staff_prison)
from core.security.hashing import SecretHasher, token_digest
from core.services.requests import clocks as request_clocks, topics
from core.services.directory.municipalities import all_municipalities
from core.demo.bulk import Progress, drop_secondary_indexes, write
from core.demo.national_audit import audit_events, chained, last_hash

PRISONS = 44
TERMINALS_PER_PRISON = 10
CURRENT = 4_000
RELEASED = 40_000
REQUESTS = 500_000
MELDEKORT = 200_000
YEARS = 3
BENCH_PIN = "135790"
BENCH_PASSWORD = "bench-passord-2026"
BENCH_TERMINAL_SECRET = "bench-terminal-{id}"
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPBENCH222"  # every bench staff account's
NAMES = ["Agder", "Arendal", "Bastøy", "Bergen", "Bjørgvin", "Bodø", "Bredtveit", "Drammen",
         "Evenes", "Fredrikstad", "Halden", "Hamar", "Haugesund", "Hof", "Hustad", "Ila",
         "Indre Østfold", "Kongsberg", "Kongsvinger", "Kragerø", "Kristiansand", "Larvik",
         "Leira", "Mandal", "Molde", "Oslo", "Ringerike", "Romerike", "Sandaker", "Sandeid",
         "Sarpsborg", "Skien", "Stavanger", "Søndre Vestfold", "Telemark", "Trondheim",
         "Tromsø", "Troms", "Ullersmo", "Vadsø", "Valdres", "Verdal", "Vik", "Åna"]
# The audit events the app writes (counted by tests/benchmarks/test_audit_volume.py):
# an inmate's sign-in; filing a request (a recipient named in the consent step); an
# adviser's queue view; handling it (two views of the desk, the reply, the view after it);
# a meldekort (started, confirmed, countersigned by an officer).
AUDIT_SIGN_IN = {"inmate.sign_in": 1}
AUDIT_FILING = {"consent.give": 1, "request.file": 1}
AUDIT_QUEUE_VIEW = {"request.queue": 1}
AUDIT_HANDLING = {"request.view": 3, "request.reply": 1}
AUDIT_MELDEKORT = {"form.start": 1, "form.confirm": 1, "form.countersign": 1}
STATUS_MIX = (("closed", 0.55), ("answered", 0.12), ("in_progress", 0.1),
              ("waiting_for_inmate", 0.06), ("waiting_for_others", 0.05), ("received", 0.08),
              ("declined", 0.02), ("cancelled", 0.02))


@dataclass
class Loaded:
    prisons: int
    inmates: int
    requests: int
    meldekort: int
    created: bool
    audit_events: int = 0


@dataclass(frozen=True)
class Sizes:
    current: int
    released: int
    requests: int
    meldekort: int


def sizes(scale: float = 1.0) -> Sizes:
    """The rows a scale loads; at least one inmate on a benefit with 25 periods."""
    if scale <= 0:
        raise ValueError("the scale must be above 0")
    meldekort = max(25, round(MELDEKORT * scale) // 25 * 25)
    current = max(1, round(CURRENT * scale))
    return Sizes(current=current, released=max(meldekort // 25, round(RELEASED * scale)),
                 requests=max(1, round(REQUESTS * scale)), meldekort=meldekort)


def audit_estimate(scale: float = 1.0) -> int:
    """About how many audit events ``load`` writes at ``scale`` (for a progress bar)."""
    size = sizes(scale)
    filing = sum(AUDIT_SIGN_IN.values()) + 1.7
    handling = sum(AUDIT_QUEUE_VIEW.values()) + sum(AUDIT_HANDLING.values()) + 0.2
    card = sum(AUDIT_SIGN_IN.values()) + sum(AUDIT_MELDEKORT.values())
    return round(size.requests * (filing + 0.9 * handling) + size.meldekort * card)


def _replied(status: str) -> str:
    """The status a request's reply left it in (its one status change in this data)."""
    return status if status != "cancelled" else "answered"


def _moment(rng: random.Random, now: datetime, days_back: int) -> datetime:
    return now - timedelta(seconds=rng.randrange(max(days_back, 1) * 86400))


def load(db: Session, now: datetime, hasher: SecretHasher, pin_hasher: SecretHasher,
         progress: Progress, seed: int = 2026, scale: float = 1.0) -> Loaded:
    if db.scalar(select(func.count()).select_from(Prison)) >= PRISONS:
        return Loaded(PRISONS, 0, 0, 0, created=False)
    size = sizes(scale)
    postgresql = db.get_bind().dialect.name == "postgresql"
    indexes = []
    if postgresql:
        db.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        indexes = drop_secondary_indexes(db)
    rng = random.Random(seed)
    password_hash, pin_hash = hasher.hash(BENCH_PASSWORD), pin_hasher.hash(BENCH_PIN)
    municipalities = [m.number for m in all_municipalities()]
    by_number = {m.number: m.name for m in all_municipalities()}

    # Prisons, units, terminals ---------------------------------------------------------
    prisons = []
    for index, name in enumerate(NAMES[:PRISONS], start=1):
        prison = Prison(code=f"N{index:02d}", name=f"{name} fengsel")
        db.add(prison)
        prisons.append(prison)
    db.flush()
    units = {}
    for prison in prisons:
        units[prison.id] = []
        for letter in "ABC":
            unit = Unit(prison_id=prison.id, name=f"Avdeling {letter}")
            db.add(unit)
            units[prison.id].append(unit)
    db.flush()
    for prison in prisons:
        for number in range(1, TERMINALS_PER_PRISON + 1):
            terminal = Terminal(prison_id=prison.id, name=f"Terminal {number}", supervised=False,
                                created_at=now, enrolled_at=now, credential_hash="")
            db.add(terminal)
            db.flush()
            terminal.credential_hash = token_digest(BENCH_TERMINAL_SECRET.format(id=terminal.id))
    progress("prisons", len(prisons))

    # Staff: per prison an adviser, a social worker, the school, two officers, a trainer
    # and an administrator. Advisers serve two prisons, as NAV does in small prisons.
    roles = ("adviser", "social_worker", "school", "officer", "officer", "trainer",
             "prison_admin")
    for index, prison in enumerate(prisons):
        for number, role in enumerate(roles):
            user = StaffUser(username=f"{role.replace('_', '')}{index + 1:02d}{number}",
                             name=f"{role.title()} {prison.name}", password_hash=password_hash,
                             totp_secret=BENCH_TOTP_SECRET, totp_confirmed_at=now,
                             created_at=now, active=True)
            db.add(user)
            db.flush()
            db.add(StaffRole(staff_id=user.id, role=role))
            served = {prison.id} | ({prisons[(index + 1) % len(prisons)].id}
                                    if role == "adviser" else set())
            db.execute(insert(staff_prison), [{"staff_id": user.id, "prison_id": p}
                                              for p in served])
    db.flush()
    progress("staff", len(prisons) * len(roles))

    # Inmates ------------------------------------------------------------------------------
    def inmates():
        for number in range(size.current + size.released):
            prison = prisons[number % len(prisons)]
            current = number < size.current
            municipality = rng.choice(municipalities)
            released = None if current else (now - timedelta(days=rng.randrange(YEARS * 365))
                                             ).date()
            yield {"inmate_number": f"B{number:06d}", "name": f"Bench Innsatt {number}",
                   "prison_id": prison.id, "unit_id": rng.choice(units[prison.id]).id,
                   "municipality_number": municipality,
                   "municipality_name": by_number[municipality], "language": "nb",
                   "expected_release": (now + timedelta(days=rng.randrange(7, 700))).date()
                   if current else None,
                   "status": "present" if current else "released", "released_on": released,
                   "pin_hash": pin_hash, "pin_set_at": now, "created_at": now}
    write(db, Inmate, inmates(), progress, "inmates")
    rows = db.execute(select(Inmate.id, Inmate.prison_id, Inmate.status)
                      .order_by(Inmate.id)).all()
    present = [r for r in rows if r.status == "present"]
    staff_by_prison: dict[int, dict[str, list[int]]] = {}
    for staff_id, prison_id, role in db.execute(
            select(StaffUser.id, staff_prison.c.prison_id, StaffRole.role)
            .join(staff_prison, staff_prison.c.staff_id == StaffUser.id)
            .join(StaffRole, StaffRole.staff_id == StaffUser.id)):
        staff_by_prison.setdefault(prison_id, {}).setdefault(role, []).append(staff_id)

    # Requests, their history and messages -----------------------------------------------
    codes = [t.code for t in topics.TOPICS]
    statuses = [s for s, _w in STATUS_MIX]
    weights = [w for _s, w in STATUS_MIX]
    first_request_id = (db.scalar(select(func.max(Request.id))) or 0) + 1
    planned = []  # (id, created, status, first response, staff id) for history and messages
    planned_topics = []

    def requests_rows():
        for number in range(size.requests):
            inmate = rows[rng.randrange(len(rows))] if number % 8 else \
                present[rng.randrange(len(present))]
            open_allowed = inmate.status == "present"
            status = rng.choices(statuses, weights)[0]
            if not open_allowed and status not in ("closed", "declined", "cancelled"):
                status = "closed"
            topic = rng.choice(codes)
            team = topics.get(topic).team.value
            created = _moment(rng, now, YEARS * 365 if not open_allowed else 60)
            answered = status not in ("received",) and rng.random() < 0.95
            first = created + timedelta(hours=rng.randrange(2, 96)) if answered else None
            closed = first + timedelta(days=rng.randrange(1, 20)) if first and status in (
                "closed", "declined") else (created + timedelta(hours=1)
                                            if status == "cancelled" else None)
            worker = rng.choice(staff_by_prison[inmate.prison_id][team])
            request_id = first_request_id + number
            planned.append((request_id, created, status, first, worker, inmate.id))
            planned_topics.append(topic)
            # The clock that matters now, as core.services.requests.clocks.keep stores it,
            # from the one status change the history below gives the request.
            clock = request_clocks.current(
                created, first, closed, 2, 10,
                request_clocks.pause_spans([(first, _replied(status))] if first else []))
            yield {"id": request_id, "reference": f"R{number:07d}"[:12], "inmate_id": inmate.id,
                   "prison_id": inmate.prison_id, "topic": topic, "team": team,
                   "kind": "conversation" if number % 3 else "question",
                   "description": "Jeg lurer på noe om saken min.", "release_soon": False,
                   "letter_received": number % 11 == 0, "language": "nb", "interpreter": False,
                   "status": status, "decline_reason": "Ikke vår sak" if status == "declined"
                   else None, "assignee_id": worker if answered else None,
                   "created_at": created, "first_response_at": first, "closed_at": closed,
                   "first_response_days": 2, "resolution_days": 10,
                   "clock_deadline": clock.deadline, "clock_paused": clock.paused,
                   "clock_met": clock.met}
    write(db, Request, requests_rows(), progress, "requests")

    def events():
        for request_id, created, status, first, worker, _inmate in planned:
            yield {"request_id": request_id, "at": created, "actor_type": "inmate",
                   "actor_id": None, "kind": "filed", "from_status": None, "to_status": None,
                   "detail": "{}", "visible_to_inmate": True}
            if first:
                yield {"request_id": request_id, "at": first, "actor_type": "staff",
                       "actor_id": worker, "kind": "reply", "from_status": "received",
                       "to_status": _replied(status),
                       "detail": "{}", "visible_to_inmate": True}
    write(db, RequestEvent, events(), progress, "history")

    def messages():
        for request_id, _created, _status, first, worker, _inmate in planned:
            if first:
                yield {"request_id": request_id, "author_type": "staff", "author_id": worker,
                       "visibility": "staff_and_inmate", "body": "Takk, vi ser på det.",
                       "created_at": first, "read_by_inmate_at": first + timedelta(days=1)}
    write(db, RequestMessage, messages(), progress, "messages")

    # Meldekort: 200,000 cards of the inmates on a benefit ----------------------------------
    on_benefit = rows[: size.meldekort // 25]  # 8,000 inmates (at 1x) with 25 periods each
    first_monday = (now - timedelta(days=YEARS * 365)).date()
    first_monday -= timedelta(days=first_monday.weekday())
    benefits = [rng.choice(("dagpenger", "aap", "tiltakspenger")) for _ in on_benefit]
    plans = [{"inmate_id": r.id, "benefit": benefit,
              "card_type": MIGRATED_CARD_TYPE[Benefit(benefit)].value,
              "first_period": first_monday, "active": r.status == "present",
              "updated_at": now} for r, benefit in zip(on_benefit, benefits)]
    write(db, BenefitPlan, plans, progress, "benefit plans")
    snapshot = json.dumps({"form": "meldekort", "version": 1, "language": "nb",
                           "title": "Meldekort", "steps": [], "grid": None,
                           "confirm": "Jeg bekrefter at opplysningene er riktige."})

    first_card_id = (db.scalar(select(func.max(FormSubmission.id))) or 0) + 1
    officers = {p: people.get("officer", []) for p, people in staff_by_prison.items()}
    card_audit = []  # (id, inmate id, prison id, confirmed, officer id)

    def cards():
        number = 0
        for inmate in on_benefit:
            for period in range(size.meldekort // len(on_benefit)):
                start = first_monday + timedelta(days=14 * (period * 2 + number % 2))
                confirmed = datetime.combine(start + timedelta(days=13), time(10),
                                             tzinfo=timezone.utc)
                if confirmed > now:
                    confirmed = now - timedelta(hours=number % 48 + 1)
                number += 1
                card_id = first_card_id + number - 1
                officer = officers[inmate.prison_id][number % 2]
                card_audit.append((card_id, inmate.id, inmate.prison_id, confirmed, officer))
                yield {"id": card_id, "reference": f"M{number:07d}", "form_key": "meldekort",
                       "form_version": 1, "language": "nb", "inmate_id": inmate.id,
                       "prison_id": inmate.prison_id, "team": "adviser",
                       "status": "registered" if number % 10 else "sent", "kind": "original",
                       "period_start": start, "benefit": "dagpenger", "late": number % 17 == 0,
                       "snapshot": snapshot, "answers": '{"card": null}',
                       "started_at": confirmed - timedelta(minutes=9), "confirmed_at": confirmed,
                       "countersigned_at": confirmed + timedelta(minutes=2),
                       "received_at": confirmed + timedelta(minutes=2),
                       "registered_at": confirmed + timedelta(days=2) if number % 10 else None,
                       "nav_reference": f"NAV{number:08d}" if number % 10 else None}
    meldekort = write(db, FormSubmission, cards(), progress, "meldekort")

    # The audit log, hash-chained -------------------------------------------------------------
    terminals_of: dict[int, list[int]] = {}
    for terminal_id, prison_id in db.execute(select(Terminal.id, Terminal.prison_id)):
        terminals_of.setdefault(prison_id, []).append(terminal_id)
    prison_of = {r.id: r.prison_id for r in rows}
    audited = write(db, AuditEvent, chained(
        audit_events(planned, planned_topics, card_audit, prison_of, terminals_of),
        last_hash(db), (db.scalar(select(func.max(AuditEvent.id))) or 0) + 1),
        progress, "audit")
    if postgresql:  # ids given above: move the sequences on; build the indexes dropped
        for table in ("request", "form_submission", "audit_event"):
            db.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"))
        for definition in indexes:
            db.execute(text(definition))
            progress("indexes", 0)
    db.flush()
    return Loaded(len(prisons), size.current + size.released, size.requests, meldekort,
                  created=True, audit_events=audited)


def describe(loaded: Loaded) -> str:
    if not loaded.created:
        return "National-scale data was already loaded."
    return (f"Loaded {loaded.prisons} prisons, {loaded.inmates} inmates, {loaded.requests} "
            f"requests, {loaded.meldekort} meldekort and {loaded.audit_events} audit events.\n"
            f"Bench credentials: every inmate's PIN is {BENCH_PIN}; staff password "
            f"{BENCH_PASSWORD}; terminal N's credential is "
            f"'N.{BENCH_TERMINAL_SECRET.format(id='N')}'.")

