"""The kiosk home, the inmate's own details, and how to reach the health service."""
from __future__ import annotations

from flask import Blueprint, g

from core.web.access import access
from kiosk import render

bp = Blueprint("home", __name__)


@bp.get("/home")
@access("inmate")
def index():
    return render("home.html", inmate=g.inmate)


@bp.get("/me")
@access("inmate")
def me():
    return render("me.html", inmate=g.inmate)


@bp.get("/health")
@access("inmate")
def health():
    return render("health.html")
