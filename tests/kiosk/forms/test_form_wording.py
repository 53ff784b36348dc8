"""Wording on the kiosk's forms (issue 11, fault 13): no sentence said twice on a step, a
meldekort step count that stays the same across the card's steps, and a practice card
that ends with "Send" like the real one, still sending nothing."""
import re
from datetime import date

from sqlalchemy import func, select

from core.models import FormDraft, FormSubmission, Inmate
from core.services.forms.meldekort import plan as meldekort_plan

NO = {"arbeidet": "no", "kurs": "no", "syk": "no", "annetFravaer": "no", "arbeidssoker": "yes"}
OPEN = "2026-W08"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _sentences(html: str) -> list[str]:
    """The visible sentences of the page's main content."""
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    found = []
    for block in re.split(r"<[^>]+>", main.split(">", 1)[1]):
        found += [s for s in re.split(r"(?<=[.?!])\s+", " ".join(block.split())) if s]
    return found


def test_the_job_seeker_forms_first_step_says_nothing_twice(kiosk_user):
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/jobseeker/start").headers["Location"]
    sentences = _sentences(_html(kiosk_user.client.get(location)))
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set()
    assert any("spørsmål til" in s for s in sentences)  # the follow-ups are still announced


def _step_counts(html: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"Steg (\d+) av (\d+)", html)]


def _meldekort(kiosk_user, database, clock, world) -> int:
    with database.session() as db:
        meldekort_plan.set_plan(db, clock.now(), world.staff["adviser"],
                                db.get(Inmate, world.inmates["a"].id), "dagpenger", date(2026, 2, 2))
    kiosk_user.sign_in("A100")
    location = kiosk_user.post(f"/forms/meldekort/p/{OPEN}/start").headers["Location"]
    return int(re.search(r"/forms/meldekort/d/(\d+)/", location).group(1))


def test_the_meldekort_step_count_does_not_jump(kiosk_user, database, clock, world):
    card = _meldekort(kiosk_user, database, clock, world)
    base = f"/forms/meldekort/d/{card}"
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/questions"))) == [(1, 3)]
    kiosk_user.post(f"{base}/questions", {**NO, "arbeidet": "yes"})
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/days"))) == [(2, 3)]
    kiosk_user.post(f"{base}/days", {"day-1-hours": "4"})
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/check"))) == [(3, 3)]
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/questions"))) == [(1, 3)]


def test_without_a_grid_the_count_is_the_same_on_every_step(kiosk_user, database, clock,
                                                             world):
    card = _meldekort(kiosk_user, database, clock, world)
    base = f"/forms/meldekort/d/{card}"
    kiosk_user.post(f"{base}/questions", NO)
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/check"))) == [(2, 2)]
    assert _step_counts(_html(kiosk_user.client.get(f"{base}/questions"))) == [(1, 2)]


def test_the_practice_card_ends_with_send_and_sends_nothing(kiosk_user, database):
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/meldekort/practice").headers["Location"]
    card = int(re.search(r"/forms/meldekort/d/(\d+)/", location).group(1))
    kiosk_user.post(f"/forms/meldekort/d/{card}/questions", NO)
    check = _html(kiosk_user.client.get(f"/forms/meldekort/d/{card}/check"))
    form = check.split(f'action="/forms/meldekort/d/{card}/check"', 1)[1].split("</form>")[0]
    assert re.search(r'<span class="aksel-label">Send</span>', form)
    assert "Avslutt øvingen" not in check
    assert "data-practice-send" in form  # said next to the button: nothing is sent
    key = re.search(r'name="submit_key" value="([^"]+)"', check).group(1)
    done = kiosk_user.post(f"/forms/meldekort/d/{card}/check",
                           {"submit_key": key, "confirm": "yes"})
    assert done.status_code == 200 and "data-practice" in _html(done)
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
        assert db.scalar(select(func.count()).select_from(FormDraft)) == 0


def test_a_practice_form_ends_with_send_too(kiosk_user):
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/jobseeker/start", {"practice": "1"}).headers["Location"]
    draft = int(re.search(r"/forms/d/(\d+)/", location).group(1))
    for step, data in (("education", {"level": "none"}),
                       ("work", {"situation": "never", "work_inside": "no"}),
                       ("limits", {"limitations": "no"}), ("help", {"wants": ["cv"]})):
        assert kiosk_user.post(f"/forms/d/{draft}/{step}", data).status_code == 302
    check = _html(kiosk_user.client.get(f"/forms/d/{draft}/check"))
    assert '<span class="aksel-label">Send</span>' in check and "Avslutt øvingen" not in check
    assert "data-practice-send" in check
