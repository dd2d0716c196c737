"""One line of text for an objective, a key result or a KPI, sized to a width.

Built as Textual Content from plain strings, so user text is never read as
markup, and styled with theme variables. Every status is also a glyph and
a word: colour only repeats it.
"""

from __future__ import annotations

from textual.content import Content

from ...domain.health import CRITICAL, NO_DATA, OK, TREND_GLYPHS, WARNING, KpiStatus
from ...domain.models import KeyResult, Kpi
from ...domain.progress import PACE_GLYPHS
from ...domain.summary import ObjectiveSummary
from ...textfmt import fit, percent, printable, progress_bar, sparkline, value_of_target, with_unit

PACE_STYLES = {"on track": "$success", "at risk": "$warning", "off track": "$error", None: "$text-muted"}
HEALTH_STYLES = {OK: "$success", WARNING: "$warning", CRITICAL: "$error bold", NO_DATA: "$text-muted"}
STATUS_GLYPHS = {"draft": "◌", "achieved": "★", "missed": "✗", "carried": "↷", "dropped": "–", "active": "·"}


def safe(text: str) -> str:
    return printable(text)


def objective_state(summary: ObjectiveSummary) -> tuple[str, str]:
    """(words with glyph, style) for the state column."""
    objective = summary.objective
    if summary.pace is not None:
        return f"{PACE_GLYPHS[summary.pace]} {summary.pace}", PACE_STYLES[summary.pace]
    glyph = STATUS_GLYPHS.get(objective.status, "·")
    style = "$text-muted" if objective.status in ("draft", "dropped") else "$secondary"
    return f"{glyph} {objective.status}", style


def objective_row(summary: ObjectiveSummary, width: int) -> Content:
    objective = summary.objective
    state, state_style = objective_state(summary)
    title_width = max(8, width - 34)
    return Content.assemble(
        (fit(str(objective.id), 3), "$text-muted"),
        " ",
        (fit(safe(objective.title), title_width), "bold"),
        " ",
        (progress_bar(summary.progress, 10), "$accent"),  # stays visible on the highlighted row
        " ",
        percent(summary.progress),
        " ",
        (fit(state, 11), state_style),
    )


def kr_row(kr: KeyResult, progress: float, width: int, spark: bool = False) -> Content:
    values = value_of_target(kr.value, kr.target, kr.unit)
    conf = f"conf {kr.confidence}" if kr.confidence is not None else "conf –"
    extra = 0
    parts: list = ["    ", (fit(kr.id, 5), "$text-muted")]
    if spark:
        extra = 9
    title_width = max(8, width - 42 - extra)
    parts += [fit(safe(kr.title), title_width), " ", fit(safe(values), 18), " "]
    parts.append((percent(progress), "$success" if progress >= 1 else ""))
    parts += [" ", (fit(conf, 7), _confidence_style(kr.confidence))]
    if spark:
        parts += [" ", (fit(sparkline([c.value for c in kr.checkins], 8), 8), "$primary")]
    return Content.assemble(*parts)


def _confidence_style(confidence: int | None) -> str:
    if confidence is None:
        return "$text-muted"
    return "$error" if confidence <= 3 else "$warning" if confidence <= 6 else ""


def warning_row(text: str, width: int) -> Content:
    return Content.assemble("    ", (fit("⚠ " + text, max(8, width - 4)), "$warning"))


def _kpi_columns(width: int) -> tuple[int, int]:
    """(name width, sparkline width): wider terminals get longer sparklines, then longer names."""
    spark = 12 + min(max(0, width - 80) // 2, 36)
    return max(8, width - 44 - spark), spark


def kpi_row(kpi: Kpi, status: KpiStatus, width: int) -> Content:
    latest = with_unit(status.latest[1], kpi.unit, True) if status.latest else "—"
    target = with_unit(kpi.target, kpi.unit, True) if kpi.target is not None else ""
    name_width, spark_width = _kpi_columns(width)
    style = HEALTH_STYLES[status.level]
    if status.stale and status.level == OK:
        style = "$warning"
    return Content.assemble(
        fit(safe(kpi.name), name_width),
        " ",
        (fit(sparkline(kpi.series.values, spark_width), spark_width), "$primary"),
        " ",
        fit(safe(latest), 10),
        " ",
        (fit(safe(target), 10), "$text-muted"),
        " ",
        TREND_GLYPHS[status.trend],
        " ",
        (fit(f"{status.glyph} {status.label}", 17), style),
    )


def kpi_header(width: int) -> Content:
    name_width, spark_width = _kpi_columns(width)
    return Content.assemble(
        (f"{fit('KPI', name_width)} {fit('recent', spark_width)} {fit('latest', 10)} {fit('target', 10)} ↕ health", "$text-muted")
    )
