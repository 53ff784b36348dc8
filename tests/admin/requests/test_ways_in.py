"""Every way in (issue 16) in the staff app and on the kiosk: registering a request for an
inmate with a photo of the paper note, forwarding it, and printing the reply."""
import io
import re
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from core.models import AuditEvent, Request, RequestAttachment, StaffUser
from core.services.requests import filing as requests
from tests.core.services.requests.test_attachments import EXECUTABLE, jpeg_with_exif, png_with_text


def _register(staff_user, world, image=None, **changes):
    data = {"inmate_number": "A100", "channel": "paper_note", "topic": "dagpenger",
            "kind": "question", "description": "Jeg vil snakke med Nav om dagpenger.",
            "language": "nb", **changes}
    if image is not None:
        data["image"] = image
    return staff_user.post("/requests/log", data, content_type="multipart/form-data")


def _registered(database) -> Request:
    with database.session() as db:
        found = db.scalars(select(Request).order_by(Request.id.desc())).first()
        db.expunge(found)
        return found


def test_an_officer_registers_a_paper_note_with_a_photo_from_the_record(
        staff_user, world, database, settings):
    staff_user.sign_in("officer")
    record = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(as_text=True)
    assert f"/requests/log?inmate={world.inmates['a'].id}" in record
    form = staff_user.client.get(f"/requests/log?inmate={world.inmates['a'].id}")
    assert 'value="A100"' in form.get_data(as_text=True)
    response = _register(staff_user, world, (io.BytesIO(jpeg_with_exif()), "lapp.jpg",
                                             "image/jpeg"))
    assert response.status_code == 302
    item = _registered(database)
    assert response.headers["Location"].endswith(f"/requests/logged/{item.id}")
    assert (item.channel, item.logged_by_id, item.team) == (
        "paper_note", world.staff["officer"].id, "adviser")
    page = staff_user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert item.reference in page and 'data-images="1"' in page
    assert "dagpenger" not in page.lower()  # the officer sees the reference, not the content
    assert staff_user.client.get(f"/requests/{item.id}").status_code == 403
    with database.session() as db:
        stored = db.scalar(select(RequestAttachment).where(RequestAttachment.request_id == item.id))
    data = (Path(settings.attachment_dir) / stored.stored_name).read_bytes()
    assert b"Ola Nordmann" not in data and b"Exif" not in data


def test_a_bad_image_keeps_the_typed_request_and_can_be_added_again(staff_user, world,
                                                                    database):
    staff_user.sign_in("officer")
    response = _register(staff_user, world, (io.BytesIO(EXECUTABLE), "lapp.jpg", "image/jpeg"))
    assert response.status_code == 302  # the request is registered all the same
    item = _registered(database)
    assert item.description == "Jeg vil snakke med Nav om dagpenger."
    page = staff_user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-images="0"' in page and "JPEG, PNG" in page
    again = staff_user.post(f"/requests/logged/{item.id}/attachment",
                            {"image": (io.BytesIO(png_with_text()), "lapp.png", "image/png")},
                            content_type="multipart/form-data")
    assert again.status_code == 302
    assert 'data-images="1"' in staff_user.client.get(again.headers["Location"]).get_data(
        as_text=True)


def test_an_oversized_image_keeps_the_typed_request(staff_user, world, database, settings):
    staff_user.sign_in("adviser")
    big = jpeg_with_exif() + b"\x00" * settings.attachment_max_bytes
    response = _register(staff_user, world, (io.BytesIO(big), "lapp.jpg", "image/jpeg"))
    assert response.status_code == 302
    item = _registered(database)
    page = staff_user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-images="0"' in page and "5 MB" in page
    assert item.description == "Jeg vil snakke med Nav om dagpenger."


def test_an_image_on_a_request_without_an_image_field_error_shows_on_the_page(staff_user,
                                                                               world, database):
    staff_user.sign_in("adviser")
    _register(staff_user, world)
    item = _registered(database)
    response = staff_user.post(f"/requests/logged/{item.id}/attachment", {},
                               content_type="multipart/form-data")
    assert response.status_code == 400 and "aria-invalid" in response.get_data(as_text=True)


def test_registering_from_the_queue_for_an_inmate_elsewhere_is_refused(staff_user, world,
                                                                       database):
    staff_user.sign_in("adviser")
    assert "/requests/log" in staff_user.client.get("/requests/").get_data(as_text=True)
    response = _register(staff_user, world, inmate_number="B100")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with database.session() as db:
        assert db.scalar(select(Request)) is None
    assert staff_user.client.get(
        f"/requests/log?inmate={world.inmates['b'].id}").status_code == 404


def test_the_desk_shows_how_it_came_and_serves_the_image_to_the_team_only(
        staff_user, world, database):
    staff_user.sign_in("officer")
    _register(staff_user, world, (io.BytesIO(jpeg_with_exif()), "lapp.jpg", "image/jpeg"))
    item = _registered(database)
    with database.session() as db:
        image = db.scalar(select(RequestAttachment.id))
    url = f"/requests/{item.id}/attachments/{image}"
    assert staff_user.client.get(url).status_code == 403  # officers read no request
    staff_user.post("/sign-out")
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert 'data-channel="paper_note"' in desk and url in desk
    assert "Officer" in desk  # who registered it
    served = staff_user.client.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(served.data)).format == "JPEG"
    with database.session() as db:
        assert db.scalar(select(AuditEvent).where(
            AuditEvent.action == "request.attachment_view",
            AuditEvent.actor_id == world.staff["adviser"].id)) is not None


def test_the_adviser_forwards_it_to_social_work_and_the_inmate_reads_why(
        staff_user, kiosk_user, world, database):
    staff_user.sign_in("adviser")
    _register(staff_user, world)
    item = _registered(database)
    page = staff_user.client.get(f"/requests/{item.id}/forward").get_data(as_text=True)
    assert f'value="{world.prison.id}:social_worker"' in page
    response = staff_user.post(f"/requests/{item.id}/forward", {
        "destination": f"{world.prison.id}:social_worker",
        "reason": "Sosialtjenesten hjelper deg med bolig."})
    assert response.status_code == 302
    assert staff_user.client.get(f"/requests/{item.id}").status_code == 404  # not ours now
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")
    desk = staff_user.client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert "Sosialtjenesten hjelper deg med bolig." in desk
    kiosk_user.sign_in("A100")
    listing = kiosk_user.client.get("/requests/").get_data(as_text=True)
    assert "data-registered-by-staff" in listing
    shown = kiosk_user.client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert "data-registered-by-staff" in shown
    assert "Sosialtjenesten hjelper deg med bolig." in shown
    assert "Jeg vil snakke med Nav om dagpenger." in shown


def test_forwarding_to_a_team_that_does_not_serve_the_prison_says_so(staff_user, world,
                                                                     database):
    with database.session() as db:
        db.get(StaffUser, world.staff["school"].id).active = False
    staff_user.sign_in("adviser")
    _register(staff_user, world)
    item = _registered(database)
    response = staff_user.post(f"/requests/{item.id}/forward", {
        "destination": f"{world.prison.id}:school", "reason": "Skolen"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and "school" not in _registered(database).team


def test_the_printed_reply_is_in_the_inmates_language_without_notes(staff_user, world,
                                                                   database):
    staff_user.sign_in("adviser")
    _register(staff_user, world, language="en")
    item = _registered(database)
    with database.session() as db:
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        found = db.get(Request, item.id)
        requests.add_note(db, staff_user.clock.now(), adviser, found, "Internt notat")
        requests.reply(db, staff_user.clock.now(), adviser, found, "We will call you.")
    desk = staff_user.client.get(f"/requests/{item.id}").get_data(as_text=True)
    assert f"/requests/{item.id}/print" in desk
    page = staff_user.client.get(f"/requests/{item.id}/print")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'<html[^>]* lang="en"', html)
    assert "bb-print-large" in html and "We will call you." in html
    assert "Internt notat" not in html
    with database.session() as db:
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "request.print",
                                                  AuditEvent.subject_id == item.id))


def test_the_printed_reply_in_arabic_reads_right_to_left(staff_user, world, database):
    """Issue 18: the printout is in the inmate's kiosk language, Arabic right to left."""
    staff_user.sign_in("adviser")
    _register(staff_user, world, language="ar")
    item = _registered(database)
    html = staff_user.client.get(f"/requests/{item.id}/print").get_data(as_text=True)
    assert 'data-language="ar" lang="ar" dir="rtl"' in html
    assert "الرد على طلبك" in html  # "Answer to your request"


def test_the_confirmation_and_the_forward_page_are_audited_reads(staff_user, world, database):
    staff_user.sign_in("officer")
    _register(staff_user, world)
    item = _registered(database)
    staff_user.client.get(f"/requests/logged/{item.id}")
    staff_user.post("/sign-out")
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/requests/{item.id}/forward").status_code == 200
    with database.session() as db:
        actions = {(a.action, a.actor_id) for a in db.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == item.id,
                                     AuditEvent.subject_type == "request"))}
    assert ("request.logged_view", world.staff["officer"].id) in actions
    assert ("request.view", world.staff["adviser"].id) in actions


def test_a_scanned_pdf_is_kept_without_its_metadata_and_served_as_a_download(
        staff_user, world, database):
    from pypdf import PdfReader

    from tests.core.services.requests.test_attachments import pdf_with_metadata

    staff_user.sign_in("adviser")
    _register(staff_user, world, (io.BytesIO(pdf_with_metadata()), "skann.pdf",
                                  "application/pdf"))
    item = _registered(database)
    with database.session() as db:
        image = db.scalar(select(RequestAttachment))
        assert image.content_type == "application/pdf"
    desk = staff_user.client.get(f"/requests/{item.id}").get_data(as_text=True)
    url = f"/requests/{item.id}/attachments/{image.id}"
    assert f'href="{url}"' in desk and f'src="{url}"' not in desk
    served = staff_user.client.get(url)
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert b"Ola Nordmann" not in served.data
    assert len(PdfReader(io.BytesIO(served.data)).pages) == 1
