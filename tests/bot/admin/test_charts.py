"""bot/admin/charts.py: bar charts as reflowing HTML with inline SVG bars that the admin
pages' CSP allows."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.admin.charts import PALETTE, bar_chart

SERIES = {
    "Hate speech": {"Report": 30, "Engage": 10, "Don't feed": None},
    "Symbols": {"Report": 20, "Engage": None, "Don't feed": 5},
}


def parse(chart):
    return ET.fromstring(chart)  # well-formed: an escaped text cannot break out of its element


def bars(root):
    """(fill, width in percent or units, tooltip) of each drawn bar segment, in order."""
    return [
        (rect.get("fill"), float(rect.get("width").rstrip("%")), rect.find("title").text)
        for rect in root.iter("rect")
        if rect.get("height") == "16"
    ]


def rows(root):
    """(label, accessible name of the bar, total) of each bar, in order."""
    return [
        (
            item.find("span[@class='chart-label']").text,
            item.find(".//svg[@role='img']").get("aria-label"),
            item.find(".//span[@class='chart-total']").text,
        )
        for item in root.iterfind("ul[@class='chart-bars']/li")
    ]


def test_segments_are_stacked_to_scale_in_one_colour_per_series_key():
    root = parse(bar_chart("By content type", SERIES, min_count=5))
    drawn = [(fill, tip) for fill, _, tip in bars(root) if not fill.startswith("url(")]
    assert drawn == [
        (PALETTE[0], "Hate speech: Report: 30"),
        (PALETTE[1], "Hate speech: Engage: 10"),
        (PALETTE[0], "Symbols: Report: 20"),
        (PALETTE[2], "Symbols: Don't feed: 5"),
    ]
    widths = {tip: width for _, width, tip in bars(root)}
    assert widths["Hate speech: Report: 30"] == 3 * widths["Hate speech: Engage: 10"]
    assert widths["Symbols: Report: 20"] == 4 * widths["Symbols: Don't feed: 5"]


def test_bars_are_sized_in_percent_of_the_line_so_the_chart_reflows():
    chart = bar_chart("By content type", SERIES, min_count=5)
    root = parse(chart)
    assert root.tag == "figure" and root.find("figcaption").text == "By content type"
    assert all(svg.get("width") == "100%" for svg in root.iter("svg") if svg.get("role"))
    segments = [r for r in root.iter("rect") if r.get("height") == "16"]
    assert all(r.get("width").endswith("%") for r in segments if "url(" not in r.get("fill"))
    assert 'viewBox="0 0 640' not in chart and 'width="640"' not in chart


def test_hidden_counts_get_a_hatched_mark_and_no_segment():
    root = parse(bar_chart("By content type", SERIES, min_count=5))
    hidden = [tip for fill, _, tip in bars(root) if fill.startswith("url(#")]
    assert hidden == [
        "Hate speech: hidden: counts below 5 (Don't feed)",
        "Symbols: hidden: counts below 5 (Engage)",
    ]
    assert root.find(".//defs/pattern") is not None
    legend = [
        "".join(item.itertext()).strip() for item in root.iterfind("ul[@class='chart-legend']/li")
    ]
    assert "hidden: counts below 5" in legend  # the legend says what the mark means
    assert rows(root) == [  # totals of the shown counts only
        ("Hate speech", "Report 30, Engage 10, Don't feed (hidden)", "40"),
        ("Symbols", "Report 20, Engage (hidden), Don't feed 5", "25"),
    ]


def test_segment_order_fixes_the_colours_across_charts():
    root = parse(
        bar_chart(
            "By platform",
            {"TikTok": {"Engage": 6}},
            min_count=5,
            segments=["Report", "Engage", "Don't feed"],
        )
    )
    assert [fill for fill, _, _ in bars(root)] == [PALETTE[1]]
    legend = [r.get("fill") for r in root.iter("rect") if r.get("height") == "12"]
    assert legend == [*PALETTE[:3], legend[-1]]
    assert legend[-1].startswith("url(#")


def test_every_text_is_escaped_and_nothing_needs_script_or_style():
    evil = '<script>alert("x")</script>'
    chart = bar_chart(
        f"Title {evil}", {evil: {evil: 7, "Report": None}}, min_count=5, segments=[evil, "Report"]
    )
    assert "<script" not in chart
    assert "style=" not in chart
    assert "&lt;script&gt;" in chart
    root = parse(chart)
    assert root.find("figcaption").text == f"Title {evil}"


def test_chart_is_labelled_for_screen_readers():
    root = parse(bar_chart("Per week", {"2026-11-16": {"Report": 12}}, min_count=5))
    caption = root.find("figcaption")
    assert root.get("aria-labelledby") == caption.get("id")
    assert rows(root) == [("2026-11-16", "Report 12", "12")]
    decorations = [svg for svg in root.iter("svg") if svg.get("role") != "img"]
    assert all(svg.get("aria-hidden") == "true" for svg in decorations)


def test_long_label_is_shown_whole_and_wraps():
    name = "Talk to the young person, carefully and as a professional"
    root = parse(bar_chart("Courses", {name: {"Report": 9}}, min_count=5))
    assert rows(root)[0][0] == name


def test_empty_series_still_draws_a_legend():
    root = parse(bar_chart("Nothing yet", {}, min_count=5, segments=["Report"]))
    assert bars(root) == []
    legend = [
        "".join(item.itertext()).strip() for item in root.iterfind("ul[@class='chart-legend']/li")
    ]
    assert "Report" in legend
