"""TOTP second factor (RFC 6238) with replay protection and a server-made QR code."""
from __future__ import annotations

from datetime import datetime

import pyotp
import segno

ISSUER = "Brobygger"
STEP = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """Inline SVG markup (no data: URI, so the CSP stays strict)."""
    return segno.make(uri, error="m").svg_inline(scale=5, title=title, dark="#000", light="#fff")


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to (one step of drift either way), or None.

    A code from ``last_step`` or earlier is refused, so a code works once.
    """
    code = "".join(ch for ch in code if ch in "0123456789")
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, when: datetime) -> str:
    """The code an authenticator shows at ``when`` (for the demo and tests)."""
    return pyotp.TOTP(secret).at(when)
