"""Forms on the kiosk: steps, drafts, check, confirm, practice and countersigning."""
import re
from pathlib import Path

from sqlalchemy import func, select

from core.models import FormDraft, FormSubmission
from core.security import totp
from tests.support.world import PASSWORD

JOBSEEKER_STEPS = [
    ("education", {"level": "none"}),
    ("work", {"situation": "never", "work_inside": "no"}),
    ("limits", {"limitations": "no"}),
    ("help", {"wants": ["cv", "find_work"], "more": ""}),
]


def _start(kiosk_user, practice=False):
    response = kiosk_user.post("/forms/jobseeker/start", {"practice": "1"} if practice else {})
    assert response.status_code == 302
    return response.headers["Location"]


def _draft_id(location):
    return int(re.search(r"/forms/d/(\d+)/", location).group(1))


def _fill(kiosk_user, draft_id):
    for step, data in JOBSEEKER_STEPS:
        response = kiosk_user.post(f"/forms/d/{draft_id}/{step}", data)
        assert response.status_code == 302, (step, response.get_data(as_text=True)[:2000])
    return response


def _submit_key(page):
    return re.search(r'name="submit_key" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_the_forms_page_offers_the_forms_and_practice(kiosk_user):
    kiosk_user.sign_in("A100")
    html = kiosk_user.client.get("/forms/").get_data(as_text=True)
    assert 'data-form="jobseeker"' in html and 'data-form="social_assistance"' in html
    assert html.count('name="practice" value="1"') == 2
    assert "/forms/" in kiosk_user.client.get("/home").get_data(as_text=True)


def test_a_step_with_bad_input_keeps_what_was_typed(kiosk_user):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    kiosk_user.post(f"/forms/d/{draft}/education", {"level": "none"})
    response = kiosk_user.post(f"/forms/d/{draft}/work", {"situation": "recent",
                                                          "shown": ["situation", "last_job"],
                                                          "last_job": "k" * 130})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#last_job"' in html and 'href="#work_inside"' not in html
    assert "k" * 130 in html


def test_a_revealed_follow_up_question_is_asked_not_an_error(kiosk_user):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    kiosk_user.post(f"/forms/d/{draft}/education", {"level": "none"})
    response = kiosk_user.post(f"/forms/d/{draft}/work", {"situation": "recent",
                                                          "shown": ["situation", "work_inside"],
                                                          "work_inside": "yes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="last_job"' in html
    assert "data-bb-error-summary" not in html


def test_fill_check_confirm_and_countersign_on_the_terminal(kiosk_user, database, world, clock):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    assert _fill(kiosk_user, draft).headers["Location"].endswith(f"/forms/d/{draft}/check")
    check = kiosk_user.client.get(f"/forms/d/{draft}/check")
    html = check.get_data(as_text=True)
    assert "Lage en CV" in html or "Å lage en CV" in html
    assert f"/forms/d/{draft}/help?change=1" in html
    key = _submit_key(check)
    refused = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key})
    assert refused.status_code == 400 and 'href="#confirm"' in refused.get_data(as_text=True)
    sent = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"})
    assert sent.status_code == 302
    submission_url = sent.headers["Location"]
    again = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"})
    assert again.status_code == 302  # a retry (the answer was lost): the same receipt
    assert again.headers["Location"] == submission_url
    page = kiosk_user.client.get(submission_url).get_data(as_text=True)
    assert 'data-status="awaiting_countersign"' in page
    countersign = submission_url + "/countersign"
    form = kiosk_user.client.get(countersign).get_data(as_text=True)
    assert "data-countersign-facts" in form and "Å lage en CV" not in form  # no answers
    facts = form.split("data-countersign-facts")[1].split("</dl>")[0]
    assert "data-form-label>et skjema<" in facts  # issue 14: not even which form it is
    officer = world.staff["officer"]
    wrong = kiosk_user.post(countersign, {"username": officer.username, "password": "nope",
                                          "code": "123456"})
    assert wrong.status_code == 400
    clock.advance(seconds=30)
    done = kiosk_user.post(countersign, {"username": officer.username, "password": PASSWORD,
                                         "code": totp.code_at(officer.totp_secret, clock.now())})
    assert done.status_code == 302
    with database.session() as db:
        submission = db.scalar(select(FormSubmission))
        assert (submission.status, submission.countersigned_via) == ("sent", "terminal")
        assert submission.countersigned_by == officer.id
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 1


def test_an_officer_of_another_prison_cannot_countersign(kiosk_user, database, world, clock):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    _fill(kiosk_user, draft)
    key = _submit_key(kiosk_user.client.get(f"/forms/d/{draft}/check"))
    url = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"}
                          ).headers["Location"]
    other = world.staff["other_officer"]
    clock.advance(seconds=30)
    response = kiosk_user.post(url + "/countersign", {
        "username": other.username, "password": PASSWORD,
        "code": totp.code_at(other.totp_secret, clock.now())})
    assert response.status_code == 400
    with database.session() as db:
        assert db.scalar(select(FormSubmission.status)) == "awaiting_countersign"


def test_a_draft_survives_sign_out_and_autosave_keeps_typing(kiosk_user, database):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    kiosk_user.post(f"/forms/d/{draft}/education", {"level": "none"})
    saved = kiosk_user.post(f"/forms/d/{draft}/work/autosave", {"situation": "recent",
                                                                "last_job": "Kokk"},
                            headers={"HX-Request": "true"})
    assert saved.status_code == 200
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A100")
    assert 'data-form="jobseeker" data-has-draft' in kiosk_user.client.get(
        "/forms/").get_data(as_text=True)
    resumed = _start(kiosk_user)
    assert resumed.endswith(f"/forms/d/{draft}/work")
    page = kiosk_user.client.get(resumed).get_data(as_text=True)
    assert 'value="Kokk"' in page
    assert re.search(r'value="recent"[^>]* checked', page)


def test_another_inmates_draft_and_submission_do_not_exist(kiosk_user, admin_app, world):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    _fill(kiosk_user, draft)
    key = _submit_key(kiosk_user.client.get(f"/forms/d/{draft}/check"))
    url = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"}
                          ).headers["Location"]
    other_draft = _draft_id(_start(kiosk_user))
    kiosk_user.post("/sign-out")
    kiosk_user.sign_in("A200", terminal="a2")
    assert kiosk_user.client.get(url).status_code == 404
    assert kiosk_user.client.get(url + "/countersign").status_code == 404
    assert kiosk_user.client.get(f"/forms/d/{other_draft}/education").status_code == 404
    assert kiosk_user.post(f"/forms/d/{other_draft}/education", {"level": "none"}
                           ).status_code == 404


def test_practice_is_marked_and_stores_nothing(kiosk_user, database):
    kiosk_user.sign_in("A100")
    location = _start(kiosk_user, practice=True)
    draft = _draft_id(location)
    assert "data-practice" in kiosk_user.client.get(location).get_data(as_text=True)
    _fill(kiosk_user, draft)
    check = kiosk_user.client.get(f"/forms/d/{draft}/check")
    assert "data-practice" in check.get_data(as_text=True)
    done = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": _submit_key(check),
                                                       "confirm": "yes"})
    assert done.status_code == 200 and "data-practice" in done.get_data(as_text=True)
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0


def test_an_unknown_form_or_step_is_not_found(kiosk_user):
    kiosk_user.sign_in("A100")
    assert kiosk_user.post("/forms/meldekortx/start").status_code == 404
    draft = _draft_id(_start(kiosk_user))
    assert kiosk_user.client.get(f"/forms/d/{draft}/nonsense").status_code == 404


def test_another_inmates_submit_key_shows_nothing_and_sends_nothing(kiosk_user, kiosk_app,
                                                                    world, database):
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    _fill(kiosk_user, draft)
    key = _submit_key(kiosk_user.client.get(f"/forms/d/{draft}/check"))
    assert kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"}
                           ).status_code == 302
    other = type(kiosk_user)(kiosk_app.test_client(), world)
    other.sign_in("A200", terminal="a2")
    own = _draft_id(_start(other))
    _fill(other, own)
    response = other.post(f"/forms/d/{own}/check", {"submit_key": key, "confirm": "yes"})
    assert response.status_code == 404
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 1
        assert db.get(FormDraft, own) is not None


def test_the_municipality_list_has_every_official_name(kiosk_user):
    """Typing "Kautokeino" in the drop-down finds 5612, listed as "Guovdageaidnu" too."""
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/social_assistance/start", {}).headers["Location"]
    draft = _draft_id(location)
    html = kiosk_user.client.get(f"/forms/d/{draft}/municipality").get_data(as_text=True)
    assert '<option value="5612">Kautokeino – Guovdageaidnu (Finnmark)</option>' in html
    assert '<option value="5612">Guovdageaidnu – Kautokeino (Finnmark)</option>' in html
    kiosk_user.post(f"/forms/d/{draft}/municipality", {"home_municipality": "5612",
                                                       "shown": ["home_municipality"]})
    html = kiosk_user.client.get(f"/forms/d/{draft}/municipality").get_data(as_text=True)
    assert html.count('value="5612" selected') == 1


def test_what_was_sent_is_a_visible_fold_out_with_a_marker(kiosk_user):
    """Issue 11, fault 10: "Dette sendte du" was a closed section with no marker, read as a
    heading with nothing under it. The summary says what pressing it does, with a chevron
    (an image, so it shows whatever the CSS does), and the answers are inside."""
    kiosk_user.sign_in("A100")
    draft = _draft_id(_start(kiosk_user))
    _fill(kiosk_user, draft)
    key = _submit_key(kiosk_user.client.get(f"/forms/d/{draft}/check"))
    sent = kiosk_user.post(f"/forms/d/{draft}/check", {"submit_key": key, "confirm": "yes"})
    page = kiosk_user.client.get(sent.headers["Location"]).get_data(as_text=True)
    details = page[page.index('<details class="bb-details"'):page.index("</details>")]
    summary = details[details.index("<summary"):details.index("</summary>")]
    assert "Vis det du sendte" in summary and "Dette sendte du" not in page
    assert 'src="/static/vendor/icons/ChevronDown.svg"' in summary
    assert "Å lage en CV" in details[details.index("</summary>"):]  # the answers are inside
    css = (Path(__file__).parents[3] / "static" / "css" / "kiosk.css").read_text()
    assert ".bb-details[open] > summary > .bb-icon" in css  # it turns when open


def _municipality_page(kiosk_user) -> str:
    response = kiosk_user.post("/forms/social_assistance/start")
    assert response.status_code == 302
    draft = _draft_id(response.headers["Location"])
    return kiosk_user.client.get(f"/forms/d/{draft}/municipality").get_data(as_text=True)


def _selected(html: str) -> list[str]:
    select = html[html.index('<select id="home_municipality"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="(\d*)" selected', select)


def test_financial_help_starts_with_the_home_municipality_on_record(kiosk_user, database,
                                                                    world):
    """Issue 11, fault 14: the form asked for the home municipality the record knows."""
    from core.models import Inmate

    with database.session() as db:
        db.get(Inmate, world.inmates["a"].id).municipality_number = "5001"
        db.get(Inmate, world.inmates["a2"].id).municipality_number = None
        db.commit()
    kiosk_user.sign_in("A100")
    page = _municipality_page(kiosk_user)
    assert _selected(page) == ["5001"]
    # The inmate may choose another; their choice is kept, not the record's.
    draft = int(re.search(r'action="/forms/d/(\d+)/municipality', page).group(1))
    kiosk_user.post(f"/forms/d/{draft}/municipality", {"home_municipality": "0301",
                                                        "shown": "home_municipality"})
    page = kiosk_user.client.get(f"/forms/d/{draft}/municipality").get_data(as_text=True)
    assert _selected(page) == ["0301"]
    kiosk_user.post("/sign-out")
    # No municipality on record: nothing is chosen for them.
    kiosk_user.sign_in("A200")
    assert _selected(_municipality_page(kiosk_user)) == []
