"""Flask's session, stored server-side through core.security.sessions."""
from __future__ import annotations

import json
from datetime import timedelta

from flask import g
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import CallbackDict

from core.db import begin_writing, unavailable
from core.security import sessions as store
from core.web.observability import HEALTH_PATH

BOUND = ("inmate_id", "staff_id", "terminal_id", "supervisor_id")


class DbSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, row=None):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial or {}, on_update)
        self.row = row
        self.modified = False
        self.expired_reason: str | None = None
        self.had_cookie = False  # the browser sent a session cookie (live or not)
        self._rotate = False
        self._end_reason: str | None = None
        self._touched = False

    def touch(self) -> None:
        """Write this moment's activity whatever ``ACTIVITY_STEP`` says ("more time")."""
        self._touched = True

    def rotate(self) -> None:
        """Issue a new session id (call at every sign-in)."""
        self._rotate = True
        self.modified = True

    def end(self, reason: str = "signed_out") -> None:
        """Forget everything: the row is ended and the cookie removed."""
        self.clear()
        self._end_reason = reason
        self.modified = True


class DbSessionInterface(SessionInterface):
    def __init__(self, app_name: str, limits: store.Limits) -> None:
        self.app_name = app_name
        self.limits = limits

    def open_session(self, app, req):
        if req.path.startswith((app.static_url_path or "/static") + "/") or req.path == HEALTH_PATH:
            return None
        db = app.extensions["brobygger"].db_session()
        now = app.extensions["brobygger"].clock.now()
        token = req.cookies.get(app.config["SESSION_COOKIE_NAME"])
        try:
            loaded = store.load(db, self.app_name, token, now, self.limits)
        except SQLAlchemyError as error:
            if not unavailable(error):
                raise
            # The database is down: an empty session for the error page, never saved.
            db.rollback()
            g.database_down = True
            return DbSession()
        if loaded.row is None:
            session = DbSession()
            session.expired_reason = loaded.expired_reason
            session.had_cookie = bool(token)
            return session
        session = DbSession(json.loads(loaded.row.data or "{}"), loaded.row)
        session.had_cookie = True
        return session

    def make_null_session(self, app):
        return None

    def save_session(self, app, session, response) -> None:
        if session is None or g.get("database_down"):
            return
        ext = app.extensions["brobygger"]
        db = ext.db_session()
        now = ext.clock.now()
        name = app.config["SESSION_COOKIE_NAME"]
        cookie = dict(
            domain=None, path="/", secure=app.config["SESSION_COOKIE_SECURE"], httponly=True,
            samesite=app.config["SESSION_COOKIE_SAMESITE"],
        )
        # The request's own transaction has ended (core.web.app commits it): the session's
        # row is written in a short transaction of its own.
        if session._end_reason:
            if session.row is not None:
                begin_writing(db)
                store.end(session.row, now, session._end_reason)
            response.delete_cookie(name, **cookie)
            db.commit()
            return
        row = session.row
        data = dict(session)
        if row is None and not data:
            if session.had_cookie:
                response.delete_cookie(name, **cookie)
            db.commit()
            return
        if row is not None and not (session.modified or session._rotate or self.records_activity(
                session, now)):
            db.commit()  # nothing new to write (store.ACTIVITY_STEP)
            return
        begin_writing(db)
        if row is None:
            row, token = store.create(db, self.app_name, now, data)
            response.set_cookie(name, token, **cookie)
        elif session._rotate:
            data.pop("csrf_token", None)
            row, token = store.rotate(db, row, now, data)
            response.set_cookie(name, token, **cookie)
        row.data = json.dumps(data)
        for key in BOUND:
            setattr(row, key, data.get(key))
        if row.staff_id is None:  # half-way through signing in: ended with the account's
            row.staff_id = data.get("pending_staff_id")  # sessions (core.services.staff)
        if data.get("inmate_id") or data.get("staff_id"):
            if row.signed_in_at is None:
                row.signed_in_at = now
        if self.records_activity(session, now):
            row.last_seen_at = now
        db.commit()

    @staticmethod
    def records_activity(session: DbSession, now) -> bool:
        """Whether this request's moment is written as the session's last activity: not
        for background requests (polling), and at most every ``store.ACTIVITY_STEP``."""
        if g.get("background_request"):
            return False
        return session.row is None or session._touched or store.activity_due(session.row, now)


def limits_for(app_name: str, settings) -> store.Limits:
    if app_name == "kiosk":
        return store.Limits(timedelta(seconds=settings.kiosk_idle_seconds),
                            timedelta(seconds=settings.kiosk_absolute_seconds))
    return store.Limits(timedelta(seconds=settings.admin_idle_seconds),
                        timedelta(seconds=settings.admin_absolute_seconds))


