"""The innsyn report (core.services.records.subject_access) in the reader's words: group titles,
what each fact is, coded values in plain language, and the access log's actions.

A code missing here is never shown raw: a fact without a title reads "Other information",
an action without words reads as a read or a change.
"""
from datetime import date, datetime

from flask_babel import format_date, format_datetime, gettext
from flask_babel import lazy_gettext as _l

from core.clock import to_oslo
from core.web import form_texts, labels, release_labels

GROUPS = {
    "about": _l("About me"),
    "requests": _l("My requests, with every message and note"),
    "forms": _l("My forms and meldekort"),
    "lessons": _l("My lessons"),
    "consents": _l("My consents"),
    "appointments": _l("My appointments"),
    "release": _l("My release plan"),
    "work": _l("My work shop"),
    "sign_ins": _l("When I signed in"),
    "access": _l("Who has looked at my data, and when"),
}

FACTS = {
    "name": _l("Name"), "inmate_number": _l("Inmate number"), "prison": _l("Prison"),
    "unit": _l("Unit"), "home_municipality": _l("Home municipality"),
    "language": _l("Language"), "expected_release": _l("Expected release date"),
    "inmate_status": _l("Status"), "released_on": _l("Released on"),
    "registered_at": _l("Registered in Brobygger"),
    "pin_set_at": _l("PIN code last set (stored scrambled, nobody can read it)"),
    "large_text": _l("Larger text"), "benefit": _l("Benefit"),
    "first_period": _l("First meldekort period"), "active": _l("In use"),
    "updated_at": _l("Last changed"), "topic": _l("What it is about"),
    "reference": _l("Reference"), "status": _l("Status"), "kind": _l("What you want"),
    "sent_at": _l("Sent"), "description": _l("What you wrote"), "deadline_on": _l("Deadline"),
    "letter_received": _l("You have received a letter"),
    "release_soon": _l("Release soon"), "request_language": _l("Language"),
    "interpreter": _l("Interpreter"), "team": _l("Handled by"),
    "channel": _l("Registered for you by staff, from"),
    "images": _l("Images of your paper note"),
    "decline_reason": _l("Reason for declining"), "closed_at": _l("Closed"),
    "request_draft": _l("A request you have started"), "recipient": _l("Who may get information"),
    "given_at": _l("Given"), "withdrawn_at": _l("Withdrawn"), "purpose": _l("What for"),
    "scope": _l("How long"), "disclosed_to": _l("Sent to"),
    "disclosure_kind": _l("How"), "included": _l("What was included"), "starts_at": _l("When"),
    "ends_at": _l("Ends"), "room": _l("Where"), "with_whom": _l("With whom"),
    "appointment_status": _l("Status"), "cancel_reason": _l("Why it was cancelled"),
    "checklist_item": _l("What is to be done"), "done_at": _l("Done"), "note": _l("Note"),
    "plan_arrived_on": _l("Arrived"), "plan_earliest_on": _l("Earliest possible release"),
    "plan_expected_on": _l("Expected release"), "plan_latest_on": _l("Latest release"),
    "frozen_at": _l("The plan was closed at release"),
    "left_open": _l("Left open at release"), "plan_item": _l("What is to be done"),
    "plan_status": _l("Status"), "plan_owner": _l("Who helps"), "due_on": _l("To be done by"),
    "staff_note": _l("Staff's note"),
    "visible_to_inmate": _l("Shown to you in My plan for release"),
    "form": _l("Form"), "form_status": _l("Status"), "period_start": _l("Period from"),
    "late": _l("Sent late"), "confirmed_at": _l("Sent"),
    "countersigned_at": _l("Countersigned by an officer"),
    "registered_at_nav": _l("Registered with Nav"), "nav_reference": _l("Nav's reference"),
    "returned_at": _l("Sent back to you"), "return_message": _l("Message when sent back"),
    "form_draft": _l("A form you have started"), "practice": _l("Practice"),
    "started_at": _l("Started"), "lesson": _l("Lesson"), "completed_at": _l("Completed"),
    "score": _l("Right answers (per cent)"), "steps_seen": _l("Steps you have seen"),
    "questions_answered": _l("Questions you have answered"),
    "first_answers_right": _l("Right at the first try"), "certificate": _l("Certificate"),
    "verification_code": _l("Verification code"), "class": _l("Class"),
    "joined_at": _l("Joined"), "left_at": _l("Left"), "practice_task": _l("Practice task"),
    "finished_at": _l("Finished"), "passed": _l("Passed"), "signed_in_at": _l("Signed in"),
    "ended_at": _l("Signed out"), "end_reason": _l("How it ended"),
    "sign_in_attempt": _l("Attempt to sign in"), "outcome": _l("Result"),
    "card_type": _l("Meldekort type"), "decision_from": _l("Decision from"),
    "decision_to": _l("Decision until"), "days_per_period": _l("Days to fill in per period"),
    "meldekort_exemption": _l("Exempt from sending meldekort"),
    "exemption_from": _l("Exempt from"), "exemption_to": _l("Exempt until"),
    "etterregistrering": _l("A meldekort for a period that had none"),
    "etterregistrering_reason": _l("Why"),
    "handover": _l("Hand-over to the home Nav office, first made"),
    "handover_last_made": _l("Last made"), "handover_copies": _l("Copies made"),
    "receipt_on": _l("The Nav office confirmed it got it"),
    "receipt_person": _l("Who at the Nav office"), "receipt_channel": _l("How"),
    "after_release": _l("Appointment after release"), "place": _l("Place"),
    "address": _l("Address"), "what": _l("What it is about"),
    "appointment_outcome": _l("Did you come"),
    "work_shop": _l("Work shop"), "attendance_day": _l("Day at work"),
    "attendance": _l("Attendance"), "work_statement": _l("Statement from the work shop"),
    "scale_attendance": _l("Attendance: comes to work"),
    "scale_punctuality": _l("Punctuality: comes on time"),
    "scale_cooperation": _l("Cooperation with others"),
    "work_tasks": _l("Tasks the person manages"), "what_helps": _l("What helps the person at work"),
    "read_at": _l("You read it"),
}
ATTENDANCE = {"present": _l("Present"), "late": _l("Late"), "absent": _l("Absent")}
WORK_SCALE = {"very_good": _l("Very good"), "good": _l("Good"), "varies": _l("Varies"),
              "weak": _l("Weak")}

INMATE_STATUSES = {"present": _l("In prison"), "released": _l("Released"),
                   "transferred": _l("Moved to another prison")}
APPOINTMENT_STATUSES = {"booked": _l("Booked"), "cancelled": _l("Cancelled")}
END_REASONS = {"sign_out": _l("You signed out"), "idle": _l("Signed out after a pause"),
               "absolute": _l("The time on the terminal ran out")}
OUTCOMES = {"success": _l("Signed in"), "failure": _l("Wrong PIN code"),
            "unlock": _l("Unlocked by staff")}
HISTORY = {
    "filed": _l("You sent the request"), "reply": _l("You got an answer"),
    "inmate_reply": _l("You sent a message"), "note": _l("Staff wrote an internal note"),
    "assign": _l("Someone on the staff was given the request"),
    "status": _l("New status"), "cancelled": _l("You cancelled the request"),
    "transferred": _l("Moved to your new prison"), "breach": _l("The answer came too late"),
    "appointment": _l("You got an appointment"),
    "appointment_cancelled": _l("An appointment was cancelled"),
    "logged": _l("Staff registered the request for you"),
    "forwarded": _l("Sent on to another team"),
    "plan_started": _l("Your release plan was started"),
    "plan_dates": _l("The dates in your release plan were changed"),
    "plan_item": _l("Something in your release plan was changed"),
    "plan_frozen": _l("Your release plan was closed at release"),
    "plan_reopened": _l("Your release plan was opened again"),
    "plan_transferred": _l("Your release plan moved with you to a new prison"),
    "plan_help_asked": _l("You asked for help from your release plan"),
    "participant_added": _l("Another team began to take part in the request"),
    "participant_removed": _l("Another team no longer takes part in the request"),
}
ROLES = {"adviser": _l("Nav adviser"), "social_worker": _l("Social worker"),
         "school": _l("School counsellor"), "officer": _l("Officer"), "trainer": _l("Trainer"),
         "work_shop": _l("Work-shop staff"),
         "prison_admin": _l("Prison administrator"),
         "system_admin": _l("System administrator")}
# What a staff member did, as the inmate reads it in the access log.
ACCESS = {
    "request.view": _l("Read your request"), "request.reply": _l("Answered your request"),
    "request.note": _l("Wrote an internal note on your request"),
    "request.status": _l("Changed the status of your request"),
    "request.assign": _l("Gave your request to someone on the staff"),
    "request.timeline": _l("Read the history of your request"),
    "request.handover": _l("Listed your request for hand-over at release"),
    "request.log": _l("Registered a request for you"),
    "request.logged_view": _l("Saw the reference of the request registered for you"),
    "request.forward": _l("Sent your request on to another team"),
    "request.print": _l("Printed the answer to your request for you"),
    "request.attachment_add": _l("Added an image of your paper note"),
    "request.attachment_view": _l("Looked at the image of your paper note"),
    "checklist.update": _l("Updated your release checklist"),
    "checklist.view": _l("Read your release checklist"),
    "release_plan.view": _l("Read your release plan"),
    "release_plan.item": _l("Changed something in your release plan"),
    "release_plan.dates": _l("Changed the dates in your release plan"),
    "inmate.create": _l("Registered you"), "inmate.update": _l("Changed your details"),
    "inmate.view": _l("Read your details"), "inmate.reset_pin": _l("Gave you a new PIN code"),
    "inmate.unlock": _l("Unlocked your account"), "inmate.timeline": _l("Read your history"),
    "innsyn.export": _l("Printed everything stored about you"),
    "meldekort.plan": _l("Changed your benefit and meldekort plan"),
    "meldekort.exemption": _l("Recorded that you are exempt from sending meldekort"),
    "meldekort.exemption_withdrawn": _l("Withdrew an exemption from sending meldekort"),
    "meldekort.etterregistrering": _l("Made a meldekort for a period you sent none for"),
    "form.countersign": _l("Countersigned your form"), "form.view": _l("Read your form"),
    "form.review": _l("Began to look at your form"),
    "form.register": _l("Registered your form with Nav"),
    "form.return": _l("Sent your form back for correction"),
    "form.export": _l("Exported your form"),
    "appointment.book": _l("Booked an appointment with you"),
    "appointment.cancel": _l("Cancelled an appointment with you"),
    "appointment.view": _l("Read your appointment"),
    "release_handover.view": _l("Read what would go to your home Nav office"),
    "release_handover.made": _l("Made the hand-over to your home Nav office"),
    "release_handover.receipt": _l("Noted that your home Nav office got the hand-over"),
    "release_appointment.add": _l("Added an appointment after your release"),
    "release_appointment.remove": _l("Removed an appointment after your release"),
    "release_appointment.outcome": _l("Noted whether you came to an appointment after release"),
    "takehome.view": _l("Read your sheet \"After release\""),
    "appointment.second_staff": _l("Added a second staff member to your appointment"),
    "request.participant_add": _l("Let another team take part in your request"),
    "request.participant_remove": _l("Ended another team's part in your request"),
    "work_shop.member_add": _l("Added you to a work shop"),
    "work_shop.member_end": _l("Ended your place in a work shop"),
    "work_shop.inmate_view": _l("Read your attendance in the work shop"),
    "work_statement.create": _l("Wrote a statement of how you manage at work"),
    "work_statement.update": _l("Changed the statement of how you manage at work"),
    "work_statement.ready": _l("Made the work statement ready for you to read"),
    "work_statement.send": _l("Sent the work statement to Nav"),
    "work_statement.view": _l("Read the work statement"),
}


def group_title(key: str) -> str:
    return str(GROUPS[key])


def fact_title(key: str) -> str:
    return str(FACTS.get(key, _l("Other information")))


def _lesson(code: str, language: str) -> str:
    from core.services.learning import lessons

    module = lessons.catalogue().modules.get(code)
    return module.text(language).title if module else code


def coded(kind: str, value, language: str) -> str:
    """A coded value in the reader's words."""
    tables = {"status": labels.STATUSES_FOR_INMATE, "topic": labels.TOPICS,
              "request_kind": labels.KINDS, "language": labels.LANGUAGES, "team": labels.TEAMS,
              "channel": labels.CHANNELS,
              "recipient": labels.RECIPIENTS, "benefit": labels.BENEFITS,
              "plan_item": release_labels.PLAN_ITEMS_FOR_INMATE,
              "plan_status": release_labels.PLAN_STATUSES_FOR_INMATE,
              "plan_owner": release_labels.PLAN_OWNERS,
              "inmate_status": INMATE_STATUSES,
              "appointment_status": APPOINTMENT_STATUSES, "end_reason": END_REASONS,
              "outcome": OUTCOMES, "purpose": labels.PURPOSES, "scope": labels.SCOPES,
              "disclosure_recipient": labels.DISCLOSURE_RECIPIENTS,
              "disclosure_kind": labels.DISCLOSURE_KINDS, "card_type": labels.CARD_TYPES,
              "exemption_reason": labels.EXEMPTION_REASONS,
              "receipt_channel": release_labels.RECEIPT_CHANNELS,
              "appointment_outcome": release_labels.APPOINTMENT_OUTCOMES, "attendance": ATTENDANCE,
              "work_scale": WORK_SCALE}
    if kind == "form_status":
        return form_texts.status_label(value)
    if kind == "data_classes":  # what a disclosure included, codes joined by ", "
        return ", ".join(str(labels.DATA_CLASSES.get(c, c)) for c in str(value).split(", "))
    if kind == "plan_items":  # release plan items left open at release, codes joined by ", "
        return "; ".join(str(release_labels.PLAN_ITEMS_FOR_INMATE.get(c, c))
                         for c in str(value).split(", "))
    if kind == "lesson":
        return _lesson(value, language)
    if kind == "form":
        from core.web.app import _form_title

        return _form_title(value, language)
    return str(tables[kind].get(value, value)) if kind in tables else str(value)


def shown(fact, language: str) -> str:
    """A fact's value as text: dates in Oslo time, yes or no, codes in words."""
    value = fact.value
    if fact.kind:
        return coded(fact.kind, value, language)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return format_datetime(to_oslo(value), "short")
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


def history_text(kind: str) -> str:
    return str(HISTORY.get(kind, _l("Something happened with the request")))


def access_text(action: str) -> str:
    if action in ACCESS:
        return str(ACCESS[action])
    if action.endswith((".view", ".timeline", ".export", ".read")):
        return gettext("Read your data")
    return gettext("Changed your data")


def role_names(roles) -> str:
    return ", ".join(str(ROLES.get(r, r)) for r in roles)

