"""Exports of received forms: a single record, or the inbox's filtered set, as CSV and as
a printable page. Every export is audited (core.services.forms.inbox).

The CSV is for Excel with Norwegian settings: UTF-8 with a byte order mark, semicolons
between fields, and no cell that Excel could read as a formula (core.services.forms.export).
- A single record: one row per answer, the meldekort's days as rows (one per day and
  activity shown on the card).
- A set: one row per submission with its main fields, then its answers flattened into
  columns named by stable keys, the meldekort's days as columns ("meldekort.day01.work"
  for the hours of day 1, the period's first Monday; ".course", ".ill", ".absence").
"""
import csv
import io

from flask import Blueprint, Response, abort, g
from flask_babel import gettext as _
from sqlalchemy import select

from core.clock import OSLO
from core.models import FormSubmission, Prison
from core.services.forms import export as form_export, inbox as form_inbox, submissions as forms
from core.services.errors import NotFound
from core.services.forms.definitions import registry
from core.services.forms.meldekort.periods import Period
from core.services.permissions import Can
from core.web import labels
from core.web.access import access
from core.web.translations import locale_code
from admin import ext, render
from admin.forms.inbox import filter_form, filters_of, index

bp = Blueprint("form_exports", __name__, url_prefix="/forms")


def _time(value) -> str:
    return value.astimezone(OSLO).strftime("%Y-%m-%d %H:%M") if value else ""


def _title(submission) -> str:
    definition = registry().get(submission.form_key, submission.form_version)
    return definition.title(locale_code()) if definition else submission.form_key


def _csv(rows: list[list]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([form_export.cell(v) for v in row])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv")


def _download(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _submission(submission_id: int, how: str):
    e = ext()
    try:
        return form_inbox.read_for_export(e.db_session(), e.now(), g.staff, submission_id, how)
    except NotFound:
        abort(404)


@bp.get("/<int:submission_id>/export.csv")
@access("staff", Can.RECEIVE_FORMS)
def record_csv(submission_id: int):
    submission = _submission(submission_id, "csv")
    inmate = submission.inmate
    rows = [[_("Reference"), _("Inmate number"), _("Name"), _("Form"), _("Section"),
             _("Field"), _("Question"), _("Answer")]]
    shown = form_inbox.answers_shown(ext().db_session(), g.staff, submission)
    snapshot = forms.snapshot_of(submission) if shown else {}
    for answer in form_export.answer_rows(snapshot):
        question, value = _card_row(answer, snapshot)
        rows.append([submission.reference, inmate.inmate_number, inmate.name,
                     _title(submission), answer.section, answer.key, question, value])
    return _download(_csv(rows), f"brobygger-{submission.form_key}-{submission.reference}.csv")


def _card_row(answer, snapshot: dict) -> tuple[str, str]:
    """A meldekort's card rows (core.services.forms.export: the card type, answers the card
    fixed without asking, late, a correction's reason) in words; other rows as they are."""
    key = answer.key
    if key == "card_type":
        return _("Card type"), str(labels.CARD_TYPES.get(answer.answer, answer.answer))
    if key.startswith("fixed."):
        question = next((item["label"] for step in snapshot.get("steps", [])
                         for item in step["items"] if item["key"] == answer.question), "")
        return (_("Not asked on this card, always: %(question)s", question=question or
                  answer.question), answer.answer)
    if key == "late":
        return _("Late"), answer.answer
    if key == "correction_reason":
        return (_("Reason for the correction"),
                str(labels.CORRECTION_REASONS.get(answer.answer, answer.answer)))
    return answer.question, answer.answer


@bp.get("/<int:submission_id>/print")
@access("staff", Can.RECEIVE_FORMS)
def record_print(submission_id: int):
    submission = _submission(submission_id, "print")
    db = ext().db_session()
    return render("forms/print.html", records=[form_inbox.record_of(db, submission, g.staff)],
                  labels=labels, title=_("%(form)s %(ref)s", form=_title(submission),
                                         ref=submission.reference), now=ext().now())


def _chosen_set(how: str):
    """The filtered set, or None when a filter is bad (the inbox then shows why)."""
    form = filter_form()
    if not form.validate():
        return None
    e = ext()
    return form_inbox.export_set(e.db_session(), e.now(), g.staff, filters_of(form), how)


def _main_headers() -> list[str]:
    return [_("Reference"), _("Form"), _("Version"), _("Kind"), _("Status"),
            _("Inmate number"), _("Name"), _("Prison"), _("Meldekort period"), _("Benefit"),
            _("Card type"), _("Late"), _("Language"), _("Started"), _("Confirmed"),
            _("Countersigned"),
            _("Received"), _("Registered with Nav"), _("Nav's reference"),
            _("Returned for correction"), _("Reason for the correction"),
            _("Corrects or replaces")]


def _main_values(submission, prison: str, previous: str, snapshot: dict) -> list:
    inmate = submission.inmate
    return [submission.reference, _title(submission), submission.form_version,
            labels.FORM_KINDS.get(submission.kind, submission.kind),
            labels.FORM_STATUSES.get(submission.status, submission.status),
            inmate.inmate_number, inmate.name, prison,
            Period(submission.period_start).id if submission.period_start else "",
            labels.BENEFITS.get(submission.benefit, "") if submission.benefit else "",
            labels.CARD_TYPES.get(submission.card_type, "") if submission.card_type else "",
            _("Yes") if submission.late else _("No"), submission.language,
            _time(submission.started_at), _time(submission.confirmed_at),
            _time(submission.countersigned_at), _time(submission.received_at),
            _time(submission.registered_at), submission.nav_reference or "",
            _time(submission.returned_at),
            _correction_reason(submission, snapshot), previous]


def _correction_reason(submission, snapshot: dict) -> str:
    """From NAV's list, or the inmate's own words (the dagpenger card), which are an
    answer: only in ``snapshot`` when the reader may see the answers."""
    if not submission.correction_reason:
        return ""
    if submission.correction_reason == "free_text":
        return snapshot.get("correction_reason") or ""
    return str(labels.CORRECTION_REASONS.get(submission.correction_reason, ""))


@bp.get("/export.csv")
@access("staff", Can.RECEIVE_FORMS)
def set_csv():
    found = _chosen_set("csv")
    if found is None:
        return index()
    db = ext().db_session()
    prisons = {p.id: p.name for p in db.scalars(select(Prison))}
    references = {s.id: s.reference for s in found}
    snapshots = [forms.snapshot_of(s) if form_inbox.answers_shown(db, g.staff, s) else {}
                 for s in found]
    answer_columns = form_export.columns(snapshots)
    rows = [_main_headers() + answer_columns]
    for submission, snapshot in zip(found, snapshots):
        previous = ""
        if submission.previous_id:
            previous = references.get(submission.previous_id) or db.get(
                FormSubmission, submission.previous_id).reference
        answers = form_export.flat_answers(snapshot)
        rows.append(_main_values(submission, prisons.get(submission.prison_id, ""), previous,
                                 snapshot)
                    + [answers.get(column, "") for column in answer_columns])
    day = ext().now().astimezone(OSLO).date().isoformat()
    return _download(_csv(rows), f"brobygger-forms-{day}.csv")


@bp.get("/print")
@access("staff", Can.RECEIVE_FORMS)
def set_print():
    found = _chosen_set("print")
    if found is None:
        return index()
    db = ext().db_session()
    return render("forms/print.html", records=[form_inbox.record_of(db, s, g.staff) for s in found],
                  labels=labels, title=_("Received forms"), now=ext().now())
