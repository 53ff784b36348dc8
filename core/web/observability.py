"""What operations see of the apps: /healthz, one JSON line per request, and request
metrics (core.metrics).

Log lines say which endpoint answered, how, how fast, and the request's id; never a
URL, a form field, a name, a PIN or a request's text. An error adds the exception's type
and where it happened (file, line, function, source line), but not its message and no
local variables: database errors quote the values they failed on.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import traceback
from datetime import datetime, timezone
from time import perf_counter

from flask import Flask, Response, current_app, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core import metrics
from core.db import READ_ONLY
from core.web.access import access

HEALTH_PATH = "/healthz"
REQUEST_ID_HEADER = "X-Request-Id"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_ENDPOINT = "brobygger.endpoint"
_ID = "brobygger.request_id"


def install(app: Flask, name: str, level: str) -> None:
    """Logging, request metrics and /healthz for one app."""
    _configure_logger(app, name, level)
    app.wsgi_app = Observed(app.wsgi_app, app, name)

    @app.teardown_request
    def _remember_endpoint(_exc):
        request.environ[_ENDPOINT] = request.endpoint or "unmatched"

    @access("open" if name == "kiosk" else "public")
    def health_check():  # a view of this app's own: the rule differs per app
        return healthz()

    app.add_url_rule(HEALTH_PATH, "healthz", health_check)


def healthz():
    """Up, and the database answers: 200 "ok"; else 503. No session, no cookie."""
    database = current_app.extensions["brobygger"].database
    try:
        with database.engine.connect() as connection:
            connection.execution_options(**{READ_ONLY: True}).execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.warning("health check: the database did not answer",
                                   extra={"exc_type": _type_name(error)})
        return Response("database unavailable\n", 503, mimetype="text/plain")
    return Response("ok\n", 200, mimetype="text/plain")


class Observed:
    """WSGI middleware around a Flask app: times every request (session and all), then
    counts it and writes its log line."""

    def __init__(self, wsgi_app, app: Flask, name: str) -> None:
        self.wsgi_app = wsgi_app
        self.app = app
        self.name = name

    def __call__(self, environ, start_response):
        started = perf_counter()
        given = environ.get("HTTP_X_REQUEST_ID", "")
        environ[_ID] = given if _REQUEST_ID.match(given) else secrets.token_hex(8)
        status = []

        def start(status_line, headers, exc_info=None):
            status.append(int(status_line[:3]))
            return start_response(status_line, headers, exc_info)

        try:
            return self.wsgi_app(environ, start)
        finally:
            self._finished(environ, status[0] if status else 500, perf_counter() - started)

    def _finished(self, environ, status: int, seconds: float) -> None:
        endpoint = environ.get(_ENDPOINT, "unmatched")
        method = environ.get("REQUEST_METHOD", "")
        metrics.observe(self.name, endpoint, method, status, seconds)
        # The health check is asked every few seconds: its lines would drown the rest.
        level = logging.DEBUG if endpoint == "healthz" else logging.INFO
        self.app.logger.log(level, "request", extra={
            "endpoint": endpoint, "method": method, "status": status,
            "duration_ms": round(seconds * 1000, 1), "request_id": environ[_ID]})


# Logging -------------------------------------------------------------------------------------

_FIELDS = ("request_id", "endpoint", "method", "status", "duration_ms", "exc_type")


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, app, message and the request's fields."""

    def __init__(self, app_name: str) -> None:
        super().__init__()
        self.app_name = app_name

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "app": self.app_name,
            "message": record.getMessage(),
        }
        for field in _FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if has_request_context():
            line.setdefault("request_id", request.environ.get(_ID))
            line.setdefault("endpoint", request.endpoint)
        if record.exc_info and record.exc_info[0] is not None:
            error, tb = record.exc_info[1], record.exc_info[2]
            line["exc_type"] = _type_name(error)
            line["stack"] = _stack(tb)
        return json.dumps(line, ensure_ascii=False, default=str)


def _type_name(error: BaseException) -> str:
    """The exception's class; for a database error, the driver's error and code too
    (sqlite3.OperationalError SQLITE_BUSY, psycopg's SQLSTATE), never its message."""
    name = f"{type(error).__module__}.{type(error).__qualname__}"
    original = getattr(error, "orig", None)
    if original is not None:
        code = (getattr(original, "sqlite_errorname", None)
                or getattr(original, "sqlstate", None))
        name += f" ({type(original).__module__}.{type(original).__qualname__}"
        name += f" {code})" if code else ")"
    return name


def _stack(tb) -> list[str]:
    """Where it happened, innermost last: file:line in function, and the source line."""
    return [f"{frame.filename}:{frame.lineno} in {frame.name}: {(frame.line or '').strip()}"
            for frame in traceback.extract_tb(tb)]


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (gunicorn and journald read it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _configure_logger(app: Flask, name: str, level: str) -> None:
    logger = app.logger  # logging.getLogger(name): shared by every app of that name
    logger.removeHandler(default_handler)
    handler = next((h for h in logger.handlers if isinstance(h, _Stderr)), None)
    if handler is None:
        handler = _Stderr()
        logger.addHandler(handler)
    handler.setFormatter(JsonLines(name))
    logger.setLevel(level)
    logger.propagate = False
