"""One line of text for an objective, a key result or a KPI, sized to a width.

Built as Textual Content from plain strings, so user text is never read as
markup, and styled with theme variables. Every status is also a glyph and
a word: colour only repeats it.
"""

from __future__ import annotations

from textual.content import Content

from ...domain.health import CRITICAL, NO_DATA, OK, ON_TARGET, TREND_GLYPHS, WARNING, KpiStatus
from ...domain.models import KeyResult, Kpi
from ...domain.progress import PACE_GLYPHS
from ...domain.summary import ObjectiveSummary
from ...textfmt import column, fit, percent, printable, progress_bar, sparkline, squeeze, value_of_target, with_unit

PACE_STYLES = {"on track": "$success", "at risk": "$warning", "off track": "$error", "ended": "$secondary",
               None: "$text-muted"}
HEALTH_STYLES = {OK: "$success", ON_TARGET: "$success", WARNING: "$warning", CRITICAL: "$error bold", NO_DATA: "$text-muted"}
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
    grade = objective.review.grade
    if grade is not None and objective.status not in ("draft", "active"):
        return f"{glyph} {objective.status} {grade:.1f}", style  # the final grade stays in sight
    return f"{glyph} {objective.status}", style


def objective_row(summary: ObjectiveSummary, width: int, show_period: bool = False) -> Content:
    """An objective in a line; `show_period` names its period first (a filter across periods)."""
    objective = summary.objective
    state, state_style = objective_state(summary)
    # id and percent never shrink; then the bar, then the state words give way
    title_width, (bar_width, state_width) = squeeze(width - 11, 8, [(11, 0), (15, 9)])
    return Content.assemble(
        (fit(str(objective.id), 3), "$text-muted"),
        " ",
        (fit((f"[{objective.period}] " if show_period else "") + safe(objective.title), title_width), "bold"),
        *_column(progress_bar(summary.progress, bar_width - 1), bar_width, "$accent"),  # visible when highlighted
        " ",
        percent(summary.progress),
        *_column(state, state_width, state_style),
    )


def _column(text: str, width: int, style: str = "") -> list:
    """A fixed column as Content parts: its leading space (unstyled), then the text; nothing when squeezed out."""
    return [" ", (fit(text, width - 1), style)] if width > 1 else []


def kr_row(kr: KeyResult, progress: float, width: int, spark: bool = False) -> Content:
    values = value_of_target(kr.value, kr.target, kr.unit)
    conf = f"conf {kr.confidence}" if kr.confidence is not None else "conf –"
    # id and percent never shrink; then sparkline, indent, values, confidence give way, in that order
    title_width, (spark_width, indent, values_width, conf_width) = squeeze(
        width - 11, 8, [(9 if spark else 0, 0), (4, 2), (19, 10), (8, 0)]
    )
    parts: list = [" " * indent, (fit(kr.id, 5), "$text-muted"), fit(safe(kr.title), title_width),
                   *_column(safe(values), values_width), " ", (percent(progress), "$success" if progress >= 1 else "")]
    parts += _column(conf, conf_width, _confidence_style(kr.confidence))
    parts += _column(sparkline([c.value for c in kr.checkins], spark_width - 1), spark_width, "$primary")
    return Content.assemble(*parts)


def _confidence_style(confidence: int | None) -> str:
    if confidence is None:
        return "$text-muted"
    return "$error" if confidence <= 3 else "$warning" if confidence <= 6 else ""


def warning_row(text: str, width: int) -> Content:
    return Content.assemble("    ", (fit("⚠ " + text, max(8, width - 4)), "$warning"))


def _kpi_columns(width: int, name_min: int = 8) -> tuple[int, list[int]]:
    """(name width, [sparkline, target, latest, trend, health] widths, each with its leading space).

    Wider terminals get longer sparklines, then longer names; narrow ones lose the
    sparkline's length first, then the target, then room in the value and health words.
    """
    spark = 12 + min(max(0, width - 80) // 2, 36)
    name, (spark_w, target_w, latest_w, trend_w, health_w) = squeeze(
        width - 1, name_min, [(spark + 1, 5), (11, 0), (11, 8), (2, 0), (20, 10)]
    )
    return name, [spark_w, latest_w, target_w, trend_w, health_w]


def kpi_row(kpi: Kpi, status: KpiStatus, width: int, name_min: int = 8) -> Content:
    """A KPI in a line: name, sparkline, latest, target, trend and health. `name_min` keeps
    that many columns for the name (quick entry, where the name is what you read first)."""
    latest = with_unit(status.latest[1], kpi.unit, True) if status.latest else "—"
    target = with_unit(kpi.target, kpi.unit, True) if kpi.target is not None else ""
    name_width, (spark_w, latest_w, target_w, trend_w, health_w) = _kpi_columns(width, name_min)
    style = HEALTH_STYLES[status.level]
    if status.stale and status.level in (OK, ON_TARGET):
        style = "$warning"
    return Content.assemble(
        fit(safe(kpi.name), name_width),
        *_column(sparkline(kpi.series.values, spark_w - 1), spark_w, "$primary"),
        *_column(safe(latest), latest_w),
        *_column(safe(target), target_w, "$text-muted"),
        *_column(TREND_GLYPHS[status.trend], trend_w),
        *_column(f"{status.glyph} {status.label}", health_w, style),
    )


def kpi_header(width: int) -> Content:
    name_width, (spark_w, latest_w, target_w, trend_w, health_w) = _kpi_columns(width)
    text = (fit("KPI", name_width) + column("recent", spark_w) + column("latest", latest_w) + column("target", target_w)
            + column("↕", trend_w) + column("health", health_w))
    return Content.assemble((text.rstrip(), "$text-muted"))
