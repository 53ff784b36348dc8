"""Release statistics per prison and month (core.services.release.statistics): charts
drawn on the server, each followed by its numbers in a table, and a CSV for Excel
(UTF-8 with a byte order mark, semicolons). Counts only; reading them is audited."""
import csv
import io

from flask import Blueprint, Response, abort, g, request, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import Optional

from core.clock import OSLO
from core.parsing import parse_id
from core.services.errors import NotFound, ServiceError
from core.services.people import prisons
from core.services.permissions import Can
from core.services.release import statistics
from core.services.scoping import may_choose_all
from core.web import release_labels
from core.web.access import access
from core.web.messages import message
from admin import charts, ext, render

bp = Blueprint("release_stats", __name__, url_prefix="/reports/releases")
ALL = "all"


class StatsForm(FlaskForm):
    """A GET form, so no CSRF token. The prisons are set by the view."""

    class Meta:
        csrf = False

    prison = SelectField(_l("Prison"), validate_choice=False)
    year = IntegerField(_l("Year"), validators=[Optional()])


def _chosen(db):
    e = ext()
    form = StatsForm(request.args)
    choices = [(ALL, _("All prisons"))] if may_choose_all(g.staff) else []
    choices += [(str(p.id), f"{p.name} ({p.code})") for p in prisons.list_for(db, g.staff)]
    form.prison.choices = choices
    if not choices:
        return form, None
    if not request.args.get("prison"):
        form.prison.data = choices[0][0]
    valid = form.validate()
    this_year = e.now().astimezone(OSLO).year
    year = form.year.data if valid and form.year.data is not None else this_year
    if not valid:
        return form, None
    value = (form.prison.data or "").strip()
    prison_id = None if value == ALL else parse_id(value)
    if value != ALL and prison_id is None:
        form.prison.errors.append(_("Choose a prison from the list."))
        return form, None
    try:
        return form, statistics.build(db, e.now(), g.staff, prison_id, year)
    except NotFound:
        abort(404)
    except ServiceError as error:
        form.year.errors.append(message(error))
        return form, None


def _month(m: statistics.Month) -> str:
    return f"{m.year}-{m.month:02d}"


def _share(count: int, of: int) -> str:
    if not of:
        return "–"
    return _("%(percent)s (%(kept)s of %(due)s)", percent=format_percent(count / of),
             kept=count, due=of)


def _charts(stats: statistics.Statistics) -> dict:
    total = stats.total
    months = charts.columns(
        "chart-releases", _("Releases per month"),
        _("Columns, one for each month of %(year)s. The most in one month: %(most)s. The same "
          "numbers are in the table after the chart.", year=stats.year,
          most=max((m.releases for m in stats.months), default=0)),
        [(f"{m.month:02d}", m.releases) for m in stats.months], _("Month"))
    bars = [charts.ShareBar(str(release_labels.KEY_ITEMS[k]), total.share(total.key_done[k]),
                            _share(total.key_done[k], total.releases)) for k in statistics.KEYS]
    bars += [charts.ShareBar(_("Hand-over made before the release day"),
                             total.share(total.handover_before),
                             _share(total.handover_before, total.releases)),
             charts.ShareBar(_("Short stays (90 days or less)"), total.share(total.short_stays),
                             _share(total.short_stays, total.releases))]
    shares = charts.shares(
        "chart-key-items", _("Released with the key item done"),
        _("Bars from 0 to 100 percent: of everyone released in %(year)s, the share with each "
          "key item of the release plan done, with the hand-over made before the release day, "
          "and with a short stay. The same numbers are in the table after the chart.",
          year=stats.year), bars)
    return {"months": months, "shares": shares}


def _query(stats: statistics.Statistics) -> dict:
    return {"prison": str(stats.prison.id) if stats.prison else ALL, "year": stats.year}


@bp.get("/")
@access("staff", Can.VIEW_REPORTS)
def index():
    form, stats = _chosen(ext().db_session())
    context = {"form": form, "stats": stats, "release_labels": release_labels, "keys": statistics.KEYS,
               "share": _share}
    if stats is not None:
        context.update(charts=_charts(stats),
                       csv_url=url_for("release_stats.csv_file", **_query(stats)))
    return render("reports/releases.html", **context), 400 if form.errors else 200


@bp.get("/releases.csv")
@access("staff", Can.VIEW_REPORTS)
def csv_file():
    form, stats = _chosen(ext().db_session())
    if stats is None:
        return render("reports/releases.html", form=form, stats=None,
                      release_labels=release_labels, keys=statistics.KEYS,
                      share=_share), 400 if form.errors else 200
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    prison = f"{stats.prison.name} ({stats.prison.code})" if stats.prison else _("All prisons")
    writer.writerow([_("Report"), _("Releases")])
    writer.writerow([_("Prison"), prison])
    writer.writerow([_("Year"), stats.year])
    writer.writerow([])
    writer.writerow([_("Month"), _("Releases"), *[release_labels.KEY_ITEMS[k] for k in statistics.KEYS],
                     _("Hand-over made before the release day"),
                     _("Short stays (90 days or less)")])
    for m in [*stats.months, stats.total]:
        writer.writerow([_month(m) if m.month else _("Total"), m.releases,
                         *[m.key_done[k] for k in statistics.KEYS], m.handover_before,
                         m.short_stays])
    code = stats.prison.code if stats.prison else "ALL"
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="brobygger-releases-{code}-{stats.year}.csv"')
    return response
