"""Bar charts for the insights page as HTML that reflows: each bar's name and total are
page text (they wrap and grow with the reader's zoom), only the bar itself is a small
inline SVG sized in percent of the line, so a chart fits a 320 px wide screen without
sideways scrolling. No script and no style attribute, so the admin pages' Content
Security Policy (``script-src``/``style-src 'self'``) holds.

Colours are the Okabe-Ito palette, chosen to stay distinct with the common colour-vision
deficiencies; the first five (one per course of action, in the policy's order) have at
least 3:1 contrast against the white background (vermillion 3.9, blue 5.2, bluish green
3.4, reddish purple 3.1, black 21), and stacked segments are parted by a white line.
Orange and sky blue (about 2.3:1) come only after them. Hidden counts are drawn as a grey
hatched mark with a dark outline, so they differ from every colour by pattern, not hue.
Every bar is named for screen readers by its counts in words, and each segment has a
``<title>`` tooltip.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import Dict, List, Optional, Sequence

PALETTE = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9")
HIDDEN_FILL = "#E0E0E0"
HIDDEN_LINE = "#595959"

BAR_HEIGHT = 16
HIDDEN_WIDTH = 12
SWATCH = 12
# the longest bar's share of its line; the rest keeps room for a hidden-count mark
BAR_ROOM = 88.0
PARTED = ' stroke="#FFFFFF" stroke-width="1"'
OUTLINED = f' stroke="{HIDDEN_LINE}" stroke-width="1"'


def bar_chart(
    title: str,
    series: Dict[str, Dict[str, Optional[int]]],
    *,
    min_count: int,
    segments: Optional[Sequence[str]] = None,
    colours: Optional[Dict[str, str]] = None,
) -> str:
    """A horizontal stacked bar chart as a ``<figure>``: one bar per key of ``series``, one
    coloured segment per key of its counts (``segments`` gives their order, else first
    appearance), and a legend.

    A count of None is hidden (below ``min_count``): it gets no segment, and the bar a
    hatched mark saying which counts are hidden. Every text is HTML-escaped.
    """
    order = list(segments or dict.fromkeys(k for counts in series.values() for k in counts))
    colour = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(order)}
    colour.update(colours or {})
    chart_id = "chart-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:10]
    hidden_fill = f"url(#{chart_id}-hidden)"
    hidden_note = f"hidden: counts below {min_count}"
    largest = max([_shown_total(counts) for counts in series.values()] + [1])

    rows = [
        _bar_row(name, counts, order, colour, largest, hidden_fill, hidden_note)
        for name, counts in series.items()
    ]
    legend = [(colour[segment], segment, "") for segment in order]
    legend.append((hidden_fill, hidden_note, OUTLINED))
    return "".join(
        [
            f'<figure class="chart" aria-labelledby="{chart_id}-title">',
            f'<figcaption id="{chart_id}-title">{escape(title)}</figcaption>',
            f'<svg class="chart-defs" width="0" height="0" aria-hidden="true" focusable="false">'
            f'<defs><pattern id="{chart_id}-hidden" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{HIDDEN_FILL}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HIDDEN_LINE}" stroke-width="2"/>'
            "</pattern></defs></svg>",
            f'<ul class="chart-bars">{"".join(rows)}</ul>' if rows else "",
            '<ul class="chart-legend">',
            *(f"<li>{_swatch(fill, edge)} {escape(name)}</li>" for fill, name, edge in legend),
            "</ul></figure>",
        ]
    )


def _bar_row(
    name: str,
    counts: Dict[str, Optional[int]],
    order: List[str],
    colour: Dict[str, str],
    largest: int,
    hidden_fill: str,
    hidden_note: str,
) -> str:
    """One bar: its name, the segments in percent of the line, and the shown total."""
    parts: List[str] = []
    x = 0.0
    for segment in order:
        value = counts.get(segment)
        if not value:
            continue
        length = value / largest * BAR_ROOM
        tip = f"{name}: {segment}: {value}"
        parts.append(_rect(f"{x:.2f}%", f"{length:.2f}%", colour[segment], tip, PARTED))
        x += length
    hidden = [segment for segment in order if segment in counts and counts[segment] is None]
    if hidden:  # a fixed-size mark just after the segments, in a viewport placed there
        tip = f"{name}: {hidden_note} ({', '.join(hidden)})"
        mark = _rect("2", str(HIDDEN_WIDTH), hidden_fill, tip, OUTLINED)
        parts.append(f'<svg x="{x:.2f}%" overflow="visible">{mark}</svg>')
    total = _shown_total(counts)
    return (
        f'<li><span class="chart-label">{escape(name)}</span>'
        f'<span class="chart-bar"><svg width="100%" height="{BAR_HEIGHT}" role="img" '
        f'aria-label="{escape(_describe(counts, order))}">{"".join(parts)}</svg>'
        f'<span class="chart-total">{total if total else ""}</span></span></li>'
    )


def _shown_total(counts: Dict[str, Optional[int]]) -> int:
    return sum(value for value in counts.values() if value)


def _describe(counts: Dict[str, Optional[int]], order: List[str]) -> str:
    """A bar in words, for screen readers: each segment's count, or (hidden)."""
    shown = [
        f"{segment} {counts[segment] if counts[segment] is not None else '(hidden)'}"
        for segment in order
        if segment in counts and counts[segment] != 0
    ]
    return ", ".join(shown) or "none"


def _rect(x: str, width: str, fill: str, tip: str, edge: str) -> str:
    return (
        f'<rect x="{x}" y="0" width="{width}" height="{BAR_HEIGHT}" fill="{escape(fill)}"'
        f"{edge}><title>{escape(tip)}</title></rect>"
    )


def _swatch(fill: str, edge: str) -> str:
    return (
        f'<svg width="{SWATCH}" height="{SWATCH}" aria-hidden="true" focusable="false">'
        f'<rect width="{SWATCH}" height="{SWATCH}" fill="{escape(fill)}"{edge}/></svg>'
    )
