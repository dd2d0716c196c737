"""Text and JSON shapes shared by several commands: KPI lines, KPI and objective JSON."""

from __future__ import annotations

from datetime import date

from .common import Paint, safe


def kpi_statuses(repo, today: date) -> list:
    """(KPI with its last 30 values, its KpiStatus) pairs."""
    from ..domain.health import kpi_status

    return [(kpi, kpi_status(kpi, today)) for kpi in repo.kpis(tail=30)]


def kpi_json(kpi, status) -> dict:
    return {
        "id": kpi.id,
        **kpi.definition(),
        "latest": {"date": status.latest[0], "value": status.latest[1]} if status.latest else None,
        "health": status.level,
        "stale": status.stale,
        "trend": status.trend,
        "recent": kpi.series.values,
    }


KPI_NAME_WIDTH, SPARK_WIDTH, VALUE_WIDTH = 21, 12, 10  # 80 columns with "◎◷ on target, stale"


def kpi_lines(pairs: list, paint: Paint) -> list[str]:
    """A header and a line per KPI, 80 columns at most."""
    from ..domain.health import CRITICAL, TREND_GLYPHS, WARNING
    from ..textfmt import fit, sparkline, with_unit

    header = (f"  {fit('KPI', KPI_NAME_WIDTH)} {fit('recent', SPARK_WIDTH)} {fit('latest', VALUE_WIDTH)}"
              f" {fit('target', VALUE_WIDTH)} trend, health")
    lines = [paint(header, "dim")]
    for kpi, status in pairs:
        latest = with_unit(status.latest[1], kpi.unit, True) if status.latest else "—"
        target = with_unit(kpi.target, kpi.unit, True) if kpi.target is not None else ""
        style = {CRITICAL: "red", WARNING: "yellow"}.get(status.level, "yellow" if status.stale else "green")
        lines.append(
            f"  {fit(safe(kpi.name), KPI_NAME_WIDTH)} {fit(sparkline(kpi.series.values, SPARK_WIDTH), SPARK_WIDTH)}"
            f" {fit(safe(latest), VALUE_WIDTH)} {fit(safe(target), VALUE_WIDTH)} {TREND_GLYPHS[status.trend]}"
            f" {paint(f'{status.glyph} {status.label}', style)}"
        )
    return lines


def objective_json(summary) -> dict:
    o = summary.objective
    return {
        "id": o.id,
        "title": o.title,
        "status": o.status,
        "kind": o.kind,
        "period": o.period,
        "owner": o.owner,
        "parent": o.parent,
        # how it ended and where it went: what status shows beside a closed objective
        "review": {"grade": o.review.grade, "note": o.review.note, "closed": o.review.closed},
        "carried_from": o.carried_from,
        "carried_into": o.carried_into,
        "seeded_from": o.seeded_from,
        "progress": summary.progress,
        "pace": summary.pace,
        "warnings": summary.warnings,
        "key_results": [
            {
                "id": kr.id,
                "title": kr.title,
                "kind": kr.kind,
                "start": kr.start,
                "target": kr.target,
                "current": kr.current,
                "unit": kr.unit,
                "progress": summary.kr_progress[kr.id],
                "confidence": kr.confidence,
                "kpi": kr.kpi,
                "type": kr.type,
                "lower_is_better": kr.lower_is_better,
                "due": kr.due.isoformat() if kr.due else None,
            }
            for kr in o.key_results
        ],
        "initiatives": [{"title": i.title, "status": i.status} for i in o.initiatives],
    }


