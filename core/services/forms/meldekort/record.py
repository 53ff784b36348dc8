"""What a confirmed meldekort keeps: its snapshot, every text shown in the inmate's language
with the day grid, and the period's label (core.services.forms.meldekort.engine confirms
cards with it). Imports the rules, their validation, the form definitions and core.locale_formats.
"""
from __future__ import annotations

from core import locale_formats
from core.services.forms.definitions import FormDefinition
from core.services.forms.meldekort import rules as mk, validation

ROWS = (("work", mk.Activity.WORK), ("course", mk.Activity.COURSE), ("ill", mk.Activity.ILL),
        ("absence", mk.Activity.ABSENCE))
WEEK = locale_formats.WEEK  # "Uke", "Week", "Tydzień": in every kiosk language


def _yes_no(value: bool | None, language: str) -> str:
    if value is None:
        return ""
    return locale_formats.yes_no(value, language)


def _text(definition: FormDefinition, name: str, lang: str) -> str:
    text = definition.texts.get(name)
    return text(lang) if text is not None else ""


def snapshot(definition: FormDefinition, card: mk.Card, language: str, *, benefit: mk.Benefit,
             late: bool, unregister: bool = False, reason: str | None = None,
             context: validation.CardContext | None = None) -> dict:
    """Every text shown, as rendered in ``language``, with the answers and both weeks, for
    the card type of ``context`` (without one: the classic card as before card types)."""
    lang = locale_formats.language(language)
    step = definition.steps[0]
    labels = {q.key: q for q in step.questions}
    asked = ([q.value for q in validation.asked(card, context)] if context is not None
             else [q.key for q in step.questions])
    items = []
    for key in asked:
        question = labels.get(key)
        answer = card.answers[mk.Question(key)]
        item = {"key": key,
                "label": question.label(lang) if question else _text(definition, f"q_{key}", lang),
                "hint": (question.hint(lang) if question and question.hint
                         else _text(definition, f"q_{key}_hint", lang) if not question else ""),
                "answer": answer, "shown": _yes_no(answer, lang)}
        if lang != "nb":  # staff read the record with bokmål's question beside (issue 18)
            item["label_nb"] = (question.label("nb") if question
                                else _text(definition, f"q_{key}", "nb"))
        items.append(item)
    texts = definition.texts
    if context is not None:
        shown_rows = [a.value for a in validation.shown_rows(card, context)]
        if context.spec.per_day_status:
            shown_rows = [mk.Activity.STATUS.value]
    else:
        shown_rows = [name for name, activity in ROWS if card.answers[mk.ROW_QUESTION[activity]]]
    weeks = []
    for week_number, first in zip(card.period.weeks, (1, 8)):
        days = []
        for number in range(first, first + 7):
            day = card.grid.day(number)
            moment = card.period.day(number)
            entry = {"date": moment.isoformat(),
                     "label": locale_formats.weekday_day_month(moment, lang),
                     "hours": None if day.hours is None else str(day.hours),
                     "course": day.course, "ill": day.ill, "absence": day.absence}
            if day.aap_absence is not None:
                entry["aap_absence"] = day.aap_absence
                entry["aap_absence_label"] = _text(definition, f"aap_absence_{day.aap_absence}", lang)
            if day.status is not None:
                entry["status"] = day.status
                entry["status_label"] = _text(definition, f"status_{day.status}", lang)
            days.append(entry)
        weeks.append({"label": f"{WEEK[lang]} {week_number}", "days": days})
    result = {
        "form": definition.key, "version": definition.version, "language": lang,
        "title": definition.title(lang), "intro": definition.intro(lang),
        "period": {"id": card.period.id, "start": card.period.start.isoformat(),
                   "end": card.period.end.isoformat(),
                   "label": period_label(card.period, lang)},
        "benefit": benefit.value, "late": late,
        "steps": [{"key": step.key, "title": step.title(lang), "guidance": "", "items": items}],
        "grid": {"title": texts["grid_title"](lang), "guidance": texts["grid_guidance"](lang),
                 "rows": {name: _text(definition, f"row_{name}", lang) for name in shown_rows},
                 "shown_rows": shown_rows, "weeks": weeks} if shown_rows else None,
        "confirm": definition.confirm(lang), "receipt": definition.receipt(lang),
    }
    if context is not None:
        result["card_type"] = context.card_type.value
        result["fixed_answers"] = {q.value: v for q, v in validation.fixed(context).items()
                                   if q not in validation.asked(card, context)}
        if context.spec.per_day_status:
            result["decision"] = {"days": sorted(context.eligible_days),
                                  "decided": context.decided_days}
        for notice in validation.notices(card, context):
            if notice.code == "unregister_warning":
                result["unregister_warning"] = _text(definition, "unregister_warning", lang)
            elif notice.code == "late_consequence":
                result["late_consequence"] = _text(
                    definition, f"late_consequence_{notice.params['consequence']}", lang)
    if late:
        result["late_notice"] = texts["late_notice"](lang)
    if context is None and card.answers.arbeidssoker is False:
        result["unregister"] = {"title": texts["unregister_title"](lang),
                                "text": texts["unregister_confirm"](lang),
                                "confirmed": unregister}
    if reason:
        result["correction_reason"] = reason
    return result


def period_label(period: mk.Period, language: str) -> str:
    lang = locale_formats.language(language)
    first, second = period.weeks
    start = locale_formats.day_month(period.start, lang)
    end = locale_formats.date_text(period.end, lang)
    return (f"{start} – {end} ({WEEK[lang].lower()} {first} {locale_formats.AND[lang]} "
            f"{second})")
