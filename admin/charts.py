"""Charts drawn on the server as inline SVG: no script, no style attribute, no other origin.

Each chart is an <svg role="img"> named by its <title> and described by its <desc>; the
page puts the same numbers in a table after it, for screen readers and print. Colours
are SVG presentation attributes from PALETTE (each at least 3:1 against white, WCAG
1.4.11), and series differ by pattern too, so colour is never the only difference.
Text and layout are styled by the .bb-chart classes in static/css/admin.css. Every
label is given already translated; every value is written out beside its bar.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 720
TEXT = "#23262a"
OUTLINE = "#23262a"
GRID = "#6f7785"
PALETTE = ("#0063c1", "#06893a", "#a8590b", "#7f3f98", "#00567a", "#5d6470", "#c30000",
           "#23262a")
# One pattern per series, drawn in white over the series' colour.
PATTERNS = ("", "M0,8 L8,0", "dots", "M0,4 L8,4", "M0,0 L8,8", "M4,0 L4,8",
            "M0,8 L8,0 M0,0 L8,8", "M0,2 L8,2 M0,6 L8,6")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    index: int  # chooses the colour and pattern, so a series keeps them across charts


@dataclass(frozen=True)
class Bar:
    label: str
    values: dict[str, int]  # series key -> value

    @property
    def total(self) -> int:
        return sum(self.values.values())


@dataclass(frozen=True)
class ShareBar:
    label: str
    ratio: float | None  # None: nothing to show yet
    text: str  # the value written out, e.g. "67 % (2 of 3)"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_id: str, height: float, title: str, desc: str, kind: str) -> Element:
    svg = Element("svg", {
        "xmlns": SVG_NS, "id": chart_id, "class": f"bb-chart bb-chart--{kind}",
        "viewBox": f"0 0 {WIDTH} {_n(height)}", "width": str(WIDTH), "height": _n(height),
        "role": "img", "aria-labelledby": f"{chart_id}-title",
        "aria-describedby": f"{chart_id}-desc", "focusable": "false"})
    SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return svg


def _text(parent: Element, x: float, y: float, text: str, cls: str = "", **attrs) -> Element:
    node = SubElement(parent, "text", {"x": _n(x), "y": _n(y), "fill": TEXT,
                                       "class": f"bb-chart__text {cls}".strip(),
                                       **{k.replace("_", "-"): v for k, v in attrs.items()}})
    node.text = text
    return node


def _rect(parent: Element, x: float, y: float, width: float, height: float, **attrs) -> Element:
    return SubElement(parent, "rect", {"x": _n(x), "y": _n(y), "width": _n(max(width, 0)),
                                       "height": _n(height),
                                       **{k.replace("_", "-"): v for k, v in attrs.items()}})


def _patterns(svg: Element, chart_id: str, series: list[Series]) -> None:
    defs = SubElement(svg, "defs")
    for item in series:
        pattern = SubElement(defs, "pattern", {
            "id": f"{chart_id}-p{item.index}", "patternUnits": "userSpaceOnUse",
            "width": "8", "height": "8"})
        _rect(pattern, 0, 0, 8, 8, fill=PALETTE[item.index % len(PALETTE)])
        shape = PATTERNS[item.index % len(PATTERNS)]
        if shape == "dots":
            SubElement(pattern, "circle", {"cx": "4", "cy": "4", "r": "1.6", "fill": "#ffffff"})
        elif shape:
            SubElement(pattern, "path", {"d": shape, "stroke": "#ffffff", "stroke-width": "1.5",
                                         "fill": "none"})


def _fill(chart_id: str, item: Series) -> str:
    return f"url(#{chart_id}-p{item.index})"


def _markup(svg: Element) -> Markup:
    return Markup(tostring(svg, encoding="unicode"))


def _swatch_width(label: str) -> float:
    return 24 + 7.5 * len(label) + 24  # swatch, text at about 7.5 px a character, gap


def _legend(svg: Element, chart_id: str, series: list[Series], y: float) -> float:
    """The legend in rows at ``y``; returns the y below it."""
    group = SubElement(svg, "g", {"class": "bb-chart__legend"})
    x = 0.0
    for item in series:
        width = _swatch_width(item.label)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 26
        _rect(group, x, y, 18, 18, fill=_fill(chart_id, item), stroke=OUTLINE)
        _text(group, x + 24, y + 14, item.label)
        x += width
    return y + 26


def stacked_bars(chart_id: str, title: str, desc: str, bars: list[Bar],
                 series: list[Series]) -> Markup:
    """Horizontal bars, one per row, stacked by series, with a legend of the series that
    occur and each bar's total at its end. The row's label stands above its bar, so long
    labels are never cut."""
    shown = [s for s in series if any(bar.values.get(s.key) for bar in bars)]
    row, bar_height = 52, 22
    legend_rows = _legend_rows(shown)
    top = legend_rows * 26 + 12
    svg = _svg(chart_id, top + row * len(bars) + 4, title, desc, "bars")
    _patterns(svg, chart_id, shown)
    _legend(svg, chart_id, shown, 4)
    most = max((bar.total for bar in bars), default=0) or 1
    room = WIDTH - 64
    for n, bar in enumerate(bars):
        y = top + n * row
        group = SubElement(svg, "g", {"class": "bb-chart__row"})
        _text(group, 0, y + 16, bar.label)
        x = 0.0
        for item in shown:
            value = bar.values.get(item.key, 0)
            if not value:
                continue
            width = room * value / most
            segment = _rect(group, x, y + 22, width, bar_height, fill=_fill(chart_id, item),
                            stroke=OUTLINE, stroke_width="1")
            SubElement(segment, "title").text = f"{item.label}: {value}"
            x += width
        _text(group, x + 8, y + 22 + 16, str(bar.total), "bb-chart__value")
    return _markup(svg)


def _legend_rows(series: list[Series]) -> int:
    rows, x = 1, 0.0
    for item in series:
        width = _swatch_width(item.label)
        if x and x + width > WIDTH:
            rows, x = rows + 1, 0.0
        x += width
    return rows if series else 0


def nice_step(most: int, ticks: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most ``ticks`` steps to ``most``."""
    if most <= ticks:
        return 1
    raw = most / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def columns(chart_id: str, title: str, desc: str, points: list[tuple[str, int]],
            axis_label: str) -> Markup:
    """Vertical bars (e.g. requests per week) on a scale with grid lines. Labels under the
    bars are thinned out when there are many; each value stands on its bar when there is
    room, and is always in the bar's own <title> and in the table after the chart."""
    height, left, bottom, top = 280, 44, 48, 24
    plot_w, plot_h = WIDTH - left - 8, height - top - bottom
    svg = _svg(chart_id, height, title, desc, "columns")
    most = max((v for _label, v in points), default=0)
    step = nice_step(most)
    ceiling = max(step, math.ceil(most / step) * step)
    grid = SubElement(svg, "g", {"class": "bb-chart__grid"})
    for tick in range(0, ceiling + 1, step):
        y = top + plot_h - plot_h * tick / ceiling
        SubElement(grid, "line", {"x1": _n(left), "x2": _n(left + plot_w), "y1": _n(y),
                                  "y2": _n(y), "stroke": GRID, "stroke-width": "1"})
        _text(grid, left - 6, y + 5, str(tick), "bb-chart__tick", text_anchor="end")
    band = plot_w / max(len(points), 1)
    every = max(1, math.ceil(40 / band))
    for n, (label, value) in enumerate(points):
        x = left + n * band
        bar_h = plot_h * value / ceiling
        group = SubElement(svg, "g", {"class": "bb-chart__column"})
        if value:
            column = _rect(group, x + band * 0.15, top + plot_h - bar_h, band * 0.7, bar_h,
                           fill=PALETTE[0], stroke=OUTLINE, stroke_width="1")
            SubElement(column, "title").text = f"{label}: {value}"
            if band >= 18:
                _text(group, x + band / 2, top + plot_h - bar_h - 6, str(value),
                      "bb-chart__value", text_anchor="middle")
        if n % every == 0:
            _text(group, x + band / 2, top + plot_h + 18, label, "bb-chart__tick",
                  text_anchor="middle")
    SubElement(svg, "line", {"x1": _n(left), "x2": _n(left + plot_w), "y1": _n(top + plot_h),
                             "y2": _n(top + plot_h), "stroke": OUTLINE, "stroke-width": "2"})
    _text(svg, left + plot_w / 2, height - 6, axis_label, "bb-chart__axis",
          text_anchor="middle")
    return _markup(svg)


def shares(chart_id: str, title: str, desc: str, bars: list[ShareBar]) -> Markup:
    """One bar per measure from 0 to 100 %: the kept share filled (hatched), the rest
    white inside the outline, and the value written out after the bar."""
    row, room = 56, WIDTH - 220
    svg = _svg(chart_id, row * len(bars) + 8, title, desc, "shares")
    kept = Series("kept", "", 1)
    _patterns(svg, chart_id, [kept])
    for n, bar in enumerate(bars):
        y = n * row
        group = SubElement(svg, "g", {"class": "bb-chart__row"})
        _text(group, 0, y + 16, bar.label)
        _rect(group, 0, y + 24, room, 22, fill="#ffffff", stroke=OUTLINE, stroke_width="1")
        if bar.ratio:
            part = _rect(group, 0, y + 24, room * min(bar.ratio, 1), 22,
                         fill=_fill(chart_id, kept), stroke=OUTLINE, stroke_width="1")
            SubElement(part, "title").text = bar.text
        _text(group, room + 10, y + 24 + 16, bar.text, "bb-chart__value")
    return _markup(svg)
