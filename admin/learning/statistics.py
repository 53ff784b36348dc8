"""Learning statistics for trainers and prison administrators (Can.VIEW_LEARNING_STATS):
completion of each lesson module per month as SVG charts with their numbers in tables,
progress per module and prison, and who started a module but stalled
(core.services.learning.statistics says how each figure is counted). The prison is a GET
filter, so the page can be bookmarked; another prison's id is 404. Reading is audited.
"""
from flask import Blueprint, abort, g, request
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from core.parsing import parse_id
from core.services.learning import statistics as learning_stats
from core.services.people import prisons
from core.services.errors import NotFound
from core.services.permissions import Can
from core.web.translations import locale_code
from core.web.access import access
from admin import charts, ext, render

bp = Blueprint("learning_stats", __name__, url_prefix="/learning/statistics")
ALL = "all"
SERIES = ("completed", "in_progress", "stalled")


class StatsForm(FlaskForm):
    """A GET form, so no CSRF token. The prisons are set by the view."""

    class Meta:
        csrf = False

    prison = SelectField(_l("Prison"), validate_choice=False)


def _form(db) -> StatsForm:
    form = StatsForm(request.args)
    served = prisons.list_for(db, g.staff)
    choices = [SelectChoice(ALL, _("All your prisons"))] if len(served) > 1 else []
    choices += [SelectChoice(str(p.id), p.name) for p in served]
    form.prison.choices = choices
    if not request.args.get("prison") and choices:
        form.prison.data = choices[0].value
    return form


def _prison_id(form: StatsForm):
    """None for all prisons, an id, or False with an error on the field."""
    value = (form.prison.data or "").strip()
    if value == ALL:
        return None
    prison_id = parse_id(value)
    if prison_id is not None:
        return prison_id
    form.prison.errors.append(_("Choose a prison from the list."))
    return False


def _series() -> list[charts.Series]:
    names = {"completed": _("Completed"), "in_progress": _("Under way"),
             "stalled": _("Stalled")}
    return [charts.Series(key, names[key], n) for n, key in enumerate(SERIES)]


def _month(value) -> str:
    return format_date(value, "LLL y")  # "Mar 26" would read as 26 March


def _charts(stats: learning_stats.Stats, lang: str) -> dict:
    per_month = stats.per_month
    months_chart = charts.columns(
        "chart-completed", _("Modules completed per month"),
        _("Columns, one for each month from %(first)s to %(last)s. The most in one month: "
          "%(most)s. The same numbers are in the tables after the chart.",
          first=_month(stats.months[0]), last=_month(stats.months[-1]),
          most=max(per_month)),
        [(_month(m), count) for m, count in zip(stats.months, per_month)], _("Month"))
    started = [m for m in stats.modules if m.started]
    modules_chart = charts.stacked_bars(
        "chart-modules", _("Progress per module"),
        _("Bars, one for each module someone has started, divided into completed, under "
          "way and stalled. The same numbers are in the table after the chart."),
        [charts.Bar(f"{m.module.order}. {m.module.text(lang).title}",
                    {"completed": m.completed, "in_progress": m.in_progress,
                     "stalled": m.stalled}) for m in started],
        _series()) if started else None
    return {"months": months_chart, "modules": modules_chart}


@bp.get("/")
@access("staff", Can.VIEW_LEARNING_STATS)
def index():
    e = ext()
    db = e.db_session()
    form = _form(db)
    stats = None
    if form.prison.choices and form.validate():
        prison_id = _prison_id(form)
        if prison_id is not False:
            try:
                stats = learning_stats.build(db, e.now(), g.staff, prison_id)
            except NotFound:
                abort(404)
    lang = locale_code()
    return render("learning/stats.html", form=form, stats=stats, month=_month,
                  charts=_charts(stats, lang) if stats else None,
                  format_percent=format_percent, stalled_days=learning_stats.STALLED_DAYS), \
        400 if form.errors else 200
