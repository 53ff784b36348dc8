"""The practice blueprint and the practice state kept in the kiosk session, shared by the
practice pages (views), the pretend login (login) and the pretend adviser (dialog)."""
from __future__ import annotations

from flask import Blueprint, session

from core.services.learning.practice.checks import LoginState

bp = Blueprint("practice", __name__, url_prefix="/practice")


# The practice state in the kiosk session ----------------------------------------------

def state() -> dict:
    return dict(session.get("practice") or {})


def save(**changes) -> None:
    kept = state()
    kept.update(changes)
    session["practice"] = {k: v for k, v in kept.items() if v is not None}


def login_state() -> LoginState:
    return LoginState.from_dict(state().get("login"))


def save_login(login: LoginState | None) -> None:
    save(login=login.as_dict() if login else None)


def dialog_thread() -> list[dict]:
    return list(state().get("dialog") or [])


def save_thread(thread: list[dict] | None) -> None:
    save(dialog=thread)
