"""A frozen plan's changes in words, for the shell, the screens and the Markdown report.

Raw text: each caller sanitises it for where it goes (cli.common.safe, textfmt.printable in the
TUI, markdown_text in the report). Numbers come from textfmt.number, never cut (compact on the screens, whole elsewhere).
"""

from __future__ import annotations

from .domain.models import KeyResult, Objective
from .domain.guard import DEFAULT_GUARD_CAP
from .domain.plan import PlanChange, change_words, frozen_day, grade_words, kr_changes, period_changes
from .textfmt import number, with_unit

MOST_SHOWN = 3  # changes shown per key result on a screen; `okrtui changes` lists them all


def change_text(change: PlanChange, unit: str, compact_numbers: bool = False) -> str:
    """A change in words with its start or target in the key result's unit: 'target lowered
    $180k → $150k …' on a screen, '$180000 → $150000' in `okrtui changes` and the reports."""
    def written(value: float) -> str:
        return number(value, compact=compact_numbers)

    return change_words(change, written, level=lambda value: with_unit(value, unit, compact=compact_numbers))


def kr_change_texts(objective: Objective, kr: KeyResult, most: int = MOST_SHOWN) -> list[str]:
    """'✎ target lowered $180k → $150k on 2026-11-20 by Mei Lin', newest last, at most `most`
    (a store may hold thousands: the rest are counted, not drawn)."""
    changes = kr_changes(objective, kr.id)
    shown = [f"✎ {change_text(c, kr.unit, compact_numbers=True)}" for c in changes[-most:]]
    if len(changes) > most:
        shown.insert(0, f"✎ {len(changes) - most} earlier changes (okrtui changes lists them)")
    return shown


def markdown_lines(objectives: list[Objective], cell, guard_cap: float = DEFAULT_GUARD_CAP) -> list[str]:
    """The report's section on each period's plan: when it froze, every change since, and the grades
    against today's targets and the frozen ones. cell: the report's sanitiser."""
    periods = list(dict.fromkeys(o.period for o in objectives if o.plan is not None))
    lines = ["# Plan changes", ""] if periods else []
    for period in periods:
        group = [o for o in objectives if o.period == period]
        changes = period_changes(group)
        titles = {kr.id: kr.title for o in group for kr in o.key_results}
        units = {kr.id: kr.unit for o in group for kr in o.key_results}
        count = f"{len(changes)} change{'s' if len(changes) != 1 else ''}" if changes else "no changes"
        lines += [f"The plan of {period} froze on {frozen_day(group).isoformat()}; {count} since.", ""]
        for c in changes:
            title = cell(titles.get(c.record, ""))
            lines.append(f"- {c.record}{' ' + title if title else ''}: {cell(change_text(c, units.get(c.record, '')))}")
        lines += [f"- objective {o.id}: {cell(text)}" for o in group if (text := grade_words(o, guard_cap))]
        lines.append("")
    return lines
