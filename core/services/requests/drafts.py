"""Half-written requests, saved at every step so an idle sign-out or a power cut loses
nothing. The draft is filed as a request from the check-your-answers page."""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core.db import read_once, remember
from core.models import Inmate, Request, RequestDraft
from core.services.errors import NotFound
from core.services.requests.filing import Draft, file


def _row(db: Session, inmate: Inmate) -> RequestDraft | None:
    """The inmate's draft row (one at most), read once per transaction: each step's
    checks, its page and the filing ask for it."""
    return read_once(db, ("request_draft", inmate.id),
                     lambda: db.scalar(_DRAFT_OF, {"inmate_id": inmate.id}))


# Read on every step of a request: built once (SQLAlchemy keeps their cache keys).
_DRAFT_OF = select(RequestDraft).where(RequestDraft.inmate_id == bindparam("inmate_id"))
_BY_SUBMIT_KEY = select(Request).where(Request.submit_key == bindparam("submit_key"))


def load_draft(db: Session, inmate: Inmate) -> dict:
    row = _row(db, inmate)
    return json.loads(row.data) if row else {}


def save_draft(db: Session, now: datetime, inmate: Inmate, changes: dict) -> dict:
    row = _row(db, inmate)
    if row is None:
        row = RequestDraft(inmate_id=inmate.id, data="{}", updated_at=now)
        db.add(row)
        remember(db, ("request_draft", inmate.id), row)
    data = {**json.loads(row.data), **changes}
    row.data = json.dumps(data, ensure_ascii=False)
    row.updated_at = now
    db.flush()
    return data


def discard_draft(db: Session, inmate: Inmate) -> None:
    row = _row(db, inmate)
    if row is not None:
        db.delete(row)
        remember(db, ("request_draft", inmate.id), None)


def draft_from(data: dict) -> Draft:
    deadline = data.get("deadline_on")
    return Draft(
        topic=data.get("topic", ""), kind=data.get("kind", "conversation"),
        description=data.get("description", ""), release_soon=bool(data.get("release_soon")),
        deadline_on=date.fromisoformat(deadline) if deadline else None,
        letter_received=bool(data.get("letter_received")), language=data.get("language", "nb"),
        interpreter=bool(data.get("interpreter")),
    )


def filed_with(db: Session, inmate: Inmate, submit_key: str) -> Request | None:
    """The request a submit key already filed; NotFound if another inmate's."""
    earlier = db.scalar(_BY_SUBMIT_KEY, {"submit_key": submit_key[:64]})
    if earlier is not None and earlier.inmate_id != inmate.id:
        raise NotFound()
    return earlier


def file_draft(db: Session, now: datetime, inmate: Inmate,
               submit_key: str | None = None) -> Request:
    """File the draft. A submit key seen before gives back the request it filed, so a
    retried or double-clicked submit never files two."""
    if submit_key and (earlier := filed_with(db, inmate, submit_key)) is not None:
        return earlier
    data = load_draft(db, inmate)
    request = file(db, now, inmate, draft_from(data), set(data.get("consents", [])))
    request.submit_key = submit_key[:64] if submit_key else None
    discard_draft(db, inmate)
    db.flush()
    return request

