"""What is due now, for `okrtui due` (a shell prompt, tmux's status line, a hook after git pull):
KPIs due by their cadence, key results whose check-in is due by their objective's cadence,
objectives of an ended period still waiting to be closed, and merge conflicts to look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .health import is_due
from .models import Kpi, Objective
from .period import Period, PeriodError
from .planning import overdue_checkins

@dataclass(frozen=True)
class Due:
    kind: str  # kpi, check-in, close or conflict
    ref: str  # the KPI's name, the key result's or objective's id, the conflict's id
    words: str  # what to do, in words


def ended_unclosed(objective: Objective, today: date) -> bool:
    """A draft or active objective whose period is over: it waits to be closed (or carried)."""
    if objective.status not in ("draft", "active"):
        return False
    try:
        return Period.parse(objective.period).end < today
    except PeriodError:
        return False


def what_is_due(objectives: list[Objective], kpis: list[Kpi], conflicts: list[str], today: date) -> list[Due]:
    """kpis: with their values up to today (a tail of a few cadences is enough)."""
    out = [Due("kpi", k.name, f"log {k.name} ({k.cadence})") for k in kpis if is_due(k, today)]
    for o in objectives:
        out += [Due("check-in", kr.id, f"check in on {kr.id} {kr.title}") for kr in overdue_checkins(o, today)]
    out += [Due("close", str(o.id), f"close or carry {o.id} {o.title} ({o.period} is over)")
            for o in objectives if ended_unclosed(o, today)]
    out += [Due("conflict", c, f"look at conflict {c} (okrtui conflicts)") for c in conflicts]
    return out


def prompt_line(items: list[Due]) -> str:
    """"" when nothing is due, else one short line for a prompt: `okr 3 due`."""
    return f"okr {len(items)} due" if items else ""
