"""Reports on requests per prison and period: charts, tables and a CSV download.

Counts and times only (core.services.records.reports explains every figure); reading a report,
on the page or as CSV, is audited. The filters are a GET form, so a report can be
bookmarked; the CSV link carries the same filters.

The CSV is for Excel with Norwegian settings: UTF-8 with a byte order mark (so æøå come
out right), semicolons between fields, and decimals written as in the user's language
(a comma in bokmål). It has six sections separated by an empty line: what the report
covers; requests by topic and status (one row per topic, one column per status, with
totals); requests per week; the summary figures; requests by how they came (issue 16);
and forwards per team (forwarded away, received).
"""
import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, g, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from core.clock import OSLO
from core.parsing import parse_id
from core.services.people import prisons
from core.services.records import report_period, reports
from core.services.errors import NotFound, ServiceError
from core.services.permissions import Can
from core.services.scoping import may_choose_all
from core.web import labels
from core.web.access import access
from core.web.messages import message
from admin import charts, ext, render
from admin.common_forms import role_labels

bp = Blueprint("reports", __name__, url_prefix="/reports")

ALL = "all"
PRESET_LABELS = {
    "last_30_days": _l("The last 30 days"),
    "this_month": _l("This month"),
    "last_month": _l("Last month"),
    "this_year": _l("This year"),
}


class DayField(DateField):
    """A date typed as 01.03.2026 (or 2026-03-01), with a plain message when it is not."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"],
                         **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                _("Write the date as day.month.year, for example 01.03.2026.")) from None


class ReportForm(FlaskForm):
    """A GET form, so no CSRF token. The prisons are set by the view."""

    class Meta:
        csrf = False

    prison = SelectField(_l("Prison"), validate_choice=False)
    period = SelectField(_l("Period"), default="last_30_days",
                         choices=[SelectChoice(k, v) for k, v in PRESET_LABELS.items()])
    date_from = DayField(_l("From date"), validators=[Optional()])
    date_to = DayField(_l("To date"), validators=[Optional()])


def _form(db) -> ReportForm:
    form = ReportForm(request.args)
    choices = [SelectChoice(ALL, _("All prisons"))] if may_choose_all(g.staff) else []
    choices += [SelectChoice(str(p.id), f"{p.name} ({p.code})")
                for p in prisons.list_for(db, g.staff)]
    form.prison.choices = choices
    if not request.args.get("prison") and choices:
        form.prison.data = choices[0].value
    return form


def _given(field) -> bool:
    return bool(field.raw_data and field.raw_data[0].strip())


def _prison_id(form: ReportForm):
    """None for all prisons, an id, or False with an error on the field."""
    value = (form.prison.data or "").strip()
    if value == ALL:
        return None
    prison_id = parse_id(value)
    if prison_id is not None:
        return prison_id
    form.prison.errors.append(_("Choose a prison from the list."))
    return False


def _period(form: ReportForm, today: date) -> report_period.Period | None:
    """The preset, or the dates when any is given; None with errors on the form."""
    if not (_given(form.date_from) or _given(form.date_to)):
        return report_period.preset(form.period.data, today)
    for field in (form.date_from, form.date_to):
        if not _given(field):
            field.errors.append(_("Give both dates, or neither."))
    if form.date_from.data is None or form.date_to.data is None:
        return None
    try:
        return report_period.period(form.date_from.data, form.date_to.data)
    except ServiceError as error:
        field = form.date_from if error.code == "period_range" and not (
            report_period.FIRST_DAY <= form.date_from.data <= report_period.LAST_DAY) else form.date_to
        field.errors.append(message(error))
        return None


def _chosen(db, export: bool = False):
    """(form, report or None); 404 for a prison outside the caller's scope."""
    e = ext()
    form = _form(db)
    if not form.prison.choices:
        return form, None
    valid = form.validate()
    prison_id = _prison_id(form)
    chosen = _period(form, e.now().astimezone(OSLO).date()) if valid else None
    if chosen is None or prison_id is False:
        return form, None
    try:
        return form, reports.build(db, e.now(), g.staff, prison_id, chosen, export=export)
    except NotFound:
        abort(404)


def _query(report: reports.Report) -> dict:
    """The filters of a report, for its CSV link."""
    query = {"prison": str(report.prison.id) if report.prison else ALL}
    if report.period.preset:
        query["period"] = report.period.preset
    else:
        query.update(date_from=report.period.start.strftime("%d.%m.%Y"),
                     date_to=report.period.end.strftime("%d.%m.%Y"))
    return query


def _series() -> list[charts.Series]:
    return [charts.Series(s, str(labels.STATUSES[s]), n) for n, s in enumerate(reports.STATUSES)]


def _share_text(share: reports.Share) -> str:
    if share.ratio is None:
        return _("None due yet")
    return _("%(percent)s (%(kept)s of %(due)s)", percent=format_percent(share.ratio),
             kept=share.kept, due=share.due)


def _charts(report: reports.Report) -> dict:
    topics_chart = charts.stacked_bars(
        "chart-topics", _("Requests by topic and status"),
        _("Bars, one for each topic, divided by status. %(num)s requests in all. "
          "The same numbers are in the table after the chart.", num=report.filed),
        [charts.Bar(str(labels.TOPICS[t]), report.matrix[t]) for t in report.topics],
        _series()) if report.filed else None
    weeks = report.weeks
    weeks_chart = charts.columns(
        "chart-weeks", _("Requests per week"),
        _("Columns, one for each week from week %(first)s to week %(last)s. The most in one "
          "week: %(most)s. The same numbers are in the table after the chart.",
          first=weeks[0].number, last=weeks[-1].number, most=max(w.count for w in weeks)),
        [(str(w.number), w.count) for w in weeks], _("Week number"))
    shares_chart = charts.shares(
        "chart-promises", _("Promises kept"),
        _("Bars from 0 to 100 percent: the share of requests answered, and the share "
          "resolved, within the time promised. The same numbers are in the table after "
          "the chart."),
        [charts.ShareBar(_("First response"), report.first_response.ratio,
                         _share_text(report.first_response)),
         charts.ShareBar(_("Resolution"), report.resolution.ratio,
                         _share_text(report.resolution))])
    channels_chart = charts.columns(
        "chart-channels", _("Requests by how they came"),
        _("Columns, one for each way a request came in. The most: %(most)s. The same "
          "numbers are in the table after the chart.",
          most=max(report.channels.values())),
        [(str(labels.CHANNELS[c]), n) for c, n in report.channels.items()],
        _("How it came")) if report.channels else None
    forwards_chart = charts.stacked_bars(
        "chart-forwards", _("Forwards per team"),
        _("Bars, one for each team, divided into requests the team forwarded to another "
          "team and requests it received. The same numbers are in the table after the "
          "chart."),
        [charts.Bar(str(labels.TEAMS[t]), {"away": away, "received": received})
         for t, (away, received) in report.forwards.items()],
        [charts.Series("away", _("Forwarded away"), 0),
         charts.Series("received", _("Received"), 1)]) if report.forwards else None
    return {"topics": topics_chart, "weeks": weeks_chart, "promises": shares_chart,
            "channels": channels_chart, "forwards": forwards_chart}


def _team_names() -> dict[str, str]:
    return {role.value: str(name) for role, name in role_labels().items()}


def _teams_text(report: reports.Report) -> str:
    if report.teams is None:
        return _("All teams")
    names = _team_names()
    return ", ".join(names[t] for t in sorted(report.teams))


@bp.get("/")
@access("staff", Can.VIEW_REPORTS)
def index():
    db = ext().db_session()
    form, report = _chosen(db)
    context = {"form": form, "report": report, "labels": labels, "teams": _team_names(),
               "share_text": _share_text, "format_decimal": format_decimal,
               "format_percent": format_percent}
    if report is not None:
        context.update(charts=_charts(report), teams_text=_teams_text(report),
                       csv_url=url_for("reports.requests_csv", **_query(report)))
    return render("reports/index.html", **context), 400 if form.errors else 200


def _number(value: float | None) -> str:
    return "" if value is None else format_decimal(value, "0.0#")


def _cell(value) -> str:
    """Text that Excel would run as a formula starts with an apostrophe instead."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_text(report: reports.Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def row(*values):
        writer.writerow([_cell(v) for v in values])

    prison = f"{report.prison.name} ({report.prison.code})" if report.prison else _("All prisons")
    row(_("Report"), _("Requests by topic and status"))
    row(_("Prison"), prison)
    row(_("From date"), report.period.start.isoformat())
    row(_("To date"), report.period.end.isoformat())
    row(_("Teams"), _teams_text(report))
    row(_("Made"), report.made_at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M"))
    row()
    row(_("Topic"), *[labels.STATUSES[s] for s in reports.STATUSES], _("Total"))
    for topic in report.topics:
        row(labels.TOPICS[topic], *[report.matrix[topic][s] for s in reports.STATUSES],
            report.topic_total(topic))
    totals = report.status_totals
    row(_("Total"), *[totals[s] for s in reports.STATUSES], report.filed)
    row()
    row(_("Week"), _("From date"), _("To date"), _("Requests"))
    for week in report.weeks:
        row(f"{week.monday.isocalendar().year}-W{week.number:02d}", week.first.isoformat(),
            week.last.isoformat(), week.count)
    row()
    row(_("Figure"), _("Value"))
    row(_("Requests filed"), report.filed)
    row(_("Requests with a first response"), report.answered)
    row(_("Requests without a response yet"), report.unanswered)
    row(_("Median time to first response (working days)"), _number(report.median_days))
    for name, share in ((_("First response"), report.first_response),
                        (_("Resolution"), report.resolution)):
        row(_("%(measure)s: within the promise", measure=name), share.kept)
        row(_("%(measure)s: due", measure=name), share.due)
        row(_("%(measure)s: share within the promise (%%)", measure=name),
            _number(None if share.ratio is None else share.ratio * 100))
    row()
    row(_("How it came"), _("Requests"))
    for channel, count in report.channels.items():
        row(labels.CHANNELS[channel], count)
    row()
    row(_("Team"), _("Forwarded away"), _("Received"))
    for team, (away, received) in report.forwards.items():
        row(labels.TEAMS[team], away, received)
    return out.getvalue()


@bp.get("/requests.csv")
@access("staff", Can.VIEW_REPORTS)
def requests_csv():
    db = ext().db_session()
    form, report = _chosen(db, export=True)
    if report is None:
        return render("reports/index.html", form=form, report=None), \
            400 if form.errors else 200
    code = report.prison.code if report.prison else "ALL"
    name = f"brobygger-requests-{code}-{report.period.start}-{report.period.end}.csv"
    response = Response("\ufeff" + _csv_text(report), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
