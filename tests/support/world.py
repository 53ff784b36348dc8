"""A small, known world: two prisons, staff of every role, terminals and inmates."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.models import Inmate, Prison, Role, StaffUser, Terminal
from core.security import totp
from core.security.hashing import SecretHasher, token_digest
from core.services.people import inmates, prisons, staff

PASSWORD = "correct horse battery"
PIN = "482915"
# The test suite's PIN hashing: peppered as in production, at a tiny argon2id cost. The
# test settings carry the same (PIN_SETTINGS), so every app made from them checks these.
PIN_PEPPER = "test-pepper-0123456789abcdef0123456789"
PIN_SETTINGS = {"pin_pepper": PIN_PEPPER, "pin_argon2_time_cost": 1,
                "pin_argon2_memory_kib": 8, "pin_argon2_parallelism": 1}
PIN_HASHER = SecretHasher(1, 8, 1, pepper=PIN_PEPPER)


@dataclass
class World:
    prison: Prison
    other_prison: Prison
    staff: dict[str, StaffUser] = field(default_factory=dict)
    terminals: dict[str, Terminal] = field(default_factory=dict)
    credentials: dict[str, str] = field(default_factory=dict)
    inmates: dict[str, Inmate] = field(default_factory=dict)


def _terminal(db, now, prison, name, supervised, key, world):
    terminal = Terminal(prison_id=prison.id, name=name, supervised=supervised,
                        created_at=now, enrolled_at=now, credential_hash="")
    db.add(terminal)
    db.flush()
    secret = f"secret-{key}"
    terminal.credential_hash = token_digest(secret)
    world.terminals[key] = terminal
    world.credentials[key] = f"{terminal.id}.{secret}"


def build(db, now, hasher) -> World:
    a = prisons.create(db, now, None, "AAA", "Fengsel A")
    b = prisons.create(db, now, None, "BBB", "Fengsel B")
    prisons.add_unit(db, now, None, a, "Avdeling 1")
    prisons.add_unit(db, now, None, b, "Avdeling X")
    world = World(a, b)
    people = [(role.value, role, {a.id}) for role in Role if role != Role.SYSTEM_ADMIN]
    people += [("system_admin", Role.SYSTEM_ADMIN, set()),
               ("other_prison_admin", Role.PRISON_ADMIN, {b.id}),
               ("other_officer", Role.OFFICER, {b.id})]
    for username, role, prison_ids in people:
        user = staff.create(db, now, None, staff.StaffData(
            username.replace("_", "-"), username.replace("_", " ").title(), {role}, prison_ids),
            PASSWORD, hasher)
        user.totp_secret = totp.new_secret()
        user.totp_confirmed_at = now
        world.staff[username] = user
    _terminal(db, now, a, "Terminal A", False, "a", world)
    _terminal(db, now, a, "Terminal A supervised", True, "a_supervised", world)
    _terminal(db, now, a, "Terminal A2", False, "a2", world)
    _terminal(db, now, b, "Terminal B", False, "b", world)
    admin = world.staff["system_admin"]
    for key, number, prison in (("a", "A100", a), ("a2", "A200", a), ("b", "B100", b)):
        inmate = inmates.create(db, now, admin, inmates.InmateData(
            inmate_number=number, name=f"Innsatt {number}", prison_id=prison.id,
            unit_id=prison.units[0].id, municipality_number="0301", language="nb",
            expected_release=date(2026, 6, 1)))
        inmate.pin_hash = PIN_HASHER.hash(PIN)
        inmate.pin_set_at = now
        world.inmates[key] = inmate
    db.flush()
    return world


def add_inmates(db, now, hasher, world: World, count: int, prefix: str = "F") -> list[str]:
    """``count`` more inmates in prison A with the world's PIN; their inmate numbers."""
    numbers = []
    for n in range(count):
        inmate = inmates.create(db, now, db.merge(world.staff["system_admin"]),
                                inmates.InmateData(
            inmate_number=f"{prefix}{n:03d}", name=f"Innsatt {prefix}{n:03d}",
            prison_id=world.prison.id, unit_id=world.prison.units[0].id,
            municipality_number="0301", language="nb", expected_release=None))
        inmate.pin_hash = PIN_HASHER.hash(PIN)
        inmate.pin_set_at = now
        numbers.append(inmate.inmate_number)
    db.flush()
    return numbers
