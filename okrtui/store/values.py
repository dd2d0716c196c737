"""A KPI's values in memory, the one shape from its values file to every view:

    {"dates": ["2026-11-28", "2026-11-29"], "values": [398.0, 412.5], "notes": {"2026-11-28": "after the release"}}

`dates` are ISO days, sorted and each once; `values` the numbers of those days, as floats;
`notes` the rare notes by day; and "conflicts", a list of records, only when a git merge left
some. valuefiles.py reads and writes this shape; legacy.py turns schema 1's packed text into it.

The functions here never change the document they are given (a transaction keeps the one it
read to compare and to journal): each returns a new one.
"""

from __future__ import annotations

from bisect import bisect_left

TYPE_CHECKING = False  # see storage.py: typing stays off the `okrtui log` path
if TYPE_CHECKING:
    from typing import Any


def document(dates: list[str], values: list[float], notes: dict[str, str]) -> dict[str, Any]:
    return {"dates": dates, "values": values, "notes": notes}


def columns(doc: dict[str, Any] | None) -> tuple[list[str], list[float]]:
    """(dates, values) of a document; empty lists for none."""
    if not doc:
        return [], []
    return doc.get("dates") or [], doc.get("values") or []


def tail(doc: dict[str, Any] | None, n: int) -> tuple[list[str], list[float]]:
    """The last n days and values (new lists)."""
    dates, values = columns(doc)
    return (dates[-n:], values[-n:]) if n > 0 else ([], [])


def day_value(doc: dict[str, Any] | None, day: str) -> list | None:
    """[value, note] of one day, or None when the document has no value that day."""
    dates, values = columns(doc)
    index = bisect_left(dates, day)
    if index == len(dates) or dates[index] != day:
        return None
    return [values[index], (doc.get("notes") or {}).get(day, "")]


def set_note(notes: dict[str, str], day: str, note: str) -> None:
    """A new value takes its own note, or none: the old value's note goes with it."""
    if note:
        notes[day] = note
    else:
        notes.pop(day, None)


def with_value(doc: dict[str, Any] | None, day: str, value: float, note: str = "") -> tuple[dict[str, Any], bool]:
    """The document with `day` set to value (and note); (new document, whether it replaced a value)."""
    doc = doc or {}
    dates, values = list(columns(doc)[0]), list(columns(doc)[1])
    index = len(dates) if not dates or day > dates[-1] else bisect_left(dates, day)  # mostly today's: appended
    replaced = index < len(dates) and dates[index] == day
    if replaced:
        values[index] = float(value)
    else:
        dates.insert(index, day)
        values.insert(index, float(value))
    notes = dict(doc.get("notes") or {})
    set_note(notes, day, note)
    return {**doc, **document(dates, values, notes)}, replaced


def without_day(doc: dict[str, Any] | None, day: str) -> tuple[dict[str, Any], float | None]:
    """The document without `day`'s value and note; (new document, the value removed or None)."""
    doc = doc or {}
    dates, values = columns(doc)
    index = bisect_left(dates, day)
    if index == len(dates) or dates[index] != day:
        return {**doc, **document(list(dates), list(values), dict(doc.get("notes") or {}))}, None
    notes = {d: n for d, n in (doc.get("notes") or {}).items() if d != day}
    return {**doc, **document(dates[:index] + dates[index + 1:], values[:index] + values[index + 1:], notes)}, \
        values[index]


def with_values(doc: dict[str, Any] | None, rows: list[tuple[str, float, str]]) -> dict[str, Any]:
    """Many (day, value, note) at once (an import); a later row for the same day wins."""
    doc = doc or {}
    merged = dict(zip(*columns(doc)))
    notes = dict(doc.get("notes") or {})
    for day, value, note in rows:
        merged[day] = float(value)
        set_note(notes, day, note)
    dates = sorted(merged)
    return {**doc, **document(dates, [merged[d] for d in dates], notes)}
