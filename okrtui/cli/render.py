"""Text and JSON shapes shared by several commands: KPI lines, KPI and objective JSON."""

from __future__ import annotations

from datetime import date

from .common import Paint, safe
from .plan import kr_plan_json, objective_plan_json


def kpi_statuses(repo, today: date, tail: int = 30) -> list:
    """(KPI with its last `tail` values (30 for --json, whatever the terminal), its KpiStatus) pairs."""
    from ..domain.health import kpi_status

    return [(kpi, kpi_status(kpi, today)) for kpi in repo.kpis(tail=tail)]


def spark_tail(json: bool) -> int:
    """How many values a KPI line's sparkline can show: up to half a wide terminal's width."""
    from .common import output_width

    width = 80 if json else output_width()
    return 30 if width <= 100 else min(120, width // 2)  # 80 columns show 12 of them


def kpi_budget_json(repo, kpi, today: date) -> dict | None:
    """A KPI's error budget this quarter (only a KPI with a hold has one; it alone is read whole)."""
    if kpi.hold is None:
        return None
    from ..domain.budget import kpi_budget

    budget = kpi_budget(repo.full_kpi(kpi.id) or kpi, today)
    return None if budget is None else budget.as_json()


def kpi_json(kpi, status, budget: dict | None = None) -> dict:
    return {
        "id": kpi.id,
        **kpi.definition(),
        "owner": kpi.owner,
        "latest": {"date": status.latest[0], "value": status.latest[1]} if status.latest else None,
        "health": status.level,
        "stale": status.stale,
        "trend": status.trend,
        "recent": kpi.series.values,
        "budget": budget,  # {"allowed", "used", "left", "burn_7d", "burn_1d", "runs_out"}, or null
    }


def kpi_lines(pairs: list, paint: Paint, width: int = 80) -> list[str]:
    """A header and a line per KPI, in `width` columns: names take their length, then the
    sparkline grows; a narrow terminal loses the sparkline's length, then the target, then the
    units, then health words (down to the glyph). Numbers are never cut (textfmt.number_fit)."""
    from ..domain.health import CRITICAL, TREND_GLYPHS, WARNING
    from ..textfmt import cell_width, column, fit, fit_words, header, number_fit, sparkline, squeeze

    rows = []
    for kpi, status in pairs:
        unit = safe(kpi.unit)
        latest = status.latest[1] if status.latest else None
        rows.append((kpi, status, safe(kpi.name), unit, latest))
    name_most = max((cell_width(name) for _, _, name, _, _ in rows), default=3)
    latest_most = max([cell_width(number_fit(r[4], r[3], 40)) for r in rows] + [6])
    target_most = max([cell_width(number_fit(r[0].target, r[3], 40)) if r[0].target is not None else 0
                       for r in rows] + [6])
    health_most = max([cell_width(f"{s.glyph} {s.label}") for _, s, _, _, _ in rows] + [6])
    usable = width - 2  # the indent
    room = usable - 12 - (latest_most + 1) - (target_most + 1) - 2 - (health_most + 1) - 12
    name_gain = max(0, min(room, name_most - 12))
    most_values = max([len(kpi.series.values) for kpi, _, _, _, _ in rows] + [12])
    spark = min(12 + max(0, room - name_gain) // 2, most_values)
    name_w, (spark_w, target_w, latest_w, health_w, trend_w) = squeeze(
        usable, 12 + name_gain, [(spark + 1, 6), (target_most + 1, 0), (latest_most + 1, min(latest_most + 1, 6)),
                                 (health_most + 1, 3), (2, 0)])
    name_w = min(name_w, max(name_most, 3))  # no padding past the longest name: the columns stay near
    heads = [(("recent", "last"), spark_w), (("latest", "now"), latest_w), (("target", "tgt"), target_w),
             (("↕",), trend_w), (("health", "♥"), health_w)]
    head = fit("KPI", name_w) + "".join(" " + header(words, w - 1) if w > 1 else "" for words, w in heads)
    lines = [paint("  " + head.rstrip(), "dim")]
    for kpi, status, name, unit, latest in rows:
        style = {CRITICAL: "red", WARNING: "yellow"}.get(status.level, "yellow" if status.stale else "green")
        target = number_fit(kpi.target, unit, target_w - 1) if kpi.target is not None else ""
        health = fit_words(f"{status.glyph} {status.label}", health_w - 1).rstrip() if health_w > 1 else ""
        line = (fit(name, name_w) + column(sparkline(kpi.series.values, spark_w - 1), spark_w)
                + column(number_fit(latest, unit, latest_w - 1), latest_w) + column(target, target_w)
                + column(TREND_GLYPHS[status.trend], trend_w))
        lines.append(("  " + line + (" " + paint(health, style) if health else "")).rstrip())
    return lines


def targets_json(summary, kr) -> dict:
    """A key result's hold, error budget (stay above/below) and guard KPI, as status --json carries them."""
    from ..domain.guard import guard_json

    budget = summary.budgets.get(kr.id)
    return {"hold": kr.hold, "budget": budget.as_json() if budget else None, "guard": guard_json(kr)}


def objective_json(summary, kpi_of=None) -> dict:
    """kpi_of(id): a followed KPI with its whole history (Repo.full_kpi), for its feasibility."""
    from ..domain.period import Period
    from ..honest import honest_json

    o = summary.objective
    period = Period.parse(o.period)
    return {
        "id": o.id,
        "title": o.title,
        "status": o.status,
        "kind": o.kind,
        "period": o.period,
        "owner": o.owner,
        "parent": o.parent,
        "parent_kr": f"{o.parent}.{o.parent_kr}" if o.parent is not None and o.parent_kr else None,
        "rollup": o.rollup,
        "weight": o.weight,
        "team": o.team,
        # how it ended and where it went: what status shows beside a closed objective
        "review": {"grade": o.review.grade, "note": o.review.note, "closed": o.review.closed, "by": o.review.by},
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
                "weight": kr.weight,
                "owner": kr.owner or o.owner,
                **targets_json(summary, kr),
                **kr_plan_json(o, kr),  # its frozen plan and the changes since (plan.py)
                **honest_json(kr, period, kpi_of),  # "forecast" and "feasibility"
            }
            for kr in o.key_results
        ],
        "initiatives": [{"title": i.title, "status": i.status} for i in o.initiatives],
        "suggested_grade": summary.suggested_grade,  # capped when a guard KPI went critical
        "plan": objective_plan_json(o, summary.guard_cap),
    }


