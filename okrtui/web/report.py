"""The HTML report (`okrtui export --format html`, and each period's page of `okrtui publish`):
objectives with progress, pace, grades and key results, nested where they align, then each
KPI with a chart of its history. Every string from the store goes through html_text."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..domain.alignment import children_of, tree
from ..domain.health import TREND_GLYPHS, kpi_status
from ..domain.guard import DEFAULT_GUARD_CAP
from ..domain.plan import grade_words, period_changes
from ..planwords import change_text
from ..domain.progress import PACE_GLYPHS, grade_band, grade_verdict
from ..domain.safetext import html_text as esc
from ..domain.summary import summarize
from ..textfmt import percent, with_unit
from .chart import LINE_DASHES, Line, chart_summary, kpi_chart
from .page import document

# A key result's forecast in words (domain/forecast.py's, once wired), or None: nothing is shown.
Forecast = Callable[[object, object, date], "str | None"]


@dataclass(frozen=True)
class Links:
    """Where a published site's pages are, relative to the page being written; None: one file, no links."""

    kpi: Callable[[object], str] | None = None  # a KPI's page
    objective_period: Callable[[str], str] | None = None  # a period's page, for an aligned parent elsewhere


def html_report(objectives: list, kpis: list, period, today: date, *, everything: list | None = None,
                forecast: Forecast | None = None, links: Links = Links(), nav: str = "",
                guard_cap: float = DEFAULT_GUARD_CAP) -> str:
    """The whole page. `objectives`: the period's (or all); `everything`: every objective, so
    that a parent in another period shows what its children serve and roll up. guard_cap:
    config.toml's, the highest suggested grade once a guard KPI went critical."""
    name = period.key if period else "(all periods)"  # as the Markdown report's title
    everything = everything if everything is not None else objectives

    def in_period(day: str) -> bool:
        return period is None or period.contains(date.fromisoformat(day))

    body = [nav, f"<header><h1>OKRs {esc(name)}</h1>"]
    if period:
        body.append(f'<p class="meta">{period.start:%d %b %Y} – {period.end:%d %b %Y}, {how_far(period, today)}</p>')
    body.append("</header>\n<main>")
    body.append(objectives_html(objectives, everything, today, forecast, links, guard_cap))
    body.append(kpis_html(kpis, today, in_period, links))
    body.append("</main>")
    return document(f"OKRs {name}", "\n".join(body))


def how_far(period, today: date) -> str:
    """A past period has "ended" (as the review says), a later one "starts in N days": never "100% elapsed"."""
    if today > period.end:
        return "ended"
    if today < period.start:
        days = (period.start - today).days
        return f"starts in {days} day{'s' if days != 1 else ''}"
    return f"{period.elapsed_fraction(today):.0%} elapsed on {today.isoformat()}"


def objectives_html(objectives: list, everything: list, today: date, forecast: Forecast | None, links: Links,
                    guard_cap: float = DEFAULT_GUARD_CAP) -> str:
    out = ['<section aria-labelledby="objectives"><h2 id="objectives">Objectives</h2>']
    if not objectives:
        out.append('<p class="muted">No objectives in this period.</p>')
    shown = {o.id for o in objectives}
    children = children_of(everything)
    for node in tree(everything, shown=shown):
        out.append(_node_html(node, shown, children, today, forecast, links, 3, guard_cap))
    out.append("</section>")
    return "\n".join(out)


def _node_html(node, shown: set, children: dict, today: date, forecast, links: Links, level: int,
               guard_cap: float = DEFAULT_GUARD_CAP) -> str:
    """An objective of the report with what aligns to it nested inside; a parent from another period,
    or a key result that children serve, as a line that says so."""
    nested = "".join(_node_html(child, shown, children, today, forecast, links, min(level + 1, 6), guard_cap)
                     for child in node.children)
    nested = f'<div class="aligned">{nested}</div>' if nested else ""
    o = node.objective
    if o is None:  # a key result that aligned objectives serve
        return f'<div class="serves"><p class="meta">Serving key result {esc(node.kr_id)}: {esc(node.kr_title)}</p>{nested}</div>'
    if o.id not in shown:
        where = esc(o.period)
        if links.objective_period:
            where = f'<a href="{esc(links.objective_period(o.period))}">{where}</a>'
        return (f'<div class="serves"><p class="meta">Aligned under objective {o.id}: {esc(o.title)} ({where}), '
                f"{percent(node.progress).strip()}</p>{nested}</div>")
    return objective_html(summarize(o, today, children, guard_cap=guard_cap), today, forecast, level, nested)


def objective_html(s, today: date, forecast: Forecast | None, level: int = 3, nested: str = "") -> str:
    o = s.objective
    meta = [f"objective {o.id}", esc(o.period), esc(o.kind), esc(o.status)]
    meta += [f"owner {esc(o.owner)}"] if o.owner else []
    meta += [f"team {esc(o.team)}"] if o.team else []
    out = [f'<section class="objective" id="objective-{o.id}" aria-labelledby="objective-{o.id}-title">',
           f'<h{level} id="objective-{o.id}-title">{esc(o.title)}</h{level}>',
           f'<p class="meta">{" · ".join(meta)}</p>', _progress_html(s)]
    if o.review.grade is not None and math.isfinite(o.review.grade):
        grade = o.review.grade
        out.append(f"<p>Grade {grade:.1f} ({grade_band(grade)}, {esc(grade_verdict(grade, o.kind))} for "
                   f"{esc(o.kind)}){'. ' + esc(o.review.note) if o.review.note else ''}</p>")
    if o.why:
        out.append(f"<p>Why: {esc(o.why)}</p>")
    if s.warnings:
        out.append(f'<p class="meta">⚠ {esc(s.warnings[0])}</p>')
    if o.key_results:
        out.append(key_results_html(s, today, forecast))
    out.append(plan_changes_html(o, s.guard_cap))
    if o.initiatives:
        out.append("<ul class=\"initiatives\">" + "".join(
            f"<li>{'☑' if i.status == 'done' else '☐'} {esc(i.title)} ({esc(i.status)})</li>"
            for i in o.initiatives) + "</ul>")
    out.append(nested)
    out.append("</section>")
    return "\n".join(out)


def plan_changes_html(o, guard_cap: float = DEFAULT_GUARD_CAP) -> str:
    """Every change to the objective's frozen plan, in words, and its grade both ways ("" when none)."""
    if not o.changes or o.plan is None:
        return ""
    units = {kr.id: kr.unit for kr in o.key_results}
    items = "".join(f"<li>{esc(c.record)}: {esc(change_text(c, units.get(c.record, '')))}</li>"
                    for c in period_changes([o]))
    grade = grade_words(o, guard_cap)
    return (f'<div class="plan-changes"><p>✎ Changed since the plan froze on {esc(o.plan.day.isoformat())}:</p>'
            f"<ul>{items}</ul>{f'<p>{esc(grade)}</p>' if grade else ''}</div>")


def _progress_html(s) -> str:
    """A bar with the number beside it (the bar alone is not the information), then the pace in words."""
    fraction = s.progress if s.progress is not None and math.isfinite(s.progress) else None
    width = 0 if fraction is None else round(min(1.0, max(0.0, fraction)) * 100)
    words = percent(fraction).strip()
    pace = f' <span class="pace">{PACE_GLYPHS[s.pace]} {esc(s.pace)}</span>' if s.pace else ""
    return (f'<div class="progress"><span class="bar" role="img" aria-label="progress {words}">'
            f'<span style="width:{width}%"></span></span> <strong>{words}</strong>{pace}</div>')


def key_results_html(s, today: date, forecast: Forecast | None) -> str:
    """The key results' table: start, current and target, progress, confidence; a Forecast
    column only when a forecast function gives one for some key result."""
    o = s.objective
    forecasts = {kr.id: forecast(kr, o, today) for kr in o.key_results} if forecast else {}
    with_forecast = any(forecasts.values())
    heads = ["KR", "Key result", "Start", "Current", "Target", "Progress", "Confidence"] + (
        ["Forecast"] if with_forecast else [])
    numeric = {"Start", "Current", "Target", "Progress", "Confidence"}
    out = ['<div class="table-wrap"><table class="key-results">', f"<caption>Key results of objective {o.id}</caption>",
           "<thead><tr>" + "".join(f'<th scope="col"{" class=num" if h in numeric else ""}>{h}</th>' for h in heads)
           + "</tr></thead><tbody>"]
    for kr in o.key_results:
        cells = [f'<th scope="row">{esc(kr.id)}</th>', f"<td>{esc(kr.title)}</td>"]
        cells += [f'<td class="num" data-label="{head}">{esc(with_unit(v, kr.unit))}</td>'
                  for head, v in (("Start", kr.start), ("Current", kr.current), ("Target", kr.target))]
        cells.append(f'<td class="num" data-label="Progress">{percent(s.kr_progress[kr.id]).strip()}</td>')
        cells.append(f'<td class="num" data-label="Confidence">{"–" if kr.confidence is None else esc(kr.confidence)}</td>')
        if with_forecast:
            cells.append(f'<td class="forecast" data-label="Forecast">{esc(forecasts[kr.id] or "–")}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def kpi_levels(kpi) -> list[Line]:
    return [Line(label, value, LINE_DASHES[label]) for label, value in
            (("target", kpi.target), ("warning", kpi.warn), ("critical", kpi.crit)) if value is not None]


def kpis_html(kpis: list, today: date, in_period: Callable[[str], bool], links: Links) -> str:
    out = ['<section aria-labelledby="kpis"><h2 id="kpis">KPIs</h2>']
    if not kpis:
        out.append('<p class="muted">No KPIs yet.</p>')
    for kpi in kpis:
        points = [(d, v) for d, v in zip(kpi.series.dates, kpi.series.values) if in_period(d)]
        title = esc(kpi.name)
        if links.kpi:
            title = f'<a href="{esc(links.kpi(kpi))}">{title}</a>'
        out.append(f'<section class="kpi" id="kpi-{kpi.id}" aria-labelledby="kpi-{kpi.id}-title">'
                   f'<h3 id="kpi-{kpi.id}-title">{title}</h3>')
        out.append(kpi_figure(kpi, points, f"kpi-{kpi.id}-caption"))
        out.append(kpi_facts(kpi, today))
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def kpi_figure(kpi, points: list, caption_id: str) -> str:
    levels = "; ".join(f"{line.label} {with_unit(line.value, kpi.unit)}" for line in kpi_levels(kpi))
    caption = chart_summary(points, kpi.unit) + (f" Lines: {levels}." if levels else "")
    return (f"<figure>{kpi_chart(points, kpi_levels(kpi), kpi.unit, caption_id)}"
            f'<figcaption id="{caption_id}">{esc(kpi.name)}: {esc(caption)}</figcaption></figure>')


def kpi_facts(kpi, today: date) -> str:
    st = kpi_status(kpi, today)
    latest = f"{with_unit(st.latest[1], kpi.unit)} on {st.latest[0]}" if st.latest else "none yet"
    level_class = "health-" + st.level.replace(" ", "-")
    facts = [("Latest", esc(latest)),
             ("Health", f'<span class="{level_class}">{st.glyph} {esc(st.label)}</span>'),
             ("Trend", f"{TREND_GLYPHS[st.trend]} {esc(st.trend)}" if st.trend else "not enough values")]
    if kpi.target is not None:
        facts.append(("Target", esc(with_unit(kpi.target, kpi.unit))))
    facts.append(("Better", "higher" if kpi.direction == "up" else "lower"))
    facts.append(("Cadence", esc(kpi.cadence)))
    if kpi.owner:
        facts.append(("Owner", esc(kpi.owner)))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"

