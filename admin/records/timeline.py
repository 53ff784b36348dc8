"""Timelines: everything that happened concerning an inmate or a request, newest first.

An inmate's timeline needs Can.VIEW_TIMELINE and the inmate's prison; a request's
timeline is read like the request desk (Can.READ_REQUESTS and the request's team and
prison). Anything else is not found. Reading a timeline is audited (core.services.records.timeline).
"""
import re

from flask import Blueprint, abort, g, request

from core.models import Inmate
from core.services.records import timeline
from core.services.errors import NotFound
from core.services.permissions import Can
from core.services.scoping import get_in_scope
from core.web import labels, release_labels
from core.web.access import access
from admin import ext, render
from admin.records.timeline_labels import ACTIONS, RECIPIENTS


bp = Blueprint("timeline", __name__)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,6}", raw):
        abort(400)
    return int(raw)


def _render(template: str, found: timeline.Timeline, **context):
    return render(template, timeline=found, actions=ACTIONS, recipients=RECIPIENTS,
                  labels=labels, release_labels=release_labels, **context)


@bp.get("/inmates/<int:inmate_id>/timeline")
@access("staff", Can.VIEW_TIMELINE)
def for_inmate(inmate_id: int):
    e = ext()
    db = e.db_session()
    page = _page_number()
    try:
        inmate = get_in_scope(db, Inmate, inmate_id, g.staff)
        found = timeline.for_inmate(db, e.now(), g.staff, inmate, page)
    except NotFound:
        abort(404)
    return _render("timeline/inmate.html", found, inmate=inmate)


@bp.get("/requests/<int:request_id>/timeline")
@access("staff", Can.READ_REQUESTS)
def for_request(request_id: int):
    e = ext()
    db = e.db_session()
    page = _page_number()
    try:
        item = timeline.readable_request(db, g.staff, request_id)
        found = timeline.for_request(db, e.now(), g.staff, item, page)
    except NotFound:
        abort(404)
    return _render("timeline/request.html", found, item=item)
