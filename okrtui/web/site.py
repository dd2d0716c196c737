"""The static site of `okrtui publish DIR`, as {relative path: page}: index.html (the current
period), a page per period, a page per KPI with its whole history. Links are relative, so the
site works from any sub-path (GitHub Pages, GitLab Pages, a plain folder). File names come from
period keys made into slugs and KPI ids, never from names someone typed."""

from __future__ import annotations

import math
import re
from datetime import date

from ..domain.period import Period
from ..domain.safetext import html_text as esc
from ..textfmt import with_unit
from .page import document
from ..domain.guard import DEFAULT_GUARD_CAP
from .report import Forecast, Links, html_report, kpi_facts, kpi_figure


def period_slug(key: str) -> str:
    """A period key as a file name: 2026-Q4 stays, 2026-01-01..2026-03-31 becomes 2026-01-01_2026-03-31."""
    return re.sub(r"[^A-Za-z0-9-]+", "_", key).strip("_")[:80] or "period"


def _period_order(key: str) -> tuple:
    try:
        p = Period.parse(key)
        return (0, p.start, p.end)
    except ValueError:
        return (1, date.max, date.max)


def site_pages(repo, today: date, forecast: Forecast | None = None, guard_cap: float = DEFAULT_GUARD_CAP) -> dict[str, str]:
    everything = repo.objectives()
    kpis = repo.kpis(tail=None)
    current = Period.containing(today)
    keys = sorted({o.period for o in everything} | {current.key}, key=_period_order)
    slugs: dict[str, str] = {}
    for key in keys:  # two keys that slug alike get the second a number
        slug, n = period_slug(key), 2
        while slug in slugs.values():
            slug, n = f"{period_slug(key)}-{n}", n + 1
        slugs[key] = slug

    def links(up: str) -> Links:
        return Links(kpi=lambda kpi: f"{up}kpis/{int(kpi.id)}.html",
                     objective_period=lambda key: f"{up}periods/{slugs[key]}.html" if key in slugs else f"{up}index.html")

    def nav(up: str, here: str) -> str:
        items = [f'<li><a href="{up}index.html">Now ({esc(current.key)})</a></li>']
        items += [f'<li><a href="{up}periods/{slugs[k]}.html"{" aria-current=page" if k == here else ""}>{esc(k)}</a></li>'
                  for k in keys]
        items.append(f'<li><a href="{up}kpis/index.html">All KPIs</a></li>')
        return f'<nav aria-label="Periods"><ul>{"".join(items)}</ul></nav>'

    def report(key: str, up: str) -> str:
        period = Period.parse(key) if _period_order(key)[0] == 0 else None
        return html_report([o for o in everything if o.period == key], kpis, period, today, everything=everything,
                           forecast=forecast, links=links(up), nav=nav(up, key), guard_cap=guard_cap)

    pages = {"index.html": report(current.key, "")}
    for key in keys:
        pages[f"periods/{slugs[key]}.html"] = report(key, "../")
    pages["kpis/index.html"] = kpi_index(kpis, nav("../", ""))
    for kpi in kpis:
        pages[f"kpis/{int(kpi.id)}.html"] = kpi_page(kpi, today, nav("../", ""))
    return pages


def kpi_index(kpis: list, nav: str) -> str:
    items = "".join(f'<li><a href="{int(k.id)}.html">{esc(k.name)}</a></li>' for k in kpis)
    return document("KPIs", f"{nav}<main><h1>KPIs</h1><ul>{items or '<li>No KPIs yet.</li>'}</ul></main>")


def kpi_page(kpi, today: date, nav: str) -> str:
    """One KPI: its chart over its whole history, its facts, and every value in a table, newest first."""
    points = list(zip(kpi.series.dates, kpi.series.values))
    rows = []
    for day, value in reversed(points):
        shown = with_unit(value, kpi.unit) if math.isfinite(value) else "not a number"
        rows.append(f'<tr><th scope="row">{esc(day)}</th><td class="num">{esc(shown)}</td>'
                    f"<td>{esc(kpi.series.notes.get(day, ''))}</td><td>{esc(kpi.series.by.get(day, ''))}</td></tr>")
    table = ('<div class="table-wrap"><table class="values"><caption>Every value, newest first</caption>'
             '<thead><tr><th scope="col">Date</th><th scope="col" class="num">Value</th><th scope="col">Note</th>'
             f'<th scope="col">By</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    body = (f"{nav}<main><h1>{esc(kpi.name)}</h1>{kpi_figure(kpi, points, 'chart-caption')}"
            f"{kpi_facts(kpi, today)}{table}</main>")
    return document(f"KPI {kpi.name}", body)
