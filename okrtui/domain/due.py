"""What is due now, for `okrtui due` (a shell prompt, tmux's status line, a hook after git pull):
KPIs due by their cadence, key results whose check-in is due by their objective's cadence,
objectives of an ended period still waiting to be closed, and merge conflicts to look at.

It works on plain facts (names, days, cadences), not on the models: a prompt runs it on every
command line, so it imports no dataclasses and reads only what it needs (cli/team.py)."""

from __future__ import annotations

from datetime import date

from .period import Period, PeriodError
from .vocabulary import CADENCE_DAYS, CHECKIN_CADENCES


class Due:
    """One thing due: its kind (kpi, check-in, close or conflict), what it is about, and what to do."""

    __slots__ = ("kind", "ref", "words")

    def __init__(self, kind: str, ref: str, words: str):
        self.kind, self.ref, self.words = kind, ref, words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Due) and (self.kind, self.ref, self.words) == (other.kind, other.ref, other.words)

    def __repr__(self) -> str:
        return f"Due({self.kind!r}, {self.ref!r}, {self.words!r})"


def kpi_due(cadence: str, newest: str | None, today: date) -> bool:
    """No value in the cadence's window up to today (a daily KPI: none today). newest: its newest day."""
    window = CADENCE_DAYS.get(cadence, 1)
    first = date.fromordinal(today.toordinal() - window + 1).isoformat()
    return newest is None or not first <= newest <= today.isoformat()


def running(period: str, today: date) -> Period | None:
    try:
        found = Period.parse(period)
    except PeriodError:
        return None
    return found if found.contains(today) else None


def checkin_due(since: date, every: str, today: date) -> bool:
    """since: the last check-in's day, else the day the key result's first week began."""
    return (today - since).days > CHECKIN_CADENCES.get(every, 7)


def ended_unclosed(status: str, period: str, today: date) -> bool:
    """A draft or active objective whose period is over: it waits to be closed (or carried)."""
    if status not in ("draft", "active"):
        return False
    try:
        return Period.parse(period).end < today
    except PeriodError:
        return False


def prompt_line(items: list[Due]) -> str:
    """"" when nothing is due, else one short line for a prompt: `okr 3 due`."""
    return f"okr {len(items)} due" if items else ""
