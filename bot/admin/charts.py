"""Bar charts as inline SVG for the insights page: no script and no style attribute, so
the admin pages' Content Security Policy (``script-src``/``style-src 'self'``) holds.

Colours are the Okabe-Ito palette, chosen to stay distinct with the common colour-vision
deficiencies; the first five (one per course of action, in the policy's order) have at
least 3:1 contrast against the white background (vermillion 3.9, blue 5.2, bluish green
3.4, reddish purple 3.1, black 21), and stacked segments are parted by a white line.
Orange and sky blue (about 2.3:1) come only after them. Hidden counts are drawn as a grey
hatched mark with a dark outline, so they differ from every colour by pattern, not hue.
Every number is also in the chart's ``<desc>`` and in each bar's ``<title>`` tooltip.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import Dict, List, Optional, Sequence

PALETTE = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9")
TEXT = "#1A1A1A"
HIDDEN_FILL = "#E0E0E0"
HIDDEN_LINE = "#595959"
FONT = 'font-family="sans-serif" font-size="12"'

ROW_HEIGHT = 24
BAR_HEIGHT = 16
HIDDEN_WIDTH = 12
LABEL_CHARS = 32
LEGEND_ROW = 20
SWATCH = 12
PARTED = ' stroke="#FFFFFF" stroke-width="1"'
OUTLINED = f' stroke="{HIDDEN_LINE}" stroke-width="1"'


def bar_chart_svg(
    title: str,
    series: Dict[str, Dict[str, Optional[int]]],
    *,
    min_count: int,
    segments: Optional[Sequence[str]] = None,
    colours: Optional[Dict[str, str]] = None,
    width: int = 640,
    label_width: int = 220,
) -> str:
    """A horizontal stacked bar chart: one bar per key of ``series``, one coloured segment
    per key of its counts (``segments`` gives their order, else first appearance).

    A count of None is hidden (below ``min_count``): it gets no segment, and the bar a
    hatched mark saying which counts are hidden. Every text is HTML-escaped.
    """
    order = list(segments or dict.fromkeys(k for counts in series.values() for k in counts))
    colour = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(order)}
    colour.update(colours or {})
    chart_id = "chart-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:10]
    hidden_fill = f"url(#{chart_id}-hidden)"
    hidden_note = f"hidden: counts below {min_count}"

    bars_top = 36
    bar_left = label_width
    bar_room = width - label_width - HIDDEN_WIDTH - 56
    largest = max([_shown_total(counts) for counts in series.values()] + [1])
    parts: List[str] = []
    for row, (name, counts) in enumerate(series.items()):
        y = bars_top + row * ROW_HEIGHT
        parts.append(_label(name, label_width - 8, y + BAR_HEIGHT - 4))
        x = float(bar_left)
        for segment in order:
            value = counts.get(segment)
            if not value:
                continue
            length = value / largest * bar_room
            tip = f"{name}: {segment}: {value}"
            parts.append(_rect(x, y, length, BAR_HEIGHT, colour[segment], tip, PARTED))
            x += length
        hidden = [segment for segment in order if segment in counts and counts[segment] is None]
        if hidden:
            tip = f"{name}: {hidden_note} ({', '.join(hidden)})"
            parts.append(_rect(x + 2, y, HIDDEN_WIDTH, BAR_HEIGHT, hidden_fill, tip, OUTLINED))
            x += HIDDEN_WIDTH + 2
        total = _shown_total(counts)
        if total:
            parts.append(_text(str(total), x + 4, y + BAR_HEIGHT - 4))

    legend_top = bars_top + len(series) * ROW_HEIGHT + 12
    legend = [(colour[segment], segment, "") for segment in order]
    legend.append((hidden_fill, hidden_note, OUTLINED))
    for row, (fill, name, edge) in enumerate(legend):
        y = legend_top + row * LEGEND_ROW
        parts.append(_rect(8, y, SWATCH, SWATCH, fill, name, edge))
        parts.append(_text(name, 26, y + 10))
    height = legend_top + len(legend) * LEGEND_ROW + 4

    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" {FONT} fill="{TEXT}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(_describe(series, order, hidden_note))}</desc>',
            f'<defs><pattern id="{chart_id}-hidden" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{HIDDEN_FILL}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HIDDEN_LINE}" stroke-width="2"/>'
            "</pattern></defs>",
            f'<text x="8" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
            *parts,
            "</svg>",
        ]
    )


def _shown_total(counts: Dict[str, Optional[int]]) -> int:
    return sum(value for value in counts.values() if value)


def _describe(series: Dict[str, Dict[str, Optional[int]]], order: List[str], hidden: str) -> str:
    """The whole chart in words, for screen readers."""
    lines = []
    for name, counts in series.items():
        shown = [
            f"{segment} {counts[segment] if counts[segment] is not None else '(hidden)'}"
            for segment in order
            if segment in counts and counts[segment] != 0
        ]
        lines.append(f"{name}: {', '.join(shown) or 'none'}.")
    return " ".join(lines + [f"({hidden})."])


def _rect(x: float, y: float, width: float, height: int, fill: str, tip: str, edge: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{height}" fill="{escape(fill)}"'
        f"{edge}><title>{escape(tip)}</title></rect>"
    )


def _label(name: str, right: int, baseline: int) -> str:
    """A bar's name, right-aligned; a long one is shortened, in full in its tooltip."""
    short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
    return (
        f'<text x="{right}" y="{baseline}" text-anchor="end">{escape(short)}'
        f"<title>{escape(name)}</title></text>"
    )


def _text(content: str, x: float, baseline: float) -> str:
    return f'<text x="{x:.1f}" y="{baseline:.1f}">{escape(content)}</text>'
