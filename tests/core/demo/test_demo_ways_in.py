"""The demo's ways in (issue 16): a paper note with its photo, and a forwarded request."""
import io
from datetime import datetime, timezone
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from core.demo import loader as demo
from core.models import Request, RequestAttachment, RequestForward


def test_the_demo_has_a_logged_paper_note_with_a_photo_and_a_forwarded_request(
        db, hasher, pin_hasher, tmp_path):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    assert demo.load(db, now, hasher, pin_hasher, str(tmp_path)).created
    note = db.scalar(select(Request).where(Request.channel == "paper_note"))
    assert note.inmate.inmate_number == "H1002" and note.team == "adviser"
    photo = db.scalar(select(RequestAttachment).where(RequestAttachment.request_id == note.id))
    with Image.open(io.BytesIO((Path(tmp_path) / photo.stored_name).read_bytes())) as image:
        assert image.format == "JPEG" and not dict(image.getexif())
    forward = db.scalar(select(RequestForward))
    forwarded = db.get(Request, forward.request_id)
    assert (forward.from_team, forward.to_team, forwarded.team) == (
        "adviser", "social_worker", "social_worker")
    assert forwarded.inmate.inmate_number == "H1004" and forwarded.language == "en"
    assert not demo.load(db, now, hasher, pin_hasher, str(tmp_path)).created
    assert len(db.scalars(select(RequestForward)).all()) == 1
