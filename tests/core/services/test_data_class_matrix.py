"""The data-class matrix (issue 14): every data class × every staff role and outside
recipient × consent state (none, given, withdrawn), checked through the services.

For each data class a probe asks the services whether a reader gets that class of an
inmate's information (a request, a form, a meldekort routed to the reader's team when
the reader is a team). The expected answer comes from the table's rule, read here
independently: always, never, the team, the consent (and the team, for a team+consent
rule), or innsyn (never in ordinary reading; the subject-access export is tested below).
A "given" state gives every consent there is (each recipient and purpose, for the whole
stay and on the request), so a class whose rule names no consent must not open with it.
"""
from datetime import date

import pytest

from core.models import Inmate, Request, Role, StaffUser
from core.services.requests import (access as request_access, attachments, consents,
                                    filing as requests, handover, ways_in)
from core.services.forms import inbox as form_inbox, submissions as forms
from core.services.people import inmates
from core.services.forms.meldekort.access import may_manage_plan
from core.services.records import subject_access
from core.services.release import handover as person_handover
from core.services.data_classes import (EVERYONE, RECIPIENT_PURPOSES, TABLE, DataClass,
                                        Outside, rule)
from core.services.errors import NotFound
from core.services.permissions import Can, allowed
from core.services.work_shop import shops, statements
from tests.support import forms as seed, work_shop as work_seed

STATES = ("none", "given", "withdrawn")
# The person's hand-over (core.services.release.handover): the section each class goes in.
PERSON_HANDOVER = {DataClass.RELEASE_DATES: "about", DataClass.RELEASE_PLAN: "plan",
                   DataClass.APPOINTMENT_TIME: "appointments",
                   DataClass.APPOINTMENT_PURPOSE: "appointments", DataClass.FORM_TYPE: "claims"}
TOPIC_OF_TEAM = {Role.ADVISER: "dagpenger", Role.SOCIAL_WORKER: "housing",
                 Role.SCHOOL: "followup_class"}
FORM_OF_TEAM = {Role.ADVISER: "jobseeker", Role.SOCIAL_WORKER: "social_assistance"}


def _expected(data_class, who, state, team) -> bool:
    found = rule(data_class, who)
    if found.kind == "always":
        return True
    if found.kind == "team":
        return team
    if found.kind == "consent":
        return state == "given" and (team or not found.unless_no_adviser)
    if found.kind == "team_or_consent":
        return team or state == "given"
    if found.kind == "pathways":  # the role sees some pathway of the release plan
        from core.services.release.pathways import VISIBLE
        return bool(VISIBLE.get(who))
    return False  # never, and innsyn in ordinary reading


class Case:
    """One inmate in prison A with a request, forms and a meldekort, in a consent state."""

    def __init__(self, db, clock, world, state, key):
        self.db, self.clock, self.world = db, clock, world
        self.inmate = db.get(Inmate, world.inmates[key].id)
        self.requests = {team: requests.file(db, clock.now(), self.inmate, requests.Draft(
            topic=topic, description="Søknad om hjelp")) for team, topic in TOPIC_OF_TEAM.items()}
        self.forms = {team: seed.generic(db, clock.now(), world, form, key=key)
                      for team, form in FORM_OF_TEAM.items()}
        self.card = seed.meldekort(db, clock.now(), world, key=key)
        # The inmate works in the world's work shop, whose statement they have read.
        work_seed.shop(db, clock.now(), world, key, name=f"Verksted {key}")
        self.statement = work_seed.statement(db, clock.now(), world, key=key, consent=False)
        if state in ("given", "withdrawn"):
            given = [consents.give(db, clock.now(), self.inmate, recipient, purpose.value,
                                   "stay")
                     for recipient, purposes in RECIPIENT_PURPOSES.items()
                     for purpose in purposes]
            given += [consents.give(db, clock.now(), self.inmate, "home_nav", "handover",
                                    "request", request=r) for r in self.requests.values()]
            statements.send(db, clock.now(), self.staff(Role.WORK_SHOP), self.statement)
            if state == "withdrawn":
                for consent in given:
                    consents.withdraw_consent(db, clock.now(), self.inmate, consent.id)

    def staff(self, role: Role) -> StaffUser:
        return self.db.get(StaffUser, self.world.staff[role.value].id)

    def request_for(self, role) -> tuple[Request, bool]:
        """The request routed to the role's team (the adviser's for others), and whether
        the reader is its team."""
        return self.requests.get(role, self.requests[Role.ADVISER]), role in TOPIC_OF_TEAM

    def form_for(self, role):
        return self.forms.get(role, self.forms[Role.ADVISER]), role in FORM_OF_TEAM


def _handover(case, request) -> bool:
    return handover.handover_consent(case.db, case.db.get(Request, request.id)) is not None


def _probe(case: Case, data_class: DataClass, who) -> tuple[bool, bool]:
    """(what the services give the reader, whether the reader is the team)."""
    db = case.db
    if isinstance(who, Outside):
        request = case.requests[Role.ADVISER]
        if who is Outside.HOME_NAV and data_class in (
                DataClass.IDENTITY, DataClass.REQUEST_TEXT, DataClass.CONSENTS):
            return _handover(case, request), False
        if who is Outside.HOME_NAV and data_class is DataClass.INTERNAL_NOTES:
            requests.add_note(db, case.clock.now(), case.staff(Role.ADVISER), request, "Notat")
            summary = handover.summary(db, case.clock.now(), case.staff(Role.ADVISER), request.id)
            return any(m.visibility == "staff_only" for m in summary.messages), False
        if who is Outside.HOME_NAV and data_class in PERSON_HANDOVER:  # the person's hand-over
            included, _requests = person_handover.gating(db, case.inmate)
            return included[PERSON_HANDOVER[data_class]], False
        return False, False  # no service sends anything else outside the prison
    staff = case.staff(who)
    if data_class is DataClass.REQUEST_CHANNEL:  # issue 16: how a registered request came
        request, team = case.request_for(who)
        return ways_in.channel_shown(staff, request), team
    if data_class is DataClass.REQUEST_ATTACHMENT:  # the paper note's scan or photo
        request, team = case.request_for(who)
        return attachments.may_view(staff, request), team
    if who is Role.WORK_SHOP and data_class in (DataClass.IDENTITY, DataClass.CONSENTS,
                                                DataClass.WORK_ATTENDANCE,
                                                DataClass.WORK_CAPACITY):
        return _work_shop_probe(case, data_class, staff), True
    if data_class is DataClass.WORK_ATTENDANCE:
        return shops.attendance_of(db, staff, case.inmate, case.clock.now().date()) is not None, \
            False
    if data_class is DataClass.WORK_CAPACITY:
        return bool(statements.received(db, case.clock.now(), staff, case.inmate)
                    or statements.of_inmate(db, staff, case.inmate)), False
    if data_class in (DataClass.REQUEST_TEXT, DataClass.INTERNAL_NOTES,
                      DataClass.APPOINTMENT_PURPOSE):
        request, team = case.request_for(who)
        return requests.staff_may_read(staff, request), team
    if data_class is DataClass.CONSENTS:
        request, team = case.request_for(who)
        return (requests.staff_may_read(staff, request)
                or allowed(staff, Can.VIEW_TIMELINE) and allowed(staff, Can.MANAGE_INMATES)), team
    if data_class is DataClass.FORM_TYPE:
        submission, team = case.form_for(who)
        return (form_inbox.may_read(staff, submission)
                or forms.countersign_label(staff, submission, "nb") is not None), team
    if data_class is DataClass.FORM_ANSWERS:
        submission, team = case.form_for(who)
        return form_inbox.answers_shown(db, staff, submission), team
    if data_class is DataClass.MELDEKORT_ANSWERS:
        return (form_inbox.answers_shown(db, staff, case.card),
                who in (Role.ADVISER, Role.SOCIAL_WORKER))
    if data_class is DataClass.BENEFIT:
        return (allowed(staff, Can.MANAGE_BENEFITS)
                and may_manage_plan(db, staff, case.inmate)), True
    if data_class is DataClass.IDENTITY:  # a trainer: the participants of their own class
        return allowed(staff, Can.VIEW_INMATES) or allowed(staff, Can.RUN_CLASSES), True
    if data_class in (DataClass.RELEASE_PLAN, DataClass.RELEASE_NOTES, DataClass.RELEASE_DATES):
        return _release_probe(case, staff, data_class), True
    capability = {
                  DataClass.APPOINTMENT_TIME: (Can.VIEW_DAILY_LIST,),
                  DataClass.LESSON_PROGRESS: (Can.VIEW_LEARNING, Can.RUN_CLASSES,
                                              Can.VIEW_LEARNING_STATS),
                  DataClass.CERTIFICATES: (Can.VERIFY_CERTIFICATES,),
                  DataClass.TIMELINE: (Can.VIEW_TIMELINE,),
                  DataClass.DISCLOSURES: (Can.VIEW_TIMELINE,)}[data_class]
    return any(allowed(staff, c) for c in capability), True


def _release_probe(case, staff, data_class) -> bool:
    """What the release plan service gives the reader: the dates, any item, any note."""
    from core.services.release import pathways, plan_changes, plan_reads
    adviser = case.staff(Role.ADVISER)
    for p in pathways.PATHWAYS:  # a note in every pathway
        plan_changes.set_item(case.db, case.clock.now(), adviser, case.inmate, p.items[0].code,
                              plan_changes.ItemChange("in_progress", "adviser", note="Notat"))
    try:
        view = plan_reads.read(case.db, case.clock.now(), staff, case.inmate)
    except NotFound:
        return False
    if data_class is DataClass.RELEASE_DATES:
        return view.dates is not None
    if data_class is DataClass.RELEASE_PLAN:
        return bool(view.items)
    return any(i.note for i in view.items)


def _work_shop_probe(case: Case, data_class: DataClass, staff) -> bool:
    """The work shop reads its own inmates' identity, attendance, statements and the
    consent the statement needs (the inmate works in the reader's shop: the team)."""
    db = case.db
    if data_class is DataClass.IDENTITY:
        try:
            shops.inmate_for(db, case.clock.now(), staff, case.inmate.id)
        except NotFound:
            return False
        return True
    if data_class is DataClass.CONSENTS:
        return statements.consent_shown(db, staff, case.inmate.id)[0]
    if data_class is DataClass.WORK_ATTENDANCE:
        return shops.attendance_of(db, staff, case.inmate, case.clock.now().date()) is not None
    return bool(statements.of_inmate(db, staff, case.inmate))


def test_the_table_covers_every_class_and_every_reader():
    assert set(TABLE) == set(DataClass)
    for row in TABLE.values():
        assert set(row) == set(EVERYONE)


@pytest.mark.parametrize("data_class", list(DataClass), ids=lambda c: c.value)
def test_every_reader_in_every_consent_state_gets_what_the_table_says(db, clock, world,
                                                                       data_class):
    wrong = []
    for number, state in enumerate(STATES):
        key = f"m{number}"
        world.inmates[key] = inmates.create(db, clock.now(), db.merge(
            world.staff["system_admin"]), inmates.InmateData(
            inmate_number=f"M{number}00", name=f"Matrise {number}", prison_id=world.prison.id,
            unit_id=None, municipality_number="0301", language="nb",
            expected_release=date(2026, 6, 1)))
        case = Case(db, clock, world, state, key)
        for who in EVERYONE:
            got, team = _probe(case, data_class, who)
            if got != _expected(data_class, who, state, team):
                wrong.append(f"{who.value} ({state}): got {got}, the table says "
                             f"{rule(data_class, who)}")
    assert wrong == []


@pytest.mark.parametrize("role", [Role.PRISON_ADMIN, Role.SYSTEM_ADMIN])
def test_administrators_have_the_rest_only_in_the_innsyn_export(db, clock, world, role):
    inmate = db.get(Inmate, world.inmates["a"].id)
    requests.file(db, clock.now(), inmate, requests.Draft(topic="dagpenger"),
                  consents={"home_nav"})
    staff = db.get(StaffUser, world.staff[role.value].id)
    report = subject_access.export(db, clock.now(), staff, inmate)
    assert report.groups["requests"]
    innsyn = {c for c in DataClass if rule(c, role).kind == "innsyn"}
    assert {DataClass.REQUEST_TEXT, DataClass.INTERNAL_NOTES} <= innsyn
    for other in (Role.OFFICER, Role.TRAINER, Role.ADVISER):
        with pytest.raises(NotFound):
            subject_access.export(db, clock.now(), db.get(
                StaffUser, world.staff[other.value].id), inmate)


# A request shared with another team (recipient, purpose "share_request"): that team reads
# its text and the thread the inmate sees, never the internal notes, and cannot act on it.
SHARE_STATES = ("none", "on_this_request", "on_another_request", "for_the_stay",
                "withdrawn", "to_the_other_team")
READERS = {Role.SOCIAL_WORKER: "social_work", Role.SCHOOL: "school"}


@pytest.mark.parametrize("state", SHARE_STATES)
@pytest.mark.parametrize("role", list(READERS), ids=lambda r: r.value)
def test_a_shared_request_opens_to_the_team_it_was_shared_with(db, clock, world, role, state):
    inmate = db.get(Inmate, world.inmates["a"].id)
    nav, other = (requests.file(db, clock.now(), inmate, requests.Draft(
        topic="dagpenger", description=text)) for text in ("Dagpenger", "Annet"))
    recipient = READERS[role]
    if state == "to_the_other_team":
        recipient = next(r for r in READERS.values() if r != recipient)
    if state != "none":
        consent = consents.give(
            db, clock.now(), inmate, recipient, "share_request",
            "stay" if state == "for_the_stay" else "request",
            request=other if state == "on_another_request" else nav)
        if state == "withdrawn":
            consents.withdraw_consent(db, clock.now(), inmate, consent.id)
    adviser = db.get(StaffUser, world.staff["adviser"].id)
    requests.add_note(db, clock.now(), adviser, nav, "Notat")
    requests.reply(db, clock.now(), adviser, nav, "Svar")
    staff = db.get(StaffUser, world.staff[role.value].id)
    expected = state in ("on_this_request", "for_the_stay")
    assert requests.staff_may_read(staff, nav) is expected
    assert (nav in request_access.shared_with(db, staff)) is expected
    assert not requests.staff_may_work(staff, nav)
    assert [m.visibility for m in requests.staff_thread(db, nav, staff)] == ["staff_and_inmate"]
    for officer_or_admin in (Role.OFFICER, Role.TRAINER, Role.PRISON_ADMIN):
        assert not requests.staff_may_read(
            db.get(StaffUser, world.staff[officer_or_admin.value].id), nav)


# A shared case meeting (issue 16): a staff member of a second team taking part in a
# request reads its text, the internal notes and its appointments' purpose while the
# inmate's consent to that team for "case_meeting" covers that request, and never
# otherwise; working on it stays with the routed team.
MEETING_STATES = ("on_this_request", "for_the_stay", "on_another_request", "withdrawn",
                  "share_request_only", "to_the_other_team")
PAIRS = [(Role.ADVISER, "dagpenger", Role.SOCIAL_WORKER),
         (Role.SOCIAL_WORKER, "housing", Role.ADVISER),
         (Role.SCHOOL, "followup_class", Role.SOCIAL_WORKER)]


@pytest.mark.parametrize("state", MEETING_STATES)
@pytest.mark.parametrize("routed, topic, second", PAIRS, ids=lambda v: getattr(v, "value", v))
def test_a_case_meeting_opens_the_request_to_the_second_team_with_consent(
        db, clock, world, routed, topic, second, state):
    from core.models import RequestParticipant
    from core.services.data_classes import MEETING_RECIPIENT, permits
    from core.services.requests import participants

    inmate = db.get(Inmate, world.inmates["a"].id)
    item, other = (requests.file(db, clock.now(), inmate, requests.Draft(
        topic=topic, description=text)) for text in ("Saken", "Annet"))
    reader = db.get(StaffUser, world.staff[second.value].id)
    recipient = MEETING_RECIPIENT[second]
    # The participation as the routed team made it while a consent was there.
    db.add(RequestParticipant(request_id=item.id, staff_id=reader.id, team=second.value,
                              added_by=world.staff[routed.value].id, added_at=clock.now()))
    db.flush()
    if state == "share_request_only":
        if recipient != "nav_adviser":
            consents.give(db, clock.now(), inmate, recipient, "share_request", "request",
                          request=other)
    elif state == "to_the_other_team":
        third = next(r for t, r in MEETING_RECIPIENT.items() if t not in (routed, second))
        consents.give(db, clock.now(), inmate, third, "case_meeting", "request", request=item)
    else:
        given = consents.give(db, clock.now(), inmate, recipient, "case_meeting",
                              "stay" if state == "for_the_stay" else "request",
                              request=other if state == "on_another_request" else item)
        if state == "withdrawn":
            consents.withdraw_consent(db, clock.now(), inmate, given.id)
    expected = state in ("on_this_request", "for_the_stay")
    context = request_access.context(reader, item)
    for data_class in (DataClass.REQUEST_TEXT, DataClass.INTERNAL_NOTES,
                       DataClass.APPOINTMENT_PURPOSE):
        assert permits(data_class, reader.roles, context) is expected, data_class
    assert requests.staff_may_read(reader, item) is expected
    assert request_access.in_meeting(reader, item) is expected
    assert not requests.staff_may_work(reader, item)
    assert (item in participants.requests_of(db, reader)) is expected
    # Nobody else gains anything from the meeting.
    for bystander in (Role.OFFICER, Role.TRAINER, Role.WORK_SHOP, Role.PRISON_ADMIN):
        assert not requests.staff_may_read(db.get(StaffUser, world.staff[bystander.value].id),
                                           item)
