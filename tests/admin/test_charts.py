"""The server-side SVG charts, read back with xml.etree."""
import re
from xml.etree import ElementTree as ET

import pytest

from admin import charts
from admin.charts import Bar, Series, ShareBar

NS = {"svg": charts.SVG_NS}
SERIES = [Series("received", "Mottatt", 0), Series("closed", "Lukket <&>", 5),
          Series("declined", "Avslått", 6)]


def _parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def _texts(svg) -> list[str]:
    return [t.text for t in svg.iterfind(".//svg:text", NS)]


def _named(svg, chart_id: str) -> None:
    """role=img, named by its <title> and described by its <desc>; no style anywhere."""
    assert svg.get("role") == "img"
    title = svg.find("svg:title", NS)
    desc = svg.find("svg:desc", NS)
    assert svg.get("aria-labelledby") == title.get("id") == f"{chart_id}-title"
    assert svg.get("aria-describedby") == desc.get("id") == f"{chart_id}-desc"
    assert title.text and desc.text
    for node in svg.iter():
        assert "style" not in node.attrib and not node.tag.endswith("script")
        assert not node.tag.endswith("style")


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", charts.PALETTE + (charts.TEXT, charts.OUTLINE, charts.GRID))
def test_colours_contrast_with_white(colour):
    assert 1.05 / (_luminance(colour) + 0.05) >= 3


def test_each_series_has_its_own_pattern():
    assert len(set(charts.PATTERNS)) == len(charts.PATTERNS) == len(charts.PALETTE)


def test_stacked_bars():
    bars = [Bar("Dagpenger og meldekort", {"received": 3, "closed": 1, "declined": 0}),
            Bar("Gjeld", {"received": 0, "closed": 2, "declined": 0})]
    svg = _parse(charts.stacked_bars("topics", "Forespørsler", "Etter tema", bars, SERIES))
    _named(svg, "topics")
    # A legend for the series that occur (not "declined"), with the label escaped.
    legend = svg.find("svg:g[@class='bb-chart__legend']", NS)
    assert [t.text for t in legend.iterfind("svg:text", NS)] == ["Mottatt", "Lukket <&>"]
    rows = svg.findall("svg:g[@class='bb-chart__row']", NS)
    assert len(rows) == 2
    first = rows[0]
    assert [t.text for t in first.iterfind("svg:text", NS)] == ["Dagpenger og meldekort", "4"]
    segments = first.findall("svg:rect", NS)
    assert [s.find("svg:title", NS).text for s in segments] == ["Mottatt: 3", "Lukket <&>: 1"]
    # Widths are to scale: the longest bar fills the room; patterns tell series apart.
    widths = [float(s.get("width")) for s in segments]
    assert widths[0] == pytest.approx(3 * widths[1], abs=0.1)
    assert sum(widths) == pytest.approx(charts.WIDTH - 64, abs=0.1)
    assert [s.get("fill") for s in segments] == ["url(#topics-p0)", "url(#topics-p5)"]
    ids = {p.get("id") for p in svg.iterfind(".//svg:pattern", NS)}
    assert ids == {"topics-p0", "topics-p5"}
    second = rows[1].findall("svg:rect", NS)
    assert float(second[0].get("width")) == pytest.approx(widths[0] * 2 / 3, abs=0.1)


def test_a_long_legend_wraps():
    many = [Series(f"s{i}", f"En ganske lang statusbetegnelse {i}", i) for i in range(8)]
    svg = _parse(charts.stacked_bars("x", "T", "D", [Bar("A", {s.key: 1 for s in many})],
                                     many))
    ys = {float(r.get("y")) for r in svg.find("svg:g[@class='bb-chart__legend']", NS)
          .iterfind("svg:rect", NS)}
    assert len(ys) > 1
    for rect in svg.iter(f"{{{charts.SVG_NS}}}rect"):
        assert float(rect.get("x")) + float(rect.get("width")) <= charts.WIDTH


@pytest.mark.parametrize("most, step", [(0, 1), (4, 1), (7, 2), (23, 5), (100, 20),
                                        (101, 50), (1234, 500)])
def test_nice_steps(most, step):
    assert charts.nice_step(most) == step


def test_columns():
    points = [("9", 0), ("10", 4), ("11", 7)]
    svg = _parse(charts.columns("weeks", "Per uke", "Forespørsler per uke", points, "Uke"))
    _named(svg, "weeks")
    columns = svg.findall("svg:g[@class='bb-chart__column']", NS)
    assert len(columns) == 3
    assert columns[0].find("svg:rect", NS) is None  # nothing drawn for 0
    assert [t.text for t in columns[0].iterfind("svg:text", NS)] == ["9"]
    assert [t.text for t in columns[2].iterfind("svg:text", NS)] == ["7", "11"]
    heights = [float(c.find("svg:rect", NS).get("height")) for c in columns[1:]]
    assert heights[1] / heights[0] == pytest.approx(7 / 4, abs=0.1)
    assert columns[2].find("svg:rect/svg:title", NS).text == "11: 7"
    ticks = [t.text for t in svg.find("svg:g[@class='bb-chart__grid']", NS)
             .iterfind("svg:text", NS)]
    assert ticks == ["0", "2", "4", "6", "8"]
    assert "Uke" in _texts(svg)


def test_many_columns_thin_out_their_labels():
    points = [(str(n), n % 3) for n in range(150)]
    svg = _parse(charts.columns("weeks", "T", "D", points, "Uke"))
    labels = [t for t in svg.iterfind(".//svg:g[@class='bb-chart__column']/svg:text", NS)
              if "bb-chart__tick" in t.get("class")]
    assert 5 < len(labels) < 30
    values = [t for t in svg.iterfind(".//svg:g[@class='bb-chart__column']/svg:text", NS)
              if "bb-chart__value" in t.get("class")]
    assert values == []  # no room: the values are in the titles and the table
    assert len(svg.findall(".//svg:g[@class='bb-chart__column']/svg:rect/svg:title", NS)) == 100


def test_an_empty_column_chart_still_has_a_scale():
    svg = _parse(charts.columns("weeks", "T", "D", [("1", 0), ("2", 0)], "Uke"))
    assert svg.findall(".//svg:g[@class='bb-chart__column']/svg:rect", NS) == []
    assert _texts(svg)[:2] == ["0", "1"]


def test_shares():
    svg = _parse(charts.shares("kept", "Løfter", "Andel", [
        ShareBar("Første svar", 2 / 3, "67 % (2 av 3)"),
        ShareBar("Ferdig", None, "Ingen ennå")]))
    _named(svg, "kept")
    rows = svg.findall("svg:g[@class='bb-chart__row']", NS)
    first = rows[0].findall("svg:rect", NS)
    assert float(first[1].get("width")) == pytest.approx(float(first[0].get("width")) * 2 / 3, abs=0.1)
    assert first[1].get("fill") == "url(#kept-p1)"
    assert [t.text for t in rows[0].iterfind("svg:text", NS)] == ["Første svar", "67 % (2 av 3)"]
    assert len(rows[1].findall("svg:rect", NS)) == 1
    assert [t.text for t in rows[1].iterfind("svg:text", NS)] == ["Ferdig", "Ingen ennå"]


def test_the_markup_is_safe_to_inline():
    markup = charts.stacked_bars("a", "<script>x</script>", "D",
                                 [Bar("<b>", {"received": 1})], SERIES)
    assert "<script>" not in str(markup) and "&lt;script&gt;" in str(markup)
    assert re.search(r"\sstyle=", str(markup)) is None
