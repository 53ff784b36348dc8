"""argon2id for PINs and passwords; SHA-256 for long random tokens.

Parameters are explicit and come from Settings, so tests can use a cheap hasher while
production uses the costs below.

- Staff passwords: RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes;
  about 0.15 s of CPU here), as they are typed rarely and may be reused elsewhere.
- Inmates' PINs: argon2id over HMAC-SHA256(pepper, PIN). A 6-digit PIN has a million
  values, so from a copied database (a backup gone astray) any argon2 cost falls within
  hours; what protects it there is the pepper, a secret kept outside the database and its
  backups (PIN_PEPPER), and what protects it on a terminal is the lockout after a few
  wrong tries. The argon2 cost can then be OWASP's recommended one (19 MiB, 2 passes, 1
  lane; about 20 ms), so that one sign-in no longer slows every terminal of the prison
  down (100 terminals, one sign-in a second: make bench). Passwords are not peppered:
  were the pepper lost, administrators can still sign in and print new PIN slips.
  A PIN stored before the pepper, or at another cost, still verifies and is hashed anew
  at the next sign-in.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# Used to spend the same time on an unknown account as on a known one.
_DUMMY_SECRET = "brobygger-timing-equaliser"


# A peppered hash is stored as this mark followed by the argon2id string ("$argon2id$...").
PEPPERED = "pepper1"


class SecretHasher:
    def __init__(self, time_cost: int, memory_kib: int, parallelism: int,
                 pepper: str | None = None) -> None:
        self._ph = PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._pepper = pepper.encode() if pepper else None
        self._dummy = self._ph.hash(_DUMMY_SECRET)

    @classmethod
    def from_settings(cls, settings) -> "SecretHasher":
        """For staff passwords."""
        return cls(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)

    @classmethod
    def for_pins(cls, settings) -> "SecretHasher":
        """For inmates' PINs: peppered, at the PIN cost."""
        return cls(settings.pin_argon2_time_cost, settings.pin_argon2_memory_kib,
                   settings.pin_argon2_parallelism, pepper=settings.pin_pepper)

    def _keyed(self, secret: str) -> str:
        return hmac.new(self._pepper, secret.encode(), hashlib.sha256).hexdigest()

    def hash(self, secret: str) -> str:
        if self._pepper:
            return PEPPERED + self._ph.hash(self._keyed(secret))
        return self._ph.hash(secret)

    def verify(self, stored: str | None, secret: str) -> bool:
        """True when ``secret`` matches. With no stored hash it still does the work."""
        if stored and stored.startswith(PEPPERED + "$"):
            if not self._pepper:  # cannot be checked here; spend the time all the same
                self._check(self._dummy, secret)
                return False
            return self._check(stored[len(PEPPERED):], self._keyed(secret))
        return self._check(stored or self._dummy, secret) and stored is not None

    def _check(self, stored: str, secret: str) -> bool:
        try:
            return self._ph.verify(stored, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when ``stored`` was made otherwise than this hasher makes hashes now: at
        another cost, or without (or with) the pepper."""
        peppered = stored.startswith(PEPPERED + "$")
        if peppered != bool(self._pepper):
            return True
        return self._ph.check_needs_rehash(stored[len(PEPPERED):] if peppered else stored)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


# Enrolment codes are read off one screen and typed on another: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_pin() -> str:
    """A 6-digit PIN, avoiding the trivially guessable ones."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if len(set(pin)) > 2 and pin not in "0123456789" and pin not in "9876543210":
            return pin
