"""Timelines of an inmate and of a request in the staff app."""
from sqlalchemy import func, select

from core.models import AuditEvent, Inmate, StaffUser
from core.services.requests import filing as requests
from core.services.records import timeline


def _filed(database, clock, world, key="a", topic="dagpenger"):
    with database.session() as db:
        inmate = db.get(Inmate, world.inmates[key].id)
        filed = requests.file(db, clock.now(), inmate, requests.Draft(
            topic=topic, description="Hemmelig beskrivelse"), consents={"home_nav"})
        adviser = db.get(StaffUser, world.staff["adviser"].id)
        if key != "b":  # the adviser serves prison A only
            requests.add_note(db, clock.now(), adviser, filed, "Hemmelig notat")
        return filed.id, filed.reference


def _reads(database, action):
    with database.session() as db:
        return db.scalar(select(func.count()).select_from(AuditEvent)
                         .where(AuditEvent.action == action))


def test_an_inmates_timeline_in_plain_words(staff_user, database, clock, world):
    nav, reference = _filed(database, clock, world)
    inmate = world.inmates["a"].id
    adviser = staff_user.sign_in("adviser")
    staff_user.client.get(f"/requests/{nav}")
    response = staff_user.client.get(f"/inmates/{inmate}/timeline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for action in ("request.view", "request.note", "request.file", "consent.give",
                   "inmate.create"):
        assert f'data-action="{action}"' in html
    assert "Samtykke gitt: Nav-kontoret i hjemkommunen" in html
    assert "Den innsatte" in html and adviser.name in html and "System Admin" in html
    assert f'href="/requests/{nav}">{reference}</a> (Dagpenger' in html
    assert "Hemmelig" not in html  # never what was written
    assert html.index('data-action="request.view"') < html.index('data-action="request.file"')
    assert _reads(database, "inmate.timeline") == 1


def test_unknown_actions_show_their_code(staff_user, database, clock, world):
    from core import audit
    from core.audit import Actor

    with database.session() as db:
        audit.record(db, clock.now(), Actor("terminal", world.terminals["a"].id),
                     "kiosk.something_new", subject_type="inmate",
                     subject_id=world.inmates["a"].id, prison_id=world.prison.id)
    staff_user.sign_in("prison_admin")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}/timeline").get_data(
        as_text=True)
    assert '<code class="bb-code">kiosk.something_new</code>' in html and "En terminal" in html


def test_a_checked_certificate_is_named_in_words(staff_user, database, clock, world):
    """Issue 11, fault 12: the timeline showed a raw "certificate.verify"."""
    from core import audit
    from core.audit import Actor

    with database.session() as db:  # as learning.verify records a certificate found
        audit.record(db, clock.now(), Actor("staff", world.staff["adviser"].id),
                     "certificate.verify", subject_type="inmate",
                     subject_id=world.inmates["a"].id, detail={"found": True})
    staff_user.sign_in("prison_admin")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}/timeline").get_data(
        as_text=True)
    assert 'data-action="certificate.verify"' in html and "Kursbevis sjekket av en ansatt" in html
    assert "certificate.verify</code>" not in html


def test_requests_the_viewer_may_not_read_show_their_reference_only(
        staff_user, database, clock, world):
    nav, reference = _filed(database, clock, world)
    for role in ("prison_admin", "social_worker", "system_admin"):
        staff_user.sign_in(role)
        html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}/timeline").get_data(
            as_text=True)
        assert f"henvendelse {reference}" in html and f"/requests/{nav}" not in html, role
        assert "Dagpenger" not in html and "Hemmelig" not in html, role
        staff_user.post("/sign-out")


def test_an_inmates_timeline_is_scoped_and_forbidden_to_officers(
        staff_user, database, clock, world):
    staff_user.sign_in("other_prison_admin")
    assert staff_user.client.get(f"/inmates/{world.inmates['a'].id}/timeline").status_code == 404
    assert staff_user.client.get(f"/inmates/{world.inmates['b'].id}/timeline").status_code == 200
    staff_user.post("/sign-out")
    for role in ("officer", "trainer"):
        staff_user.sign_in(role)
        assert staff_user.client.get(
            f"/inmates/{world.inmates['a'].id}/timeline").status_code == 403
        record = staff_user.client.get(f"/inmates/{world.inmates['a'].id}").get_data(
            as_text=True)
        assert "data-record-timeline" not in record
        staff_user.post("/sign-out")
    assert _reads(database, "inmate.timeline") == 1


def test_pages_and_bad_page_numbers(staff_user, database, clock, world, monkeypatch):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 2)
    _filed(database, clock, world)  # inmate.create, consent.give, request.file, note
    staff_user.sign_in("adviser")
    inmate = world.inmates["a"].id
    first = staff_user.client.get(f"/inmates/{inmate}/timeline").get_data(as_text=True)
    assert first.count("data-action=") == 2
    assert f'href="/inmates/{inmate}/timeline?page=2"' in first and 'rel="prev"' not in first
    last = staff_user.client.get(f"/inmates/{inmate}/timeline?page=3").get_data(as_text=True)
    assert f'href="/inmates/{inmate}/timeline?page=2"' in last and 'rel="next"' not in last
    for bad, status in (("abc", 400), ("-1", 400), ("1.5", 400), ("0", 404), ("99", 404)):
        assert staff_user.client.get(
            f"/inmates/{inmate}/timeline?page={bad}").status_code == status, bad


def test_a_requests_timeline_shows_history_and_every_view(staff_user, database, clock, world):
    nav, reference = _filed(database, clock, world)
    staff_user.sign_in("adviser")
    desk = staff_user.client.get(f"/requests/{nav}").get_data(as_text=True)
    assert f'href="/requests/{nav}/timeline"' in desk
    staff_user.client.get(f"/requests/{nav}")
    html = staff_user.client.get(f"/requests/{nav}/timeline").get_data(as_text=True)
    assert html.count('data-action="request.view"') == 2
    assert 'data-action="history.filed"' in html and 'data-action="history.note"' in html
    assert 'data-action="request.file"' not in html  # the history row shows it once
    assert reference in html and "Hemmelig" not in html
    assert _reads(database, "request.timeline") == 1


def test_a_requests_timeline_is_read_like_the_desk(staff_user, database, clock, world):
    nav, _ref = _filed(database, clock, world)
    other, _ref = _filed(database, clock, world, key="b")
    staff_user.sign_in("adviser")
    assert staff_user.client.get(f"/requests/{other}/timeline").status_code == 404
    assert staff_user.client.get("/requests/999999/timeline").status_code == 404
    assert staff_user.client.get(f"/requests/{nav}/timeline?page=x").status_code == 400
    staff_user.post("/sign-out")
    staff_user.sign_in("social_worker")  # another team's request
    assert staff_user.client.get(f"/requests/{nav}/timeline").status_code == 404
    staff_user.post("/sign-out")
    for role in ("officer", "trainer", "prison_admin", "system_admin"):
        staff_user.sign_in(role)
        assert staff_user.client.get(f"/requests/{nav}/timeline").status_code == 403, role
        staff_user.post("/sign-out")
    assert _reads(database, "request.timeline") == 0



def test_every_audited_action_about_an_inmate_has_plain_words():
    """Scans the code for audit.record(..., "x.y", subject_type=S) with a subject that an
    inmate's timeline shows, so that a new kind of event gets its label with it (a raw
    "certificate.verify" was shown: its subject is chosen by an if)."""
    import ast
    from pathlib import Path

    from admin.records.timeline_labels import ACTIONS

    shown = {"inmate", "request", "appointment", "form_submission"}
    root = Path(__file__).resolve().parents[3]
    found = set()
    for path in [p for d in ("core", "admin", "kiosk") for p in (root / d).rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "audit.record"):
                continue
            action = next((a.value for a in node.args if isinstance(a, ast.Constant)
                           and isinstance(a.value, str)), None)
            # A literal subject, or one chosen ("inmate" if found else None).
            subjects = {c.value for k in node.keywords if k.arg == "subject_type"
                        for c in ast.walk(k.value) if isinstance(c, ast.Constant)}
            if action and subjects & shown:
                found.add(action)
    assert len(found) > 30  # the scan sees the code
    assert sorted(found - set(ACTIONS)) == []


def test_a_plan_item_change_in_the_timeline_uses_the_items_status_words(staff_user, database,
                                                                        clock, world):
    from core.services.release import plan_changes

    with database.session() as db:
        plan_changes.set_item(db, clock.now(), db.get(StaffUser, world.staff["adviser"].id),
                              db.get(Inmate, world.inmates["a"].id), "uforetrygd",
                              plan_changes.ItemChange("done", "adviser"))
    staff_user.sign_in("adviser")
    html = staff_user.client.get(f"/inmates/{world.inmates['a'].id}/timeline").get_data(
        as_text=True)
    assert "(Vedtak fattet)" in html
