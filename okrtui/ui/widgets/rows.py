"""One line of text for an objective, a key result or a KPI, sized to a width.

Built as Textual Content from plain strings, so user text is never read as
markup, and styled with theme variables. Every status is also a glyph and
a word: colour only repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from ...domain.alignment import parent_words
from ...domain.health import CRITICAL, NO_DATA, OK, ON_TARGET, TREND_GLYPHS, WARNING, KpiStatus
from ...domain.models import KeyResult, Kpi
from ...domain.progress import PACE_GLYPHS
from ...domain.summary import ObjectiveSummary
from ...textfmt import (cell_width, fit, fit_words, header, number_fit, pair_fit, percent, printable,
                        progress_bar, sparkline, squeeze, value_of_target)

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


@dataclass(frozen=True)
class Columns:
    """The widest text of each column in a list, so columns are as wide as what they hold and
    the title or name takes the rest: text is cut only when the row is really short of room."""

    state: int = 9
    values: int = 10
    confidence: int = 6
    latest: int = 6
    target: int = 6
    health: int = 4
    name: int = 16
    recent: int = 48  # the most values a KPI in the list has: its sparkline is never wider


def _widest(texts, at_least: int = 1) -> int:
    return max([at_least, *(cell_width(text) for text in texts)])


def objective_columns(summaries: list[ObjectiveSummary]) -> Columns:
    krs = [kr for s in summaries for kr in s.objective.key_results]
    return Columns(
        state=_widest(objective_state(s)[0] for s in summaries),
        values=_widest(value_of_target(kr.value, kr.target, safe(kr.unit)) for kr in krs),
        confidence=_widest(_confidence_text(kr.confidence) for kr in krs),
    )


def kpi_columns(pairs: list[tuple[Kpi, KpiStatus]], marks: dict | None = None) -> Columns:
    """marks: KPI id -> the words kpi_row puts before its name (the name column makes room for them)."""
    marks = marks or {}
    return Columns(
        latest=_widest((_latest_text(kpi, status) for kpi, status in pairs), len("latest")),
        target=_widest((_target_text(kpi) for kpi, _ in pairs), len("target")),
        health=_widest((f"{status.glyph} {status.label}" for _, status in pairs), len("health")),
        name=_widest(_marked(marks.get(kpi.id, "")) + safe(kpi.name) for kpi, _ in pairs),
        recent=max([0, *(len(kpi.series.values) for kpi, _ in pairs)]),
    )


def objective_row(summary: ObjectiveSummary, width: int, show_period: bool = False,
                  columns: Columns | None = None) -> Content:
    """An objective in a line; `show_period` names its period first (a filter across periods)."""
    objective = summary.objective
    state, state_style = objective_state(summary)
    columns = columns or objective_columns([summary])
    # id and percent never shrink; then the bar, then the state words (down to their glyph) give way
    # 9: the id column and its space (4), then a space and the percent (5)
    title_width, (bar_width, state_width) = squeeze(width - 9, 12, [(11, 0), (columns.state + 1, 2)])
    mark = parent_mark(objective, title_width)
    return Content.assemble(
        (fit(str(objective.id), 3), "$text-muted"),
        " ",
        (fit((f"[{objective.period}] " if show_period else "") + safe(objective.title), title_width - len(mark)),
         "bold"),
        (mark, "$text-muted"),
        *_column(progress_bar(summary.progress, bar_width - 1), bar_width, "$accent"),  # visible when highlighted
        " ",
        percent(summary.progress),
        *_words_column(state, state_width, state_style),
    )


def parent_mark(objective, title_width: int) -> str:
    """" ↑3" or " ↑3.2": the objective or key result an aligned objective serves, whole, when the
    title keeps 12 columns beside it; else nothing (the tree, t, shows it)."""
    words = parent_words(objective)
    mark = f" ↑{words}" if words else ""
    return mark if mark and title_width - len(mark) >= 12 else ""


def _column(text: str, width: int, style: str = "") -> list:
    """A fixed column as Content parts: its leading space (unstyled), then the text; nothing when squeezed out."""
    return [" ", (fit(text, width - 1), style)] if width > 1 else []


def _words_column(text: str, width: int, style: str = "") -> list:
    """A status column: whole words only, down to the glyph."""
    return [" ", (fit_words(text, width - 1), style)] if width > 1 else []


def _confidence_text(confidence: int | None) -> str:
    return f"conf {confidence}" if confidence is not None else "conf –"


def kr_row(kr: KeyResult, progress: float, width: int, spark: bool = False, columns: Columns | None = None,
           mark: str = "") -> Content:
    """mark: words before the title, after a ⚠ (a budget that runs out, a guard gone critical)."""
    values = value_of_target(kr.value, kr.target, safe(kr.unit))
    conf = _confidence_text(kr.confidence)
    if columns is None:
        columns = Columns(values=cell_width(values), confidence=cell_width(conf))
    # id and percent never shrink; then sparkline, indent, confidence, values give way, in that order
    # 10: the id column (5), then a space and the percent (5)
    title_width, (spark_width, indent, conf_width, values_width) = squeeze(
        width - 10, 12, [(9 if spark else 0, 0), (4, 2), (columns.confidence + 1, 0),
                         (columns.values + 1, min(columns.values + 1, 10))]
    )
    mark = f"⚠ {mark} · " if mark else ""  # glyph and words: never colour alone
    mark = fit(mark, min(title_width, cell_width(mark)))
    parts: list = [" " * indent, (fit(kr.id, 5), "$text-muted"), (mark, "$warning"),
                   fit(safe(kr.title), title_width - cell_width(mark)),
                   *_column(pair_fit(kr.value, kr.target, safe(kr.unit), values_width - 1), values_width), " ",
                   (percent(progress), "$success" if progress >= 1 else "")]
    parts += _column(conf, conf_width, _confidence_style(kr.confidence))
    parts += _column(sparkline([c.value for c in kr.checkins], spark_width - 1), spark_width, "$primary")
    return Content.assemble(*parts)


def _confidence_style(confidence: int | None) -> str:
    if confidence is None:
        return "$text-muted"
    return "$error" if confidence <= 3 else "$warning" if confidence <= 6 else ""


def warning_row(text: str, width: int) -> Content:
    return Content.assemble("    ", (fit("⚠ " + text, max(8, width - 4)), "$warning"))


def _latest_text(kpi: Kpi, status: KpiStatus) -> str:
    return number_fit(status.latest[1] if status.latest else None, safe(kpi.unit), 40)


def _target_text(kpi: Kpi) -> str:
    return number_fit(kpi.target, safe(kpi.unit), 40) if kpi.target is not None else ""


SPARK_LEAST = 8  # a sparkline's cells before the name gets its full length
SPARK_MOST = 90  # and at most: three months of a daily KPI


def _kpi_others(columns: Columns) -> int:
    """The columns of a KPI row besides its name and sparkline, each with its leading space."""
    return (columns.target + 1) + (columns.latest + 1) + (columns.health + 1) + 2


def kpi_row_width(columns: Columns, spark: int = SPARK_LEAST) -> int:
    """The width a KPI row needs for its whole name, a `spark`-cell sparkline and every column."""
    return 1 + columns.name + (spark + 1) + _kpi_others(columns)


def objective_list_width(summaries: list[ObjectiveSummary], columns: Columns) -> int:
    """The width the objectives' rows need for every title, whole, beside their full columns."""
    widths = [0]
    for summary in summaries:
        objective = summary.objective
        mark = len(parent_mark(objective, 1 << 16))
        widths.append(9 + cell_width(safe(objective.title)) + mark + 11 + columns.state + 1)
        widths += [4 + cell_width("⚠ " + warning) for warning in summary.warnings]
        widths += [10 + 4 + cell_width(safe(kr.title)) + columns.confidence + 1 + columns.values + 1
                   for kr in objective.key_results]
    return max(widths)


def _kpi_columns(width: int, name_min: int, columns: Columns) -> tuple[int, list[int]]:
    """(name width, [sparkline, latest, target, trend, health] widths, each with its leading space).

    Wider terminals give names their full length, then the sparkline grows with the width, up to
    the values there are (at most SPARK_MOST); narrow ones lose the sparkline's length first, then
    the target, then room in the value (its unit), then the health words (down to the glyph).
    """
    others = _kpi_others(columns)
    room = width - 1 - others - (SPARK_LEAST + 1) - name_min  # what is left beside an 8-cell sparkline
    name_gain = max(0, min(room, columns.name - name_min))  # names first, up to the longest one
    longest = max(0, min(columns.recent, SPARK_MOST) - SPARK_LEAST)
    spark = SPARK_LEAST + min(max(0, room - name_gain), longest)  # then the sparkline grows
    name, (spark_w, target_w, latest_w, health_w, trend_w) = squeeze(
        width - 1, name_min + name_gain,
        [(spark + 1, 5), (columns.target + 1, 0), (columns.latest + 1, min(columns.latest + 1, 8)),
         (columns.health + 1, 3), (2, 0)]
    )
    return name, [spark_w, latest_w, target_w, trend_w, health_w]


def _marked(words: str) -> str:
    return f"⚠ {words} · " if words else ""  # glyph and words: never colour alone


def kpi_row(kpi: Kpi, status: KpiStatus, width: int, name_min: int = 16, columns: Columns | None = None,
            mark: str = "") -> Content:
    """A KPI in a line: name, sparkline, latest, target, trend and health. `name_min` keeps
    that many columns for the name before the other columns give way. mark: words before the
    name, after a ⚠ (an error budget that runs out)."""
    unit = safe(kpi.unit)
    columns = columns or kpi_columns([(kpi, status)])
    name_width, (spark_w, latest_w, target_w, trend_w, health_w) = _kpi_columns(width, name_min, columns)
    style = HEALTH_STYLES[status.level]
    if status.stale and status.level in (OK, ON_TARGET):
        style = "$warning"
    mark = _marked(mark)
    mark = fit(mark, min(name_width, cell_width(mark)))
    return Content.assemble(
        (mark, "$warning"), fit(safe(kpi.name), name_width - cell_width(mark)),
        *_column(sparkline(kpi.series.values, spark_w - 1), spark_w, "$primary"),
        # a number that does not fit is shown compactly, then without its unit, then not at all: never cut
        *_column(number_fit(status.latest[1] if status.latest else None, unit, latest_w - 1), latest_w),
        *_column(number_fit(kpi.target, unit, target_w - 1) if kpi.target is not None else "", target_w,
                 "$text-muted"),
        *_column(TREND_GLYPHS[status.trend], trend_w),
        *_words_column(f"{status.glyph} {status.label}", health_w, style),
    )


def kpi_header(width: int, columns: Columns, name_min: int = 16) -> Content:
    name_width, (spark_w, latest_w, target_w, trend_w, health_w) = _kpi_columns(width, name_min, columns)
    heads = [(("recent", "last"), spark_w), (("latest", "now"), latest_w), (("target", "tgt"), target_w),
             (("↕",), trend_w), (("health", "♥"), health_w)]
    text = fit("KPI", name_width) + "".join(" " + header(words, w - 1) if w > 1 else "" for words, w in heads)
    return Content.assemble((text.rstrip(), "$text-muted"))
