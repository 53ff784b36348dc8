"""Innsyn: everything held about an inmate, one report for the kiosk and staff's export."""
from core.models import Inmate
from core.services.requests import filing as requests
from core.services.records import subject_access, subject_access_groups


def _flat(report) -> str:
    out = []
    for entries in report.groups.values():
        for e in entries:
            out += [str(e.title.value)] + [str(f.value) for f in e.facts]
            out += [m.body for m in e.messages]
    return "\n".join(out)


def test_one_report_with_notes_marked_no_secrets_and_who_looked(db, clock, world):
    inmate = db.get(Inmate, world.inmates["a"].id)
    filed = requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description="Min egen tekst"), consents={"home_nav"})
    adviser = world.staff["adviser"]
    requests.add_note(db, clock.now(), adviser, filed, "Intern merknad om saken")
    requests.reply(db, clock.now(), adviser, filed, "Svar til deg")
    requests.staff_request(db, clock.now(), adviser, filed.id)
    requests.file(db, clock.now(), db.get(Inmate, world.inmates["a2"].id),
                  requests.Draft(topic="work", description="Naboens tekst"))
    mine = subject_access.for_inmate(db, clock.now(), inmate)
    text = _flat(mine)
    assert "Min egen tekst" in text and "Svar til deg" in text and inmate.name in text
    assert "Naboens tekst" not in text and inmate.pin_hash not in repr(mine)
    request = mine.groups["requests"][0]
    assert [(m.body, m.internal) for m in request.messages] == [
        ("Intern merknad om saken", True), ("Svar til deg", False)]
    assert [c.title.value for c in mine.groups["consents"]] == ["home_nav"]
    read = [a for a in mine.access if a.action == "request.view"]
    assert [(a.name, a.roles, a.request) for a in read] == [
        (adviser.name, ("adviser",), filed.reference)]
    assert {"request.note", "request.reply"} <= {a.action for a in mine.access}
    export = subject_access.export(db, clock.now(), world.staff["prison_admin"], inmate)
    assert export == mine  # the kiosk and staff's export agree


def test_every_table_about_the_inmate_has_a_group():
    assert subject_access_groups.uncovered_tables() == set()
    assert set(subject_access_groups.COVERED.values()) <= set(subject_access.GROUPS)


def test_the_staff_export_is_a_disclosure_the_inmate_sees(db, clock, world):
    """Issue 14: a print of personal records writes a disclosure (date, who, what)."""
    from core.services.records import disclosures

    inmate = db.get(Inmate, world.inmates["a"].id)
    requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"))
    admin = world.staff["prison_admin"]
    subject_access.export(db, clock.now(), admin, inmate)
    [printed] = disclosures.for_inmate(db, inmate)
    assert (printed.kind, printed.recipient, printed.recipient_name) == (
        "print", "staff_export", admin.name)
    assert {"identity", "request_text", "internal_notes"} <= set(printed.classes)
    assert "forms" not in printed.classes and "form_answers" not in printed.classes
    assert disclosures.for_inmate(db, db.get(Inmate, world.inmates["a2"].id)) == []


def test_innsyn_includes_the_release_plan_with_notes_and_history(db, clock, world):
    """Issue 15: the plan's dates, every touched item with the staff's note (marked as
    staff's), and its history are in the report; the export names the plan's classes."""
    from core.services.records import disclosures
    from core.services.release import plan_changes

    inmate = db.get(Inmate, world.inmates["a"].id)
    plan_changes.set_item(db, clock.now(), db.merge(world.staff["adviser"]), inmate, "cv",
                          plan_changes.ItemChange("in_progress", "adviser", note="Notat om CV"))
    mine = subject_access.for_inmate(db, clock.now(), inmate)
    [dates, item] = mine.groups["release"]
    assert dates.title.key == "plan_arrived_on" and [h.kind for h in dates.history] == [
        "plan_item", "plan_started"]
    facts = {f.key: f.value for f in item.facts}
    assert item.title.value == "cv" and facts["staff_note"] == "Notat om CV"
    assert facts["plan_status"] == "in_progress"
    subject_access.export(db, clock.now(), world.staff["prison_admin"], inmate)
    [printed] = disclosures.for_inmate(db, inmate)
    assert {"release_plan", "release_notes", "release_dates"} <= set(printed.classes)
