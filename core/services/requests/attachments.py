"""Scans and photos of the paper notes requests are registered from (issue 16).

What is accepted
- JPEG, PNG or PDF, at most ``max_bytes`` (ATTACHMENT_MAX_BYTES). The type is decided by
  the file's first bytes, never by its name: a file whose content is not of the type its
  name or browser claims is refused ("attachment_type_mismatch"), anything else
  ("attachment_type"), and one that cannot be read as what it claims to be
  ("attachment_unreadable").
- Images are decoded with Pillow and encoded again from their pixels alone (turned
  upright by their orientation tag first), so nothing of the original file survives but
  the picture: no EXIF (GPS, camera, author, time), no XMP, no ICC profile, no comments,
  and nothing hidden after the image data.
- A PDF is read with pypdf and written anew from its pages: the document information
  (author, creator, producer, title, dates), the XMP metadata, JavaScript and the
  embedded files are left behind. An encrypted PDF is refused.

Where it is kept
- In ATTACHMENT_DIR, outside the web root, under a random name; the database keeps the
  name, the type, the size and who added it. Only those who may read the request's
  image (the data-class table: the team it is routed to, or a team the inmate shared it
  with) are served it, and every serving is audited.
"""
from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.audit import Actor
from core.models import Request, RequestAttachment, StaffUser
from core.services.data_classes import DataClass, permits
from core.services.errors import NotFound, ServiceError
from core.services.permissions import in_scope
from core.services.requests.access import reading_context, staff_may_work

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
# What a name or a browser may claim, for each type.
CLAIMS = {JPEG: ({".jpg", ".jpeg", ".jpe"}, {"image/jpeg", "image/pjpeg", "image/jpg"}),
          PNG: ({".png"}, {"image/png", "image/x-png"}),
          PDF: ({".pdf"}, {"application/pdf", "application/x-pdf"})}
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MAX_PAGES = 20
ATTACHMENTS_PER_REQUEST = 5


def sniff(data: bytes) -> str | None:
    """The type by content: the file's own signature."""
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if data[:5] == b"%PDF-":
        return PDF
    return None


def claimed(filename: str, content_type: str) -> str | None:
    """The type the upload claims by its name (or, without a known extension, by what the
    browser said); None when it claims none of ours."""
    extension = os.path.splitext(filename or "")[1].lower()
    for kind, (extensions, _types) in CLAIMS.items():
        if extension in extensions:
            return kind
    mime = (content_type or "").split(";")[0].strip().lower()
    for kind, (_extensions, types) in CLAIMS.items():
        if not extension and mime in types:
            return kind
    return None


@dataclass(frozen=True)
class Clean:
    content_type: str
    data: bytes


def _clean_image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != {JPEG: "JPEG", PNG: "PNG"}[kind]:
                raise ServiceError("attachment_unreadable")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError):
        raise ServiceError("attachment_unreadable") from None
    mode = "RGB" if kind == JPEG else ("RGBA" if "A" in upright.getbands() else "RGB")
    if upright.mode in ("L", "LA") and kind == PNG:
        mode = upright.mode
    pixels = upright.convert(mode)
    # A new image holding the pixels alone: no info, EXIF, XMP, ICC or text chunks.
    bare = Image.new(pixels.mode, pixels.size)
    bare.paste(pixels)
    out = io.BytesIO()
    if kind == JPEG:
        bare.save(out, "JPEG", quality=88, optimize=True)
    else:
        bare.save(out, "PNG", optimize=True)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ServiceError("attachment_unreadable")
        pages = list(reader.pages)
        if not pages or len(pages) > MAX_PAGES:
            raise ServiceError("attachment_unreadable")
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page)
        # Only the pages: no document information, XMP, outline, JavaScript or files.
        writer._info = None
        writer.add_metadata({})
        if "/Metadata" in writer._root_object:
            del writer._root_object["/Metadata"]
        for page in writer.pages:
            for key in ("/Metadata", "/AA", "/PieceInfo"):
                if key in page:
                    del page[key]
        out = io.BytesIO()
        writer.write(out)
    except ServiceError:
        raise
    except Exception:  # pypdf raises many kinds on a broken file
        raise ServiceError("attachment_unreadable") from None
    return out.getvalue()


def clean(data: bytes, filename: str, content_type: str, max_bytes: int) -> Clean:
    """The upload checked and stripped of metadata, or a ServiceError saying what is wrong."""
    if not data:
        raise ServiceError("attachment_empty")
    if len(data) > max_bytes:
        raise ServiceError("attachment_too_large", max=max_bytes // (1024 * 1024) or 1)
    actual = sniff(data)
    claim = claimed(filename, content_type)
    if actual is None and claim is None:
        raise ServiceError("attachment_type")
    if actual != claim:
        raise ServiceError("attachment_type_mismatch")
    cleaned = _clean_pdf(data) if actual == PDF else _clean_image(data, actual)
    return Clean(actual, cleaned)


# Storing and serving ------------------------------------------------------------------------

def _folder(directory: str) -> Path:
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def add(db: Session, now: datetime, staff: StaffUser, request: Request, upload: Clean,
        directory: str) -> RequestAttachment:
    """Store a cleaned upload with the request. The staff member who registered the
    request, or its team, may add one."""
    if not in_scope(staff, request.prison_id) or not (
            request.logged_by_id == staff.id or staff_may_work(staff, request)):
        raise NotFound()
    if count_of(db, request) >= ATTACHMENTS_PER_REQUEST:
        raise ServiceError("attachment_too_many", max=ATTACHMENTS_PER_REQUEST)
    name = f"{secrets.token_hex(16)}.{EXTENSIONS[upload.content_type]}"
    path = _folder(directory) / name
    with open(path, "xb") as out:
        out.write(upload.data)
    os.chmod(path, 0o600)
    row = RequestAttachment(request_id=request.id, stored_name=name,
                            content_type=upload.content_type, size=len(upload.data),
                            uploaded_at=now, uploaded_by_id=staff.id)
    db.add(row)
    db.flush()
    audit.record(db, now, Actor("staff", staff.id), "request.attachment_add",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"attachment": row.id, "type": upload.content_type, "size": row.size})
    return row


def count_of(db: Session, request: Request) -> int:
    """How many images a request has (a number only: for the staff member who registered
    it, who may not see them)."""
    return len(list(db.scalars(select(RequestAttachment.id)
                               .where(RequestAttachment.request_id == request.id))))


def may_view(staff: StaffUser, request: Request) -> bool:
    """The data-class table's rule for the image: its team, or a team it was shared with."""
    return in_scope(staff, request.prison_id) and permits(
        DataClass.REQUEST_ATTACHMENT, staff.roles, reading_context(staff, request))


def of_request(db: Session, staff: StaffUser, request: Request) -> list[RequestAttachment]:
    """The request's images, for a reader who may see them (else none)."""
    if not may_view(staff, request):
        return []
    return list(db.scalars(select(RequestAttachment)
                           .where(RequestAttachment.request_id == request.id)
                           .order_by(RequestAttachment.uploaded_at, RequestAttachment.id)))


def open_for(db: Session, now: datetime, staff: StaffUser, request_id: int,
             attachment_id: int, directory: str) -> tuple[RequestAttachment, bytes]:
    """An image and its bytes for a reader who may see it; audited. NotFound otherwise."""
    request = db.get(Request, request_id)
    row = db.get(RequestAttachment, attachment_id)
    if request is None or row is None or row.request_id != request.id \
            or not may_view(staff, request):
        raise NotFound()
    path = Path(directory) / row.stored_name
    try:
        data = path.read_bytes()
    except OSError:
        raise NotFound() from None
    audit.record(db, now, Actor("staff", staff.id), "request.attachment_view",
                 subject_type="request", subject_id=request.id, prison_id=request.prison_id,
                 detail={"attachment": row.id})
    return row, data


def remove_files(db: Session, request_ids: list[int], directory: str) -> int:
    """Delete the stored files of these requests (retention); returns how many."""
    if not request_ids:
        return 0
    removed = 0
    for name in db.scalars(select(RequestAttachment.stored_name)
                           .where(RequestAttachment.request_id.in_(request_ids))):
        try:
            (Path(directory) / name).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
