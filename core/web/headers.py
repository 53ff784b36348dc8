"""Security headers on every response of both apps."""
from __future__ import annotations

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def cacheable(response, max_age: int):
    """Mark a response that holds no personal data and never changes under its URL (a
    lesson step's sound) as one the browser may keep; every other response is no-store."""
    response.cache_control.public = False
    response.cache_control.no_cache = None
    response.cache_control.private = True
    response.cache_control.max_age = max_age
    response.cache_control.immutable = True
    response.bb_cacheable = True
    return response


def apply(response, *, static: bool, hsts: bool):
    for name, value in HEADERS.items():
        response.headers[name] = value
    if hsts:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if not static and not getattr(response, "bb_cacheable", False):
        # Personal data: never cached, so Back after sign-out shows nothing.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response
