"""Scans and photos of paper notes (issue 16): real files of each type, made here with
Pillow and pypdf; the type is checked by content; the metadata is gone after upload."""
import io

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from core.models import AuditEvent, Inmate, StaffUser
from core.services.errors import NotFound, ServiceError
from core.services.requests import attachments, consents, filing as requests, ways_in

LIMIT = 2 * 1024 * 1024
GPS, ARTIST, SOFTWARE = 0x8825, 0x013B, 0x0131


def jpeg_with_exif(size=(64, 48), orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ARTIST] = "Ola Nordmann"
    exif[SOFTWARE] = "SecretCam 1.0"
    exif[GPS] = {1: "N", 2: (59.0, 54.0, 41.0), 3: "E", 4: (10.0, 45.0, 7.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken in cell 12")
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ola Nordmann")
    info.add_text("Comment", "celle 12")
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_metadata() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Ola Nordmann", "/Title": "Samtalelapp celle 12",
                         "/Creator": "SecretScanner"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def test_a_jpeg_loses_its_exif_gps_author_and_comment():
    original = jpeg_with_exif()
    assert b"Ola Nordmann" in original and b"cell 12" in original
    clean = attachments.clean(original, "lapp.JPG", "image/jpeg", LIMIT)
    assert clean.content_type == attachments.JPEG
    for secret in (b"Ola Nordmann", b"SecretCam", b"cell 12", b"Exif"):
        assert secret not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info and "exif" not in image.info


def test_a_photo_taken_sideways_is_turned_upright_before_its_tags_go():
    clean = attachments.clean(jpeg_with_exif(size=(64, 48), orientation=6), "lapp.jpg",
                              "image/jpeg", LIMIT)
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.size == (48, 64)


def test_a_png_loses_its_text_chunks():
    clean = attachments.clean(png_with_text(), "lapp.png", "image/png", LIMIT)
    assert clean.content_type == attachments.PNG
    assert b"Ola Nordmann" not in clean.data and b"tEXt" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.format == "PNG" and image.size == (40, 30)
        assert "Author" not in image.info


def test_a_pdf_loses_its_document_information():
    original = pdf_with_metadata()
    assert b"Ola Nordmann" in original
    clean = attachments.clean(original, "lapp.pdf", "application/pdf", LIMIT)
    assert clean.content_type == attachments.PDF
    for secret in (b"Ola Nordmann", b"Samtalelapp", b"SecretScanner"):
        assert secret not in clean.data
    reader = PdfReader(io.BytesIO(clean.data))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")


@pytest.mark.parametrize("data, name, mime, code", [
    (EXECUTABLE, "lapp.jpg", "image/jpeg", "attachment_type_mismatch"),  # a renamed .exe
    (ELF, "scan.pdf", "application/pdf", "attachment_type_mismatch"),
    (EXECUTABLE, "program.exe", "application/octet-stream", "attachment_type"),
    (b"hei, dette er tekst", "lapp.txt", "text/plain", "attachment_type"),
    ("png", "lapp.jpg", "image/jpeg", "attachment_type_mismatch"),  # a PNG called .jpg
    ("pdf", "lapp.png", "image/png", "attachment_type_mismatch"),
    ("jpeg", "lapp", "image/png", "attachment_type_mismatch"),  # no name: the browser's type
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "lapp.jpg", "image/jpeg", "attachment_unreadable"),
    (b"%PDF-1.4\n garbage", "lapp.pdf", "application/pdf", "attachment_unreadable"),
    (b"", "lapp.jpg", "image/jpeg", "attachment_empty"),
])
def test_the_type_is_checked_by_content_not_by_name(data, name, mime, code):
    data = {"png": png_with_text, "pdf": pdf_with_metadata,
            "jpeg": jpeg_with_exif}[data]() if isinstance(data, str) else data
    with pytest.raises(ServiceError) as error:
        attachments.clean(data, name, mime, LIMIT)
    assert error.value.code == code


def test_a_file_without_a_name_is_taken_by_the_browsers_type_when_they_agree():
    assert attachments.clean(jpeg_with_exif(), "", "image/jpeg", LIMIT).content_type == \
        attachments.JPEG


def test_an_oversized_file_is_refused_with_the_limit():
    big = jpeg_with_exif() + b"\x00" * LIMIT
    with pytest.raises(ServiceError) as error:
        attachments.clean(big, "lapp.jpg", "image/jpeg", LIMIT)
    assert (error.value.code, error.value.params) == ("attachment_too_large", {"max": 2})


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("hemmelig")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ServiceError) as error:
        attachments.clean(out.getvalue(), "lapp.pdf", "application/pdf", LIMIT)
    assert error.value.code == "attachment_unreadable"


# Storing and serving ---------------------------------------------------------------------------

def _logged(db, clock, world):
    return ways_in.log(db, clock.now(), db.get(StaffUser, world.staff["officer"].id),
                       db.get(Inmate, world.inmates["a"].id), "paper_note",
                       requests.Draft(topic="dagpenger", description="Se lappen"))


def test_stored_outside_the_web_root_and_served_only_to_readers(db, clock, world, tmp_path):
    folder = tmp_path / "vedlegg"
    item = _logged(db, clock, world)
    officer = db.get(StaffUser, world.staff["officer"].id)
    row = attachments.add(db, clock.now(), officer, item,
                          attachments.clean(jpeg_with_exif(), "lapp-fra-kari.jpg", "image/jpeg", LIMIT),
                          str(folder))
    stored = folder / row.stored_name
    assert stored.exists() and stored.read_bytes()[:3] == b"\xff\xd8\xff"
    # (a name that hex digits cannot spell: "a.jpg" stood in a random name 1 time in 16)
    assert "lapp-fra-kari" not in row.stored_name and len(row.stored_name) > 30
    adviser = db.get(StaffUser, world.staff["adviser"].id)
    got, data = attachments.open_for(db, clock.now(), adviser, item.id, row.id, str(folder))
    assert got is row and data == stored.read_bytes()
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == item.id)
                     .order_by(AuditEvent.id.desc())) == "request.attachment_view"
    for role in ("officer", "social_worker", "school", "trainer", "prison_admin",
                 "system_admin"):
        with pytest.raises(NotFound):
            attachments.open_for(db, clock.now(), db.get(StaffUser, world.staff[role].id),
                                 item.id, row.id, str(folder))
    assert attachments.count_of(db, item) == 1
    assert attachments.of_request(db, officer, item) == []


def test_a_team_the_inmate_shared_the_request_with_sees_the_image(db, clock, world, tmp_path):
    item = _logged(db, clock, world)
    officer = db.get(StaffUser, world.staff["officer"].id)
    row = attachments.add(db, clock.now(), officer, item,
                          attachments.clean(png_with_text(), "a.png", "image/png", LIMIT),
                          str(tmp_path))
    social = db.get(StaffUser, world.staff["social_worker"].id)
    assert attachments.of_request(db, social, item) == []
    consent = consents.give(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                            "social_work", "share_request", "request", request=item)
    assert attachments.of_request(db, social, item) == [row]
    consents.withdraw_consent(db, clock.now(), db.get(Inmate, world.inmates["a"].id),
                              consent.id)
    with pytest.raises(NotFound):
        attachments.open_for(db, clock.now(), social, item.id, row.id, str(tmp_path))


def test_only_who_registered_it_or_its_team_adds_images(db, clock, world, tmp_path):
    item = _logged(db, clock, world)
    clean = attachments.clean(jpeg_with_exif(), "a.jpg", "image/jpeg", LIMIT)
    for role in ("social_worker", "prison_admin", "other_officer"):
        with pytest.raises(NotFound):
            attachments.add(db, clock.now(), db.get(StaffUser, world.staff[role].id), item,
                            clean, str(tmp_path))
    adviser = db.get(StaffUser, world.staff["adviser"].id)
    for _ in range(attachments.ATTACHMENTS_PER_REQUEST):
        attachments.add(db, clock.now(), adviser, item, clean, str(tmp_path))
    with pytest.raises(ServiceError) as error:
        attachments.add(db, clock.now(), adviser, item, clean, str(tmp_path))
    assert error.value.code == "attachment_too_many"


def test_retention_deletes_the_stored_images_with_the_inmates_data(db, clock, world, tmp_path):
    from datetime import timedelta

    from core.models import RequestAttachment
    from core.services.people import inmates
    from core.services.records import retention

    item = _logged(db, clock, world)
    officer = db.get(StaffUser, world.staff["officer"].id)
    row = attachments.add(db, clock.now(), officer, item,
                          attachments.clean(jpeg_with_exif(), "a.jpg", "image/jpeg", LIMIT),
                          str(tmp_path))
    stored = tmp_path / row.stored_name
    inmate = db.get(Inmate, world.inmates["a"].id)
    inmates.update(db, clock.now(), db.get(StaffUser, world.staff["system_admin"].id), inmate,
                   inmates.InmateData(inmate_number=inmate.inmate_number, name=inmate.name,
                                      prison_id=inmate.prison_id, unit_id=inmate.unit_id,
                                      municipality_number="0301", language="nb",
                                      expected_release=None, status="released"))
    clock.advance(days=400)
    db.flush()
    db.expunge_all()  # the request and its image are deleted underneath
    retention.purge(db, clock.now() + timedelta(days=1), 12, str(tmp_path))
    assert not stored.exists()
    assert db.scalar(select(RequestAttachment)) is None


def test_the_inmates_innsyn_says_how_the_request_came_and_how_many_images(db, clock, world,
                                                                          tmp_path):
    from core.services.records import subject_access

    item = _logged(db, clock, world)
    attachments.add(db, clock.now(), db.get(StaffUser, world.staff["officer"].id), item,
                    attachments.clean(png_with_text(), "a.png", "image/png", LIMIT),
                    str(tmp_path))
    report = subject_access.export(db, clock.now(),
                                   db.get(StaffUser, world.staff["prison_admin"].id),
                                   db.get(Inmate, world.inmates["a"].id))
    facts = {f.key: f.value for f in report.groups["requests"][0].facts}
    assert facts["channel"] == "paper_note" and facts["images"] == 1
