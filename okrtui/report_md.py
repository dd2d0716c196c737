"""The Markdown report (`okrtui export --format md`, and w on the review screen): reads well
pasted into a wiki or a pull request. No Textual, no TinyDB."""

from __future__ import annotations

from datetime import date

from .domain.health import kpi_status
from .domain.progress import grade_band, grade_verdict
from .domain.safetext import markdown_text as cell
from .domain.guard import DEFAULT_GUARD_CAP
from .domain.summary import summarize
from .planwords import markdown_lines
from .textfmt import percent, sparkline, with_unit


def markdown_report(objectives, kpis, period, today: date, guard_cap: float = DEFAULT_GUARD_CAP) -> str:
    """The report: objectives with grades, statuses, notes, key results and links, then the KPIs.
    guard_cap: config.toml's, the highest suggested grade once a guard KPI went critical."""
    lines = [f"# OKRs {period.key if period else '(all periods)'}", ""]
    for o in objectives:
        s = summarize(o, today, guard_cap=guard_cap)
        lines.append(f"## {cell(o.title)}")
        lines.append("")
        meta = [f"period {o.period}", o.kind, o.status, f"progress {percent(s.progress).strip()}"]
        if s.pace:
            meta.append(s.pace)
        if o.owner:
            meta.append(f"owner {cell(o.owner)}")
        lines.append("*" + ", ".join(meta) + "*")
        if o.why:
            lines += ["", f"Why: {cell(o.why)}"]
        if o.key_results:
            lines += ["", "| KR | Key result | Now | Target | Progress | Confidence |", "|---|---|---|---|---|---|"]
            for kr in o.key_results:
                lines.append(
                    f"| {kr.id} | {cell(kr.title)} | {cell(with_unit(kr.value, kr.unit))} | "
                    f"{cell(with_unit(kr.target, kr.unit))} | {percent(s.kr_progress[kr.id]).strip()} | "
                    f"{'' if kr.confidence is None else kr.confidence} |"
                )
        if o.initiatives:
            lines += [""] + [f"- [{'x' if i.status == 'done' else ' '}] {cell(i.title)} ({i.status})" for i in o.initiatives]
        if o.review.grade is not None:
            verdict = grade_verdict(o.review.grade, o.kind)
            lines += ["", f"Review: grade {o.review.grade:.1f} ({grade_band(o.review.grade)}, {verdict} for {o.kind})."
                          f" {cell(o.review.note)}".rstrip()]
        links = [f"{label} objective {other}" for label, other in
                 (("carried from", o.carried_from), ("carried into", o.carried_into), ("grew from", o.seeded_from))
                 if other]
        if links:
            lines += ["", "↷ " + "; ".join(links)]
        lines.append("")
    lines += markdown_lines(objectives, cell, guard_cap)  # the frozen plan's changes (planwords.py)
    lines += ["# KPIs", "", "| KPI | Last 30 | Latest | Target | Health | Trend |", "|---|---|---|---|---|---|"]
    for kpi in kpis:
        st = kpi_status(kpi, today)
        latest = f"{with_unit(st.latest[1], kpi.unit)} ({st.latest[0]})" if st.latest else "—"
        lines.append(
            f"| {cell(kpi.name)} | `{sparkline(kpi.series.values, 30)}` | {cell(latest)} "
            f"| {cell(with_unit(kpi.target, kpi.unit)) if kpi.target is not None else ''} "
            f"| {st.glyph} {st.label} | {st.trend or ''} |"
        )
    return "\n".join(lines)
