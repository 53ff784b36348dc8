"""Taushetsplikt as data: every kind of personal information Brobygger holds (a data
class) against every staff role and outside recipient, with the condition for access.

Services ask ``permits`` before they hand a field of a data class to a reader; they do
not hard-code role checks for personal data. Prison scoping (core.services.permissions)
comes on top: nobody reads anything outside the prisons they serve.

Conditions:
- ALWAYS: in the prisons the reader serves;
- NEVER;
- TEAM: only the team the request or form is routed to (a trainer: their own classes; the
  work shop: the inmates of the work shops they run);
- CONSENT: only with the inmate's active consent to that recipient for that purpose;
- TEAM OR CONSENT: the team, or another team the inmate shared it with (an active consent
  to that team's recipient for that purpose, on that request or for the whole stay);
  reading only: working on it stays with the team (core.services.requests.access);
- TEAM + CONSENT: the team, and only with the consent, unless no Nav adviser serves the
  prison (then the card was routed to social work because nobody else could take it);
- PATHWAYS: only the release plan's pathways the role sees (the table
  core.services.release.pathways.VISIBLE; a role that sees none gets nothing);
- ... OR MEETING: also a staff member of a second team taking part in a shared case
  meeting (trekantsamtale) on that request, while the inmate's consent to that team's
  recipient for "case_meeting" (on that request or for the whole stay) is active
  (core.services.requests.participants);
- INNSYN: only in the complete export an administrator prints for the inmate's own
  subject-access request (core.services.records.subject_access.export), never in ordinary reading.

A ``permits`` call is noted in the current tracker (``tracking``), so that a test can
check that no page shows a field of a class whose rule nobody consulted.
"""
from __future__ import annotations

import enum
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from core.models import Role


class DataClass(str, enum.Enum):
    IDENTITY = "identity"  # name, inmate number, prison, unit, expected release
    REQUEST_TEXT = "request_text"  # a request's description and its thread
    # How a request registered by staff came: a paper note, a call, a referral from the
    # health service... (the referral itself can tell something about the person).
    REQUEST_CHANNEL = "request_channel"
    # A scan or photo of the paper note a request was registered from: its handwriting
    # says what the request says.
    REQUEST_ATTACHMENT = "request_attachment"
    INTERNAL_NOTES = "internal_notes"
    FORM_ANSWERS = "form_answers"
    FORM_TYPE = "form_type"  # which form it is (its title tells what the person needs)
    MELDEKORT_ANSWERS = "meldekort_answers"
    BENEFIT = "benefit"  # the benefit and the meldekort schedule
    RELEASE_PLAN = "release_plan"  # the release plan's items: status, owner, due, history;
    # also the hand-over's follow-up (receipt, outcome) and the appointments after release
    RELEASE_NOTES = "release_notes"  # the staff's short note on a release plan item
    RELEASE_DATES = "release_dates"  # arrival, earliest/expected/latest release, short stay
    APPOINTMENT_TIME = "appointment_time"  # when and where
    APPOINTMENT_PURPOSE = "appointment_purpose"  # with whom and what about
    LESSON_PROGRESS = "lesson_progress"
    CERTIFICATES = "certificates"
    CONSENTS = "consents"
    TIMELINE = "timeline"  # the audit trail of a person
    DISCLOSURES = "disclosures"  # what was sent outside the prison, to whom
    WORK_ATTENDANCE = "work_attendance"  # days present, late or absent in the work shop
    WORK_CAPACITY = "work_capacity"  # the work shop's work-capacity statement


class Outside(str, enum.Enum):
    """Recipients outside the prison's staff roles."""

    HOME_NAV = "home_nav"  # the Nav office in the inmate's home municipality


Who = Role | Outside
EVERYONE: tuple[Who, ...] = (*Role, *Outside)


class Purpose(str, enum.Enum):
    HANDOVER = "handover"  # the hand-over of a request before release
    SHARE_REQUEST = "share_request"  # another service in prison may be told of the request
    WORK_CAPACITY = "work_capacity"  # the work shop's statement of work capacity to Nav
    MELDEKORT_HELP = "meldekort_help"  # social work helps with, and reads, the meldekort
    # The person's hand-over before release (core.services.release.handover): the plan
    # with its state and the appointments after release; the claims made (forms sent).
    PLAN = "plan"
    CLAIMS = "claims"
    CASE_MEETING = "case_meeting"  # a second team takes part in the request (trekantsamtale)


class Scope(str, enum.Enum):
    REQUEST = "request"  # one request
    FORM = "form"  # one form
    STAY = "stay"  # the whole stay


# Which purposes each consent recipient can be asked for; the first is what the kiosk's
# request step asks for.
RECIPIENT_PURPOSES: dict[str, tuple[Purpose, ...]] = {
    "home_nav": (Purpose.HANDOVER, Purpose.PLAN, Purpose.CLAIMS),
    "social_work": (Purpose.SHARE_REQUEST, Purpose.MELDEKORT_HELP, Purpose.CASE_MEETING),
    "school": (Purpose.SHARE_REQUEST, Purpose.CASE_MEETING),
    "work_shop": (Purpose.WORK_CAPACITY,),
    "nav_adviser": (Purpose.CASE_MEETING,),  # the Nav advisers in prison, as a second team
}

# The consent recipient each team is, as the second team of a shared case meeting.
MEETING_RECIPIENT = {Role.ADVISER: "nav_adviser", Role.SOCIAL_WORKER: "social_work",
                     Role.SCHOOL: "school"}


@dataclass(frozen=True)
class Rule:
    kind: str  # always, never, team, consent, team_or_consent, innsyn, pathways
    recipient: str | None = None  # consent: to whom
    purpose: Purpose | None = None  # consent: for what
    unless_no_adviser: bool = False  # team + consent: no consent needed without an adviser
    meeting: str | None = None  # or as a participant of a case meeting, with this consent

    def __str__(self) -> str:
        if self.meeting:
            base = Rule(self.kind, self.recipient, self.purpose, self.unless_no_adviser)
            return f"{base}, or in a shared case meeting with consent to {self.meeting} " \
                   "(case_meeting) on that request"
        if self.kind == "consent" and self.unless_no_adviser:
            return f"team, with consent to {self.recipient} ({self.purpose.value}) " \
                   "or when no Nav adviser serves the prison"
        if self.kind == "consent":
            return f"with consent to {self.recipient} ({self.purpose.value})"
        if self.kind == "team_or_consent":
            return f"team, or with consent to {self.recipient} ({self.purpose.value}) " \
                   "on that request"
        return self.kind


ALWAYS, NEVER, TEAM = Rule("always"), Rule("never"), Rule("team")
INNSYN = Rule("innsyn")
PATHWAYS = Rule("pathways")


def consent(recipient: str, purpose: Purpose, *, unless_no_adviser: bool = False) -> Rule:
    return Rule("consent", recipient, purpose, unless_no_adviser)


def team_or_consent(recipient: str, purpose: Purpose) -> Rule:
    return Rule("team_or_consent", recipient, purpose)


def or_meeting(base: Rule, recipient: str) -> Rule:
    """``base``, or a participant of a shared case meeting with the inmate's consent."""
    return Rule(base.kind, base.recipient, base.purpose, base.unless_no_adviser, recipient)


R, D = Role, DataClass
TEAMS = (R.ADVISER, R.SOCIAL_WORKER, R.SCHOOL)


def _row(default: Rule = NEVER, **rules: Rule) -> dict[Who, Rule]:
    by_name = {w.value: w for w in EVERYONE}
    row = dict.fromkeys(EVERYONE, default)
    row.update({by_name[name]: rule for name, rule in rules.items()})
    return row


_teams = {"adviser": TEAM, "social_worker": TEAM, "school": TEAM}
# The team, or a second team in a shared case meeting on that request (with consent).
_meeting = {"adviser": or_meeting(TEAM, "nav_adviser"),
            "social_worker": or_meeting(TEAM, "social_work"),
            "school": or_meeting(TEAM, "school")}
_helpers = {"adviser": ALWAYS, "social_worker": ALWAYS}
_teams_always = {"adviser": ALWAYS, "social_worker": ALWAYS, "school": ALWAYS}
_every_reader = {"adviser": ALWAYS, "social_worker": ALWAYS, "school": ALWAYS,
                 "prison_admin": ALWAYS, "system_admin": ALWAYS}

TABLE: dict[DataClass, dict[Who, Rule]] = {
    # A trainer: their own classes' participants; the work shop: its own inmates.
    D.IDENTITY: _row(**{**{r.value: ALWAYS for r in Role}, "trainer": TEAM, "work_shop": TEAM},
                     home_nav=consent("home_nav", Purpose.HANDOVER)),
    # A request shared with social work or the school: read-only for that team.
    # A shared case meeting: the second team reads the thread and the notes, and writes notes.
    D.REQUEST_TEXT: _row(adviser=or_meeting(TEAM, "nav_adviser"),
                         home_nav=consent("home_nav", Purpose.HANDOVER),
                         social_worker=or_meeting(team_or_consent(
                             "social_work", Purpose.SHARE_REQUEST), "social_work"),
                         school=or_meeting(team_or_consent("school", Purpose.SHARE_REQUEST),
                                           "school")),
    # The channel: the team only, never outside the prison (the hand-over leaves it out).
    D.REQUEST_CHANNEL: _row(**_teams),
    # The image of a paper note reads like the request's text, but never leaves the prison.
    D.REQUEST_ATTACHMENT: _row(adviser=TEAM,
                               social_worker=team_or_consent("social_work",
                                                             Purpose.SHARE_REQUEST),
                               school=team_or_consent("school", Purpose.SHARE_REQUEST)),
    D.INTERNAL_NOTES: _row(**_meeting),
    D.FORM_ANSWERS: _row(**_teams),
    # The person's hand-over names the forms sent (the claims made), with that consent.
    D.FORM_TYPE: _row(**_teams, home_nav=consent("home_nav", Purpose.CLAIMS)),
    D.MELDEKORT_ANSWERS: _row(adviser=TEAM, social_worker=consent(
        "social_work", Purpose.MELDEKORT_HELP, unless_no_adviser=True)),
    D.BENEFIT: _row(adviser=ALWAYS, social_worker=consent(
        "social_work", Purpose.MELDEKORT_HELP, unless_no_adviser=True)),
    # The school sees the work and school pathway only (core.services.release.pathways).
    # To the home Nav office with the "plan" consent (the person's hand-over,
    # core.services.release.handover), with the appointments after release.
    D.RELEASE_PLAN: _row(**_helpers, school=PATHWAYS, home_nav=consent("home_nav", Purpose.PLAN)),
    D.RELEASE_NOTES: _row(**_helpers, school=PATHWAYS),
    D.RELEASE_DATES: _row(**_teams_always, prison_admin=ALWAYS, system_admin=ALWAYS,
                          home_nav=consent("home_nav", Purpose.HANDOVER)),
    D.APPOINTMENT_TIME: _row(**_meeting, officer=ALWAYS, prison_admin=ALWAYS,
                             system_admin=ALWAYS, home_nav=consent("home_nav", Purpose.PLAN)),
    D.APPOINTMENT_PURPOSE: _row(**_meeting, home_nav=consent("home_nav", Purpose.PLAN)),
    D.LESSON_PROGRESS: _row(**_helpers, trainer=TEAM, prison_admin=ALWAYS,
                            system_admin=ALWAYS),  # the stall list names who
    D.CERTIFICATES: _row(**{r.value: ALWAYS for r in Role}),  # to check one is real
    # The hand-over lists the consents given on its request; the timeline and the innsyn
    # export list them all.
    # The work shop: whether its own inmates consent to the statement to Nav.
    D.CONSENTS: _row(**_teams, prison_admin=ALWAYS, system_admin=ALWAYS, work_shop=TEAM,
                     home_nav=consent("home_nav", Purpose.HANDOVER)),
    D.TIMELINE: _row(**_every_reader),
    D.DISCLOSURES: _row(**_every_reader),
    # The work shop (issue 16): attendance and the statement for the inmates of the work
    # shops a work-shop staff member runs; the statement reaches the Nav advisers only once
    # sent, and only while the inmate's consent to the work shop for it is active.
    D.WORK_ATTENDANCE: _row(work_shop=TEAM),
    D.WORK_CAPACITY: _row(work_shop=TEAM,
                          adviser=consent("work_shop", Purpose.WORK_CAPACITY)),
}


# Administrators print the complete export for a subject-access request: what they never
# read otherwise, they may have for that.
for _row_of_class in TABLE.values():
    for _admin in (R.PRISON_ADMIN, R.SYSTEM_ADMIN):
        if _row_of_class[_admin] == NEVER:
            _row_of_class[_admin] = INNSYN


def rule(data_class: DataClass, who: Who) -> Rule:
    return TABLE[data_class][who]


# Consultation tracking (for tests) -------------------------------------------------------

_tracker: ContextVar[set | None] = ContextVar("data_class_tracker", default=None)


@contextmanager
def tracking():
    """Collect the data classes whose rule is consulted inside the block."""
    seen: set[DataClass] = set()
    token = _tracker.set(seen)
    try:
        yield seen
    finally:
        _tracker.reset(token)


@dataclass(frozen=True)
class Context:
    """What the rules need to know about one reading."""

    team: bool = False  # the reader's team is the one the request or form is routed to
    consents: frozenset[tuple[str, str]] = frozenset()  # active (recipient, purpose) pairs
    no_adviser: bool = False  # no active Nav adviser serves the prison
    subject_access: bool = False  # the complete export for the inmate's innsyn request
    participant: bool = False  # the reader takes part in a shared case meeting on it


def permits(data_class: DataClass, who: Who | set, context: Context = Context()) -> bool:
    """Whether ``who`` (a role, an outside recipient, or a staff member's set of roles)
    may have ``data_class`` in this context."""
    seen = _tracker.get()
    if seen is not None:
        seen.add(data_class)
    if isinstance(who, (set, frozenset)):
        return any(permits(data_class, role, context) for role in who)
    found = rule(data_class, who)
    if found.meeting and context.participant and (
            found.meeting, Purpose.CASE_MEETING.value) in context.consents:
        return True
    if found.kind == "always":
        return True
    if found.kind == "team":
        return context.team
    if found.kind == "innsyn":
        return context.subject_access
    if found.kind == "pathways":
        from core.services.release.pathways import VISIBLE
        return isinstance(who, Role) and bool(VISIBLE.get(who))
    if found.kind == "team_or_consent":
        return context.team or (found.recipient, found.purpose.value) in context.consents
    if found.kind == "consent":
        if found.unless_no_adviser and not context.team:
            return False
        return (found.recipient, found.purpose.value) in context.consents or (
            found.unless_no_adviser and context.no_adviser)
    return False
