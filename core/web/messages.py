"""User-facing texts for ServiceError codes, in the user's language."""
from flask_babel import gettext as _

from core.services.errors import ServiceError
from core.web.labels import TEAMS
from core.web.dates import datetime_text as _when  # as the pages show times (Europe/Oslo)


def message(error: ServiceError) -> str:
    texts = {
        "enrolment_invalid": _("That code does not work. It may be mistyped, used already or "
                               "more than 15 minutes old. Ask for a new code."),
        "enrolment_throttled": _("Too many wrong codes. Wait 15 minutes and try again."),
        "bad_credentials": _("The inmate number or PIN code is wrong. Check them and try again."),
        "locked": _("This account is locked after too many wrong attempts. "
                    "Ask an officer to unlock it."),
        "terminal_throttled": _("Too many wrong attempts on this terminal. "
                                "Wait 15 minutes or ask an officer."),
        "throttled": _("Too many wrong attempts from here. Wait 15 minutes and try again."),
        "staff_bad_credentials": _("The username or password is wrong."),
        "bad_code": _("The code is wrong or has been used already. Wait for a new code "
                      "and try again."),
        "not_officer_here": _("Only an officer at this prison can open this terminal."),
        "window_minutes": _("Choose between 5 and 480 minutes."),
        "password_short": _("The password must be at least %(min)s characters.",
                            min=error.params.get("min", 12)),
        "password_long": _("The password is too long."),
        "username_format": _("Use 2 to 64 lower-case letters, digits, dots, dashes or "
                             "underscores."),
        "username_taken": _("That username is taken."),
        "roles_required": _("Choose at least one role."),
        "role_not_grantable": _("You cannot give that role."),
        "prison_not_grantable": _("You can only choose prisons you serve."),
        "prisons_required": _("Choose at least one prison."),
        "prison_unknown": _("That prison does not exist."),
        "cannot_deactivate_self": _("You cannot deactivate your own account."),
        "not_manageable": _("This account also serves prisons you do not administer. Only a "
                            "system administrator can change it."),
        "own_roles": _("Another administrator must change the roles of your own account."),
        "current_password_wrong": _("The current password is wrong."),
        "officer_bad_credentials": _("The username, password or code is wrong."),
        "pin_format": _("The PIN code is 6 digits."),
        "pin_mismatch": _("The two PIN codes are not the same. Type the same code twice."),
        "pin_too_simple": _("That PIN code is too easy to guess. Do not use the same digit "
                            "six times or digits in a row."),
        "inmate_number_format": _("Use 3 to 16 letters, digits or dashes."),
        "inmate_number_taken": _("That inmate number is in use."),
        "municipality_unknown": _("Choose a municipality from the list."),
        "language_unknown": _("Choose a language from the list."),
        "status_unknown": _("Choose a status from the list."),
        "prison_code_format": _("Use 2 to 16 capital letters, digits or dashes."),
        "prison_code_taken": _("That code is in use."),
        "unit_taken": _("That unit exists already."),
        "totp_already": _("Two-step sign-in is set up already."),
        "not_found": _("Not found."),
        "topic_unknown": _("Choose what it is about."),
        "kind_unknown": _("Choose a conversation or a question."),
        "text_required": _("Write a message."),
        "text_too_long": _("Use at most %(max)s characters.", max=error.params.get("max", 1000)),
        "request_closed": _("This request is closed. Make a new request if you need more help."),
        "recipient_unknown": _("That recipient is unknown. Choose one from the list."),
        "purpose_unknown": _("That purpose is unknown. Choose one from the list."),
        "purpose_not_for_recipient": _("That recipient cannot be asked for that purpose."),
        "scope_unknown": _("Choose how long the consent lasts: one request, one form or the "
                           "whole stay."),
        "consent_needs_request": _("A consent for one request must name the request."),
        "consent_needs_form": _("A consent for one form must name the form."),
        "benefit_needs_consent": _("Social workers set the benefit only when the inmate has "
                                   "consented to meldekort help from social work, or when no "
                                   "Nav adviser serves the prison."),
        "consent_withdrawn": _("The inmate has withdrawn the consent while the page was open. "
                               "Nothing was sent or recorded. Do not send the summary."),
        "status_not_allowed": _("That status change is not possible from here."),
        "reason_required": _("Give a reason."),
        "assignee_not_eligible": _("That person does not work on this topic in this prison."),
        "assignee_required": _("Choose the person to assign them to."),
        "team_unknown": _("Choose a team from the list."),
        "assign_by_unknown": _("Choose how requests are assigned."),
        "days_range": _("Give a number of working days from 1 to %(max)s.",
                        max=error.params.get("max", 60)),
        "resolution_before_first": _("The time to resolve cannot be shorter than the time "
                                     "to the first response."),
        "lead_not_here": _("The lead must be an active staff member of this prison."),
        "area_unknown": _("Use municipality numbers (4 digits) or county numbers (2 digits) "
                          "from the list of municipalities."),
        "plan_item_unknown": _("Choose an item in the plan."),
        "plan_status_unknown": _("Choose a status."),
        "plan_owner_unknown": _("Choose who does it."),
        "release_plan_frozen": _("The plan was closed when the inmate was released. It can "
                                 "no longer be changed."),
        "release_date_past": _("The date has passed. Give a date from today on."),
        "arrival_in_future": _("The arrival date cannot be in the future."),
        "earliest_after_latest": _("The earliest date cannot be after the latest date."),
        "expected_outside": _("The expected date must be between the earliest and the latest "
                              "date."),
        "release_before_arrival": _("The release cannot be before the arrival."),
        "help_choice_unknown": _("Choose what you need help with."),
        "not_allowed": _("Your role cannot do this."),
        "room_required": _("Write the room."),
        "room_too_long": _("Use at most %(max)s characters.", max=error.params.get("max", 80)),
        "weekday_unknown": _("Choose a day from Monday to Friday."),
        "slot_length": _("Give a number of minutes from %(min)s to %(max)s.",
                         min=error.params.get("min", 15), max=error.params.get("max", 120)),
        "hours_order": _("The end must be after the start."),
        "no_slot_fits": _("No conversation fits between the start and the end. Make the time "
                          "longer or the conversations shorter."),
        "valid_until_before": _("The end date cannot be before the start date."),
        "prison_not_served": _("Choose a prison you work in."),
        "hours_overlap": _("You already have office hours at that time on that day."),
        "inmate_not_present": _("The inmate is no longer in the prison."),
        "request_not_open": _("The request is closed. Appointments are booked on open "
                              "requests only."),
        "slot_past": _("That time has passed. Choose another."),
        "slot_not_offered": _("That time is not in anyone's office hours. Choose a time from "
                              "the list."),
        "slot_taken": _("That time was taken just now. Choose another."),
        "appointment_cancelled": _("The appointment is cancelled already."),
        "appointment_started": _("The appointment has started and can no longer be "
                                 "cancelled."),
        # The home-municipality directory (core.services.directory.entries, directory_csv).
        "nav_office_required": _("Write the name of the Nav office."),
        "text_characters": _("Do not begin with =, +, - or @, and use no control characters."),
        "phone_format": _("Write a Norwegian phone number of 8 digits, for example "
                          "55 55 33 33. You may begin with +47."),
        "email_format": _("Write a valid e-mail address, for example ola.nordmann@nav.no."),
        "date_future": _("The date cannot be in the future."),
        "date_format": _("Write the date as YYYY-MM-DD or DD.MM.YYYY."),
        "municipality_number_required": _("Give the municipality number."),
        "municipality_number_unknown": _(
            "No municipality has the number %(number)s. Use the 4-digit numbers from 2024.",
            number=error.params.get("number", "")),
        "municipality_number_twice": _(
            "Municipality %(number)s is also on line %(line)s.",
            number=error.params.get("number", ""), line=error.params.get("line", "")),
        "import_would_clear": _(
            "Municipality %(number)s is in the directory, but this line is empty. An import "
            "never deletes: fill in the line or remove it.",
            number=error.params.get("number", "")),
        "csv_encoding": _("The file is not UTF-8. Save it as “CSV UTF-8” and try "
                          "again."),
        "csv_empty": _("The file is empty."),
        "csv_header": _("The first line must name the columns. Missing: %(columns)s.",
                        columns=error.params.get("columns", "")),
        "csv_column_twice": _("This column is named twice in the first line."),
        "csv_no_rows": _("The file has no municipalities, only the first line."),
        "csv_too_long": _("The file has more than %(max)s lines. There are 357 "
                          "municipalities.", max=error.params.get("max", 1000)),
        "csv_format": _("The file cannot be read as CSV from here. Check the quotation "
                        "marks."),
        "period_order": _("The to date must be on or after the from date."),
        "period_too_long": _("Choose a period of at most %(years)s years.",
                             years=error.params.get("years", 3)),
        "period_range": _("Choose dates from %(first)s to %(last)s.",
                          first=error.params.get("first", 2000),
                          last=error.params.get("last", 2099)),
        "period_unknown": _("Choose a period from the list."),
        # The staff side of forms (core.services.forms.inbox, meldekort_forms, forms).
        "nav_reference_required": _("Write Nav's reference."),
        "nav_reference_too_long": _("Use at most %(max)s characters.",
                                    max=error.params.get("max", 64)),
        "return_message_required": _("Write what the inmate must correct."),
        "return_message_too_long": _("Use at most %(max)s characters.",
                                     max=error.params.get("max", 1000)),
        "form_not_registrable": _("Only a received form that is not returned or registered "
                                  "already can be registered."),
        "form_not_returnable": _("Only a received form that is not returned or registered "
                                 "already can be returned."),
        "not_awaiting_countersign": _("This form is countersigned already."),
        "meldekort_start_not_monday": _("Choose a Monday. Meldekort periods start on a "
                                        "Monday."),
        "benefit_unknown": _("Choose the benefit from the list."),
        "order_unknown": _("Choose an order from the list."),
        # The meldekort (core.services.forms.meldekort.engine).
        "cannot_correct": _("This card cannot be corrected. A sent card can be corrected "
                            "once, and a correction cannot be corrected again."),
        "correction_too_old": _("This card is too old to be corrected. Only the cards of "
                                "the last 10 periods can be corrected."),
        # Card types, etterregistrering and exemptions (core.services.forms.meldekort).
        "card_type_not_for_benefit": _("Choose a meldekort type that belongs to the benefit."),
        "decision_days_invalid": _("Write how many days the decision gives per period, from "
                                   "1 to 14."),
        "decision_dates_invalid": _("The decision cannot end before it starts."),
        "no_plan": _("Set the benefit and the meldekort schedule first."),
        "period_not_in_schedule": _("Choose a period of the inmate's meldekort schedule."),
        "period_not_over": _("The period is not over yet. An etterregistrering is only for "
                             "a period that has ended."),
        "period_has_card": _("A card has been sent for this period already."),
        "etterregistrering_exists": _("There is an etterregistrering for this period "
                                      "already."),
        "etterregistrering_reason_required": _("Write why the period had no card."),
        "etterregistrering_reason_too_long": _("Write at most %(max)s characters.",
                                               max=error.params.get("max", 500)),
        "exemption_reason_unknown": _("Choose the reason from the list."),
        "exemption_dates": _("The exemption cannot end before it starts."),
        "exemption_note_required": _("Write why in the note."),
        "exemption_note_too_long": _("Write at most %(max)s characters.",
                                     max=error.params.get("max", 500)),
        "exemption_withdrawn": _("This exemption has been withdrawn already."),
        # Lessons and certificates (core.services.learning.progress).
        "choose_one": _("Choose an answer."),
        "nothing_completed": _("You have not completed a lesson yet. Complete one, and "
                               "then you can get a certificate."),
        # Classes run by a trainer (core.services.learning.classes).
        "module_unknown": _("Choose a module from the list."),
        "class_in_past": _("That time has passed. Choose a time from now on."),
        "class_too_far": _("Choose a time within the next %(days)s days.",
                           days=error.params.get("days", 60)),
        "step_unknown": _("Choose a step from the list."),
        "class_ended": _("The class has ended."),
        "class_code_required": _("Type the code your trainer gives you."),
        "class_code_length": _("The code has 6 letters and digits. Check it and try again."),
        "class_code_unknown": _("No class has that code. Check it with your trainer and "
                                "try again."),
        "class_code_expired": _("That code no longer works. Ask your trainer for a new "
                                "code."),
        "class_code_throttled": _("Too many wrong codes. Wait 15 minutes and try again, "
                                  "or ask your trainer."),
        "class_not_started": _("The class has not started yet. You can join from "
                               "%(time)s.", time=_when(error.params.get("opens_at"))),
        # Every way in (issue 16): registering, the paper note's image, forwarding.
        "channel_unknown": _("Choose how the request came from the list."),
        "inmate_not_here": _("No inmate with that number is in a prison you serve. Check "
                             "the number."),
        "attachment_empty": _("The file is empty. Choose the scan or photo again."),
        "attachment_too_large": _("The file is larger than %(max)s MB. Take the photo with "
                                  "a lower resolution, or scan it again, and add it below.",
                                  max=error.params.get("max", 5)),
        "attachment_type": _("Only JPEG or PNG images and PDF files can be added. Choose a "
                             "photo or scan of the note."),
        "attachment_type_mismatch": _("The file is not what its name says (its content is "
                                      "of another type). Only real JPEG, PNG or PDF files "
                                      "can be added."),
        "attachment_unreadable": _("The file could not be read. It may be damaged or "
                                   "protected with a password. Scan or photograph the note "
                                   "again."),
        "attachment_too_many": _("A request can have at most %(max)s images.",
                                 max=error.params.get("max", 5)),
        "team_not_serving": _("That team does not serve the prison: nobody there could take "
                              "the request. Choose another team, or ask the prison "
                              "administrator who serves the prison."),
        "forward_same_team": _("The request is with that team already. Choose another "
                               "team."),
        # The person's hand-over and the take-home sheet (core.services.release).
        "handover_no_consent": _("Nothing was made: the inmate has not agreed to share "
                                 "anything with the home Nav office."),
        "handover_not_made": _("Make the hand-over first. Then record the receipt."),
        "date_required": _("Give the date."),
        "date_in_future": _("The date cannot be in the future."),
        "date_in_past": _("The time has passed already. Give a time in the future."),
        "receipt_before_handover": _("The date is before the hand-over was made."),
        "receipt_person_required": _("Give the name of the person who confirmed it."),
        "receipt_channel_unknown": _("Choose how it was confirmed."),
        "appointment_place_required": _("Give the place of the appointment."),
        "outcome_unknown": _("Choose kept, missed or not known."),
        "outcome_too_early": _("The appointment has not happened yet."),
        "year_out_of_range": _("Choose a year from %(first)s to %(last)s.",
                               first=error.params.get("first", 2000),
                               last=error.params.get("last", 2099)),
        # The work shop (core.services.work_shop).
        "name_required": _("Write the name of the work shop."),
        "work_shop_exists": _("The prison has a work shop with that name already."),
        "not_work_shop_staff": _("Only staff with the work-shop role in this prison can run "
                                 "the work shop."),
        "inmate_not_in_prison": _("No inmate in this prison has that inmate number."),
        "already_member": _("The inmate works in this work shop already."),
        "attendance_in_future": _("Attendance can only be recorded for today or earlier."),
        "attendance_unknown": _("Choose present, late or absent."),
        "not_a_member": _("The inmate does not work in this work shop."),
        "scale_required": _("Choose one for attendance, punctuality and cooperation."),
        "statement_not_draft": _("The statement is ready for the inmate already."),
        "statement_sent": _("The statement is sent and can no longer be changed."),
        "statement_not_read": _("The inmate has not read the statement yet. Ask them to read "
                                "it on the kiosk under \"Work shop\"; then send it."),
        "statement_consent_missing": _(
            "The statement cannot be sent: the inmate has not consented to the work shop "
            "telling Nav how they manage at work. Ask the inmate to give that consent on the "
            "kiosk: under \"Work shop\", open the statement and choose \"I agree\", or under "
            "\"Contact Nav and others\", \"My consents\". Then send it again."),
        # Shared case meetings (core.services.requests.participants).
        "case_meeting_consent_missing": _(
            "The inmate has not consented to a shared case meeting with this team: %(team)s. "
            "Ask the inmate to give that consent on the kiosk: under \"Contact Nav and "
            "others\", open the request and choose \"Let them take part\" next to "
            "%(team)s. Then add the staff member again.",
            team=_team(error.params.get("team", ""))),
        "one_second_team": _("Another team takes part in this case already. A shared case "
                             "meeting has two teams."),
        "already_participant": _("That staff member takes part in the case already."),
        "participant_not_eligible": _("Choose a staff member of another team who works in "
                                      "this prison."),
        "appointment_not_coming": _("Only a booked appointment that has not started can get "
                                    "a second participant."),
    }
    return texts.get(error.code, _("Something went wrong. Try again."))


def _team(team: str) -> str:
    return str(TEAMS.get(team, team))
