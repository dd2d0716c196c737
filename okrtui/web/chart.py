"""A KPI's history as an inline SVG line chart: pure text in, text out, nothing fetched.

Threshold lines (target, warning, critical) are told apart by their dash pattern and a text
label, never by colour alone. Only finite numbers are drawn; any stored series (empty, one
value, all equal, huge, not finite) gives a chart, at worst an empty one that says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..domain.safetext import html_text as esc
from ..textfmt import number, with_unit

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 64, 112, 12, 28  # room for the value axis, the threshold labels and the dates
MOST_POINTS = 240  # a decade of daily values drawn as 240 points: the figure stays small, the table has them all


@dataclass(frozen=True)
class Line:
    """A level drawn across the chart: "target", "warning" or "critical"."""

    label: str
    value: float
    dash: str  # the SVG dash pattern that tells it apart without colour


LINE_DASHES = {"target": "", "warning": "6 4", "critical": "2 3"}


def thinned(points: list[tuple[str, float]], most: int = MOST_POINTS) -> list[tuple[str, float]]:
    """At most `most` points, evenly spread, always keeping the first and the last."""
    if len(points) <= most:
        return points
    step = (len(points) - 1) / (most - 1)
    return [points[round(i * step)] for i in range(most)]


def _scale(low: float, high: float):
    """value -> 0..1 on [low, high]; halves first, so that a span of two huge values stays finite."""
    span = high / 2 - low / 2
    if span <= 0:
        return lambda value: 0.5
    return lambda value: (value / 2 - low / 2) / span


def kpi_chart(points: list[tuple[str, float]], levels: list[Line], unit: str, caption_id: str) -> str:
    """`points`: (ISO date, value) oldest first. The SVG, labelled by the figcaption `caption_id`."""
    finite = [(day, value) for day, value in points if math.isfinite(value)]
    lines = [line for line in levels if math.isfinite(line.value)]
    drawn = thinned(finite)
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
           f'aria-labelledby="{esc(caption_id)}" xmlns="http://www.w3.org/2000/svg">']
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out.append(f'<rect class="frame" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}"/>')
    values = [value for _, value in drawn] + [line.value for line in lines]
    if not drawn:
        out.append(f'<text class="axis" x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" '
                   'text-anchor="middle">no values yet</text>')
    if not values:
        return "".join(out) + "</svg>"
    low, high = min(values), max(values)
    if low == high:  # one value, or all equal: a flat line in the middle
        low, high = low - 1, high + 1
    fraction = _scale(low, high)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - fraction(value))

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (len(drawn) - 1) if len(drawn) > 1 else plot_w / 2)

    for value in (high, low):
        out.append(f'<text class="axis" x="{LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end">'
                   f'{esc(number(value, compact=True))}</text>')
    for line in lines:
        at = y(line.value)
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        out.append(f'<line class="level {line.label}" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{at:.1f}" y2="{at:.1f}"{dash}/>')
        out.append(f'<text class="axis" x="{LEFT + plot_w + 4}" y="{at + 4:.1f}">'
                   f'{line.label} {esc(with_unit(line.value, unit if len(unit) <= 4 else "", compact=True))}</text>')
    if not drawn:
        return "".join(out) + "</svg>"
    path = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, (_, value) in enumerate(drawn))
    if len(drawn) > 1:
        out.append(f'<polyline class="series" points="{path}"/>')
    out.append(f'<circle class="series-dot" cx="{x(len(drawn) - 1):.1f}" cy="{y(drawn[-1][1]):.1f}" r="3"/>')
    out.append(f'<text class="axis" x="{LEFT}" y="{HEIGHT - 8}">{esc(drawn[0][0])}</text>')
    if len(drawn) > 1:
        out.append(f'<text class="axis" x="{LEFT + plot_w}" y="{HEIGHT - 8}" text-anchor="end">{esc(drawn[-1][0])}</text>')
    out.append("</svg>")
    return "".join(out)


def chart_summary(points: list[tuple[str, float]], unit: str) -> str:
    """The chart in words, for the figcaption (what a screen reader reads instead of the lines)."""
    finite = [(day, value) for day, value in points if math.isfinite(value)]
    if not finite:
        return "No values yet."
    values = [value for _, value in finite]
    first, last = finite[0], finite[-1]
    low, high = min(values), max(values)
    words = f"{len(finite)} value{'s' if len(finite) != 1 else ''} from {first[0]} to {last[0]}"
    return (f"{words}: first {number(first[1])}, latest {number(last[1])}, lowest {number(low)}, "
            f"highest {number(high)}{' ' + unit if unit else ''}.")
