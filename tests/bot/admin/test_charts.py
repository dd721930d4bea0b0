"""bot/admin/charts.py: inline SVG bar charts that the admin pages' CSP allows."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.admin.charts import PALETTE, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
SERIES = {
    "Hate speech": {"Report": 30, "Engage": 10, "Don't feed": None},
    "Symbols": {"Report": 20, "Engage": None, "Don't feed": 5},
}


def parse(svg):
    return ET.fromstring(svg)


def bars(root):
    """(fill, width, tooltip) of each drawn bar segment, in order."""
    return [
        (rect.get("fill"), float(rect.get("width")), rect.find(f"{SVG}title").text)
        for rect in root.iter(f"{SVG}rect")
        if rect.get("height") == "16"
    ]


def test_segments_are_stacked_to_scale_in_one_colour_per_series_key():
    root = parse(bar_chart_svg("By content type", SERIES, min_count=5, width=640))
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


def test_hidden_counts_get_a_hatched_mark_and_no_segment():
    svg = bar_chart_svg("By content type", SERIES, min_count=5)
    root = parse(svg)
    hidden = [tip for fill, _, tip in bars(root) if fill.startswith("url(#")]
    assert hidden == [
        "Hate speech: hidden: counts below 5 (Don't feed)",
        "Symbols: hidden: counts below 5 (Engage)",
    ]
    assert root.find(f"{SVG}defs/{SVG}pattern") is not None
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "hidden: counts below 5" in texts  # the legend says what the mark means
    assert "40" in texts and "25" in texts  # totals of the shown counts only
    desc = root.find(f"{SVG}desc").text
    assert "Hate speech: Report 30, Engage 10, Don't feed (hidden)." in desc


def test_segment_order_fixes_the_colours_across_charts():
    root = parse(
        bar_chart_svg(
            "By platform",
            {"TikTok": {"Engage": 6}},
            min_count=5,
            segments=["Report", "Engage", "Don't feed"],
        )
    )
    assert [fill for fill, _, _ in bars(root)] == [PALETTE[1]]
    legend = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("height") == "12"]
    assert legend == [*PALETTE[:3], legend[-1]]
    assert legend[-1].startswith("url(#")


def test_every_text_is_escaped_and_nothing_needs_script_or_style():
    evil = '<script>alert("x")</script>'
    svg = bar_chart_svg(
        f"Title {evil}", {evil: {evil: 7, "Report": None}}, min_count=5, segments=[evil, "Report"]
    )
    assert "<script" not in svg
    assert "style=" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)  # well-formed: an escaped label cannot break out of its element
    assert root.find(f"{SVG}title").text == f"Title {evil}"


def test_chart_is_labelled_for_screen_readers():
    root = parse(bar_chart_svg("Per week", {"2026-11-16": {"Report": 12}}, min_count=5))
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{i}']").tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert root.find(f"{SVG}title").text == "Per week"


def test_long_label_is_shortened_and_kept_whole_in_its_tooltip():
    name = "Talk to the young person, carefully and as a professional"
    root = parse(bar_chart_svg("Courses", {name: {"Report": 9}}, min_count=5))
    label = next(t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end")
    assert label.text.endswith("…") and len(label.text) <= 32
    assert label.find(f"{SVG}title").text == name


def test_empty_series_still_draws_a_legend():
    root = parse(bar_chart_svg("Nothing yet", {}, min_count=5, segments=["Report"]))
    assert bars(root) == []
    assert "Report" in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
