"""Demo data for every way in (issue 16): a paper note the officer in Hof registered for
Kari Hansen (H1002), with a photo of the note, and a request the adviser forwarded to the
social workers with a reason Piotr Kowalski (H1004) reads on the kiosk."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Inmate, StaffUser

NOTE = ("Til Nav: Jeg har fått brev om at dagpengene stopper. Kan noen snakke med meg "
        "før fredag? Kari, avdeling A")


def _note_photo() -> bytes:
    """A photo of a handwritten note, drawn here: lined paper with the note's words."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (250, 247, 232))
    draw = ImageDraw.Draw(image)
    for y in range(60, 420, 36):
        draw.line([(24, y), (616, y)], fill=(170, 190, 220), width=1)
    words, lines, line = NOTE.split(), [], ""
    for word in words:
        if len(line) + len(word) > 44:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    draw.text((32, 20), "SAMTALELAPP  [ ] Betjent  [ ] Sosialkonsulent  [x] Nav",
              fill=(40, 40, 40))
    for number, text in enumerate(lines):
        draw.text((32, 70 + number * 36), text, fill=(20, 40, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def load(db: Session, now: datetime, users: dict[str, StaffUser],
         attachment_dir: str | None) -> None:
    from core.services.requests import attachments, filing as requests, ways_in

    def inmate(number: str) -> Inmate:
        return db.scalar(select(Inmate).where(Inmate.inmate_number == number))

    noted_at = now - timedelta(hours=3)
    note = ways_in.log(db, noted_at, users["betjent"], inmate("H1002"), "paper_note",
                       requests.Draft(topic="dagpenger", kind="conversation", description=NOTE))
    if attachment_dir:
        photo = attachments.clean(_note_photo(), "samtalelapp.jpg", "image/jpeg",
                                  10 * 1024 * 1024)
        attachments.add(db, noted_at, users["betjent"], note, photo, attachment_dir)
    asked_at = now - timedelta(days=1, hours=2)
    housing = ways_in.log(db, asked_at, users["veileder"], inmate("H1004"), "conversation",
                          requests.Draft(topic="nav_other", kind="question", language="en",
                                         description="Needs a place to live after release; "
                                                     "asked in the meeting about AAP."))
    ways_in.forward(db, asked_at + timedelta(hours=1), users["veileder"], housing,
                    "social_worker", housing.prison_id,
                    "The social workers help with housing. They will contact you.")
