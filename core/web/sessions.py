"""Flask's session, stored server-side through core.security.sessions.

A row is written only when the session holds something worth a row: before sign-in, a
visitor's session holds at most its CSRF token and chosen language (``ANONYMOUS_KEYS``),
and those travel in a signed cookie instead, so a page view without a cookie writes
nothing. A request that fails (5xx) leaves the session as it was: its transaction was
rolled back, and what it put in the session goes with it. A sign-in writes its session in
its own transaction (``commit_sign_in``), so the session exists only if the sign-in's
audit event and bookkeeping were committed with it."""
from __future__ import annotations

import json
from datetime import timedelta

from flask import current_app, g
from flask import session as current_session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.exc import SQLAlchemyError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from core.db import begin_writing, unavailable
from core.security import sessions as store
from core.web.observability import HEALTH_PATH

BOUND = ("inmate_id", "staff_id", "terminal_id", "supervisor_id")
ANONYMOUS_KEYS = frozenset({"csrf_token", "lang"})  # kept in a signed cookie, not a row
ANONYMOUS_PREFIX = "a."  # such a cookie's value starts so (a row's token never has a dot)


class DbSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, row=None):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial or {}, on_update)
        self.row = row
        self.modified = False
        self.expired_reason: str | None = None
        self.had_cookie = False  # the browser sent a session cookie (live or not)
        self.anonymous = False  # it came from a signed cookie (ANONYMOUS_KEYS), not a row
        self.transient = False  # static files and health checks: never saved
        self.new_token: str | None = None  # a row written before the response (sign-in)
        self.companions: tuple = ()  # what the app's companions statement read with the row
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
    def __init__(self, app_name: str, limits: store.Limits, companions=None) -> None:
        """``companions(request)``: None, or a ``store.by_token(...)`` statement and its
        parameters, to read what every request of the app needs with the session's row
        (the kiosk: the terminal and the inmate); the session's ``companions`` hold it."""
        self.app_name = app_name
        self.limits = limits
        self.companions = companions

    def open_session(self, app, req):
        if req.path.startswith((app.static_url_path or "/static") + "/") or req.path == HEALTH_PATH:
            return self.make_null_session(app)
        token = req.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if token and token.startswith(ANONYMOUS_PREFIX):
            session = DbSession(self._anonymous_data(app, token))
            session.had_cookie = session.anonymous = True
            return session
        db = app.extensions["brobygger"].db_session()
        now = app.extensions["brobygger"].clock.now()
        try:
            extra = self.companions(req) if self.companions is not None and token else None
            loaded = store.load(db, self.app_name, token, now, self.limits, *(extra or ()))
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
        session.companions = loaded.companions
        return session

    def make_null_session(self, app):
        session = DbSession()
        session.transient = True
        return session

    def save_session(self, app, session, response) -> None:
        if session is None or session.transient or g.get("database_down"):
            return
        if response.status_code >= 500 and not session._end_reason:
            return  # the request was rolled back; what it put in the session goes with it
        ext = app.extensions["brobygger"]
        now = ext.clock.now()
        name = app.config["SESSION_COOKIE_NAME"]
        cookie = dict(
            domain=None, path="/", secure=app.config["SESSION_COOKIE_SECURE"], httponly=True,
            samesite=app.config["SESSION_COOKIE_SAMESITE"],
        )
        data = dict(session)
        if session.row is None and not session._end_reason and set(data) <= ANONYMOUS_KEYS:
            if not data:
                if session.had_cookie:
                    response.delete_cookie(name, **cookie)
            elif session.modified or not session.anonymous:
                response.set_cookie(name, ANONYMOUS_PREFIX + self._serializer(app).dumps(data),
                                    **cookie)
            if g.get("db") is not None:
                g.db.commit()
            return
        # The request's own transaction has ended (core.web.app commits it): the session's
        # row is written in a short transaction of its own.
        db = ext.db_session()
        if session._end_reason:
            if session.row is not None:
                begin_writing(db)
                store.end(session.row, now, session._end_reason)
            response.delete_cookie(name, **cookie)
            db.commit()
            return
        token = session.new_token
        if session.row is None or session.modified or session._rotate or self.records_activity(
                session, now):
            begin_writing(db)
            token = self.write(db, session, now) or token
        db.commit()  # (nothing new to write at all, within store.ACTIVITY_STEP)
        if token:
            response.set_cookie(name, token, **cookie)

    def write(self, db, session: DbSession, now) -> str | None:
        """Write ``session`` to its row (a new one when it has none or rotates) in
        ``db``'s transaction, uncommitted; the new row's token, if there is one."""
        row, data, token = session.row, dict(session), None
        activity = self.records_activity(session, now)
        if row is None:
            row, token = store.create(db, self.app_name, now, data)
        elif session._rotate:
            data.pop("csrf_token", None)
            row, token = store.rotate(db, row, now, data)
        row.data = json.dumps(data)
        for key in BOUND:
            setattr(row, key, data.get(key))
        if row.staff_id is None:  # half-way through signing in: ended with the account's
            row.staff_id = data.get("pending_staff_id")  # sessions (core.services.people.staff)
        if data.get("inmate_id") or data.get("staff_id"):
            if row.signed_in_at is None:
                row.signed_in_at = now
        if activity:
            row.last_seen_at = now
        session.row, session._rotate, session.modified = row, False, False
        return token

    def _serializer(self, app) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(app.secret_key, salt=f"bb-{self.app_name}-anonymous")

    def _anonymous_data(self, app, token: str) -> dict:
        """What a signed cookie holds; nothing when it is forged, foreign or too old."""
        try:
            data = self._serializer(app).loads(token[len(ANONYMOUS_PREFIX):],
                                               max_age=self.limits.absolute.total_seconds())
        except BadSignature:
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if k in ANONYMOUS_KEYS and isinstance(v, str)}

    @staticmethod
    def records_activity(session: DbSession, now) -> bool:
        """Whether this request's moment is written as the session's last activity: not
        for background requests (polling), and at most every ``store.ACTIVITY_STEP``."""
        if g.get("background_request"):
            return False
        return session.row is None or session._touched or store.activity_due(session.row, now)


def commit_sign_in(db) -> None:
    """Commit a sign-in: the (rotated) session is written into the request's transaction
    and committed together with what the sign-in recorded there (its audit event, the
    used TOTP step), so the session exists only if they do. Call it after the session is
    filled in and before the response is made; the cookie goes out with the response."""
    session = current_session._get_current_object()
    now = current_app.extensions["brobygger"].clock.now()
    session.new_token = current_app.session_interface.write(db, session, now)
    db.commit()


def limits_for(app_name: str, settings) -> store.Limits:
    if app_name == "kiosk":
        return store.Limits(timedelta(seconds=settings.kiosk_idle_seconds),
                            timedelta(seconds=settings.kiosk_absolute_seconds))
    return store.Limits(timedelta(seconds=settings.admin_idle_seconds),
                        timedelta(seconds=settings.admin_absolute_seconds))


