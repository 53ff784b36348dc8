"""What the timeline calls each audit action and history row, in plain words.

An action missing here is shown by its code, so a new kind of event is never hidden.
"""
from flask_babel import lazy_gettext as _l

ACTIONS = {
    # consents (subject: the inmate)
    "consent.give": _l("Consent given"),
    "consent.withdraw": _l("Consent withdrawn"),
    "disclosure.record": _l("Information sent outside the prison"),
    # requests (subject: the request)
    "request.file": _l("Sent by the inmate"),
    "request.view": _l("Request opened"),
    "request.reply": _l("Reply sent"),
    "request.note": _l("Internal note added"),
    "request.status": _l("Status changed"),
    "request.assign": _l("Assignment changed"),
    "request.cancel": _l("Cancelled by the inmate"),
    "request.timeline": _l("Timeline of the request read"),
    "request.breach": _l("Response-time promise broken, raised to the prison's lead"),
    "request.handover": _l("Listed for hand-over at release"),
    "request.log": _l("Registered by staff for the inmate"),
    "request.logged_view": _l("Reference of the registered request read"),
    "request.forward": _l("Forwarded to another team"),
    "request.print": _l("Reply printed for the inmate"),
    "request.attachment_add": _l("Image of the paper note added"),
    "request.attachment_view": _l("Image of the paper note looked at"),
    # the release checklist (before issue 15) and the release plan (subject: the inmate)
    "checklist.update": _l("Release checklist updated"),
    "checklist.view": _l("Release checklist read"),
    "release_plan.view": _l("Release plan read"),
    "release_plan.item": _l("Release plan item changed"),
    "release_plan.dates": _l("Release plan dates changed"),
    "release_plan.arrivals": _l("Arrival list read"),
    # the person's hand-over and the take-home sheet (subject: the inmate)
    "release_handover.view": _l("Hand-over to the home Nav office read"),
    "release_handover.made": _l("Hand-over to the home Nav office made"),
    "release_handover.receipt": _l("The home Nav office confirmed receipt of the hand-over"),
    "release_appointment.add": _l("Appointment after release added"),
    "release_appointment.remove": _l("Appointment after release removed"),
    "release_appointment.outcome": _l("Outcome of an appointment after release recorded"),
    "takehome.view": _l("Take-home sheet \"After release\" read"),
    # the record (subject: the inmate)
    "inmate.create": _l("Registered"),
    "inmate.update": _l("Details changed"),
    "inmate.view": _l("Record read"),
    "inmate.reset_pin": _l("New PIN code given"),
    "inmate.choose_pin": _l("Chose their own PIN code in place of the one given"),
    "inmate.unlock": _l("Account unlocked"),
    "inmate.locked": _l("Account locked after wrong PIN codes"),
    "inmate.sign_in": _l("Signed in on a terminal"),
    "inmate.timeline": _l("Timeline read"),
    "innsyn.view": _l("Everything stored read (innsyn)"),
    "innsyn.export": _l("Everything stored printed (innsyn)"),
    "meldekort.plan": _l("Benefit type and meldekort plan changed"),
    "meldekort.exemption": _l("Exemption from sending meldekort recorded"),
    "meldekort.exemption_withdrawn": _l("Exemption from sending meldekort withdrawn"),
    "meldekort.etterregistrering": _l("Etterregistrering card made for a period with no card"),
    # forms (subject: the inmate when started, then the submission)
    "form.start": _l("Form started"),
    "form.confirm": _l("Form sent by the inmate"),
    "form.countersign": _l("Form countersigned by an officer"),
    "form.view": _l("Form read"),
    "form.review": _l("Form taken up for review"),
    "form.register": _l("Form registered with Nav"),
    "form.return": _l("Form returned for correction"),
    "form.export": _l("Form exported"),
    # learning (subject: the inmate)
    "lesson.start": _l("Lesson started"),
    "lesson.complete": _l("Lesson completed"),
    "certificate.issue": _l("Certificate made"),
    "certificate.verify": _l("Certificate checked by staff"),
    "class.join": _l("Joined a class"),
    # appointments (subject: the appointment, or the inmate)
    "appointment.book": _l("Appointment booked"),
    "appointment.cancel": _l("Appointment cancelled"),
    "appointment.view": _l("Appointment read"),
    "appointment.second_staff": _l("A second staff member added to the appointment"),
    # shared case meetings (subject: the request)
    "request.participant_add": _l("Another team added to the case (shared case meeting)"),
    "request.participant_remove": _l("Another team taken out of the case"),
    # the work shop (subject: the inmate, or the work shop)
    "work_shop.member_add": _l("Added to a work shop"),
    "work_shop.member_end": _l("Place in a work shop ended"),
    "work_shop.inmate_view": _l("Work-shop page read"),
    "work_statement.create": _l("Work-capacity statement written"),
    "work_statement.update": _l("Work-capacity statement changed"),
    "work_statement.ready": _l("Work-capacity statement made ready for the inmate"),
    "work_statement.read": _l("Work-capacity statement read by the inmate"),
    "work_statement.send": _l("Work-capacity statement sent to Nav"),
    "work_statement.view": _l("Work-capacity statement read"),
    # a request's history rows
    "history.filed": _l("Sent by the inmate"),
    "history.assign": _l("Assignment changed"),
    "history.note": _l("Internal note added"),
    "history.reply": _l("Reply sent"),
    "history.inmate_reply": _l("The inmate replied"),
    "history.transferred": _l("Moved with the inmate to another prison"),
    "history.cancelled": _l("Cancelled by the inmate"),
    "history.status": _l("Status changed"),
    "history.logged": _l("Registered by staff for the inmate"),
    "history.forwarded": _l("Forwarded to another team"),
    "history.participant_added": _l("Another team began to take part in the case"),
    "history.participant_removed": _l("Another team no longer takes part in the case"),
}

# Consent recipients as staff speak of them.
RECIPIENTS = {
    "home_nav": _l("the home Nav office"),
    "social_work": _l("the prison's social workers"),
    "school": _l("the school in prison"),
    "work_shop": _l("the prison work shop"),
    "nav_adviser": _l("the Nav advisers in the prison"),
}
